package identity

import "testing"

func TestParsePermits(t *testing.T) {
	tests := []struct {
		typ       DocType
		raw, want string
	}{
		{HKMacauPermit, "H12345678", "H12345678"},
		{HKMacauPermit, "M87654321", "M87654321"},
		{HKMacauPermit, "H1234567801", "H1234567801"},
		{HKMacauPermit, "h 1234 5678", "H12345678"},
		{HKMacauPermit, "Ｍ１２３４５６７８０２", "M1234567802"},
		{TaiwanPermit, "12345678", "12345678"},
		{TaiwanPermit, "1234-5678", "12345678"},
		{TaiwanPermit, "1234567890(B)", "1234567890(B)"},
		{TaiwanPermit, "1234567890(b)", "1234567890(B)"},
		{TaiwanPermit, "1234567890B", "1234567890(B)"},
		{TaiwanPermit, "1234567890 (B)", "1234567890(B)"},
		{TaiwanPermit, "１２３４５６７８９０（Ｂ）", "1234567890(B)"},
		{ForeignPermanentResident, withCheck("94415619900101001"), withCheck("94415619900101001")},
		{ForeignPermanentResident, withCheck("91184020050607002"), withCheck("91184020050607002")},
		{ForeignPermanentResident, "USA440090010112", "USA440090010112"},
		{ForeignPermanentResident, "usa 440090010112", "USA440090010112"},
	}
	for _, tt := range tests {
		got, err := Parse(tt.typ, tt.raw, now)
		if err != nil {
			t.Errorf("Parse(%s, %q): %v", tt.typ, tt.raw, err)
			continue
		}
		want := Document{Type: tt.typ, Number: tt.want}
		if got != want {
			t.Errorf("Parse(%s, %q) = %+v, want %+v", tt.typ, tt.raw, got, want)
		}
	}
}

func TestParsePermitErrors(t *testing.T) {
	wrongCheck := withCheck("94415619900101001")
	if wrongCheck[17] == '0' {
		wrongCheck = wrongCheck[:17] + "1"
	} else {
		wrongCheck = wrongCheck[:17] + "0"
	}
	tests := []struct {
		name   string
		typ    DocType
		raw    string
		wantEN string
	}{
		{"HK: no letter", HKMacauPermit, "12345678", `starts with H (Hong Kong) or M (Macao), not "1"`},
		{"HK: other letter", HKMacauPermit, "A12345678", `not "A"`},
		{"HK: 8 characters", HKMacauPermit, "H1234567", "this one has 8"},
		{"HK: 10 characters", HKMacauPermit, "H123456789", "this one has 10"},
		{"HK: 12 characters", HKMacauPermit, "H12345678901", "this one has 12"},
		{"HK: letter in the digits", HKMacauPermit, "H1234X678", `Character 6 must be a digit, not "X"`},
		{"HK: empty", HKMacauPermit, " ", "Enter the document number"},
		{"Taiwan: 7 digits", TaiwanPermit, "1234567", "this one has 7"},
		{"Taiwan: 9 digits", TaiwanPermit, "123456789", "this one has 9"},
		{"Taiwan: 10 digits, no letter", TaiwanPermit, "1234567890", "a letter in brackets after the 10 digits"},
		{"Taiwan: letter after 9 digits", TaiwanPermit, "123456789(B)", "this one has 9"},
		{"Taiwan: letter after 8 digits", TaiwanPermit, "12345678B", "this one has 8"},
		{"Taiwan: two letters", TaiwanPermit, "1234567890(BC)", "a single letter"},
		{"Taiwan: digit in brackets", TaiwanPermit, "1234567890(1)", "a single letter"},
		{"Taiwan: unclosed bracket", TaiwanPermit, "1234567890(B", "a single letter"},
		{"Taiwan: stray bracket", TaiwanPermit, "1234567890B)", `Character 11 must be a digit, not "B"`},
		{"Taiwan: letter inside", TaiwanPermit, "1234A678", `Character 5 must be a digit, not "A"`},
		{"FPR: 18, first digit not 9", ForeignPermanentResident, "11010519491231002X", `starts with 9, not "1"`},
		{"FPR: wrong check character", ForeignPermanentResident, wrongCheck, "check character"},
		{"FPR: letter in 18", ForeignPermanentResident, "9441561990010100A1", `Character 17 must be a digit`},
		{"FPR: old, digit in the letters", ForeignPermanentResident, "US1440090010112", `Character 3 must be a letter`},
		{"FPR: old, letter in the digits", ForeignPermanentResident, "USA44009001011X", `Character 15 must be a digit`},
		{"FPR: length", ForeignPermanentResident, "USA4400900", "this one has 10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse(tt.typ, tt.raw, now)
			if err == nil {
				t.Fatalf("Parse(%s, %q) = %+v, want an error", tt.typ, tt.raw, d)
			}
			checkError(t, err, NumberField, tt.wantEN)
		})
	}
}
