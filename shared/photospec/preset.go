// Package photospec describes the photo standards (presets) a finished photo
// must meet and checks a file's container against one: format, pixels,
// resolution and bytes. The engine in wasm/ measures the picture itself
// (background, face geometry); the server uses this package to refuse an
// upload that cannot be a finished photo before storing it.
package photospec

import (
	"encoding/json"
	"image/color"
	"math"
)

// Preset is one photo standard: the file (pixels, resolution, bytes), the
// background, and where the head must sit.
type Preset struct {
	Name     string `json:"name"`
	LabelZH  string `json:"label_zh"`
	LabelEN  string `json:"label_en"`
	Width    int    `json:"width"`  // pixels
	Height   int    `json:"height"` // pixels
	DPI      int    `json:"dpi"`    // written in the JFIF header
	MinBytes int    `json:"min_bytes"`
	MaxBytes int    `json:"max_bytes"` // 0: no upper limit

	// Background is the colour the engine paints by default. Backgrounds
	// lists every colour the standard accepts, Background first. Both are
	// written to JSON as "#RRGGBB" strings (see MarshalJSON).
	Background  color.RGBA   `json:"-"`
	Backgrounds []color.RGBA `json:"-"`

	// Geometry is where the head must sit, in output pixels.
	Geometry Geometry `json:"geometry"`

	// AnyDPI is set when the standard fixes no resolution: DPI is still
	// what Encode writes, but a checker accepts any value.
	AnyDPI bool `json:"any_dpi,omitempty"`
	// MinQuality is the lowest JPEG quality factor the standard accepts
	// (0: no rule).
	MinQuality int `json:"min_quality,omitempty"`
	// NoGlasses records a standard that forbids glasses altogether (most
	// only forbid tinted lenses and glare). The engine cannot enforce it;
	// the app tells the student before the shot.
	NoGlasses bool `json:"no_glasses,omitempty"`
	// Custom marks a preset built by Custom or PresetFromMM rather than
	// taken from a published standard.
	Custom bool `json:"custom,omitempty"`
}

// Geometry is where the head must sit in a finished photo, in the photo's own
// pixels: rows are counted from the top edge. Zero ranges are not checked.
type Geometry struct {
	CrownMin     int `json:"crown_min"` // top of the hair
	CrownMax     int `json:"crown_max"`
	EyeMin       int `json:"eye_min"` // eye line: the row of the midpoint between the pupils
	EyeMax       int `json:"eye_max"`
	FaceWidthMin int `json:"face_width_min"` // cheek to cheek
	FaceWidthMax int `json:"face_width_max"`
	// CenterTolerance is how far (in pixels) the eye midpoint may sit from
	// the vertical centre line.
	CenterTolerance int `json:"center_tolerance"`
	// MaxTilt is how far (in degrees) the eye line may depart from level.
	MaxTilt float64 `json:"max_tilt"`
}

// Background colours the CHSI standard accepts.
var (
	LightBlue = color.RGBA{100, 197, 255, 255}
	White     = color.RGBA{255, 255, 255, 255}
	LightGrey = color.RGBA{240, 240, 240, 255}
)

// CHSI is the graduation photo registered with 学信网: 480 x 640, 300 dpi,
// 20-40 KB, light blue background (white and light grey accepted), baseline
// JPEG of quality >= 60. Every geometry figure is the standard's own.
var CHSI = Preset{
	Name: "chsi", LabelZH: "学信网毕业照", LabelEN: "CHSI graduation photo",
	Width: 480, Height: 640, DPI: 300,
	MinBytes: 20 * 1024, MaxBytes: 40 * 1024,
	Background:  LightBlue,
	Backgrounds: []color.RGBA{LightBlue, White, LightGrey},
	Geometry: Geometry{
		CrownMin: 50, CrownMax: 110,
		EyeMin: 200, EyeMax: 300,
		FaceWidthMin: 180, FaceWidthMax: 300,
		CenterTolerance: 24,
		MaxTilt:         3,
	},
	MinQuality: 60,
}

// DeriveGeometry scales CHSI's geometry to a w x h photo, for standards that
// give no geometry of their own: rows and face width in proportion to the
// height (the head is framed against the photo's height), the centre
// tolerance in proportion to the width. The face width never exceeds w.
func DeriveGeometry(w, h int) Geometry {
	g := CHSI.Geometry
	s := float64(h) / float64(CHSI.Height)
	row := func(v int) int { return int(math.Round(float64(v) * s)) }
	d := Geometry{
		CrownMin: row(g.CrownMin), CrownMax: row(g.CrownMax),
		EyeMin: row(g.EyeMin), EyeMax: row(g.EyeMax),
		FaceWidthMin: min(row(g.FaceWidthMin), w), FaceWidthMax: min(row(g.FaceWidthMax), w),
		CenterTolerance: max(1, int(math.Round(float64(g.CenterTolerance)*float64(w)/float64(CHSI.Width)))),
		MaxTilt:         g.MaxTilt,
	}
	return d
}

// Accepts reports whether c is one of p's accepted backgrounds.
func (p Preset) Accepts(c color.RGBA) bool {
	for _, b := range p.Backgrounds {
		if b == c {
			return true
		}
	}
	return false
}

// WithBackground returns a copy of p that paints c by default. c joins the
// accepted colours if it is not one of them already, so a custom colour is
// what a check of the result expects.
func (p Preset) WithBackground(c color.RGBA) Preset {
	c.A = 255
	q := p.clone()
	q.Background = c
	if !q.Accepts(c) {
		q.Backgrounds = append([]color.RGBA{c}, q.Backgrounds...)
	}
	return q
}

// SizeMM returns the printed size of p at its dpi, in millimetres.
func (p Preset) SizeMM() (w, h float64) {
	if p.DPI <= 0 {
		return 0, 0
	}
	return float64(p.Width) * 25.4 / float64(p.DPI), float64(p.Height) * 25.4 / float64(p.DPI)
}

// clone returns a copy of p that shares no slice with it.
func (p Preset) clone() Preset {
	p.Backgrounds = append([]color.RGBA(nil), p.Backgrounds...)
	return p
}

// MarshalJSON writes the colours as "#RRGGBB" strings, which is what the app
// shows and sends back.
func (p Preset) MarshalJSON() ([]byte, error) {
	type plain Preset // no methods: no recursion
	bgs := make([]string, len(p.Backgrounds))
	for i, c := range p.Backgrounds {
		bgs[i] = Hex(c)
	}
	return json.Marshal(struct {
		plain
		Background  string   `json:"background"`
		Backgrounds []string `json:"backgrounds"`
	}{plain(p), Hex(p.Background), bgs})
}
