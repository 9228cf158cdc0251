package identity

import (
	"strings"
	"testing"
)

// The specimen of ICAO Doc 9303.
const (
	specimen1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
	specimen2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
)

func TestMRZCheckDigit(t *testing.T) {
	tests := []struct {
		s    string
		want byte
	}{
		{"L898902C3", '6'},
		{"740812", '2'},
		{"120415", '9'},
		{"ZE184226B<<<<<", '1'},
		{"L898902C36" + "7408122" + "1204159ZE184226B<<<<<1", '0'},
		{"", '0'},
		{"<<<<<<<<<<<<<<", '0'},
		{"A", '0'}, // 10 * 7
		{"Z", '5'}, // 35 * 7
		{"0000001", '7'},
		{"01", '3'},
	}
	for _, tt := range tests {
		got, err := MRZCheckDigit(tt.s)
		if err != nil || got != tt.want {
			t.Errorf("MRZCheckDigit(%q) = %q, %v, want %q", tt.s, got, err, tt.want)
		}
	}
}

func TestMRZCheckDigitErrors(t *testing.T) {
	tests := []struct{ s, wantEN string }{
		{"l898902C3", `Character 1, "l", cannot appear`},
		{"L898 902C3", `Character 5, " ", cannot appear`},
		{"7408-12", `Character 5, "-", cannot appear`},
		{"74０812", `Character 3, "０", cannot appear`},
		{"74\x0012", "Character 3, the character U+0000, cannot appear"},
	}
	for _, tt := range tests {
		c, err := MRZCheckDigit(tt.s)
		if err == nil {
			t.Errorf("MRZCheckDigit(%q) = %q, want an error", tt.s, c)
			continue
		}
		checkError(t, err, MRZField, tt.wantEN)
	}
}

// td3Line2 builds line 2 of a zone, computing its check digits.
func td3Line2(t testing.TB, number, nationality, birth string, sex byte, expiry, optional string) string {
	t.Helper()
	l := pad(number, 9) + cd(t, pad(number, 9)) + pad(nationality, 3) +
		birth + cd(t, birth) + string(sex) + expiry + cd(t, expiry) +
		pad(optional, 14) + cd(t, pad(optional, 14))
	return l + cd(t, l[:10]+l[13:20]+l[21:43])
}

func pad(s string, n int) string { return s + strings.Repeat("<", n-len(s)) }

