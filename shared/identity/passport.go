package identity

import "unicode/utf8"

// parsePassport checks a passport number loosely: every country has its own
// scheme, so it accepts 5 to 20 letters and digits. Chinese passports (E and
// 8 digits, or E, a letter other than I and O, and 7 digits) pass as any
// other. A scanned machine-readable zone gives a stronger check: see ParseMRZ.
func parsePassport(s string) (Document, error) {
	if pos, r := firstBad(s, func(_ int, r rune) bool { return isDigit(r) || isLetter(r) }); pos > 0 {
		return Document{}, badChar(pos, r, "字母或数字", "a letter or a digit")
	}
	if n := utf8.RuneCountInString(s); n < 5 || n > 20 {
		return Document{}, badLength(Passport, n, "5-20位字母或数字", "5 to 20 letters and digits")
	}
	return Document{Type: Passport, Number: s}, nil
}
