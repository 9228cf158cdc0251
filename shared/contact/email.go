package contact

import (
	"fmt"
	"strings"
	"unicode"

	"gradphoto/shared/apperr"
)

// Limits of RFC 5321 on the length of an address and of its local part.
const (
	maxEmail = 254
	maxLocal = 64
	maxLabel = 63
)

// localSpecials are the characters besides letters and digits that the local
// part of an address (before the @) may hold unquoted.
const localSpecials = "!#$%&'*+/=?^_`{|}~.-"

// Email checks an email address and returns it with the domain in lower
// case; the local part keeps its case, which a mail server may honour.
//
// The check is practical rather than complete: one @, a local part of up to
// 64 letters, digits and the usual specials, a domain of letters, digits and
// hyphens with at least one dot and a last label that is not all digits, and
// no more than 254 characters in all. Quoted local parts, IP-address domains
// and internationalised addresses are refused. Full-width characters and the
// ideographic full stop, which Chinese input methods type, become ASCII.
// Errors are about EmailField.
func Email(raw string) (string, error) {
	s := strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '。' {
			return '.'
		}
		return halfWidth(r)
	}, raw))
	if s == "" {
		return "", emailError("请填写电子邮箱", "Enter the email address")
	}
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return "", emailError("电子邮箱地址中不能有空格", "An email address has no spaces")
	}
	if len(s) > maxEmail {
		return "", emailError(
			fmt.Sprintf("电子邮箱地址最多%d个字符，当前为%d个", maxEmail, len(s)),
			fmt.Sprintf("An email address has at most %d characters; this one has %d", maxEmail, len(s)))
	}
	switch strings.Count(s, "@") {
	case 0:
		return "", emailError("电子邮箱地址缺少@", "An email address has an @, as in name@example.com")
	case 1:
	default:
		return "", emailError("电子邮箱地址只能有一个@", "An email address has a single @")
	}
	local, domain, _ := strings.Cut(s, "@")
	if err := checkLocal(local); err != nil {
		return "", err
	}
	domain = strings.ToLower(domain)
	if err := checkDomain(domain); err != nil {
		return "", err
	}
	return local + "@" + domain, nil
}

// checkLocal checks the part of an address before the @.
func checkLocal(local string) error {
	switch {
	case local == "":
		return emailError("@前面缺少用户名", "The part before the @ is missing")
	case len(local) > maxLocal:
		return emailError(
			fmt.Sprintf("@前面的部分最多%d个字符，当前为%d个", maxLocal, len(local)),
			fmt.Sprintf("The part before the @ has at most %d characters; this one has %d", maxLocal, len(local)))
	}
	for _, r := range local {
		if !isAlnum(r) && !strings.ContainsRune(localSpecials, r) {
			return emailError(
				"@前面的部分不能包含"+quoteZH(r),
				"The part before the @ cannot contain "+quoteEN(r))
		}
	}
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return emailError(
			"@前面的部分不能以点开头或结尾，也不能有连续的点",
			"The part before the @ cannot start or end with a dot, or have two dots in a row")
	}
	return nil
}

// checkDomain checks the lower-case part of an address after the @.
func checkDomain(domain string) error {
	if domain == "" {
		return emailError("@后面缺少域名", "The domain after the @ is missing")
	}
	for _, r := range domain {
		if !isAlnum(r) && r != '-' && r != '.' {
			return emailError(
				"@后面的域名不能包含"+quoteZH(r),
				"The domain after the @ cannot contain "+quoteEN(r))
		}
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return emailError(
			"@后面的域名应包含点，如example.com",
			"The domain after the @ has a dot, as in example.com")
	}
	for _, l := range labels {
		switch {
		case l == "":
			return emailError(
				"域名不能以点开头或结尾，也不能有连续的点",
				"The domain cannot start or end with a dot, or have two dots in a row")
		case len(l) > maxLabel:
			return emailError(
				fmt.Sprintf("域名中以点分隔的每一部分最多%d个字符", maxLabel),
				fmt.Sprintf("Each part of the domain between dots has at most %d characters", maxLabel))
		case l[0] == '-' || l[len(l)-1] == '-':
			return emailError(
				"域名中以点分隔的部分不能以连字符开头或结尾",
				"No part of the domain between dots starts or ends with a hyphen")
		}
	}
	if tld := labels[len(labels)-1]; strings.Trim(tld, "0123456789") == "" {
		return emailError(
			"域名应以字母结尾，如.com或.cn",
			"The domain ends in letters, such as .com or .cn")
	}
	return nil
}

func isAlnum(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
}

func emailError(zh, en string) *apperr.Error {
	return apperr.Field(EmailField, zh, en)
}
