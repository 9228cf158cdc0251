package identity

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gradphoto/shared/apperr"
)

// MRZ is what the machine-readable zone of a passport says: ICAO Doc 9303
// format TD3, two lines of 44 characters at the foot of the photo page.
type MRZ struct {
	DocumentCode string // P, sometimes followed by a letter for the kind of passport
	Issuer       string // issuing state, an ICAO code such as CHN, or D for Germany
	Surname      string // words separated by single spaces
	GivenNames   string // words separated by single spaces
	Number       string // document number, fillers removed
	Nationality  string // an ICAO code, like Issuer
	Birth        time.Time
	Sex          Sex
	Expiry       time.Time
	Optional     string // optional data, often a personal number; fillers removed
	Checks       MRZChecks
}

// MRZChecks reports which check digits of a machine-readable zone match what
// they protect.
type MRZChecks struct {
	Number    bool // document number (line 2, characters 1-9, and any overflow)
	Birth     bool // date of birth (14-19)
	Expiry    bool // date of expiry (22-27)
	Optional  bool // optional data (29-42)
	Composite bool // characters 1-10, 14-20 and 22-43 together
}

// OK reports whether every check digit matches.
func (c MRZChecks) OK() bool {
	return c.Number && c.Birth && c.Expiry && c.Optional && c.Composite
}

// mrzWeights are the weights of ICAO 9303 check digits, repeated.
var mrzWeights = [3]int{7, 3, 1}

// mrzValue returns the value of c in a check digit calculation: digits are
// themselves, A to Z are 10 to 35 and the filler '<' is 0.
func mrzValue(c byte) (int, bool) {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0'), true
	case 'A' <= c && c <= 'Z':
		return int(c-'A') + 10, true
	case c == '<':
		return 0, true
	}
	return 0, false
}

// MRZCheckDigit returns the ICAO 9303 check digit of s, as an ASCII digit:
// the sum of the values of its characters weighted 7, 3, 1, 7, 3, 1 ...,
// mod 10. s may hold digits, capital letters and the filler '<'; anything
// else is an error about MRZField.
func MRZCheckDigit(s string) (byte, error) {
	sum := 0
	for i := 0; i < len(s); i++ {
		v, ok := mrzValue(s[i])
		if !ok {
			r, _ := utf8.DecodeRuneInString(s[i:])
			pos := utf8.RuneCountInString(s[:i]) + 1
			return 0, apperr.Field(MRZField,
				fmt.Sprintf("第%d个字符%s不能出现在机读区中：只能是数字、大写字母和<", pos, quoteZH(r)),
				fmt.Sprintf("Character %d, %s, cannot appear in a machine-readable zone: only digits, capital letters and < can", pos, quoteEN(r)))
		}
		sum += v * mrzWeights[i%3]
	}
	return byte('0' + sum%10), nil
}

// mrzLineLen is the length of each line of a TD3 zone.
const mrzLineLen = 44

