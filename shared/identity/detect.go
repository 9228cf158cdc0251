package identity

import (
	"strings"
	"time"
)

// Detect guesses the type of the document number raw from its shape, for
// the sign-up that lets a student scan or type any document, and parses it
// as that type. The guess goes by length and by the letters in the number:
//
//   - 17 digits and a last character: a resident ID, a residence permit
//     (region 810000, 820000 or 830000) or a new foreign permanent resident
//     ID (first digit 9);
//   - 15 digits: a legacy resident ID; 3 letters and 12 digits: an old
//     foreign permanent resident ID;
//   - H or M and 8 or 10 digits: a Hong Kong or Macao travel permit;
//   - 8 digits, or 10 digits and a letter: a Taiwan travel permit;
//   - anything else: a passport.
//
// A number that has the shape of a type but breaks its rules, such as an
// 18-digit number with a wrong check character, is refused with that type's
// error rather than taken as a passport. Some passports share a shape with a
// permit (8 digits, or H and 8 digits), so the form should show the detected
// type and let the student change it.
func Detect(raw string, now time.Time) (Document, error) {
	s := normalize(raw)
	if s == "" {
		return Document{}, errEmpty
	}
	t := guess(s)
	d, err := Parse(t, s, now)
	if err != nil && t == Passport {
		return Document{}, numberError(
			"无法识别该证件号码：请检查号码，或先选择证件类型再填写",
			"This document number is not recognised: check it, or choose the document type and enter it again")
	}
	return d, err
}

// guess returns the document type the normalised number s looks like.
func guess(s string) DocType {
	n := len(s)
	switch {
	case n == 18 && allDigits(s[:17]):
		switch {
		case s[0] == '9':
			return ForeignPermanentResident
		case isPermitRegion(s[:6]):
			return ResidencePermit
		}
		return ResidentID
	case n == 15 && allDigits(s):
		return ResidentID
	case n == 15 && allLetters(s[:3]) && allDigits(s[3:]):
		return ForeignPermanentResident
	case (n == 9 || n == 11) && (s[0] == 'H' || s[0] == 'M') && allDigits(s[1:]):
		return HKMacauPermit
	case n == 8 && allDigits(s),
		n == 11 && allDigits(s[:10]) && allLetters(s[10:]),
		n == 13 && allDigits(s[:10]) && s[10] == '(' && allLetters(s[11:12]) && s[12] == ')':
		return TaiwanPermit
	}
	return Passport
}

func isPermitRegion(region string) bool {
	_, ok := permitRegions[region]
	return ok
}

func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func allLetters(s string) bool {
	return s != "" && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}
