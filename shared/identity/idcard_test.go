package identity

import (
	"strings"
	"testing"
	"time"
)

func TestParseResidentID(t *testing.T) {
	tests := []struct {
		name, raw string
		want      Document
	}{
		{"known good, X", "11010519491231002X",
			Document{ResidentID, "11010519491231002X", date(1949, 12, 31), Female, "110105"}},
		{"lower-case x", "11010519491231002x",
			Document{ResidentID, "11010519491231002X", date(1949, 12, 31), Female, "110105"}},
		{"spaces and hyphens", " 110105 1949-1231 002X ",
			Document{ResidentID, "11010519491231002X", date(1949, 12, 31), Female, "110105"}},
		{"full-width", "１１０１０５１９４９１２３１００２ｘ",
			Document{ResidentID, "11010519491231002X", date(1949, 12, 31), Female, "110105"}},
		{"legacy 15 digits", "110105491231002",
			Document{ResidentID, "11010519491231002X", date(1949, 12, 31), Female, "110105"}},
		{"legacy 15 digits, male", "440524800101003",
			Document{ResidentID, withCheck("44052419800101003"), date(1980, 1, 1), Male, "440524"}},
		{"born today", withCheck("32010620260601004"),
			Document{ResidentID, withCheck("32010620260601004"), date(2026, 6, 1), Female, "320106"}},
		// The example of GB 11643 itself: born 1880.
		{"standard's example, born 1880", "440524188001010014",
			Document{ResidentID, "440524188001010014", date(1880, 1, 1), Male, "440524"}},
		{"born 1900-01-01", withCheck("65010219000101005"),
			Document{ResidentID, withCheck("65010219000101005"), date(1900, 1, 1), Male, "650102"}},
		{"leap day", withCheck("50010320040229006"),
			Document{ResidentID, withCheck("50010320040229006"), date(2004, 2, 29), Female, "500103"}},
		{"Taiwan province code", withCheck("71000019850607007"),
			Document{ResidentID, withCheck("71000019850607007"), date(1985, 6, 7), Male, "710000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(ResidentID, tt.raw, now)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.raw, err)
			}
			if got != tt.want {
				t.Errorf("Parse(%q) = %+v, want %+v", tt.raw, got, tt.want)
			}
		})
	}
}

// TestParseBirthDateUsesNowsCalendar checks that "today" is the date where
// now is, not in UTC: at 01:00 in Beijing on 1 June, it is still 31 May in
// UTC, and someone born on 1 June is born today.
func TestParseBirthDateUsesNowsCalendar(t *testing.T) {
	early := time.Date(2026, 6, 1, 1, 0, 0, 0, now.Location())
	if _, err := Parse(ResidentID, withCheck("32010620260601004"), early); err != nil {
		t.Errorf("born on the local date: %v", err)
	}
	if _, err := Parse(ResidentID, withCheck("32010620260601004"), early.UTC()); err == nil {
		t.Error("born the day after the UTC date: accepted")
	}
}

func TestParseResidentIDErrors(t *testing.T) {
	tests := []struct {
		name, raw, wantEN string
	}{
		{"empty", "", "Enter the document number"},
		{"only spaces", " \t\u3000 ", "Enter the document number"},
		{"16 characters", "1101051949123100", "this one has 16"},
		{"19 characters", "11010519491231002X1", "this one has 19"},
		{"far too long", strings.Repeat("1", 100), "far too long"},
		{"letter in the body", "11010519491231O02X", `Character 15 must be a digit, not "O"`},
		{"bad last character", "11010519491231002A", `Character 18 must be a digit or X, not "A"`},
		{"Chinese character", "11010519491231002叉", `Character 18 must be a digit or X, not "叉"`},
		{"control character", "110105194912310\x002X", "Character 16 must be a digit, not the character U+0000"},
		{"invalid UTF-8", "11010519491231002\xff", "not the character U+FFFD"},
		{"X in the body", "1101051949123100X2", `Character 17 must be a digit, not "X"`},
		{"wrong check character", "110105194912310021", "expected X"},
		{"wrong check character 2", withCheck("44052419800101001")[:17] + "X", "expected 3"},
		{"first digit 0", withCheck("01010519491231002"), "Character 1 must be 1 to 8"},
		{"unknown province", withCheck("19010519491231002"), "no province 19"},
		{"province 80", withCheck("80010519491231002"), "no province 80"},
		{"residence permit region", withCheck("81000019990101001"), "residence permit"},
		{"foreign permanent resident", withCheck("94415619900101001"), "foreign permanent resident ID"},
		{"month 13", withCheck("11010519491331002"), "1949-13-31 is not a real date"},
		{"day 00", withCheck("11010519491200002"), "1949-12-00 is not a real date"},
		{"29 February, not a leap year", withCheck("11010520230229002"), "2023-02-29 is not a real date"},
		{"31 April", withCheck("11010520000431002"), "2000-04-31 is not a real date"},
		{"before 1800", withCheck("11010517991231002"), "before 1800"},
		{"tomorrow", withCheck("11010520260602002"), "in the future"},
		{"next century", withCheck("11010521000101002"), "in the future"},
		{"legacy with a letter", "11010549123100X", "a digit (15-character numbers are all digits)"},
		{"legacy impossible date", "110105490231002", "Characters 7-12 hold the date of birth, and 1949-02-31"},
		{"legacy unknown province", "990105491231002", "Character 1 must be 1 to 8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse(ResidentID, tt.raw, now)
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want an error", tt.raw, d)
			}
			checkError(t, err, NumberField, tt.wantEN)
		})
	}
}

func TestParseResidencePermit(t *testing.T) {
	tests := []struct {
		raw  string
		want Document
	}{
		{withCheck("81000019990101001"),
			Document{ResidencePermit, withCheck("81000019990101001"), date(1999, 1, 1), Male, "810000"}},
		{withCheck("82000020011231002"),
			Document{ResidencePermit, withCheck("82000020011231002"), date(2001, 12, 31), Female, "820000"}},
		{strings.ToLower(withCheck("83000020040515013")),
			Document{ResidencePermit, withCheck("83000020040515013"), date(2004, 5, 15), Male, "830000"}},
	}
	for _, tt := range tests {
		got, err := Parse(ResidencePermit, tt.raw, now)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.raw, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.raw, got, tt.want)
		}
	}
}

func TestParseResidencePermitErrors(t *testing.T) {
	bad := []byte(withCheck("81000019990101001"))
	bad[17] = "10X98765432"[(strings.IndexByte("10X98765432", bad[17])+1)%11]
	tests := []struct {
		name, raw, wantEN string
	}{
		{"legacy length", "810000990101001", "this one has 15"},
		{"mainland number", "11010519491231002X", "mainland residents choose"},
		{"unknown region", withCheck("85000019990101001"), "not 850000"},
		{"region not whole", withCheck("81010019990101001"), "not 810100"},
		{"letter", "8100001999010100A1", "Character 17 must be a digit"},
		{"impossible date", withCheck("81000019990230001"), "1999-02-30 is not a real date"},
		{"future", withCheck("81000020270101001"), "in the future"},
		{"wrong check character", string(bad), "check character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse(ResidencePermit, tt.raw, now)
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want an error", tt.raw, d)
			}
			checkError(t, err, NumberField, tt.wantEN)
		})
	}
}

func TestParseInvalidType(t *testing.T) {
	for _, typ := range []DocType{"", "id_card"} {
		_, err := Parse(typ, "11010519491231002X", now)
		checkError(t, err, TypeField, "document type")
	}
}
