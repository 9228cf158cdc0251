package photospec

import (
	"encoding/json"
	"image/color"
	"strings"
	"testing"

	"gradphoto/shared/apperr"
)

// TestPresetFigures pins every preset's numbers to the standard they come
// from (docs/photo-standard.md) or to the derivation their comment states.
func TestPresetFigures(t *testing.T) {
	type figures struct {
		w, h, dpi     int
		minKB, maxKB  int
		bg            color.RGBA
		bgs           []color.RGBA
		crown, eye    [2]int
		face          [2]int
		center        int
		tilt          float64
		anyDPI, noGls bool
	}
	blueWhiteGrey := []color.RGBA{LightBlue, White, LightGrey}
	tests := []struct {
		name string
		want figures
	}{
		{"chsi", figures{480, 640, 300, 20, 40, LightBlue, blueWhiteGrey, [2]int{50, 110}, [2]int{200, 300}, [2]int{180, 300}, 24, 3, false, false}},
		{"degree", figures{150, 210, 300, 0, 10, LightBlue, []color.RGBA{LightBlue}, [2]int{52, 74}, [2]int{85, 125}, [2]int{50, 85}, 8, 3, true, false}},
		{"one_inch", figures{295, 413, 300, 0, 0, LightBlue, blueWhiteGrey, [2]int{32, 71}, [2]int{129, 194}, [2]int{116, 194}, 15, 3, false, false}},
		{"two_inch", figures{413, 579, 300, 0, 0, LightBlue, blueWhiteGrey, [2]int{45, 100}, [2]int{181, 271}, [2]int{163, 271}, 21, 3, false, false}},
		{"two_inch_large", figures{413, 626, 300, 0, 0, LightBlue, blueWhiteGrey, [2]int{49, 108}, [2]int{196, 293}, [2]int{176, 293}, 21, 3, false, false}},
		{"small_two_inch", figures{413, 531, 300, 0, 0, LightBlue, blueWhiteGrey, [2]int{41, 91}, [2]int{166, 249}, [2]int{149, 249}, 21, 3, false, false}},
		{"passport", figures{390, 567, 300, 30, 80, White, []color.RGBA{White, LightGrey, LightBlue}, [2]int{35, 59}, [2]int{152, 246}, [2]int{189, 283}, 20, 3, false, false}},
		{"resident_id", figures{358, 441, 350, 14, 30, White, []color.RGBA{White}, [2]int{7, 21}, [2]int{120, 234}, [2]int{193, 221}, 18, 3, false, false}},
		{"postgrad", figures{480, 640, 300, 0, 10 << 10, White, []color.RGBA{White, LightBlue}, [2]int{50, 110}, [2]int{192, 320}, [2]int{180, 300}, 24, 10, true, true}},
	}
	if got, want := len(tests), len(Names()); got != want {
		t.Fatalf("the table covers %d presets, Names lists %d", got, want)
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if Names()[i] != tt.name {
				t.Fatalf("Names()[%d] = %q", i, Names()[i])
			}
			p, err := Lookup(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			g := p.Geometry
			got := figures{p.Width, p.Height, p.DPI, p.MinBytes / 1024, p.MaxBytes / 1024, p.Background, p.Backgrounds,
				[2]int{g.CrownMin, g.CrownMax}, [2]int{g.EyeMin, g.EyeMax}, [2]int{g.FaceWidthMin, g.FaceWidthMax},
				g.CenterTolerance, g.MaxTilt, p.AnyDPI, p.NoGlasses}
			if !equalFigures(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			if err := p.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
			if p.LabelZH == "" || p.LabelEN == "" {
				t.Error("missing labels")
			}
			if g.CrownMin >= g.CrownMax || g.CrownMax >= g.EyeMin || g.EyeMin >= g.EyeMax || g.EyeMax >= p.Height ||
				g.FaceWidthMin >= g.FaceWidthMax || g.FaceWidthMax > p.Width {
				t.Errorf("geometry out of order: %+v", g)
			}
		})
	}
}

