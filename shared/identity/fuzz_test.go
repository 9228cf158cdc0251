package identity

import (
	"errors"
	"testing"
	"unicode/utf8"

	"gradphoto/shared/apperr"
)

// checkFuzzError fails t unless err is an *apperr.Error about field with a
// valid message in both languages.
func checkFuzzError(t *testing.T, err error, field string) {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *apperr.Error", err, err)
	}
	if e.Field != field || e.Code != apperr.Invalid {
		t.Fatalf("error %v: field %q, code %q, want %q, %q", e, e.Field, e.Code, field, apperr.Invalid)
	}
	if e.ZH == "" || e.EN == "" || !utf8.ValidString(e.ZH) || !utf8.ValidString(e.EN) {
		t.Fatalf("error %v: messages ZH %q, EN %q", e, e.ZH, e.EN)
	}
}

// checkDocument fails t unless d, parsed from some input, is consistent:
// it parses again to itself, and numbers with a check character have the
// right one.
func checkDocument(t *testing.T, d Document) {
	t.Helper()
	again, err := Parse(d.Type, d.Number, now)
	if err != nil {
		t.Fatalf("Parse(%s, %q), the normalised number, failed: %v", d.Type, d.Number, err)
	}
	if again != d {
		t.Fatalf("Parse(%s, %q) = %+v, want the same document %+v", d.Type, d.Number, again, d)
	}
	if normalize(d.Number) != d.Number {
		t.Fatalf("number %q is not normalised", d.Number)
	}
	switch {
	case d.Type == ResidentID, d.Type == ResidencePermit,
		d.Type == ForeignPermanentResident && len(d.Number) == 18:
		if len(d.Number) != 18 || CheckChar(d.Number[:17]) != d.Number[17] {
			t.Fatalf("%s %q accepted with a wrong check character", d.Type, d.Number)
		}
	}
	if d.Type == ResidentID || d.Type == ResidencePermit {
		if d.Birth.IsZero() || d.Birth.Year() < 1800 || d.Birth.After(now) || d.Sex == Unknown || d.Region != d.Number[:6] {
			t.Fatalf("%s %q: birth %v, sex %q, region %q", d.Type, d.Number, d.Birth, d.Sex, d.Region)
		}
	}
}

func FuzzParse(f *testing.F) {
	seeds := []struct {
		typ int
		raw string
	}{
		{0, "11010519491231002X"},
		{0, "11010519491231002x"},
		{0, "110105491231002"},
		{0, "440524188001010014"},
		{0, "１１０１０５１９４９１２３１００２ｘ"},
		{0, "110105194912310021"},
		{1, "810000199901010014"},
		{2, "H1234567801"},
		{3, "1234567890(B)"},
		{3, "1234567890（b）"},
		{4, "944156199001010014"},
		{4, "USA440090010112"},
		{5, "E12345678"},
		{5, "e1234 5678"},
		{6, "anything"},
		{0, "\xff\xfe"},
	}
	for _, s := range seeds {
		f.Add(s.typ, s.raw)
	}
	f.Fuzz(func(t *testing.T, typ int, raw string) {
		types := DocTypes()
		dt := DocType("unknown")
		if 0 <= typ && typ < len(types) {
			dt = types[typ]
		}
		d, err := Parse(dt, raw, now)
		if err != nil {
			field := NumberField
			if !dt.Valid() {
				field = TypeField
			}
			checkFuzzError(t, err, field)
			return
		}
		if d.Type != dt {
			t.Fatalf("Parse(%s, %q) returned type %s", dt, raw, d.Type)
		}
		checkDocument(t, d)
		if p := DefaultPassword(d.Number); utf8.RuneCountInString(p) > 6 || p == "" {
			t.Fatalf("DefaultPassword(%q) = %q", d.Number, p)
		}
		if m := Mask(d.Number); utf8.RuneCountInString(m) != utf8.RuneCountInString(d.Number) || m == d.Number {
			t.Fatalf("Mask(%q) = %q", d.Number, m)
		}
	})
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{
		"11010519491231002X", "110105491231002", "810000199901010014", "944156199001010014",
		"USA440090010112", "H12345678", "M1234567801", "12345678", "1234567890(B)", "1234567890B",
		"E12345678", "110105194912310021", "", "  ", "护照", "\x00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		d, err := Detect(raw, now)
		if err != nil {
			checkFuzzError(t, err, NumberField)
			return
		}
		checkDocument(t, d)
		again, err := Detect(d.Number, now)
		if err != nil || again != d {
			t.Fatalf("Detect(%q) = %+v, %v; want %+v again", d.Number, again, err, d)
		}
	})
}

func FuzzParseMRZ(f *testing.F) {
	f.Add(specimen1, specimen2)
	f.Add("POCHNZHANG<<SAN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", td3Line2(f, "EA1234567", "CHN", "040229", 'M', "320101", ""))
	f.Add("p<uto eriksson<<anna<<<<<<<<<<<<<<<<<<<<<<<<<", td3Line2(f, "X1", "D", "8503<<", 'X', "<<<<<<", "PERSONAL12"))
	f.Add("", "")
	f.Add(specimen1, specimen2[:20]+"Q"+specimen2[21:])
	f.Fuzz(func(t *testing.T, line1, line2 string) {
		m, err := ParseMRZ(line1, line2)
		if err != nil {
			checkFuzzError(t, err, MRZField)
			return
		}
		if !m.Checks.OK() {
			t.Fatalf("ParseMRZ accepted a zone with failing checks: %+v", m.Checks)
		}
		if c, err := MRZCheckDigit(m.Number); err != nil || c == 0 {
			t.Fatalf("MRZCheckDigit(%q) = %q, %v", m.Number, c, err)
		}
		if !m.Birth.IsZero() && !m.Expiry.IsZero() && !m.Birth.Before(m.Expiry) && m.Birth.Year() >= 2000 {
			t.Fatalf("birth %v chosen in this century, not before expiry %v", m.Birth, m.Expiry)
		}
		again, err := ParseMRZ(normalize(line1), normalize(line2))
		if err != nil || again != m {
			t.Fatalf("ParseMRZ of the normalised lines = %+v, %v; want %+v", again, err, m)
		}
	})
}
