package contact

import (
	"fmt"
	"strings"

	"gradphoto/shared/apperr"
)

// Mobile checks a mainland China mobile number and returns its 11 digits.
// The number may carry the country code as +86, 0086 or 86, and spaces,
// hyphens and brackets, as in "+86 (138) 0013-8000"; full-width digits are
// accepted. Errors are about MobileField.
func Mobile(raw string) (string, error) {
	s := compact(raw)
	if s == "" {
		return "", mobileError("请填写手机号码", "Enter the mobile number")
	}
	switch {
	case strings.HasPrefix(s, "+86"):
		s = s[len("+86"):]
	case strings.HasPrefix(s, "0086"):
		s = s[len("0086"):]
	case strings.HasPrefix(s, "86") && len(s) == 13:
		s = s[len("86"):]
	case strings.HasPrefix(s, "+"), strings.HasPrefix(s, "00"):
		return "", mobileError(
			"只支持中国大陆手机号码（+86）",
			"Only mainland China mobile numbers (+86) are accepted")
	}
	if r, bad := firstNonDigit(s); bad {
		return "", mobileError(
			"手机号码只能包含数字，不能有"+quoteZH(r),
			"A mobile number has digits only, not "+quoteEN(r))
	}
	if len(s) != 11 {
		return "", mobileError(
			fmt.Sprintf("手机号码应为11位数字，当前为%d位", len(s)),
			fmt.Sprintf("A mobile number has 11 digits; this one has %d", len(s)))
	}
	if s[0] != '1' || s[1] < '3' {
		return "", mobileError(
			fmt.Sprintf("手机号码应以13至19开头，而不是%s", s[:2]),
			fmt.Sprintf("A mainland mobile number starts with 13 to 19, not %s", s[:2]))
	}
	return s, nil
}

func mobileError(zh, en string) *apperr.Error {
	return apperr.Field(MobileField, zh, en)
}

// MaskMobile returns the mobile number m for display with its middle four
// digits hidden, as 138****8000. A value that is not a mobile number keeps
// only its last four characters, and only if it has at least eight.
func MaskMobile(m string) string {
	if n, err := Mobile(m); err == nil {
		return n[:3] + "****" + n[7:]
	}
	r := []rune(strings.TrimSpace(m))
	keep := 0
	if len(r) >= 8 {
		keep = 4
	}
	for i := range len(r) - keep {
		r[i] = '*'
	}
	return string(r)
}
