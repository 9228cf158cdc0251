package face

import (
	"image"
	"math"
	"slices"
)

// FaceWidth is the face's width cheek to cheek as MeasureWidth found it.
type FaceWidth struct {
	Width float64 // pixels, Right - Left
	// Left and Right are the columns of the face's outline on the
	// picture's left and right (the subject's right and left cheek), in
	// the caller's pixel coordinates (centre of pixel i at i).
	Left, Right float64
	// Confidence is 0 to 1: how many rows found both edges, how well the
	// rows agree, how symmetric the edges are about the eye midpoint.
	// Zero when the width is implausible for the pupils or the box.
	Confidence float64
}

// MinWidthConfidence is the Confidence below which a caller should not
// trust the measurement and fall back to the face box's estimate.
const MinWidthConfidence = 0.5

// Reliable says whether the measurement is good enough to use.
func (w FaceWidth) Reliable() bool { return w.Confidence >= MinWidthConfidence }

// Where MeasureWidth looks, in units of the distance d between the pupils,
// below the eye line (rows) and outward from the eye midpoint (columns).
// The outline is taken at the cheekbones, just below the eyes: higher up,
// the temples and brows; lower down, the ears join the cheeks in the same
// skin colour (on the synthetic heads from 0.16 d, on people about as
// low) and a row would run on to the ear's rim.
const (
	widthRowTop    = 0.03 // first row measured
	widthRowBottom = 0.20 // last
	// The skin model is sampled under each eye, above the nostrils and
	// below where a pair of glasses ends.
	skinRowTop    = 0.40
	skinRowBottom = 0.65
	skinHalfWidth = 0.15 // either side of the pupil's column
	// Each row is walked outward from beyond the outer corner of the eye
	// (the eye's white is not skin) to at most widthReach.
	walkStart  = 0.85
	widthReach = 1.6
	// An edge's profile is read this far either side of where the walk
	// stopped: inside and outside colours, and the crossing between.
	edgeNear = 0.03
	edgeFar  = 0.07
)

// Plausible faces: width over the pupils' distance (people: about 2.0-2.3),
// and over the face box's estimate (0.86 of the box side; the photos in
// ../shared/photos measure 0.82-1.05 of it). The confidence falls to zero
// as the rows' spread reaches widthSpreadZero d, or the edges' asymmetry
// about the eye midpoint widthAsymZero of the width (a head turned a
// little, as in hivision_test0.jpg, is 0.11).
const (
	widthSpreadZero, widthAsymZero   = 0.15, 0.35
	minWidthPerEyes, maxWidthPerEyes = 1.6, 2.9
	minWidthPerBox, maxWidthPerBox   = 0.75, 1.3
	boxWidthPerSide                  = 0.86
)

// MeasureWidth measures the face's width cheek to cheek in img, which must
// be upright (eyes level, as the engine's work image is), from the pupils
// (left is the subject's left eye, on the picture's right) and the face
// box.
//
// It learns the skin's colour from the cheek under each eye, then walks
// each row just below the eye line outward from beyond the eyes while the
// colour stays that of the skin behind it (shading drifts, an edge jumps:
// hair, an ear's shadow, the wall), and places the edge where the colour
// is halfway between the skin's and what lies beyond. Each side's edge is the median over the rows, which outvotes the
// rows where an ear, a strand or a glasses' arm gets in the way.
//
// A face whose cheeks are hidden (hair over them, a scarf), whose skin
// cannot be told from what surrounds it, or whose edges are lopsided gets a
// low Confidence.
func MeasureWidth(img *image.RGBA, left, right Point, box image.Rectangle) FaceWidth {
	d := left.X - right.X
	if d < 8 {
		return FaceWidth{}
	}
	eyeY := (left.Y + right.Y) / 2
	midX := (left.X + right.X) / 2
	// A model per side: a side light or a window tints one cheek.
	skinL, okL := cheekSkin(img, right, d) // the picture's left
	skinR, okR := cheekSkin(img, left, d)
	if !okL || !okR {
		return FaceWidth{}
	}
	y0 := int(math.Ceil(eyeY + widthRowTop*d))
	y1 := int(math.Floor(eyeY + widthRowBottom*d))
	var lefts, rights []float64
	rows := 0
	for y := y0; y <= y1; y++ {
		if y < img.Rect.Min.Y || y >= img.Rect.Max.Y {
			continue
		}
		rows++
		if x, ok := skinL.edge(img, y, midX-walkStart*d, midX-widthReach*d, d); ok {
			lefts = append(lefts, x)
		}
		if x, ok := skinR.edge(img, y, midX+walkStart*d, midX+widthReach*d, d); ok {
			rights = append(rights, x)
		}
	}
	if rows == 0 || len(lefts) == 0 || len(rights) == 0 {
		return FaceWidth{}
	}
	l, r := median(lefts), median(rights)
	w := FaceWidth{Width: r - l, Left: l, Right: r}

	found := float64(min(len(lefts), len(rights))) / float64(rows)
	// The spread is the rows' median deviation, which the rows that ran
	// on into an ear (below the band's middle) barely move.
	spread := 1.4826 * max(mad(lefts, l), mad(rights, r)) / d
	asym := math.Abs((r-midX)-(midX-l)) / w.Width
	w.Confidence = found * (1 - min(1, spread/widthSpreadZero)) * (1 - min(1, asym/widthAsymZero))
	est := boxWidthPerSide * float64(box.Dx())
	if perEyes := w.Width / d; perEyes < minWidthPerEyes || perEyes > maxWidthPerEyes ||
		est > 0 && (w.Width < minWidthPerBox*est || w.Width > maxWidthPerBox*est) {
		w.Confidence = 0
	}
	return w
}

// median returns the median of v, which it sorts.
func median(v []float64) float64 {
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// mad is the median absolute deviation of v from m.
func mad(v []float64, m float64) float64 {
	dev := make([]float64, len(v))
	for i, x := range v {
		dev[i] = math.Abs(x - m)
	}
	return median(dev)
}
