package apperr

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
)

func TestHTTPStatus(t *testing.T) {
	tests := []struct {
		code Code
		want int
	}{
		{Invalid, http.StatusBadRequest},
		{Unauthorized, http.StatusUnauthorized},
		{WrongPassword, http.StatusUnauthorized},
		{Forbidden, http.StatusForbidden},
		{NotFound, http.StatusNotFound},
		{Conflict, http.StatusConflict},
		{RateLimited, http.StatusTooManyRequests},
		{TooLarge, http.StatusRequestEntityTooLarge},
		{Unsupported, http.StatusUnsupportedMediaType},
		{PaymentFailed, http.StatusBadGateway},
		{Unavailable, http.StatusServiceUnavailable},
		{Internal, http.StatusInternalServerError},
		{Code("nonsense"), http.StatusInternalServerError},
	}
	for _, tt := range tests {
		if got := HTTPStatus(tt.code); got != tt.want {
			t.Errorf("HTTPStatus(%q) = %d, want %d", tt.code, got, tt.want)
		}
	}
}

func TestAsKeepsWrappedErrors(t *testing.T) {
	base := Field("mobile", "手机号格式不正确", "The mobile number is not valid")
	wrapped := fmt.Errorf("signing up: %w", base)
	if got := As(wrapped); got != base {
		t.Fatalf("As lost the wrapped *Error: %v", got)
	}
	if got := CodeOf(wrapped); got != Invalid {
		t.Fatalf("CodeOf = %q, want invalid", got)
	}
	plain := errors.New("disk on fire")
	e := As(plain)
	if e.Code != Internal || !errors.Is(e, plain) {
		t.Fatalf("As(plain) = %#v, want an internal error wrapping it", e)
	}
	if CodeOf(nil) != "" {
		t.Fatal("CodeOf(nil) should be empty")
	}
}
