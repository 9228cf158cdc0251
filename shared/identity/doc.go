// Package identity checks the identity document numbers students sign up
// with: the mainland resident ID card, the residence permit and the two
// travel permits for Hong Kong, Macao and Taiwan residents, the foreign
// permanent resident ID card and passports, including the machine-readable
// zone printed in passports.
//
// Parse takes the number as typed, cleans it up the way a careful clerk would
// (full-width characters, lower-case letters, spaces and hyphens) and checks
// it against the rules of its document type. What it cannot accept comes back
// as an *apperr.Error about the field "doc_number" that says, in Chinese and in
// English, exactly what is wrong, so the sign-up form can show it beside the
// input.
//
// The package uses only the standard library, so the same code runs on the
// server and, compiled to WebAssembly, in the browser.
package identity