func cd(t testing.TB, s string) string {
	t.Helper()
	c, err := MRZCheckDigit(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(c)
}

func TestParseMRZSpecimen(t *testing.T) {
	if got := td3Line2(t, "L898902C3", "UTO", "740812", 'F', "120415", "ZE184226B"); got != specimen2 {
		t.Fatalf("td3Line2 built %s, want the specimen %s", got, specimen2)
	}
	m, err := ParseMRZ(specimen1, specimen2)
	if err != nil {
		t.Fatal(err)
	}
	want := MRZ{
		DocumentCode: "P",
		Issuer:       "UTO",
		Surname:      "ERIKSSON",
		GivenNames:   "ANNA MARIA",
		Number:       "L898902C3",
		Nationality:  "UTO",
		Birth:        date(1974, 8, 12),
		Sex:          Female,
		Expiry:       date(2012, 4, 15),
		Optional:     "ZE184226B",
		Checks:       MRZChecks{Number: true, Birth: true, Expiry: true, Optional: true, Composite: true},
	}
	if m != want {
		t.Errorf("ParseMRZ(specimen) =\n%+v, want\n%+v", m, want)
	}
}

func TestParseMRZ(t *testing.T) {
	tests := []struct {
		name         string
		line1, line2 string
		check        func(MRZ) bool
	}{
		{"Chinese student, born this century",
			"POCHNZHANG<<SAN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
			td3Line2(t, "EA1234567", "CHN", "040229", 'M', "320101", ""),
			func(m MRZ) bool {
				return m.DocumentCode == "PO" && m.Issuer == "CHN" && m.Surname == "ZHANG" && m.GivenNames == "SAN" &&
					m.Number == "EA1234567" && m.Birth == date(2004, 2, 29) && m.Sex == Male &&
					m.Expiry == date(2032, 1, 1) && m.Optional == "" && m.Checks.OK()
			}},
		{"born the last century, expiry soon after",
			"P<DEUMUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<",
			td3Line2(t, "C01X00T47", "D", "990812", 'F', "310101", ""),
			func(m MRZ) bool {
				return m.Issuer == "DEU" && m.Nationality == "D" && m.Birth == date(1999, 8, 12) && m.Expiry == date(2031, 1, 1)
			}},
		{"sex unspecified, unknown birth day",
			"P<UTOX<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
			td3Line2(t, "123456789", "UTO", "8503<<", 'X', "300101", "PERSONAL12"),
			func(m MRZ) bool {
				return m.Surname == "X" && m.GivenNames == "" && m.Birth.IsZero() && m.Sex == Unknown &&
					m.Optional == "PERSONAL12"
			}},
		{"surname in several words",
			"P<ESPDE<LA<CRUZ<GARCIA<<MARIA<<<<<<<<<<<<<<<",
			td3Line2(t, "AB1234567", "ESP", "050505", 'F', "300505", ""),
			func(m MRZ) bool { return m.Surname == "DE LA CRUZ GARCIA" && m.GivenNames == "MARIA" }},
		{"typed with spaces and in lower case",
			" p<uto eriksson<<anna<maria<<<<<<<<<<<<<<<<<<< ",
			strings.ToLower(specimen2[:22]) + " " + specimen2[22:] + "\n",
			func(m MRZ) bool { return m.Number == "L898902C3" && m.Checks.OK() }},
		{"empty optional data, check digit left empty",
			specimen1,
			func() string {
				l := td3Line2(t, "L898902C3", "UTO", "740812", 'F', "120415", "")
				l = l[:42] + "<" + l[43:]
				return l[:43] + cd(t, l[:10]+l[13:20]+l[21:43])
			}(),
			func(m MRZ) bool { return m.Optional == "" && m.Checks.OK() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseMRZ(tt.line1, tt.line2)
			if err != nil {
				t.Fatalf("ParseMRZ: %v", err)
			}
			if !tt.check(m) {
				t.Errorf("ParseMRZ = %+v", m)
			}
		})
	}
}

// TestParseMRZLongNumber checks a document number of more than 9
// characters, which continues in the optional data.
func TestParseMRZLongNumber(t *testing.T) {
	const number = "AB12345678901"
	opt := pad(number[9:]+cd(t, number), 14)
	l := number[:9] + "<" + "UTO" + "850101" + cd(t, "850101") + "M" + "300101" + cd(t, "300101") + opt + cd(t, opt)
	l += cd(t, l[:10]+l[13:20]+l[21:43])
	m, err := ParseMRZ(specimen1, l)
	if err != nil {
		t.Fatalf("ParseMRZ(%s): %v", l, err)
	}
	if m.Number != number || m.Optional != "" || !m.Checks.OK() {
		t.Errorf("ParseMRZ(%s) = %+v, want number %s", l, m, number)
	}
}

func TestParseMRZChecks(t *testing.T) {
	// set returns the specimen's line 2 with c at position pos (from 1).
	set := func(pos int, c byte) string {
		b := []byte(specimen2)
		b[pos-1] = c
		return string(b)
	}
	tests := []struct {
		name   string
		line2  string
		failed MRZChecks // true for the checks that should fail
		wantEN string
	}{
		{"number check digit", set(10, '7'), MRZChecks{Number: true, Composite: true},
			"document number (expected 6, found 7), composite (expected 7, found 0)"},
		{"number", set(3, '0'), MRZChecks{Number: true, Composite: true}, "document number (expected"},
		{"birth check digit", set(20, '3'), MRZChecks{Birth: true, Composite: true}, "date of birth (expected 2, found 3)"},
		{"birth", set(15, '5'), MRZChecks{Birth: true, Composite: true}, "date of birth"},
		{"expiry check digit", set(28, '0'), MRZChecks{Expiry: true, Composite: true}, "date of expiry (expected 9, found 0)"},
		{"optional data check digit", set(43, '2'), MRZChecks{Optional: true, Composite: true}, "optional data (expected 1, found 2)"},
		{"optional data", set(30, 'F'), MRZChecks{Optional: true, Composite: true}, "optional data"},
		{"composite", set(44, '1'), MRZChecks{Composite: true}, "composite (expected 0, found 1)"},
		{"check digit is a letter", set(10, 'B'), MRZChecks{Number: true, Composite: true}, "found B"},
		{"filled check digit", set(20, '<'), MRZChecks{Birth: true, Composite: true}, "date of birth (expected 2, found <)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseMRZ(specimen1, tt.line2)
			if err == nil {
				t.Fatalf("ParseMRZ(%s) = %+v, want an error", tt.line2, m)
			}
			checkError(t, err, MRZField, "")
			wantChecks := MRZChecks{
				Number:    !tt.failed.Number,
				Birth:     !tt.failed.Birth,
				Expiry:    !tt.failed.Expiry,
				Optional:  !tt.failed.Optional,
				Composite: !tt.failed.Composite,
			}
			if m.Checks != wantChecks {
				t.Errorf("Checks = %+v, want %+v", m.Checks, wantChecks)
			}
			if m.Surname != "ERIKSSON" {
				t.Errorf("Surname = %q: want the fields read despite the error", m.Surname)
			}
			if got := err.Error(); !strings.Contains(got, "Check digits of the machine-readable zone do not match") {
				t.Errorf("error %q does not say the check digits fail", got)
			}
		})
	}
	// Changing the number's check digit changes the composite's data, so
	// with the right composite digit for it, only the number check fails.
	l := set(10, '7')
	l = l[:43] + cd(t, l[:10]+l[13:20]+l[21:43])
	_, err := ParseMRZ(specimen1, l)
	checkError(t, err, MRZField, "document number (expected 6, found 7). Scan it again")
}

