package identity_test

import (
	"fmt"
	"time"

	"gradphoto/shared/apperr"
	"gradphoto/shared/identity"
)

func ExampleParse() {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	d, err := identity.Parse(identity.ResidentID, "110105 19491231 002x", now)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Number, d.Birth.Format(time.DateOnly), d.Sex, d.Region)

	_, err = identity.Parse(identity.ResidentID, "110105194912310021", now)
	e := apperr.As(err)
	fmt.Println(e.Field)
	fmt.Println(e.ZH)
	fmt.Println(e.EN)
	// Output:
	// 11010519491231002X 1949-12-31 female 110105
	// doc_number
	// 第18位校验码不正确：按前17位应为X。请核对整个号码，其他位置输错也会导致校验失败
	// The 18th character (check character) is wrong: expected X from the first 17. Check the whole number: a typo anywhere makes the check fail
}

func ExampleParse_legacy() {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	d, _ := identity.Parse(identity.ResidentID, "110105491231002", now)
	fmt.Println(d.Number)
	// Output: 11010519491231002X
}

func ExampleDetect() {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	for _, raw := range []string{"11010519491231002X", "h12345678", "1234567890(B)", "E12345678"} {
		d, _ := identity.Detect(raw, now)
		fmt.Println(d.Type, d.Number)
	}
	// Output:
	// resident_id 11010519491231002X
	// hk_macau_permit H12345678
	// taiwan_permit 1234567890(B)
	// passport E12345678
}

func ExampleCheckChar() {
	fmt.Printf("%c\n", identity.CheckChar("11010519491231002"))
	// Output: X
}

func ExampleDefaultPassword() {
	fmt.Println(identity.DefaultPassword("11010519491231002x"))
	fmt.Println(identity.DefaultPassword("1234567890(B)"))
	// Output:
	// 31002X
	// 67890B
}

func ExampleMask() {
	fmt.Println(identity.Mask("11010519491231002X"))
	// Output: 110***********002X
}

func ExampleParseMRZ() {
	m, err := identity.ParseMRZ(
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Surname, "/", m.GivenNames, "/", m.Number, m.Nationality, m.Sex)
	fmt.Println(m.Birth.Format(time.DateOnly), m.Expiry.Format(time.DateOnly), m.Checks.OK())
	// Output:
	// ERIKSSON / ANNA MARIA / L898902C3 UTO female
	// 1974-08-12 2012-04-15 true
}
