// Package money keeps amounts as integer fen (1/100 yuan), the unit WeChat Pay
// uses, and converts at the edges: Alipay and people read decimal yuan.
package money

import (
	"fmt"
	"strconv"
	"strings"
)

// Fen is an amount of money in fen. Arithmetic on Fen is exact.
type Fen int64

// Yuan formats f as a decimal yuan string with two places: 3500 -> "35.00".
func (f Fen) Yuan() string {
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	return fmt.Sprintf("%s%d.%02d", sign, f/100, f%100)
}

// String formats f for people: "¥35.00".
func (f Fen) String() string { return "¥" + f.Yuan() }

// ParseYuan reads a decimal yuan string with at most two places ("35", "35.5",
// "35.00") as Alipay sends it. It refuses signs, exponents and extra places so
// that a notification cannot smuggle in a rounded amount.
func ParseYuan(s string) (Fen, error) {
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || len(whole) > 12 || (hasDot && (frac == "" || len(frac) > 2)) {
		return 0, fmt.Errorf("money: %q is not an amount in yuan", s)
	}
	for _, part := range []string{whole, frac} {
		for _, c := range part {
			if c < '0' || c > '9' {
				return 0, fmt.Errorf("money: %q is not an amount in yuan", s)
			}
		}
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("money: %q: %w", s, err)
	}
	var f int64
	if frac != "" {
		f, _ = strconv.ParseInt(frac, 10, 64)
		if len(frac) == 1 {
			f *= 10
		}
	}
	return Fen(w*100 + f), nil
}