func equalFigures(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func TestCHSIIsTheDefault(t *testing.T) {
	p, err := Lookup("")
	if err != nil || p.Name != "chsi" || Names()[0] != "chsi" {
		t.Fatalf("Lookup(\"\") = %q, %v", p.Name, err)
	}
	if p.MinQuality != 60 {
		t.Fatalf("MinQuality = %d", p.MinQuality)
	}
}

func TestLookupSpellingsAndErrors(t *testing.T) {
	for in, want := range map[string]string{
		"CHSI": "chsi", " one-inch ": "one_inch", "1寸": "one_inch", "小二寸": "small_two_inch",
		"护照": "passport", "身份证": "resident_id", "考研": "postgrad", "Two_Inch_Large": "two_inch_large",
	} {
		p, err := Lookup(in)
		if err != nil || p.Name != want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", in, p.Name, err, want)
		}
	}
	_, err := Lookup("three_inch")
	e := apperr.As(err)
	if e.Code != apperr.Invalid || e.Field != "preset" || !strings.Contains(e.ZH, "chsi") || !strings.Contains(e.EN, "three_inch") {
		t.Fatalf("err = %#v", e)
	}
}

func TestLookupReturnsACopy(t *testing.T) {
	p, _ := Lookup("chsi")
	p.Backgrounds[0] = color.RGBA{1, 2, 3, 255}
	p.Width = 1
	if q, _ := Lookup("chsi"); q.Backgrounds[0] != LightBlue || q.Width != 480 || CHSI.Backgrounds[0] != LightBlue {
		t.Fatal("Lookup handed out the registry's own slice")
	}
}

func TestPresetFromMM(t *testing.T) {
	tests := []struct {
		wmm, hmm float64
		dpi      int
		w, h     int
	}{
		{25, 35, 300, 295, 413}, // 1寸
		{35, 49, 300, 413, 579}, // 2寸
		{35, 53, 300, 413, 626}, // 大2寸
		{35, 45, 300, 413, 531}, // 小二寸
		{33, 48, 300, 390, 567}, // passport
		{26, 32, 350, 358, 441}, // resident ID
	}
	for _, tt := range tests {
		p, err := PresetFromMM(tt.wmm, tt.hmm, tt.dpi)
		if err != nil {
			t.Fatalf("%gx%g@%d: %v", tt.wmm, tt.hmm, tt.dpi, err)
		}
		if p.Width != tt.w || p.Height != tt.h || p.DPI != tt.dpi || !p.Custom {
			t.Errorf("%gx%g mm @%d = %dx%d @%d, want %dx%d", tt.wmm, tt.hmm, tt.dpi, p.Width, p.Height, p.DPI, tt.w, tt.h)
		}
	}
	// Every published print size is the same as its mm figure.
	for _, p := range []Preset{OneInch, TwoInch, TwoInchLarge, SmallTwoInch, Passport, ResidentID} {
		wmm, hmm := p.SizeMM()
		q, err := PresetFromMM(wmm, hmm, p.DPI)
		if err != nil || q.Width != p.Width || q.Height != p.Height || q.Geometry != DeriveGeometry(p.Width, p.Height) {
			t.Errorf("%s: round trip via %.2fx%.2f mm gave %dx%d (%v)", p.Name, wmm, hmm, q.Width, q.Height, err)
		}
	}
	for _, bad := range [][3]float64{{0, 35, 300}, {25, -1, 300}, {25, 35, 0}, {25, 35, 5000}, {1, 1, 300}, {5000, 35, 300}} {
		if _, err := PresetFromMM(bad[0], bad[1], int(bad[2])); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("PresetFromMM%v: err = %v", bad, err)
		}
	}
}

