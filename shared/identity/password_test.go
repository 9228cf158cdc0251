package identity

import "testing"

func TestDefaultPassword(t *testing.T) {
	tests := []struct{ number, want string }{
		{"11010519491231002X", "31002X"},
		{"11010519491231002x", "31002X"},
		{"440524188001010014", "010014"},
		{"1234567890(B)", "67890B"},
		{"1234567890（ｂ）", "67890B"},
		{"H12345678", "345678"},
		{"USA440090010112", "010112"},
		{"E12345678", "345678"},
		{"123456", "123456"},
		{"E1234", "E1234"},
		{" 1101 0519 4912 3100 2X ", "31002X"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := DefaultPassword(tt.number); got != tt.want {
			t.Errorf("DefaultPassword(%q) = %q, want %q", tt.number, got, tt.want)
		}
	}
}
