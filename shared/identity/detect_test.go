package identity

import "testing"

func TestDetect(t *testing.T) {
	tests := []struct {
		raw      string
		typ      DocType
		number   string
		hasBirth bool
	}{
		{"11010519491231002x", ResidentID, "11010519491231002X", true},
		{"110105491231002", ResidentID, "11010519491231002X", true},
		{withCheck("81000019990101001"), ResidencePermit, withCheck("81000019990101001"), true},
		{withCheck("83000020040515013"), ResidencePermit, withCheck("83000020040515013"), true},
		{withCheck("94415619900101001"), ForeignPermanentResident, withCheck("94415619900101001"), false},
		{"usa440090010112", ForeignPermanentResident, "USA440090010112", false},
		{"H12345678", HKMacauPermit, "H12345678", false},
		{"m 1234 5678 01", HKMacauPermit, "M1234567801", false},
		{"12345678", TaiwanPermit, "12345678", false},
		{"1234567890(b)", TaiwanPermit, "1234567890(B)", false},
		{"1234567890B", TaiwanPermit, "1234567890(B)", false},
		{"E12345678", Passport, "E12345678", false},
		{"EA1234567", Passport, "EA1234567", false},
		{"123456789", Passport, "123456789", false},
		{"H123456789", Passport, "H123456789", false},
		{"X1234567890", Passport, "X1234567890", false},
		{"1234567890", Passport, "1234567890", false},
	}
	for _, tt := range tests {
		got, err := Detect(tt.raw, now)
		if err != nil {
			t.Errorf("Detect(%q): %v", tt.raw, err)
			continue
		}
		if got.Type != tt.typ || got.Number != tt.number || got.Birth.IsZero() == tt.hasBirth {
			t.Errorf("Detect(%q) = %+v, want type %s, number %s, birth known %v", tt.raw, got, tt.typ, tt.number, tt.hasBirth)
		}
	}
}

func TestDetectErrors(t *testing.T) {
	tests := []struct{ raw, wantEN string }{
		{"", "Enter the document number"},
		{" - ", "Enter the document number"},
		// Shapes of a type keep that type's error rather than pass as
		// passports.
		{"110105194912310021", "expected X"},
		{"11010519491231002A", "Character 18 must be a digit or X"},
		{withCheck("11010520270101002"), "in the future"},
		{withCheck("81000019990230001"), "not a real date"},
		{withCheck("94415619900101001")[:17] + "A", "Character 18 must be a digit or X"},
		{"990105491231002", "Character 1 must be 1 to 8"},
		// What looks like nothing known is refused without naming a type.
		{"E12", "not recognised"},
		{"E1234.5678", "not recognised"},
		{"护照", "not recognised"},
	}
	for _, tt := range tests {
		d, err := Detect(tt.raw, now)
		if err == nil {
			t.Errorf("Detect(%q) = %+v, want an error", tt.raw, d)
			continue
		}
		checkError(t, err, NumberField, tt.wantEN)
	}
}