func TestCustomPresets(t *testing.T) {
	p, err := Custom(600, 800, 300)
	if err != nil {
		t.Fatal(err)
	}
	// 600 x 800 is CHSI scaled by 1.25.
	want := Geometry{CrownMin: 63, CrownMax: 138, EyeMin: 250, EyeMax: 375, FaceWidthMin: 225, FaceWidthMax: 375, CenterTolerance: 30, MaxTilt: 3}
	if p.Geometry != want {
		t.Fatalf("geometry %+v, want %+v", p.Geometry, want)
	}
	if DeriveGeometry(480, 640) != CHSI.Geometry {
		t.Fatal("deriving CHSI from itself changes it")
	}
	red := color.RGBA{200, 20, 30, 255}
	q := p.WithBackground(red)
	if q.Background != red || !q.Accepts(red) || q.Backgrounds[0] != red || p.Accepts(red) {
		t.Fatalf("WithBackground: %+v (original %+v)", q.Backgrounds, p.Backgrounds)
	}
	if w := CHSI.WithBackground(White); w.Background != White || len(w.Backgrounds) != 3 {
		t.Fatalf("choosing an accepted colour changed the list: %+v", w.Backgrounds)
	}
	r, err := q.WithBytes(10*1024, 60*1024)
	if err != nil || !r.BytesOK(30*1024) || r.BytesOK(61*1024) || r.BytesOK(9*1024) {
		t.Fatalf("WithBytes: %+v %v", r, err)
	}
	if _, err := q.WithBytes(50, 10); err == nil {
		t.Fatal("an empty byte range was accepted")
	}
	for _, size := range [][3]int{{10, 640, 300}, {480, 9000, 300}, {480, 640, 0}, {480, 640, 9600}} {
		if _, err := Custom(size[0], size[1], size[2]); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("Custom%v: err = %v", size, err)
		}
	}
	// A narrow photo never asks for a face wider than itself.
	if g := DeriveGeometry(200, 640); g.FaceWidthMax != 200 {
		t.Fatalf("face width max %d on a 200 px photo", g.FaceWidthMax)
	}
}

func TestByteRangeWords(t *testing.T) {
	tests := []struct {
		min, max int
		zh, en   string
	}{
		{20 << 10, 40 << 10, "20-40 KB", "20-40 KB"},
		{0, 10 << 10, "不超过 10 KB", "at most 10 KB"},
		{0, 10 << 20, "不超过 10 MB", "at most 10 MB"},
		{14 << 10, 0, "至少 14 KB", "at least 14 KB"},
		{0, 0, "任意大小", "any size"},
	}
	for _, tt := range tests {
		p := Preset{MinBytes: tt.min, MaxBytes: tt.max}
		if p.ByteRangeZH() != tt.zh || p.ByteRangeEN() != tt.en {
			t.Errorf("%d-%d: %q / %q", tt.min, tt.max, p.ByteRangeZH(), p.ByteRangeEN())
		}
	}
}

func TestPresetJSON(t *testing.T) {
	b, err := json.Marshal(CHSI)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m["background"] != "#64C5FF" || m["name"] != "chsi" {
		t.Fatalf("json: %s", b)
	}
	bgs, _ := m["backgrounds"].([]any)
	if len(bgs) != 3 || bgs[1] != "#FFFFFF" || bgs[2] != "#F0F0F0" {
		t.Fatalf("backgrounds: %v", m["backgrounds"])
	}
	geo, _ := m["geometry"].(map[string]any)
	if geo["eye_min"] != 200.0 || geo["center_tolerance"] != 24.0 {
		t.Fatalf("geometry: %v", geo)
	}
}

func TestCheckFinishedUsesNewRules(t *testing.T) {
	// A preset with no upper byte limit and no fixed dpi accepts what the
	// CHSI check would refuse for those reasons.
	p, _ := Custom(480, 640, 300)
	p.AnyDPI = true
	data := encodeJPEG(t, texture(480, 640, 9), 95)
	if _, err := CheckFinished(data, p); err != nil {
		t.Fatalf("CheckFinished: %v", err)
	}
	if _, err := CheckFinished(data, CHSI); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("CHSI accepted a file without dpi and of %d bytes", len(data))
	}
}
