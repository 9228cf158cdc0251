package photospec

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gradphoto/shared/apperr"
)

// The presets beside CHSI. Figures come from each standard as collection
// centres quote it (see docs/photo-standard.md); a comment says which
// geometry figures are derived rather than published. Where notices
// disagree, the value is configurable through Custom or by editing a copy.
var (
	// Degree is the 学位 photo of the 2009 rule: 150 x 210, at most 10 KB,
	// a single blue background. The notice says the top of the head sits
	// "about 3/10 of the height" below the top edge: the crown band is
	// 25-35 % of the height around that. Derived: eye line and face width
	// (a head of CHSI's proportions hanging from that crown and still
	// leaving room for the shoulders), centre tolerance (5 % of the width as
	// in CHSI), tilt (CHSI's 3 degrees). No resolution is fixed.
	Degree = Preset{
		Name: "degree", LabelZH: "学位照", LabelEN: "Degree photo",
		Width: 150, Height: 210, DPI: 300, AnyDPI: true,
		MinBytes: 0, MaxBytes: 10 * 1024,
		Background:  LightBlue,
		Backgrounds: []color.RGBA{LightBlue},
		Geometry: Geometry{
			CrownMin: 52, CrownMax: 74,
			EyeMin: 85, EyeMax: 125,
			FaceWidthMin: 50, FaceWidthMax: 85,
			CenterTolerance: 8, MaxTilt: 3,
		},
	}

	// OneInch is the 1寸 print photo, 25 x 35 mm at 300 dpi. No published
	// geometry or byte range: geometry derived from CHSI (DeriveGeometry).
	OneInch = printPreset("one_inch", "1寸照", "1-inch photo", 295, 413)

	// TwoInch is the 2寸 photo as 35 x 49 mm; TwoInchLarge is the other 2寸
	// in use, 35 x 53 mm. Sources disagree, so both exist. Geometry derived.
	TwoInch      = printPreset("two_inch", "2寸照", "2-inch photo", 413, 579)
	TwoInchLarge = printPreset("two_inch_large", "大2寸照", "2-inch photo (35 x 53 mm)", 413, 626)

	// SmallTwoInch is the 小二寸 photo, 35 x 45 mm. Geometry derived.
	SmallTwoInch = printPreset("small_two_inch", "小二寸照", "Small 2-inch photo", 413, 531)

	// Passport is the passport / 大一寸 photo, 33 x 48 mm at 300 dpi, by the
	// exit-entry photo guidance (出入境证件相片照相指引): crown 3-5 mm below the
	// top edge (35-59 px), eye line 152-246 px, face width (cheek to cheek)
	// 189-283 px; white, light grey or light blue; 30-80 KB. Derived:
	// centre tolerance (5 % of the width) and tilt (3 degrees).
	Passport = Preset{
		Name: "passport", LabelZH: "护照照", LabelEN: "Passport photo",
		Width: 390, Height: 567, DPI: 300,
		MinBytes: 30 * 1024, MaxBytes: 80 * 1024,
		Background:  White,
		Backgrounds: []color.RGBA{White, LightGrey, LightBlue},
		Geometry: Geometry{
			CrownMin: 35, CrownMax: 59,
			EyeMin: 152, EyeMax: 246,
			FaceWidthMin: 189, FaceWidthMax: 283,
			CenterTolerance: 20, MaxTilt: 3,
		},
	}

	// ResidentID is the resident identity card photo of GA 461-2004:
	// 358 x 441 at 350 dpi (26 x 32 mm), white only, face width 207 +/- 14
	// px, hairline 7-21 px below the top edge, eyes at least 207 px above the
	// bottom edge (eye line <= 234). Notices quote 14-20 KB or 14-30 KB: the
	// wider range is kept. Derived: the lowest eye line (a face of that
	// width hanging from that crown), centre tolerance (5 % of the width),
	// tilt (3 degrees).
	ResidentID = Preset{
		Name: "resident_id", LabelZH: "身份证照", LabelEN: "Resident ID card photo",
		Width: 358, Height: 441, DPI: 350,
		MinBytes: 14 * 1024, MaxBytes: 30 * 1024,
		Background:  White,
		Backgrounds: []color.RGBA{White},
		Geometry: Geometry{
			CrownMin: 7, CrownMax: 21,
			EyeMin: 120, EyeMax: 234,
			FaceWidthMin: 193, FaceWidthMax: 221,
			CenterTolerance: 18, MaxTilt: 3,
		},
	}

	// Postgrad is the 考研 photo: the standard fixes only the 3:4 shape, the
	// eye line at 30-50 % of the height from the top, head rotation within
	// 10 degrees, white or blue background, JPEG up to 10 MB, and no glasses
	// at all. The size chosen here is CHSI's 480 x 640; crown, face width and
	// centre tolerance are CHSI's (derived).
	Postgrad = Preset{
		Name: "postgrad", LabelZH: "考研报名照", LabelEN: "Postgraduate exam photo",
		Width: 480, Height: 640, DPI: 300, AnyDPI: true,
		MinBytes: 0, MaxBytes: 10 << 20,
		Background:  White,
		Backgrounds: []color.RGBA{White, LightBlue},
		Geometry: Geometry{
			CrownMin: 50, CrownMax: 110,
			EyeMin: 192, EyeMax: 320,
			FaceWidthMin: 180, FaceWidthMax: 300,
			CenterTolerance: 24, MaxTilt: 10,
		},
		NoGlasses: true,
	}
)

