package contact

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"gradphoto/shared/apperr"
)

// Address is a mailing address for delivering printed photos, with the fields
// of WeChat's address picker.
type Address struct {
	Recipient string `json:"recipient"`
	Mobile    string `json:"mobile"`
	Province  string `json:"province"`
	City      string `json:"city"`
	District  string `json:"district"` // district or county
	Street    string `json:"street"`   // street or town; optional
	Detail    string `json:"detail"`   // the rest: road, number, building, room
	Postcode  string `json:"postcode"`
}

// textField describes a free-text field of an address and its limits, in
// characters.
type textField struct {
	name     string // the field of the error
	zh, en   string // the field in a sentence
	min, max int
}

var (
	recipientField = textField{"address.recipient", "收件人姓名", "the recipient's name", 1, 30}
	provinceField  = textField{"address.province", "省份", "the province", 1, 30}
	cityField      = textField{"address.city", "城市", "the city", 1, 30}
	districtField  = textField{"address.district", "区县", "the district or county", 1, 30}
	streetField    = textField{"address.street", "街道", "the street or town", 0, 60}
	detailField    = textField{"address.detail", "详细地址", "the detailed address", 4, 120}
)

// Normalize checks every field of a and returns the address in canonical
// form: text fields trimmed, with runs of spaces and line breaks made single
// spaces, the mobile number as 11 digits and the postcode as 6.
//
// The recipient's name takes 1 to 30 characters; province, city and district
// 1 to 30 each; the street is optional, up to 60; the detailed address 4 to
// 120. Mobile and Postcode follow the functions of those names. Text may not
// hold control or formatting characters, which do not print on a label.
//
// When several fields are wrong, the error is about the first, in the order
// of the struct: the form checks fields as they are typed, so a complete
// submission rarely has more than one. Its field is "address." followed by
// the JSON name of the field, as in "address.mobile".
func (a Address) Normalize() (Address, error) {
	var out Address
	var err error
	if out.Recipient, err = recipientField.check(a.Recipient); err != nil {
		return Address{}, err
	}
	if out.Mobile, err = Mobile(a.Mobile); err != nil {
		return Address{}, apperr.As(err).WithField("address.mobile")
	}
	if out.Province, err = provinceField.check(a.Province); err != nil {
		return Address{}, err
	}
	if out.City, err = cityField.check(a.City); err != nil {
		return Address{}, err
	}
	if out.District, err = districtField.check(a.District); err != nil {
		return Address{}, err
	}
	if out.Street, err = streetField.check(a.Street); err != nil {
		return Address{}, err
	}
	if out.Detail, err = detailField.check(a.Detail); err != nil {
		return Address{}, err
	}
	if out.Postcode, err = Postcode(a.Postcode); err != nil {
		return Address{}, apperr.As(err).WithField("address.postcode")
	}
	return out, nil
}

// check returns s with its spaces tidied, or an error if it breaks the
// field's rules.
func (f textField) check(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", f.error(
			f.zh+"包含无法识别的字符，请重新输入",
			capital(f.en)+" holds bytes that are not text: enter it again")
	}
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.IndexFunc(s, invisible); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return "", f.error(
			fmt.Sprintf("%s包含不可见的控制字符U+%04X", f.zh, r),
			fmt.Sprintf("%s holds the invisible control character U+%04X", capital(f.en), r))
	}
	switch n := utf8.RuneCountInString(s); {
	case n == 0 && f.min > 0:
		return "", f.error("请填写"+f.zh, "Enter "+f.en)
	case n < f.min:
		return "", f.error(
			fmt.Sprintf("%s至少%d个字，当前为%d个", f.zh, f.min, n),
			fmt.Sprintf("%s has at least %d characters; this one has %d", capital(f.en), f.min, n))
	case n > f.max:
		return "", f.error(
			fmt.Sprintf("%s最多%d个字，当前为%d个", f.zh, f.max, n),
			fmt.Sprintf("%s has at most %d characters; this one has %d", capital(f.en), f.max, n))
	}
	return s, nil
}

func (f textField) error(zh, en string) *apperr.Error {
	return apperr.Field(f.name, zh, en)
}

// invisible reports whether r is a control or formatting character, such as
// NUL or a right-to-left override, that has no place in an address.
func invisible(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// capital upper-cases the first letter of an English phrase, to start a
// sentence.
func capital(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
