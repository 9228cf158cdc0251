package identity

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gradphoto/shared/apperr"
)

// now is the time the tests run at: noon in Beijing on 1 June 2026.
var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.FixedZone("CST", 8*60*60))

// withCheck completes 17 digits with their check character.
func withCheck(first17 string) string {
	return first17 + string(CheckChar(first17))
}

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

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
	if e.ZH == "" || e.EN == "" {
		t.Errorf("messages ZH %q, EN %q: want both", e.ZH, e.EN)
	}
	if !utf8.ValidString(e.ZH) || !utf8.ValidString(e.EN) {
		t.Errorf("messages ZH %q, EN %q are not valid UTF-8", e.ZH, e.EN)
	}
	if wantEN != "" && !strings.Contains(e.EN, wantEN) {
		t.Errorf("EN = %q, want it to contain %q", e.EN, wantEN)
	}
}
