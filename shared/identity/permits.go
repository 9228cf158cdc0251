package identity

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// parseHKMacauPermit checks a travel permit number for Hong Kong and Macao
// residents: H (Hong Kong) or M (Macao), 8 digits and, on cards that print
// it, a 2-digit issue count.
func parseHKMacauPermit(s string) (Document, error) {
	r, _ := utf8.DecodeRuneInString(s)
	if r != 'H' && r != 'M' {
		return Document{}, numberError(
			fmt.Sprintf("港澳居民来往内地通行证号码以H（香港居民）或M（澳门居民）开头，而不是%s", quoteZH(r)),
			fmt.Sprintf("A travel permit number for Hong Kong and Macao residents starts with H (Hong Kong) or M (Macao), not %s", quoteEN(r)))
	}
	if pos, r := firstBad(s, func(pos int, r rune) bool { return pos == 1 || isDigit(r) }); pos > 0 {
		return Document{}, badChar(pos, r, "数字", "a digit")
	}
	if n := len(s); n != 9 && n != 11 {
		return Document{}, badLength(HKMacauPermit, n, "H或M加8位数字，共9位（旧证另有2位换证次数，共11位）",
			"9 characters: H or M and 8 digits (11 on older cards, which add a 2-digit issue count)")
	}
	return Document{Type: HKMacauPermit, Number: s}, nil
}

// parseTaiwanPermit checks a travel permit number for Taiwan residents:
// 8 digits, or on permits issued before 2008, 10 digits and a letter, which
// the card prints in brackets. The letter is accepted with or without them
// and stored with them.
func parseTaiwanPermit(s string) (Document, error) {
	body, letter := s, ""
	if i := strings.IndexByte(s, '('); i >= 0 {
		if !strings.HasSuffix(s, ")") || len(s)-i != 3 || !isLetter(rune(s[i+1])) {
			return Document{}, numberError(
				"括号中应只有一个字母，且位于号码末尾，如1234567890(B)",
				"The brackets hold a single letter at the end of the number, as in 1234567890(B)")
		}
		body, letter = s[:i], s[i+1:i+2]
	} else if n := len(s); n > 0 && isLetter(rune(s[n-1])) {
		body, letter = s[:n-1], s[n-1:]
	}
	if pos, r := firstBad(body, func(_ int, r rune) bool { return isDigit(r) }); pos > 0 {
		return Document{}, badChar(pos, r, "数字", "a digit")
	}
	switch n := len(body); {
	case n == 8 && letter == "":
		return Document{Type: TaiwanPermit, Number: body}, nil
	case n == 10 && letter != "":
		return Document{Type: TaiwanPermit, Number: body + "(" + letter + ")"}, nil
	case n == 10:
		return Document{}, numberError(
			"旧版台湾居民来往大陆通行证号码在10位数字后还有括号中的一个字母，如1234567890(B)",
			"An old Taiwan permit number has a letter in brackets after the 10 digits, as in 1234567890(B)")
	case letter != "":
		return Document{}, numberError(
			fmt.Sprintf("带字母的旧版台湾居民来往大陆通行证号码应为10位数字加括号中的字母，当前为%d位数字", n),
			fmt.Sprintf("An old Taiwan permit number has 10 digits before the bracketed letter; this one has %d", n))
	default:
		return Document{}, badLength(TaiwanPermit, n, "8位数字（旧版为10位数字加括号中的字母）",
			"8 digits (old permits: 10 digits and a letter in brackets)")
	}
}

// parseForeignPermanentResident checks a foreign permanent resident ID
// number: since 1 December 2023, 18 characters with the resident ID's check
// character, starting with 9; before, 3 letters (the holder's nationality)
// and 12 digits.
//
// The middle of the numbers is not read: the layout is not published
// precisely enough to rely on, so Birth, Sex and Region stay unknown.
func parseForeignPermanentResident(s string) (Document, error) {
	switch n := utf8.RuneCountInString(s); n {
	case 18:
		if err := digits17(s); err != nil {
			return Document{}, err
		}
		if s[0] != '9' {
			zh, en := ResidentID.Label()
			return Document{}, numberError(
				fmt.Sprintf("18位的外国人永久居留身份证号码以9开头，而不是“%c”；中国公民请选择证件类型“%s”", s[0], zh),
				fmt.Sprintf("An 18-character foreign permanent resident ID number starts with 9, not \"%c\"; Chinese citizens choose the document type \"%s\"", s[0], en))
		}
		if want := CheckChar(s[:17]); s[17] != want {
			return Document{}, numberError(
				fmt.Sprintf("第18位校验码不正确：按前17位应为%c。请核对整个号码，其他位置输错也会导致校验失败", want),
				fmt.Sprintf("The 18th character (check character) is wrong: expected %c from the first 17. Check the whole number: a typo anywhere makes the check fail", want))
		}
	case 15:
		pos, r := firstBad(s, func(pos int, r rune) bool {
			if pos <= 3 {
				return isLetter(r)
			}
			return isDigit(r)
		})
		switch {
		case pos > 3:
			return Document{}, badChar(pos, r, "数字", "a digit")
		case pos > 0:
			return Document{}, badChar(pos, r, "字母（旧版号码以3个字母开头）", "a letter (old numbers start with 3 letters)")
		}
	default:
		return Document{}, badLength(ForeignPermanentResident, n, "18位（2023年12月前签发的为15位）",
			"18 characters (15 on cards issued before December 2023)")
	}
	return Document{Type: ForeignPermanentResident, Number: s}, nil
}
