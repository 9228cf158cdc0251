package frame

import "testing"

func TestLayoutFor(t *testing.T) {
	tests := []struct {
		name string
		want Layout
	}{
		{"chsi", Layout{50, 110, 200, 300, 180, 300, 24}},
		// 2寸 at 579 px high: CHSI's figures times 579/640, rounded.
		{"2inch", Layout{45, 100, 181, 271, 163, 271, 22}},
		{"degree", Layout{16, 36, 66, 98, 59, 98, 8}},
		// GA 461 fixes the face width at 207 +/- 14 px.
		{"resident_id", Layout{34, 76, 138, 207, 193, 221, 17}},
		{"no such preset", Layout{}},
	}
	for _, tt := range tests {
		if got := LayoutFor(tt.name); got != tt.want {
			t.Errorf("LayoutFor(%q) = %+v, want %+v", tt.name, got, tt.want)
		}
	}
	if got := DeriveLayout(640); got != chsi {
		t.Errorf("DeriveLayout(640) = %+v, want CHSI's %+v", got, chsi)
	}
}
