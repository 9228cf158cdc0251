package identity

import (
	"strings"
	"unicode"
)

// normalize returns raw the way numbers are stored and compared: full-width
// letters, digits and brackets (typed with a Chinese input method) become
// their ASCII forms, ASCII letters become upper-case (so a final x reads X),
// and spaces, hyphens and invisible characters that copying and pasting
// brings along are removed. Anything else is kept, for the checks to report
// by position.
//
// Invalid UTF-8 bytes become U+FFFD, so the result is always valid UTF-8.
func normalize(raw string) string {
	var b strings.Builder
	b.Grow(len(raw))
	for _, r := range raw {
		r = halfWidth(r)
		if ignorable(r) {
			continue
		}
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// halfWidth maps the full-width forms of the ASCII characters (U+FF01 to
// U+FF5E) and the ideographic space to ASCII.
func halfWidth(r rune) rune {
	switch {
	case '\uFF01' <= r && r <= '\uFF5E':
		return r - 0xFEE0
	case r == '\u3000':
		return ' '
	}
	return r
}

// ignorable reports whether r is a separator people put in numbers to read
// them, or an invisible character: neither is part of the number.
func ignorable(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE63',
		'\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return true
	}
	return unicode.IsSpace(r)
}
