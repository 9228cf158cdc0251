package contact_test

import (
	"fmt"

	"gradphoto/shared/apperr"
	"gradphoto/shared/contact"
)

func ExampleMobile() {
	m, err := contact.Mobile("+86 138-0013-8000")
	fmt.Println(m, err)
	fmt.Println(contact.MaskMobile(m))

	_, err = contact.Mobile("1380013800")
	fmt.Println(apperr.As(err).ZH)
	// Output:
	// 13800138000 <nil>
	// 138****8000
	// 手机号码应为11位数字，当前为10位
}

func ExampleEmail() {
	e, _ := contact.Email(" Zhang.San@PKU.edu.CN ")
	fmt.Println(e)
	// Output: Zhang.San@pku.edu.cn
}

func ExampleAddress_Normalize() {
	a, err := contact.Address{
		Recipient: " 张三 ",
		Mobile:    "138 0013 8000",
		Province:  "北京市",
		City:      "北京市",
		District:  "海淀区",
		Detail:    "颐和园路5号  北京大学",
		Postcode:  "100871",
	}.Normalize()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q %s %q %s\n", a.Recipient, a.Mobile, a.Detail, a.Postcode)

	_, err = contact.Address{Recipient: "张三", Mobile: "138"}.Normalize()
	e := apperr.As(err)
	fmt.Println(e.Field, e.EN)
	// Output:
	// "张三" 13800138000 "颐和园路5号 北京大学" 100871
	// address.mobile A mobile number has 11 digits; this one has 3
}
