package frame

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"gradphoto/shared/photospec"
)

// Measure names a measurement Fit places in its range.
type Measure string

// The measurements of Layout.
const (
	Crown     Measure = "crown"
	EyeLine   Measure = "eye_line"
	FaceWidth Measure = "face_width"
	// Chest is the chest reaching the bottom edge: it misses when more
	// than EdgeSlack of the height would have to be made up.
	Chest Measure = "chest"
)

// Placement is where the output photo lies in the work image: output
// pixel (x, y) is the work image at (X + x/Scale, Y + y/Scale). It also
// says where the measurements land in the output.
type Placement struct {
	Scale float64 // output pixels per work pixel
	X, Y  float64 // the work-image position of output pixel (0, 0)

	Crown     float64 // row of the top of the hair
	EyeLine   float64 // row of the eye line
	FaceWidth float64 // pixels
	EyeMidX   float64 // column of the eye midpoint: the centre line
	// Fill is how many output rows the picture stops short of the bottom
	// edge under the chest: rows FillBelow makes up (0 for a photo with
	// room).
	Fill float64
}

// FitError says which measurements Fit could not put in their ranges. The
// Placement returned with it is the best Fit found: eye line and face
// width in range, the crown as near its range as they allow.
type FitError struct {
	Misses []Measure
}

func (e *FitError) Error() string {
	names := make([]string, len(e.Misses))
	for i, m := range e.Misses {
		names[i] = string(m)
	}
	return "frame: cannot place " + strings.Join(names, ", ") + " in range"
}

// Fit finds the scale and offset that put a head measured in the work
// image into preset p's layout: crownY (the first foreground row above the
// face, from the matte), eyeY (the eye line), faceWidth (cheek to cheek) and
// eyeMidX (the eye midpoint's column), all in work-image pixels.
//
// It aims for the middle of each range: the face width at the middle of
// its range when the crown and eye line then fit too, and the eye line in
// the middle of the rows that keep both the eye line and the crown in
// range. A head that cannot have everything in the middle is kept the fit
// margins inside the ranges when it can be, and on their edges only when
// it cannot. When all cannot hold at once, the eye line and the face width
// are kept in range and the crown misses: Fit then returns the placement
// with a *FitError naming the misses. The eye midpoint always lands on the
// centre line.
func Fit(p photospec.Preset, crownY, eyeY, faceWidth, eyeMidX float64) (Placement, error) {
	return FitWithin(p, crownY, eyeY, faceWidth, eyeMidX, math.Inf(1))
}

// FitWithin is Fit for a picture that ends at work row chestEnd under the
// chest (Plan.ChestEnd): when the chest would stop short of the output's
// bottom edge at Fit's choice, it takes the placement in range that lets
// it reach, or else the one that needs the fewest rows made up (see
// placeReaching), and says how many in Placement.Fill. More than EdgeSlack
// of the height is a miss (Chest).
func FitWithin(p photospec.Preset, crownY, eyeY, faceWidth, eyeMidX, chestEnd float64) (Placement, error) {
	l := layoutOf(p)
	if p.Width <= 0 || p.Height <= 0 || l.FaceMax <= 0 {
		return Placement{}, fmt.Errorf("frame: preset %q has no size or layout", p.Name)
	}
	if faceWidth <= 0 || eyeY <= crownY {
		return Placement{}, errors.New("frame: need a face width and a crown above the eye line")
	}
	height, h, depth := float64(p.Height), eyeY-crownY, chestEnd-eyeY
	s, e := placeInside(l, l.inset(p.Height), h, faceWidth, 0, 0)
	fill := shortfall(height, depth, s, e)
	if fill > 0 {
		// Pushed towards the ends of the ranges to bring the chest down:
		// wider margins there (reachMargins).
		s, e, fill = placeReaching(l, reachMargins(l, height), height, h, faceWidth, 0, 0, depth)
	}
	return placement(p, l, s, e, fill, crownY, eyeY, faceWidth, eyeMidX)
}

// The fit margins are how far inside their ranges Fit keeps the crown, the
// eye line and the face width when the head allows, in CHSI's output pixels
// (scaled with the height for other presets): about what the engine's
// measurements may differ from a checker's (the crown of a matte against
// the first row that is not the background; the face width measured on
// the cheeks against one estimated from a face box), so that a tall head
// framed on the very edge of a range does not fail a check by a pixel.
const fitMarginCrown, fitMarginEye, fitMarginFace = 4, 3, 6

