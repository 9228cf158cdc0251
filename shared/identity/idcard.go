package identity

import (
	"fmt"
	"time"
	"unicode/utf8"

	"gradphoto/shared/apperr"
)

// provinces are the province-level codes of GB/T 2260 that start the region
// code of a citizen's number. 71 (Taiwan) is listed there too.
var provinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true,
}

// permitRegions are the regions of residence permits, with the place each
// stands for.
var permitRegions = map[string][2]string{
	"810000": {"香港", "Hong Kong"},
	"820000": {"澳门", "Macao"},
	"830000": {"台湾", "Taiwan"},
}

// parseResidentID checks a mainland resident ID number, converting a legacy
// 15-digit number to 18 characters first.
func parseResidentID(s string, now time.Time) (Document, error) {
	switch n := utf8.RuneCountInString(s); n {
	case 15:
		if pos, r := firstBad(s, func(_ int, r rune) bool { return isDigit(r) }); pos > 0 {
			return Document{}, badChar(pos, r, "数字（旧版15位号码全部是数字）", "a digit (15-character numbers are all digits)")
		}
		if err := citizenRegion(s[:6]); err != nil {
			return Document{}, err
		}
		birth, err := birthDate("19"+s[6:12], "7-12", now)
		if err != nil {
			return Document{}, err
		}
		first17 := s[:6] + "19" + s[6:]
		return document(ResidentID, first17+string(CheckChar(first17)), birth), nil
	case 18:
	default:
		return Document{}, badLength(ResidentID, n, "18位（旧版为15位）", "18 characters (15 on old cards)")
	}
	if err := digits17(s); err != nil {
		return Document{}, err
	}
	if s[0] == '9' {
		return Document{}, otherType(ForeignPermanentResident, "以9开头的18位号码", "An 18-character number starting with 9")
	}
	if err := citizenRegion(s[:6]); err != nil {
		return Document{}, err
	}
	return finish18(ResidentID, s, now)
}

// parseResidencePermit checks a residence permit number for Hong Kong, Macao
// and Taiwan residents.
func parseResidencePermit(s string, now time.Time) (Document, error) {
	if n := utf8.RuneCountInString(s); n != 18 {
		return Document{}, badLength(ResidencePermit, n, "18位", "18 characters")
	}
	if err := digits17(s); err != nil {
		return Document{}, err
	}
	if _, ok := permitRegions[s[:6]]; !ok {
		if provinces[s[:2]] && s[:2] != "71" {
			zh, en := ResidentID.Label()
			return Document{}, numberError(
				"港澳台居民居住证号码以810000、820000或830000开头；内地居民请选择证件类型“"+zh+"”",
				"A residence permit number starts with 810000, 820000 or 830000; mainland residents choose the document type \""+en+"\"")
		}
		return Document{}, numberError(
			fmt.Sprintf("港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头，而不是%s", s[:6]),
			fmt.Sprintf("A residence permit number starts with 810000 (Hong Kong), 820000 (Macao) or 830000 (Taiwan), not %s", s[:6]))
	}
	return finish18(ResidencePermit, s, now)
}

// digits17 checks that s, 18 characters long, is 17 digits and a digit or X.
func digits17(s string) *apperr.Error {
	pos, r := firstBad(s, func(pos int, r rune) bool {
		return isDigit(r) || pos == 18 && r == 'X'
	})
	switch {
	case pos == 18:
		return badChar(pos, r, "数字或X", "a digit or X")
	case pos > 0:
		return badChar(pos, r, "数字", "a digit")
	}
	return nil
}

// citizenRegion checks the region code of a citizen's number: its province
// must exist, and the regions of residence permits belong to that type.
func citizenRegion(region string) *apperr.Error {
	if _, ok := permitRegions[region]; ok {
		return otherType(ResidencePermit, "以"+region+"开头的号码", "A number starting with "+region)
	}
	if region[0] < '1' || region[0] > '8' {
		return numberError(
			fmt.Sprintf("第1位应为1-8（省份代码的首位），而不是“%c”", region[0]),
			fmt.Sprintf("Character 1 must be 1 to 8 (it starts the province code), not \"%c\"", region[0]))
	}
	if !provinces[region[:2]] {
		return numberError(
			fmt.Sprintf("第1-2位的省份代码%s不存在", region[:2]),
			fmt.Sprintf("Characters 1-2 hold the province code, and there is no province %s", region[:2]))
	}
	return nil
}

// finish18 checks the birth date and the check character of an 18-character
// number whose characters and region are already checked.
func finish18(t DocType, s string, now time.Time) (Document, error) {
	birth, err := birthDate(s[6:14], "7-14", now)
	if err != nil {
		return Document{}, err
	}
	if want := CheckChar(s[:17]); s[17] != want {
		return Document{}, numberError(
			fmt.Sprintf("第18位校验码不正确：按前17位应为%c。请核对整个号码，其他位置输错也会导致校验失败", want),
			fmt.Sprintf("The 18th character (check character) is wrong: expected %c from the first 17. Check the whole number: a typo anywhere makes the check fail", want))
	}
	return document(t, s, birth), nil
}

// document returns the document for a checked 18-character number.
func document(t DocType, s string, birth time.Time) Document {
	sex := Female
	if (s[16]-'0')%2 == 1 {
		sex = Male
	}
	return Document{Type: t, Number: s, Birth: birth, Sex: sex, Region: s[:6]}
}

// birthDate checks ymd, a date of birth as YYYYMMDD found at the positions
// pos of the number, and returns it at midnight UTC. The date must exist, fall
// in 1800 or later (the standard's own example was born in 1880) and not
// after now's calendar date.
func birthDate(ymd, pos string, now time.Time) (time.Time, error) {
	y, m, d := atoi(ymd[:4]), atoi(ymd[4:6]), atoi(ymd[6:])
	zh := fmt.Sprintf("%s年%s月%s日", ymd[:4], ymd[4:6], ymd[6:])
	en := ymd[:4] + "-" + ymd[4:6] + "-" + ymd[6:]
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || t.Day() != d {
		return time.Time{}, numberError(
			fmt.Sprintf("第%s位的出生日期%s不存在", pos, zh),
			fmt.Sprintf("Characters %s hold the date of birth, and %s is not a real date", pos, en))
	}
	if y < 1800 {
		return time.Time{}, numberError(
			fmt.Sprintf("第%s位的出生日期%s早于1800年", pos, zh),
			fmt.Sprintf("Characters %s hold the date of birth, and %s is before 1800", pos, en))
	}
	if today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC); t.After(today) {
		return time.Time{}, numberError(
			fmt.Sprintf("第%s位的出生日期%s晚于今天", pos, zh),
			fmt.Sprintf("Characters %s hold the date of birth, and %s is in the future", pos, en))
	}
	return t, nil
}

// atoi returns the value of s, a few ASCII digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
