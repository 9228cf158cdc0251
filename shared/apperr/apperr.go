// Package apperr defines the errors that reach a person: each carries a code
// that maps to an HTTP status, the field it concerns (if any) and a message in
// Chinese and in English, so the app can show it next to the field in the
// student's language.
package apperr

import (
	"errors"
	"fmt"
)

// Code classifies an error. Codes are stable strings the client can switch on.
type Code string

const (
	Invalid       Code = "invalid"        // the input is malformed or breaks a rule
	Unauthorized  Code = "unauthorized"   // no session, or the session expired
	WrongPassword Code = "wrong_password" // document number or password wrong
	Forbidden     Code = "forbidden"      // signed in, but not allowed
	NotFound      Code = "not_found"      // absent, or someone else's
	Conflict      Code = "conflict"       // clashes with the current state
	RateLimited   Code = "rate_limited"   // too many attempts; retry later
	TooLarge      Code = "too_large"      // body or file over the limit
	Unsupported   Code = "unsupported"    // wrong media type or file type
	PaymentFailed Code = "payment_failed" // the payment provider refused
	Unavailable   Code = "unavailable"    // a dependency is down; retry later
	Internal      Code = "internal"       // a bug or an unexpected failure
)

// statuses maps each code to the HTTP status a handler answers with. The
// numbers are written out rather than taken from net/http, which would link
// the whole HTTP stack (about 2.5 MB) into every wasm that reports an error;
// the tests check them against net/http's names.
var statuses = map[Code]int{
	Invalid:       400, // Bad Request
	Unauthorized:  401, // Unauthorized
	WrongPassword: 401,
	Forbidden:     403, // Forbidden
	NotFound:      404, // Not Found
	Conflict:      409, // Conflict
	RateLimited:   429, // Too Many Requests
	TooLarge:      413, // Request Entity Too Large
	Unsupported:   415, // Unsupported Media Type
	PaymentFailed: 502, // Bad Gateway
	Unavailable:   503, // Service Unavailable
	Internal:      500, // Internal Server Error
}

// HTTPStatus returns the HTTP status for code; unknown codes are internal errors.
func HTTPStatus(code Code) int {
	if s, ok := statuses[code]; ok {
		return s
	}
	return statuses[Internal]
}

// Error is an error meant for a person. ZH and EN say the same thing; Field
// names the input it concerns ("" for the request as a whole).
type Error struct {
	Code  Code
	Field string
	ZH    string
	EN    string
	// Cause is kept for logs; it is never shown to the client.
	Cause error
}

// New returns an error with the given code and messages.
func New(code Code, zh, en string) *Error {
	return &Error{Code: code, ZH: zh, EN: en}
}

// Field returns an Invalid error about one input field.
func Field(field, zh, en string) *Error {
	return &Error{Code: Invalid, Field: field, ZH: zh, EN: en}
}

// Internalf wraps an unexpected failure. The person sees a generic message;
// the cause is for the log.
func Internalf(format string, args ...any) *Error {
	return &Error{
		Code:  Internal,
		ZH:    "服务器内部错误，请稍后再试",
		EN:    "Internal server error: please try again later",
		Cause: fmt.Errorf(format, args...),
	}
}

func (e *Error) Error() string {
	s := string(e.Code)
	if e.Field != "" {
		s += " (" + e.Field + ")"
	}
	s += ": " + e.EN
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Cause }

// WithField returns a copy of e about field.
func (e *Error) WithField(field string) *Error {
	c := *e
	c.Field = field
	return &c
}

// WithCause returns a copy of e that keeps cause for the log.
func (e *Error) WithCause(cause error) *Error {
	c := *e
	c.Cause = cause
	return &c
}

// As returns the *Error in err's chain, or an Internal error wrapping err.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internalf("%w", err)
}

// CodeOf returns err's code: "" for nil, Internal for errors that are not *Error.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	return As(err).Code
}