// printPreset is a print size with no published rules beyond its pixels at
// 300 dpi: CHSI's colours, geometry derived from CHSI, no byte limit.
func printPreset(name, zh, en string, w, h int) Preset {
	return Preset{
		Name: name, LabelZH: zh, LabelEN: en,
		Width: w, Height: h, DPI: 300,
		Background:  LightBlue,
		Backgrounds: []color.RGBA{LightBlue, White, LightGrey},
		Geometry:    DeriveGeometry(w, h),
	}
}

// registry is every named preset, in the order Names lists them.
var registry = []*Preset{&CHSI, &Degree, &OneInch, &TwoInch, &TwoInchLarge, &SmallTwoInch, &Passport, &ResidentID, &Postgrad}

// aliases are other spellings people type for a preset.
var aliases = map[string]string{
	"学信网": "chsi", "毕业照": "chsi", "学位": "degree", "学位照": "degree",
	"1寸": "one_inch", "一寸": "one_inch", "2寸": "two_inch", "二寸": "two_inch",
	"大2寸": "two_inch_large", "大二寸": "two_inch_large", "小二寸": "small_two_inch", "小2寸": "small_two_inch",
	"护照": "passport", "大一寸": "passport", "身份证": "resident_id", "考研": "postgrad",
}

// Names returns the names of the published presets, CHSI (the default) first.
func Names() []string {
	names := make([]string, len(registry))
	for i, p := range registry {
		names[i] = p.Name
	}
	return names
}

// Lookup returns the preset called name (case and "-"/"_" insensitive, a few
// Chinese names accepted); "" means the default, CHSI. The result shares
// nothing with the package's copy.
func Lookup(name string) (Preset, error) {
	key := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "-", "_")
	if key == "" {
		key = CHSI.Name
	}
	if a, ok := aliases[key]; ok {
		key = a
	}
	for _, p := range registry {
		if p.Name == key {
			return p.clone(), nil
		}
	}
	list := strings.Join(Names(), ", ")
	return Preset{}, apperr.Field("preset",
		fmt.Sprintf("未知的照片规格“%s”，可选：%s", name, list),
		fmt.Sprintf("Unknown photo preset %q: choose one of %s", name, list))
}

// Limits on custom presets: a photo, not a poster.
const (
	MinSide = 32
	MaxSide = 8000
	MaxDPI  = 2400
)

// Custom returns a preset of w x h pixels at dpi, for a standard this package
// does not know: CHSI's colours (change them with WithBackground), geometry
// derived from CHSI, no byte limits (set MinBytes and MaxBytes).
func Custom(w, h, dpi int) (Preset, error) {
	p := Preset{
		Name: "custom", LabelZH: "自定义规格", LabelEN: "Custom size",
		Width: w, Height: h, DPI: dpi,
		Background:  LightBlue,
		Backgrounds: []color.RGBA{LightBlue, White, LightGrey},
		Geometry:    DeriveGeometry(w, h),
		Custom:      true,
	}
	return p, p.Validate()
}

// PresetFromMM returns a custom preset of wmm x hmm millimetres at dpi, in
// whole pixels (25 x 35 mm at 300 dpi is 295 x 413).
func PresetFromMM(wmm, hmm float64, dpi int) (Preset, error) {
	if !(wmm > 0 && hmm > 0 && wmm < 1000 && hmm < 1000) || dpi <= 0 || dpi > MaxDPI {
		return Preset{}, apperr.Field("size",
			fmt.Sprintf("照片尺寸 %g x %g 毫米、%d dpi 不合理", wmm, hmm, dpi),
			fmt.Sprintf("A photo of %g x %g mm at %d dpi is not plausible", wmm, hmm, dpi))
	}
	px := func(mm float64) int { return int(math.Round(mm * float64(dpi) / 25.4)) }
	return Custom(px(wmm), px(hmm), dpi)
}

// Validate checks that p describes a photo that can be made: sides of
// MinSide-MaxSide pixels, a dpi of 1-MaxDPI, a byte range that is not empty,
// and a background among the accepted ones.
func (p Preset) Validate() error {
	bad := func(zh, en string) error { return apperr.Field("preset", zh, en) }
	if p.Width < MinSide || p.Height < MinSide || p.Width > MaxSide || p.Height > MaxSide {
		return bad(fmt.Sprintf("照片像素 %dx%d 不合理（每边 %d-%d 像素）", p.Width, p.Height, MinSide, MaxSide),
			fmt.Sprintf("A photo of %dx%d pixels is not plausible (each side %d-%d)", p.Width, p.Height, MinSide, MaxSide))
	}
	if p.DPI <= 0 || p.DPI > MaxDPI {
		return bad(fmt.Sprintf("分辨率 %d dpi 不合理（1-%d）", p.DPI, MaxDPI),
			fmt.Sprintf("A resolution of %d dpi is not plausible (1-%d)", p.DPI, MaxDPI))
	}
	if p.MinBytes < 0 || p.MaxBytes < 0 || (p.MaxBytes > 0 && p.MinBytes > p.MaxBytes) {
		return bad(fmt.Sprintf("文件大小范围 %d-%d 字节不合理", p.MinBytes, p.MaxBytes),
			fmt.Sprintf("The file size range %d-%d bytes is not valid", p.MinBytes, p.MaxBytes))
	}
	if !p.Accepts(p.Background) {
		return bad("默认背景色不在允许的颜色中", "The default background is not among the accepted colours")
	}
	return nil
}

// WithBytes returns a copy of p whose file must be minBytes-maxBytes long
// (maxBytes 0: no upper limit).
func (p Preset) WithBytes(minBytes, maxBytes int) (Preset, error) {
	q := p.clone()
	q.MinBytes, q.MaxBytes = minBytes, maxBytes
	return q, q.Validate()
}
