package contact

import (
	"fmt"

	"gradphoto/shared/apperr"
)

// Postcode checks a mainland China postcode and returns its 6 digits. The
// first digit is 0 to 8: mainland postcodes do not start with 9. Spaces and
// full-width digits are accepted. Errors are about PostcodeField.
func Postcode(raw string) (string, error) {
	s := compact(raw)
	if s == "" {
		return "", postcodeError("请填写邮政编码", "Enter the postcode")
	}
	if r, bad := firstNonDigit(s); bad {
		return "", postcodeError(
			"邮政编码只能包含数字，不能有"+quoteZH(r),
			"A postcode has digits only, not "+quoteEN(r))
	}
	if len(s) != 6 {
		return "", postcodeError(
			fmt.Sprintf("邮政编码应为6位数字，当前为%d位", len(s)),
			fmt.Sprintf("A postcode has 6 digits; this one has %d", len(s)))
	}
	if s[0] == '9' {
		return "", postcodeError(
			"邮政编码不以9开头：中国大陆的邮政编码以0至8开头",
			"Mainland China postcodes start with 0 to 8, not 9")
	}
	return s, nil
}

func postcodeError(zh, en string) *apperr.Error {
	return apperr.Field(PostcodeField, zh, en)
}
