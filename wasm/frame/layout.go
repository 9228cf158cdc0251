// Package frame places a face in a standard photo: it straightens the
// input so the eyes are level, cuts out the preset's frame plus a margin
// at about 1.5 times the output size (the work image, where the matting
// happens), and, once the crown is known, fits the output frame in the work
// image so that crown, eye line, face width and centre fall in the preset's
// ranges. When the picture stops short of the frame's bottom edge under the
// chest, the framing brings in as much of it as the ranges allow, and
// FillBelow makes up the rest of the clothing.
//
// Coordinates are pixels with the centre of the top-left pixel at (0, 0),
// x to the right and y down, as in package face. Angles are degrees,
// clockwise on screen, as face.Roll returns them.
package frame

// Layout is where a preset wants the head, in output pixels: the crown
// (top of the hair) and the eye line as rows from the top, the face width
// (cheek to cheek), and how far the eye midpoint may be from the vertical
// centre line.
type Layout struct {
	CrownMin, CrownMax int
	EyeMin, EyeMax     int
	FaceMin, FaceMax   int
	CenterTolerance    int
}

// chsi is the CHSI graduation photo's layout (480 x 640): hair top 50-110
// px below the top edge, eye line 200-300, face width 180-300, eye midpoint
// within 24 px of the centre line.
var chsi = Layout{
	CrownMin: 50, CrownMax: 110,
	EyeMin: 200, EyeMax: 300,
	FaceMin: 180, FaceMax: 300,
	CenterTolerance: 24,
}

const chsiHeight = 640

// LayoutFor returns the layout of a preset by name, or the zero Layout
// for a name it does not know. CHSI's figures are the standard's; the
// other presets (sizes from docs/photo-standard.md) have CHSI's scaled by
// their height, except the resident ID's face width, which GA 461 fixes
// at 207 +/- 14 px.
//
// These belong with the presets in shared/photospec; they live here until
// the presets carry their geometry.
func LayoutFor(presetName string) Layout {
	switch presetName {
	case "chsi":
		return chsi
	case "resident_id":
		l := DeriveLayout(441)
		l.FaceMin, l.FaceMax = 207-14, 207+14
		return l
	}
	if h, ok := heights[presetName]; ok {
		return DeriveLayout(h)
	}
	return Layout{}
}

// heights are the output heights of the other presets, in pixels.
var heights = map[string]int{
	"degree":      210, // 150 x 210
	"1inch":       413, // 295 x 413, 25 x 35 mm
	"2inch":       579, // 413 x 579, 35 x 49 mm
	"2inch_53mm":  626, // 413 x 626, 35 x 53 mm
	"small_2inch": 531, // 413 x 531, 35 x 45 mm
	"passport":    567, // 390 x 567, 33 x 48 mm
}

// DeriveLayout scales CHSI's layout to an output height in pixels.
func DeriveLayout(height int) Layout {
	f := func(v int) int { return (v*height + chsiHeight/2) / chsiHeight }
	return Layout{
		CrownMin: f(chsi.CrownMin), CrownMax: f(chsi.CrownMax),
		EyeMin: f(chsi.EyeMin), EyeMax: f(chsi.EyeMax),
		FaceMin: f(chsi.FaceMin), FaceMax: f(chsi.FaceMax),
		CenterTolerance: f(chsi.CenterTolerance),
	}
}