// ParseMRZ reads the two lines of a passport's machine-readable zone and
// checks its five check digits. Spaces in the lines, as text recognition
// tends to add, and lower-case letters are accepted.
//
// Dates of birth and expiry carry two-digit years. Expiry is taken to be in
// this century; birth in the latest century that puts it before expiry (in
// the 1900s if expiry is unknown), which reads the birth dates of anyone
// younger than 100 right. A date the zone marks unknown with fillers is
// returned as the zero time.
//
// If the lines have the shape of a TD3 zone, ParseMRZ returns what they say
// and which checks pass even when it also returns an error, such as one
// naming every check digit that fails. Errors are *apperr.Error about
// MRZField.
func ParseMRZ(line1, line2 string) (MRZ, error) {
	l1, l2 := normalize(line1), normalize(line2)
	for i, l := range [2]string{l1, l2} {
		if err := mrzLine(i+1, l); err != nil {
			return MRZ{}, err
		}
	}
	if l1[0] != 'P' {
		return MRZ{}, apperr.Field(MRZField,
			"这不是护照的机读区：第1行应以P开头",
			"This is not a passport's machine-readable zone: line 1 starts with P")
	}

	m := MRZ{
		DocumentCode: strings.TrimRight(l1[:2], "<"),
		Issuer:       strings.TrimRight(l1[2:5], "<"),
		Nationality:  strings.TrimRight(l2[10:13], "<"),
	}
	surname, given, _ := strings.Cut(l1[5:], "<<")
	m.Surname, m.GivenNames = mrzWords(surname), mrzWords(given)

	// A number longer than 9 characters leaves its check digit position
	// empty and continues in the optional data, followed by its check digit.
	number, numberCheck, optional := l2[:9], l2[9], l2[28:42]
	if numberCheck == '<' && optional[0] != '<' {
		ext, _, _ := strings.Cut(optional, "<")
		number += ext[:len(ext)-1]
		numberCheck = ext[len(ext)-1]
		optional = optional[len(ext):]
	}
	m.Number = strings.TrimRight(number, "<")
	m.Optional = strings.Trim(optional, "<")

	checks := []struct {
		ok     *bool
		data   string
		digit  byte
		zh, en string
	}{
		{&m.Checks.Number, number, numberCheck, "证件号码", "document number"},
		{&m.Checks.Birth, l2[13:19], l2[19], "出生日期", "date of birth"},
		{&m.Checks.Expiry, l2[21:27], l2[27], "有效期", "date of expiry"},
		{&m.Checks.Optional, l2[28:42], l2[42], "可选数据", "optional data"},
		{&m.Checks.Composite, l2[:10] + l2[13:20] + l2[21:43], l2[43], "总校验位", "composite"},
	}
	var failedZH, failedEN []string
	for _, c := range checks {
		want, _ := MRZCheckDigit(c.data) // the characters are checked above
		// An empty optional data field may leave its check digit empty too.
		*c.ok = c.digit == want || c.digit == '<' && want == '0' && c.ok == &m.Checks.Optional
		if !*c.ok {
			failedZH = append(failedZH, fmt.Sprintf("%s（应为%c，实际为%c）", c.zh, want, c.digit))
			failedEN = append(failedEN, fmt.Sprintf("%s (expected %c, found %c)", c.en, want, c.digit))
		}
	}

	expiry, expiryErr := mrzDate(l2[21:27], "有效期", "date of expiry", func(int, time.Month, int) int { return 2000 })
	m.Expiry = expiry
	birth, birthErr := mrzDate(l2[13:19], "出生日期", "date of birth", func(yy int, mm time.Month, dd int) int {
		if !expiry.IsZero() && time.Date(2000+yy, mm, dd, 0, 0, 0, 0, time.UTC).Before(expiry) {
			return 2000
		}
		return 1900
	})
	m.Birth = birth
	sex, sexErr := mrzSex(l2[20])
	m.Sex = sex

	if failedZH != nil {
		return m, apperr.Field(MRZField,
			"机读区校验位不符："+strings.Join(failedZH, "、")+"。请重新扫描或核对",
			"Check digits of the machine-readable zone do not match: "+strings.Join(failedEN, ", ")+". Scan it again or check it")
	}
	for _, err := range []error{birthErr, expiryErr, sexErr} {
		if err != nil {
			return m, err
		}
	}
	return m, nil
}

// mrzLine checks that l, line n of a zone, has the length and characters of
// a TD3 line.
func mrzLine(n int, l string) error {
	if got := utf8.RuneCountInString(l); got != mrzLineLen {
		return apperr.Field(MRZField,
			fmt.Sprintf("机读区第%d行应为%d个字符，当前为%d个", n, mrzLineLen, got),
			fmt.Sprintf("Line %d of the machine-readable zone has %d characters; this one has %d", n, mrzLineLen, got))
	}
	if pos, r := firstBad(l, func(_ int, r rune) bool { return r < utf8.RuneSelf && isMRZChar(byte(r)) }); pos > 0 {
		return apperr.Field(MRZField,
			fmt.Sprintf("机读区第%d行第%d个字符%s无效：只能是数字、大写字母和<", n, pos, quoteZH(r)),
			fmt.Sprintf("Line %d, character %d of the machine-readable zone: %s is not allowed; only digits, capital letters and < are", n, pos, quoteEN(r)))
	}
	return nil
}

func isMRZChar(c byte) bool {
	_, ok := mrzValue(c)
	return ok
}

// mrzWords turns a name field, words separated by fillers, into words
// separated by spaces.
func mrzWords(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "<", " ")), " ")
}

// mrzSex reads the sex character: M, F, or X or a filler for unspecified.
func mrzSex(c byte) (Sex, error) {
	switch c {
	case 'M':
		return Male, nil
	case 'F':
		return Female, nil
	case 'X', '<':
		return Unknown, nil
	}
	return Unknown, apperr.Field(MRZField,
		fmt.Sprintf("机读区第2行第21个字符（性别）应为M、F、X或<，而不是“%c”", c),
		fmt.Sprintf("Line 2, character 21 of the machine-readable zone (sex) must be M, F, X or <, not \"%c\"", c))
}

// mrzDate reads a date as YYMMDD, the zero time if it holds fillers.
// century picks the century for the two-digit year.
func mrzDate(s, zh, en string, century func(yy int, mm time.Month, dd int) int) (time.Time, error) {
	if strings.Contains(s, "<") {
		return time.Time{}, nil
	}
	bad := apperr.Field(MRZField,
		fmt.Sprintf("机读区中的%s%s不是有效日期", zh, s),
		fmt.Sprintf("The %s in the machine-readable zone, %s, is not a real date", en, s))
	if !allDigits(s) {
		return time.Time{}, bad
	}
	yy, mm, dd := atoi(s[:2]), time.Month(atoi(s[2:4])), atoi(s[4:])
	y := century(yy, mm, dd) + yy
	t := time.Date(y, mm, dd, 0, 0, 0, 0, time.UTC)
	if mm < 1 || mm > 12 || t.Day() != dd {
		return time.Time{}, bad
	}
	return t, nil
}
