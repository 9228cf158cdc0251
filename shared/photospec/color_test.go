package photospec

import (
	"image/color"
	"testing"

	"gradphoto/shared/apperr"
)

func TestParseColor(t *testing.T) {
	tests := []struct {
		in   string
		want color.RGBA
	}{
		{"blue", LightBlue},
		{"light_blue", LightBlue},
		{"Light Blue", LightBlue},
		{"light-blue", LightBlue},
		{"蓝色", LightBlue},
		{"white", White},
		{" WHITE ", White},
		{"白色", White},
		{"grey", LightGrey},
		{"gray", LightGrey},
		{"light_grey", LightGrey},
		{"灰色", LightGrey},
		{"#64C5FF", LightBlue},
		{"#64c5ff", LightBlue},
		{"#000000", color.RGBA{0, 0, 0, 255}},
		{"100,197,255", LightBlue},
		{"240, 240, 240", LightGrey},
		{"0,0,0", color.RGBA{0, 0, 0, 255}},
	}
	for _, tt := range tests {
		got, err := ParseColor(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseColor(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseColorRefuses(t *testing.T) {
	for _, in := range []string{"", "red", "#64C5F", "#64C5FFF", "#GGGGGG", "256,0,0", "1,2", "1,2,3,4", "-1,2,3", "a,b,c", "#+1234f"} {
		_, err := ParseColor(in)
		e := apperr.As(err)
		if err == nil || e.Code != apperr.Invalid || e.Field != "background" || e.ZH == "" || e.EN == "" {
			t.Errorf("ParseColor(%q): err = %v", in, err)
		}
	}
}

func TestColorNames(t *testing.T) {
	for _, c := range []color.RGBA{LightBlue, White, LightGrey, {1, 2, 3, 255}} {
		back, err := ParseColor(ColorName(c))
		if err != nil || back != c {
			t.Errorf("%v: name %q parses back as %v, %v", c, ColorName(c), back, err)
		}
	}
	if Hex(LightBlue) != "#64C5FF" || ColorName(color.RGBA{10, 20, 30, 255}) != "#0A141E" {
		t.Fatal("hex formatting")
	}
}

func FuzzParseColor(f *testing.F) {
	for _, s := range []string{"blue", "#64C5FF", "1,2,3", "灰色", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseColor(s)
		if err != nil {
			if e := apperr.As(err); e.ZH == "" || e.EN == "" {
				t.Fatalf("error without messages: %v", err)
			}
			return
		}
		if c.A != 255 {
			t.Fatalf("%q gave a transparent colour %v", s, c)
		}
		if back, err := ParseColor(Hex(c)); err != nil || back != c {
			t.Fatalf("%q: hex %s does not parse back", s, Hex(c))
		}
	})
}
