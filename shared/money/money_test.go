package money

import "testing"

func TestYuan(t *testing.T) {
	tests := []struct {
		in   Fen
		want string
	}{
		{0, "0.00"}, {1, "0.01"}, {2000, "20.00"}, {3500, "35.00"}, {123456, "1234.56"}, {-5, "-0.05"},
	}
	for _, tt := range tests {
		if got := tt.in.Yuan(); got != tt.want {
			t.Errorf("Fen(%d).Yuan() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseYuan(t *testing.T) {
	tests := []struct {
		in      string
		want    Fen
		wantErr bool
	}{
		{"35.00", 3500, false},
		{"35", 3500, false},
		{"35.5", 3550, false},
		{"0.01", 1, false},
		{"", 0, true},
		{".5", 0, true},
		{"35.", 0, true},
		{"35.001", 0, true},
		{"-1.00", 0, true},
		{"+1.00", 0, true},
		{"1e3", 0, true},
		{"3 5", 0, true},
		{"1234567890123.00", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseYuan(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d, err=%v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func FuzzParseYuan(f *testing.F) {
	for _, s := range []string{"35.00", "0.01", "1", "-1", "1e9", "99999999.99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseYuan(s)
		if err != nil {
			return
		}
		if v < 0 {
			t.Fatalf("ParseYuan(%q) = %d: negative", s, v)
		}
		back, err := ParseYuan(v.Yuan())
		if err != nil || back != v {
			t.Fatalf("round trip of %q: %d -> %q -> %d, %v", s, v, v.Yuan(), back, err)
		}
	})
}
