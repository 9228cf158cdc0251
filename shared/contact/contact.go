// Package contact checks the ways to reach a student: mainland mobile
// numbers, e-mail addresses, postcodes and mailing addresses.
package contact

import (
	"strings"
	"unicode/utf8"

	"gradphoto/shared/apperr"
)

// Mobile returns the 11 digits of a mainland mobile number, accepting a
// +86 / 86 / 0086 prefix, spaces and hyphens.
func Mobile(raw string) (string, error) {
	s := strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(raw))
	for _, p := range []string{"+86", "0086", "86"} {
		if strings.HasPrefix(s, p) && len(s) == len(p)+11 {
			s = s[len(p):]
			break
		}
	}
	if len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9' || !digits(s) {
		return "", apperr.Field("mobile", "请输入11位手机号码，例如 13812345678", "Enter an 11-digit mainland mobile number, e.g. 13812345678")
	}
	return s, nil
}

// Email checks an address loosely (one @, a dotted domain, no spaces) and
// lower-cases the domain.
func Email(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	bad := apperr.Field("email", "邮箱格式不正确", "The e-mail address is not valid")
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || len(local) > 64 || len(s) > 254 || strings.ContainsAny(s, " \t\r\n<>()[],;:\"") ||
		strings.Contains(domain, "@") || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") ||
		strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return "", bad
	}
	return local + "@" + strings.ToLower(domain), nil
}

// Postcode checks a 6-digit mainland postcode.
func Postcode(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if len(s) != 6 || !digits(s) || s[0] == '9' {
		return "", apperr.Field("postcode", "邮政编码应为6位数字", "The postcode must be 6 digits")
	}
	return s, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MaskMobile shows the first three and last four digits: 138****5678.
func MaskMobile(m string) string {
	if len(m) != 11 {
		return strings.Repeat("*", len(m))
	}
	return m[:3] + "****" + m[7:]
}

// Address is a mailing address, with the fields WeChat's address picker returns.
type Address struct {
	Recipient string `json:"recipient"`
	Mobile    string `json:"mobile"`
	Province  string `json:"province"`
	City      string `json:"city"`
	District  string `json:"district"`
	Street    string `json:"street,omitempty"`
	Detail    string `json:"detail"`
	Postcode  string `json:"postcode"`
}

// Normalize trims and checks every field, returning the first problem in the
// order the form shows them.
func (a Address) Normalize() (Address, error) {
	clean := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	a.Recipient, a.Province, a.City, a.District, a.Street, a.Detail =
		clean(a.Recipient), clean(a.Province), clean(a.City), clean(a.District), clean(a.Street), clean(a.Detail)
	if n := utf8.RuneCountInString(a.Recipient); n < 1 || n > 30 {
		return a, apperr.Field("address.recipient", "请填写收件人（最多30个字）", "Enter the recipient (at most 30 characters)")
	}
	m, err := Mobile(a.Mobile)
	if err != nil {
		return a, apperr.As(err).WithField("address.mobile")
	}
	a.Mobile = m
	for _, f := range []struct{ v, field, zh, en string }{
		{a.Province, "address.province", "省份", "province"},
		{a.City, "address.city", "城市", "city"},
		{a.District, "address.district", "区县", "district"},
	} {
		if n := utf8.RuneCountInString(f.v); n < 1 || n > 30 {
			return a, apperr.Field(f.field, "请选择"+f.zh, "Choose the "+f.en)
		}
	}
	if utf8.RuneCountInString(a.Street) > 60 {
		return a, apperr.Field("address.street", "街道过长", "The street is too long")
	}
	if n := utf8.RuneCountInString(a.Detail); n < 4 || n > 120 {
		return a, apperr.Field("address.detail", "请填写详细地址（4到120个字）", "Enter the detailed address (4 to 120 characters)")
	}
	p, err := Postcode(a.Postcode)
	if err != nil {
		return a, apperr.As(err).WithField("address.postcode")
	}
	a.Postcode = p
	return a, nil
}
