package contact

import "testing"

func TestMobile(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"13800138000", "13800138000"},
		{"19912345678", "19912345678"},
		{"16612345678", "16612345678"},
		{" 138 0013 8000 ", "13800138000"},
		{"138-0013-8000", "13800138000"},
		{"+8613800138000", "13800138000"},
		{"+86 138 0013 8000", "13800138000"},
		{"(+86) 138-0013-8000", "13800138000"},
		{"008613800138000", "13800138000"},
		{"0086 13800138000", "13800138000"},
		{"8613800138000", "13800138000"},
		{"１３８００１３８０００", "13800138000"},
		{"＋８６　１３８００１３８０００", "13800138000"},
	}
	for _, tt := range tests {
		got, err := Mobile(tt.raw)
		if err != nil || got != tt.want {
			t.Errorf("Mobile(%q) = %q, %v, want %q", tt.raw, got, err, tt.want)
		}
	}
}

func TestMobileErrors(t *testing.T) {
	tests := []struct{ raw, wantEN string }{
		{"", "Enter the mobile number"},
		{" - ", "Enter the mobile number"},
		{"1380013800", "this one has 10"},
		{"138001380001", "this one has 12"},
		{"86138001380", "starts with 13 to 19, not 86"},
		{"12800138000", "starts with 13 to 19, not 12"},
		{"10086100861", "not 10"},
		{"02012345678", "not 02"},
		{"+85291234567", "Only mainland China mobile numbers (+86)"},
		{"0085291234567", "Only mainland China mobile numbers (+86)"},
		{"+86 1380013800", "this one has 10"},
		{"1380013800O", `digits only, not "O"`},
		{"138.0013.8000", `digits only, not "."`},
		{"138\x000138000", "not the character U+0000"},
		{"1380013800\xff", "not the character U+FFFD"},
		{"138 0013 8000 转 1", `not "转"`},
	}
	for _, tt := range tests {
		got, err := Mobile(tt.raw)
		if err == nil {
			t.Errorf("Mobile(%q) = %q, want an error", tt.raw, got)
			continue
		}
		checkError(t, err, MobileField, tt.wantEN)
	}
}

func TestMaskMobile(t *testing.T) {
	tests := []struct{ m, want string }{
		{"13800135678", "138****5678"},
		{"+86 138 0013 5678", "138****5678"},
		{"02012345678", "*******5678"},
		{"1234567", "*******"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := MaskMobile(tt.m); got != tt.want {
			t.Errorf("MaskMobile(%q) = %q, want %q", tt.m, got, tt.want)
		}
	}
}
