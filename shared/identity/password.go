package identity

import "strings"

// DefaultPassword returns the password an account starts with until the
// student changes it: the last six characters of the document number, after
// normalising it (X upper-case) and leaving out brackets, so 1234567890(B)
// gives 67890B. A number shorter than six characters is used whole.
//
// Pass Document.Number: a legacy 15-digit resident ID must be converted to 18
// characters first, which Parse does.
//
// Six characters from a number others may know are a weak secret: logins
// must be rate-limited per account and per client, and the student asked to
// set a new password after signing in the first time.
func DefaultPassword(number string) string {
	s := strings.Map(func(r rune) rune {
		if r == '(' || r == ')' {
			return -1
		}
		return r
	}, normalize(number))
	r := []rune(s)
	if len(r) <= 6 {
		return s
	}
	return string(r[len(r)-6:])
}
