package identity

import "strings"

// Mask returns number for display with most characters hidden: it keeps the
// first 3 and the last 4 characters of numbers of 10 or more characters and
// replaces the rest with '*', so 11010519491231002X shows as
// 110***********002X. Shorter numbers keep less: the first 2 and the last 2
// characters of 7 to 9, the first and the last of 4 to 6, and none of fewer.
// Leading and trailing spaces are dropped.
func Mask(number string) string {
	r := []rune(strings.TrimSpace(number))
	var head, tail int
	switch n := len(r); {
	case n >= 10:
		head, tail = 3, 4
	case n >= 7:
		head, tail = 2, 2
	case n >= 4:
		head, tail = 1, 1
	}
	for i := head; i < len(r)-tail; i++ {
		r[i] = '*'
	}
	return string(r)
}