func TestParseMRZErrors(t *testing.T) {
	withDate := func(birth, expiry string) string {
		return td3Line2(t, "L898902C3", "UTO", birth, 'F', expiry, "ZE184226B")
	}
	tests := []struct {
		name, line1, line2, wantEN string
	}{
		{"line 1 short", specimen1[:43], specimen2, "Line 1 of the machine-readable zone has 44 characters; this one has 43"},
		{"line 2 long", specimen1, specimen2 + "<", "Line 2 of the machine-readable zone has 44 characters; this one has 45"},
		{"empty", "", "", "this one has 0"},
		{"bad character", specimen1, specimen2[:5] + "#" + specimen2[6:], `Line 2, character 6 of the machine-readable zone: "#" is not allowed`},
		{"Chinese character", "P<UTO张<<" + specimen1[8:], specimen2, `Line 1, character 6 of the machine-readable zone: "张"`},
		{"not a passport", "V" + specimen1[1:], specimen2, "line 1 starts with P"},
		{"ID card", "I" + specimen1[1:], specimen2, "line 1 starts with P"},
		{"bad sex", specimen1, specimen2[:20] + "Q" + specimen2[21:], "(sex) must be M, F, X or <, not \"Q\""},
		{"month 13", specimen1, withDate("741312", "120415"), "The date of birth in the machine-readable zone, 741312, is not a real date"},
		{"30 February", specimen1, withDate("740812", "120230"), "date of expiry in the machine-readable zone, 120230"},
		{"letter in a date", specimen1, withDate("74O812", "120415"), "74O812, is not a real date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseMRZ(tt.line1, tt.line2)
			if err == nil {
				t.Fatalf("ParseMRZ = %+v, want an error", m)
			}
			checkError(t, err, MRZField, tt.wantEN)
		})
	}
}
