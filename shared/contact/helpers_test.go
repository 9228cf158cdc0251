package contact

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"gradphoto/shared/apperr"
)

// checkError fails t unless err is an invalid-input *apperr.Error about
// field, with both messages, and, if wantEN is not empty, an English message
// containing it.
func checkError(t *testing.T, err error, field, wantEN string) {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *apperr.Error", err, err)
	}
	if e.Code != apperr.Invalid {
		t.Errorf("Code = %q, want %q", e.Code, apperr.Invalid)
	}
	if e.Field != field {
		t.Errorf("Field = %q, want %q", e.Field, field)
	}
	if e.ZH == "" || e.EN == "" || !utf8.ValidString(e.ZH) || !utf8.ValidString(e.EN) {
		t.Errorf("messages ZH %q, EN %q: want both, valid UTF-8", e.ZH, e.EN)
	}
	if wantEN != "" && !strings.Contains(e.EN, wantEN) {
		t.Errorf("EN = %q, want it to contain %q", e.EN, wantEN)
	}
}
