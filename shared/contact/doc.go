// Package contact checks the ways to reach a student: a mainland mobile
// number, an email address and a mailing address for the printed photos,
// with the fields WeChat's address picker returns.
//
// Each function accepts input as people type it, returns it in one canonical
// form, and refuses the rest with an *apperr.Error about the field, with a
// message in Chinese and in English saying what is wrong.
//
// The package uses only the standard library, so it runs on the server and,
// compiled to WebAssembly, in the browser.
package contact
