package contact

import (
	"fmt"
	"strings"
	"unicode"
)

// Field names of the errors about single values.
const (
	MobileField   = "mobile"
	EmailField    = "email"
	PostcodeField = "postcode"
)

// halfWidth maps the full-width forms of the ASCII characters (U+FF01 to
// U+FF5E), which a Chinese input method types, and the ideographic space to
// ASCII.
func halfWidth(r rune) rune {
	switch {
	case '\uFF01' <= r && r <= '\uFF5E':
		return r - 0xFEE0
	case r == '\u3000':
		return ' '
	}
	return r
}

// compact returns raw with full-width characters made ASCII and without the
// spaces, hyphens and brackets people put in numbers to read them. Invalid
// UTF-8 becomes U+FFFD.
func compact(raw string) string {
	return strings.Map(func(r rune) rune {
		r = halfWidth(r)
		switch {
		case unicode.IsSpace(r),
			r == '-', r == '(', r == ')',
			'\u2010' <= r && r <= '\u2015', r == '\u2212',
			r == '\u200B', r == '\u200C', r == '\u200D', r == '\u2060', r == '\uFEFF':
			return -1
		}
		return r
	}, raw)
}

// firstNonDigit returns the first rune of s that is not an ASCII digit, and
// whether there is one.
func firstNonDigit(s string) (rune, bool) {
	for _, r := range s {
		if r < '0' || r > '9' {
			return r, true
		}
	}
	return 0, false
}

// quoteZH and quoteEN show a character in a message: printable ones in
// quotes, others by their code point.
func quoteZH(r rune) string {
	if r != '\uFFFD' && unicode.IsPrint(r) {
		return "“" + string(r) + "”"
	}
	return "字符U+" + hex4(r)
}

func quoteEN(r rune) string {
	if r != '\uFFFD' && unicode.IsPrint(r) {
		return `"` + string(r) + `"`
	}
	return "the character U+" + hex4(r)
}

func hex4(r rune) string { return fmt.Sprintf("%04X", r) }
