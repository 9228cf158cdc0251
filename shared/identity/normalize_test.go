package identity

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"", ""},
		{"11010519491231002x", "11010519491231002X"},
		{" 110105 1949-1231 002X\t\n", "11010519491231002X"},
		{"１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"},
		{"1234567890（ｂ）", "1234567890(B)"},
		{"H\u3000123\u00A045678", "H12345678"},
		{"\uFEFFe12\u200B345–678", "E12345678"},
		{"12\xff34", "12\uFFFD34"},
		{"护照e1", "护照E1"},
	}
	for _, tt := range tests {
		if got := normalize(tt.raw); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}
