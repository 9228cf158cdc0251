package identity

import (
	"strings"
	"testing"
)

func TestParsePassport(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"E12345678", "E12345678"},
		{"EA1234567", "EA1234567"},
		{"e12345678", "E12345678"},
		{"G 1234 5678", "G12345678"},
		{"L898902C3", "L898902C3"},
		{"123456789", "123456789"},
		{"AB123", "AB123"},
		{strings.Repeat("A1", 10), strings.Repeat("A1", 10)},
		{"Ｘ１２３４５６７", "X1234567"},
	}
	for _, tt := range tests {
		got, err := Parse(Passport, tt.raw, now)
		if err != nil {
			t.Errorf("Parse(passport, %q): %v", tt.raw, err)
			continue
		}
		if want := (Document{Type: Passport, Number: tt.want}); got != want {
			t.Errorf("Parse(passport, %q) = %+v, want %+v", tt.raw, got, want)
		}
	}
}

func TestParsePassportErrors(t *testing.T) {
	tests := []struct{ raw, wantEN string }{
		{"", "Enter the document number"},
		{"E123", "this one has 4"},
		{strings.Repeat("A", 21), "this one has 21"},
		{"E1234.678", `Character 6 must be a letter or a digit, not "."`},
		{"护照12345", `Character 1 must be a letter or a digit, not "护"`},
		{"E1234567(8)", `Character 9 must be a letter or a digit, not "("`},
	}
	for _, tt := range tests {
		d, err := Parse(Passport, tt.raw, now)
		if err == nil {
			t.Errorf("Parse(passport, %q) = %+v, want an error", tt.raw, d)
			continue
		}
		checkError(t, err, NumberField, tt.wantEN)
	}
}
