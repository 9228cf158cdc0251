package contact

import (
	"encoding/json"
	"strings"
	"testing"
)

// good is an address that passes as it is.
var good = Address{
	Recipient: "张三",
	Mobile:    "13800138000",
	Province:  "北京市",
	City:      "北京市",
	District:  "海淀区",
	Street:    "燕园街道",
	Detail:    "颐和园路5号北京大学",
	Postcode:  "100871",
}

func TestAddressNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   Address
		want Address
	}{
		{"already canonical", good, good},
		{"spaces tidied, mobile and postcode cleaned",
			Address{
				Recipient: "  Anna  Maria\tEriksson ",
				Mobile:    "+86 138-0013-8000",
				Province:  " 广东省 ",
				City:      "广州市",
				District:  "天河区",
				Street:    "",
				Detail:    "五山路\n381号\u3000华南理工大学",
				Postcode:  "５１０６４０",
			},
			Address{
				Recipient: "Anna Maria Eriksson",
				Mobile:    "13800138000",
				Province:  "广东省",
				City:      "广州市",
				District:  "天河区",
				Detail:    "五山路 381号 华南理工大学",
				Postcode:  "510640",
			}},
		{"limits", func() Address {
			a := good
			a.Recipient = strings.Repeat("名", 30)
			a.Province = strings.Repeat("省", 30)
			a.Street = "   "
			a.Detail = "一二三四"
			return a
		}(), func() Address {
			a := good
			a.Recipient = strings.Repeat("名", 30)
			a.Province = strings.Repeat("省", 30)
			a.Street = ""
			a.Detail = "一二三四"
			return a
		}()},
		{"long detail", func() Address { a := good; a.Detail = strings.Repeat("路", 120); return a }(),
			func() Address { a := good; a.Detail = strings.Repeat("路", 120); return a }()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.in.Normalize()
			if err != nil {
				t.Fatalf("Normalize: %v", err)
			}
			if got != tt.want {
				t.Errorf("Normalize =\n%+v, want\n%+v", got, tt.want)
			}
		})
	}
}

func TestAddressNormalizeErrors(t *testing.T) {
	with := func(change func(*Address)) Address {
		a := good
		change(&a)
		return a
	}
	tests := []struct {
		name   string
		in     Address
		field  string
		wantEN string
	}{
		{"no recipient", with(func(a *Address) { a.Recipient = " " }), "address.recipient", "Enter the recipient's name"},
		{"long recipient", with(func(a *Address) { a.Recipient = strings.Repeat("名", 31) }), "address.recipient", "at most 30 characters; this one has 31"},
		{"recipient with NUL", with(func(a *Address) { a.Recipient = "张\x00三" }), "address.recipient", "control character U+0000"},
		{"recipient with override", with(func(a *Address) { a.Recipient = "张\u202E三" }), "address.recipient", "U+202E"},
		{"recipient not UTF-8", with(func(a *Address) { a.Recipient = "张\xff" }), "address.recipient", "not text"},
		{"no mobile", with(func(a *Address) { a.Mobile = "" }), "address.mobile", "Enter the mobile number"},
		{"bad mobile", with(func(a *Address) { a.Mobile = "12800138000" }), "address.mobile", "starts with 13 to 19"},
		{"no province", with(func(a *Address) { a.Province = "" }), "address.province", "Enter the province"},
		{"long city", with(func(a *Address) { a.City = strings.Repeat("市", 31) }), "address.city", "The city has at most 30"},
		{"no district", with(func(a *Address) { a.District = "\t" }), "address.district", "Enter the district or county"},
		{"long street", with(func(a *Address) { a.Street = strings.Repeat("街", 61) }), "address.street", "at most 60"},
		{"short detail", with(func(a *Address) { a.Detail = "5号" }), "address.detail", "at least 4 characters; this one has 2"},
		{"no detail", with(func(a *Address) { a.Detail = "" }), "address.detail", "Enter the detailed address"},
		{"long detail", with(func(a *Address) { a.Detail = strings.Repeat("路", 121) }), "address.detail", "at most 120"},
		{"no postcode", with(func(a *Address) { a.Postcode = "" }), "address.postcode", "Enter the postcode"},
		{"bad postcode", with(func(a *Address) { a.Postcode = "999077" }), "address.postcode", "not 9"},
		{"first error wins", Address{}, "address.recipient", "Enter the recipient's name"},
		{"mobile before postcode", with(func(a *Address) { a.Mobile, a.Postcode = "1", "1" }), "address.mobile", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.in.Normalize()
			if err == nil {
				t.Fatalf("Normalize = %+v, want an error", got)
			}
			checkError(t, err, tt.field, tt.wantEN)
			if got != (Address{}) {
				t.Errorf("Normalize returned %+v with the error, want the zero Address", got)
			}
		})
	}
}

func TestAddressJSON(t *testing.T) {
	b, err := json.Marshal(good)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"recipient":"张三","mobile":"13800138000","province":"北京市","city":"北京市","district":"海淀区","street":"燕园街道","detail":"颐和园路5号北京大学","postcode":"100871"}`
	if string(b) != want {
		t.Errorf("json.Marshal = %s, want %s", b, want)
	}
	var back Address
	if err := json.Unmarshal(b, &back); err != nil || back != good {
		t.Errorf("json.Unmarshal = %+v, %v, want %+v", back, err, good)
	}
}
