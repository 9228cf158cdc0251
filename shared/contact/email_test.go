package contact

import (
	"strings"
	"testing"
)

// longest is an address of 254 characters, the most Email accepts.
var longest = strings.Repeat("a", 64) + "@" + strings.Repeat(strings.Repeat("b", 60)+".", 3) + "cccccc"

func TestEmail(t *testing.T) {
	if len(longest) != 254 {
		t.Fatalf("longest has %d characters", len(longest))
	}
	tests := []struct{ raw, want string }{
		{"zhang.san@example.com", "zhang.san@example.com"},
		{" Zhang.San@Example.COM ", "Zhang.San@example.com"},
		{"12345678@qq.com", "12345678@qq.com"},
		{"first+tag@mail.pku.edu.cn", "first+tag@mail.pku.edu.cn"},
		{"o'neil_x-y@my-school.org", "o'neil_x-y@my-school.org"},
		{"ｚｈａｎｇ＠ｑｑ．ｃｏｍ", "zhang@qq.com"},
		{"zhang@qq。com", "zhang@qq.com"},
		{"a@b.co", "a@b.co"},
		{strings.Repeat("a", 64) + "@example.com", strings.Repeat("a", 64) + "@example.com"},
		{"x@" + strings.Repeat("a", 63) + ".com", "x@" + strings.Repeat("a", 63) + ".com"},
		{longest, longest},
	}
	for _, tt := range tests {
		got, err := Email(tt.raw)
		if err != nil || got != tt.want {
			t.Errorf("Email(%q) = %q, %v, want %q", tt.raw, got, err, tt.want)
		}
	}
}

func TestEmailErrors(t *testing.T) {
	tests := []struct{ raw, wantEN string }{
		{"", "Enter the email address"},
		{"   ", "Enter the email address"},
		{"zhang san@qq.com", "no spaces"},
		{"zhang\u3000san@qq.com", "no spaces"},
		{"zhang.qq.com", "has an @"},
		{"a@b@qq.com", "a single @"},
		{"@qq.com", "before the @ is missing"},
		{strings.Repeat("a", 65) + "@qq.com", "at most 64 characters; this one has 65"},
		{longest + "c", "at most 254 characters; this one has 255"},
		{"zhang,san@qq.com", `cannot contain ","`},
		{"张三@qq.com", `cannot contain "张"`},
		{".zhang@qq.com", "cannot start or end with a dot"},
		{"zhang.@qq.com", "cannot start or end with a dot"},
		{"zhang..san@qq.com", "two dots in a row"},
		{"zhang@", "domain after the @ is missing"},
		{"zhang@localhost", "has a dot"},
		{"zhang@qq..com", "two dots in a row"},
		{"zhang@.qq.com", "cannot start or end with a dot"},
		{"zhang@qq.com.", "cannot start or end with a dot"},
		{"zhang@-qq.com", "starts or ends with a hyphen"},
		{"zhang@qq-.com", "starts or ends with a hyphen"},
		{"zhang@qq_mail.com", `cannot contain "_"`},
		{"zhang@[127.0.0.1]", `cannot contain "["`},
		{"zhang@127.0.0.1", "ends in letters"},
		{"zhang@例子.中国", `cannot contain "例"`},
		{"x@" + strings.Repeat("a", 64) + ".com", "at most 63 characters"},
		{"zhang@qq.com\x00", "cannot contain the character U+0000"},
	}
	for _, tt := range tests {
		got, err := Email(tt.raw)
		if err == nil {
			t.Errorf("Email(%q) = %q, want an error", tt.raw, got)
			continue
		}
		checkError(t, err, EmailField, tt.wantEN)
	}
}