// inset returns l with the fit margins taken off both ends of each range,
// for an output height pixels high.
func (l Layout) inset(height int) Layout {
	f := func(v int) int { return max(1, (v*height+chsiHeight/2)/chsiHeight) }
	c, e, w := f(fitMarginCrown), f(fitMarginEye), f(fitMarginFace)
	l.CrownMin, l.CrownMax = l.CrownMin+c, l.CrownMax-c
	l.EyeMin, l.EyeMax = l.EyeMin+e, l.EyeMax-e
	l.FaceMin, l.FaceMax = l.FaceMin+w, l.FaceMax-w
	return l
}

// place chooses the scale s (output per work pixel) and the eye row e for
// a head whose crown is h above its eyes and whose face is fw wide. sMax,
// when positive, caps the scale; sMin, when positive, raises its floor.
func place(l Layout, h, fw, sMin, sMax float64) (s, e float64) {
	fLo, fHi := faceScales(l, fw, sMin, sMax)
	_, cHi := crownScales(l, h)
	mid := float64(l.FaceMin+l.FaceMax) / 2 / fw
	switch lo, hi := inRange(l, h, fw, sMin, sMax); {
	case lo <= hi:
		s = clamp(mid, lo, hi)
	case cHi < fLo: // the head is tall for its width: the smallest face
		s = fLo
	default: // short: the largest
		s = fHi
	}
	return s, eyeRow(l, h*s)
}

// inRange returns the scales at which the face width is in range and
// some eye row keeps both the eye line and the crown in range (lo > hi
// when there are none).
func inRange(l Layout, h, fw, sMin, sMax float64) (lo, hi float64) {
	fLo, fHi := faceScales(l, fw, sMin, sMax)
	cLo, cHi := crownScales(l, h)
	return max(fLo, cLo), min(fHi, cHi)
}

// faceScales returns the scales that keep a face fw wide in range; sMax,
// when positive, caps them; sMin, when positive, raises their floor.
func faceScales(l Layout, fw, sMin, sMax float64) (lo, hi float64) {
	lo, hi = float64(l.FaceMin)/fw, float64(l.FaceMax)/fw
	if sMax > 0 {
		hi = min(hi, sMax)
	}
	if sMin > 0 {
		lo = max(lo, sMin)
	}
	return lo, hi
}

// crownScales returns the scales for which some eye row keeps both the
// eye line and a crown h above it in range.
func crownScales(l Layout, h float64) (lo, hi float64) {
	return float64(l.EyeMin-l.CrownMax) / h, float64(l.EyeMax-l.CrownMin) / h
}

// eyeRow returns the eye row for a crown hs above the eyes (output
// pixels): the middle of the rows that keep both in range, or, when there
// are none, the eye row in range nearest to them.
func eyeRow(l Layout, hs float64) float64 {
	lo := max(float64(l.EyeMin), float64(l.CrownMin)+hs)
	hi := min(float64(l.EyeMax), float64(l.CrownMax)+hs)
	if lo <= hi {
		return (lo + hi) / 2
	}
	if hi < float64(l.EyeMin) { // crown too low even with the eyes at the top of their range
		return float64(l.EyeMin)
	}
	return float64(l.EyeMax)
}

// placement builds the Placement for scale s and eye row e, and the
// FitError for what misses.
func placement(p photospec.Preset, l Layout, s, e, fill, crownY, eyeY, faceWidth, eyeMidX float64) (Placement, error) {
	cx := float64(p.Width-1) / 2
	pl := Placement{
		Scale:     s,
		X:         eyeMidX - cx/s,
		Y:         eyeY - e/s,
		Crown:     e - (eyeY-crownY)*s,
		EyeLine:   e,
		FaceWidth: faceWidth * s,
		EyeMidX:   cx,
		Fill:      fill,
	}
	const eps = 1e-9
	var misses []Measure
	out := func(v float64, lo, hi int) bool { return v < float64(lo)-eps || v > float64(hi)+eps }
	if out(pl.Crown, l.CrownMin, l.CrownMax) {
		misses = append(misses, Crown)
	}
	if out(pl.EyeLine, l.EyeMin, l.EyeMax) {
		misses = append(misses, EyeLine)
	}
	if out(pl.FaceWidth, l.FaceMin, l.FaceMax) {
		misses = append(misses, FaceWidth)
	}
	if fill > EdgeSlack*float64(p.Height) {
		misses = append(misses, Chest)
	}
	if misses != nil {
		return pl, &FitError{Misses: misses}
	}
	return pl, nil
}

// layoutOf returns p's layout: by name, or CHSI's scaled to p's height.
func layoutOf(p photospec.Preset) Layout {
	if l := LayoutFor(p.Name); l != (Layout{}) {
		return l
	}
	return DeriveLayout(p.Height)
}

func clamp(v, lo, hi float64) float64 { return min(max(v, lo), hi) }
