package contact

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"gradphoto/shared/apperr"
)

// checkFuzzError fails t unless err is an *apperr.Error about field (or,
// if field ends in ".", a field starting with it) with a valid message in
// both languages.
func checkFuzzError(t *testing.T, err error, field string) {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *apperr.Error", err, err)
	}
	if e.Code != apperr.Invalid || e.Field != field && !(strings.HasSuffix(field, ".") && strings.HasPrefix(e.Field, field)) {
		t.Fatalf("error %v: field %q, code %q, want %q, %q", e, e.Field, e.Code, field, apperr.Invalid)
	}
	if e.ZH == "" || e.EN == "" || !utf8.ValidString(e.ZH) || !utf8.ValidString(e.EN) {
		t.Fatalf("error %v: messages ZH %q, EN %q", e, e.ZH, e.EN)
	}
}

// isMobile reports whether s matches ^1[3-9]\d{9}$.
func isMobile(s string) bool {
	if len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9' {
		return false
	}
	return strings.Trim(s, "0123456789") == ""
}

func FuzzMobile(f *testing.F) {
	for _, s := range []string{
		"13800138000", "+86 138-0013-8000", "008613800138000", "8613800138000", "１３８００１３８０００",
		"12800138000", "+85291234567", "", "86", "+86", "0086", "138\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		m, err := Mobile(raw)
		if err != nil {
			checkFuzzError(t, err, MobileField)
			return
		}
		if !isMobile(m) {
			t.Fatalf("Mobile(%q) = %q, not a mainland mobile number", raw, m)
		}
		if again, err := Mobile(m); err != nil || again != m {
			t.Fatalf("Mobile(%q) = %q, %v; want it unchanged", m, again, err)
		}
		if mask := MaskMobile(m); mask != m[:3]+"****"+m[7:] {
			t.Fatalf("MaskMobile(%q) = %q", m, mask)
		}
	})
}

func FuzzEmail(f *testing.F) {
	for _, s := range []string{
		"zhang.san@example.com", " Zhang@Example.COM ", "ｚｈａｎｇ＠ｑｑ．ｃｏｍ", "zhang@qq。com",
		"a@b@c.com", "@x.com", "x@", "x@localhost", "x@1.2", "x..y@a.com", "x@a..com", "张@qq.com", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		e, err := Email(raw)
		if err != nil {
			checkFuzzError(t, err, EmailField)
			return
		}
		local, domain, ok := strings.Cut(e, "@")
		if !ok || strings.Contains(domain, "@") || len(e) > maxEmail || len(local) > maxLocal ||
			local == "" || !strings.Contains(domain, ".") || domain != strings.ToLower(domain) {
			t.Fatalf("Email(%q) = %q, which breaks the rules", raw, e)
		}
		if strings.IndexFunc(e, func(r rune) bool { return r <= ' ' || r >= 0x7F }) >= 0 {
			t.Fatalf("Email(%q) = %q, with a space, control or non-ASCII character", raw, e)
		}
		if again, err := Email(e); err != nil || again != e {
			t.Fatalf("Email(%q) = %q, %v; want it unchanged", e, again, err)
		}
	})
}

func FuzzPostcode(f *testing.F) {
	for _, s := range []string{"100871", " 200 433 ", "５１００００", "999077", "10087", "", "SW1A 1AA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		p, err := Postcode(raw)
		if err != nil {
			checkFuzzError(t, err, PostcodeField)
			return
		}
		if len(p) != 6 || p[0] == '9' || strings.Trim(p, "0123456789") != "" {
			t.Fatalf("Postcode(%q) = %q", raw, p)
		}
		if again, err := Postcode(p); err != nil || again != p {
			t.Fatalf("Postcode(%q) = %q, %v; want it unchanged", p, again, err)
		}
	})
}

func FuzzAddress(f *testing.F) {
	f.Add(good.Recipient, good.Mobile, good.Province, good.City, good.District, good.Street, good.Detail, good.Postcode)
	f.Add("  Anna  Maria ", "+86 138-0013-8000", " 广东省 ", "广州市", "天河区", "", "五山路\n381号", "５１０６４０")
	f.Add("", "", "", "", "", "", "", "")
	f.Add("张\x00三", "1", "省", "市", "区", "街", "一二三", "999077")
	f.Add("张\u202E三", "13800138000", "省", "市", "区", "街\xff", "一二三四", "100871")
	f.Fuzz(func(t *testing.T, recipient, mobile, province, city, district, street, detail, postcode string) {
		a := Address{recipient, mobile, province, city, district, street, detail, postcode}
		n, err := a.Normalize()
		if err != nil {
			checkFuzzError(t, err, "address.")
			if n != (Address{}) {
				t.Fatalf("Normalize returned %+v with the error %v", n, err)
			}
			return
		}
		if again, err := n.Normalize(); err != nil || again != n {
			t.Fatalf("Normalize(%+v) = %+v, %v; want it unchanged", n, again, err)
		}
		for _, s := range []string{n.Recipient, n.Province, n.City, n.District, n.Street, n.Detail} {
			if s != strings.TrimSpace(s) || strings.Contains(s, "  ") || !utf8.ValidString(s) {
				t.Fatalf("Normalize(%+v) left untidy text %q", a, s)
			}
		}
		if !isMobile(n.Mobile) || n.Recipient == "" || utf8.RuneCountInString(n.Detail) < 4 {
			t.Fatalf("Normalize(%+v) = %+v", a, n)
		}
	})
}
