// Package face finds the faces in a photo and the pupils of the main one,
// with pigo's cascades (github.com/esimov/pigo): enough for the photo engine
// to say "no face", "more than one face" or "face too small", and to level
// the eyes before it frames the photo.
//
// Detection follows what worked on real photos: pigo at angle 0 for faces
// from 0.15 of the picture's shorter side up to all of it, clusters of
// detections merged and de-duplicated here (pigo's own clustering leaves
// near-duplicate boxes), two more passes at ±22.5 degrees so that a tilted
// head beside the student counts as a second face, and, when none of that
// finds a face, a pass for small ones so that the caller can say "step
// closer" rather than "no face". The pupils come from pigo's puploc cascade
// at angle 0: its rotated path is unreliable, so callers straighten the
// picture with Roll instead.
//
// Coordinates are in pixels of the caller's plane, with the centre of the
// top-left pixel at (0, 0), x to the right and y down.
package face

import (
	"image"
	"math"
)

// Point is a position in pixels.
type Point struct {
	X, Y float64
}

// Face is one face the detector found.
type Face struct {
	Center Point
	Size   float64 // side of the square box, which runs from about the hairline to just above the chin
	// Q is the detector's summed score for the face, in units of the
	// default sampling (shift 0.1, scale 1.1): frontal faces in ID-photo
	// conditions score 50-400, false detections rarely more than 8.
	Q float32
	// Angle is the tilt in degrees, clockwise on screen, of the detector
	// pass that scored the face best: 0, or ±22.5 for a head tilted well
	// over. The box geometry comes from the upright pass when it found the
	// face too.
	Angle float64
	// LeftEye and RightEye are the subject's pupils (the left eye is on
	// the right of the picture), from puploc; EyesFound says whether they
	// are plausible for the box: two eyes in its upper half, apart by a
	// fifth to three fifths of its side.
	LeftEye, RightEye Point
	EyesFound         bool
}

// Box returns the face box, rounded to whole pixels.
func (f Face) Box() image.Rectangle {
	h := f.Size / 2
	return image.Rect(
		int(math.Round(f.Center.X-h)), int(math.Round(f.Center.Y-h)),
		int(math.Round(f.Center.X+h)), int(math.Round(f.Center.Y+h)))
}

// EyeMid returns the point halfway between the pupils.
func (f Face) EyeMid() Point {
	return Point{(f.LeftEye.X + f.RightEye.X) / 2, (f.LeftEye.Y + f.RightEye.Y) / 2}
}

// Result is what Find saw.
type Result struct {
	// Faces holds every face cluster found, strongest first, with no two
	// boxes covering the same face.
	Faces []Face
	// Strong is how many of the first Faces are strong enough to be real
	// faces: 0 means no face, more than 1 means several people. The rest
	// are weak clusters, kept for diagnosis.
	Strong int
}

// Options tune Find. The zero value is the setting for a photo: each zero
// field takes the default given beside it.
type Options struct {
	MinSize float64 // smallest face side as a fraction of the shorter image side: 0.15
	MaxSize float64 // largest: 1
	Shift   float64 // window step as a fraction of its size: 0.1
	Scale   float64 // ratio between successive window sizes: 1.1
	IoU     float64 // overlap above which detections join a cluster: 0.2

	// MinQ and RelQ make a face strong: Q at least MinQ and at least RelQ
	// times the best face's Q: 12 and 0.15.
	MinQ float32
	RelQ float32

	SkipTilted bool // skip the two ±22.5 degree passes
	SkipSmall  bool // skip the small-face pass when nothing strong is found
	SkipEyes   bool // skip puploc
}

func (o Options) withDefaults() Options {
	def := func(v *float64, d float64) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.MinSize, 0.15)
	def(&o.MaxSize, 1)
	def(&o.Shift, 0.1)
	def(&o.Scale, 1.1)
	def(&o.IoU, 0.2)
	if o.MinQ <= 0 {
		o.MinQ = 12
	}
	if o.RelQ <= 0 {
		o.RelQ = 0.15
	}
	return o
}

// Sampling of the extra passes. The tilted passes only need to notice a
// face, so they step more coarsely than the upright one; the small-face pass
// looks from half the default smallest size up to it.
const (
	tiltShift = 0.12
	tiltScale = 1.15
	tiltTurn  = 2.0 / 32 // pigo's angle: a fraction of a turn, counter-clockwise on screen
	smallMin  = 0.5      // of Options.MinSize
	minWindow = 20       // pixels: pigo finds nothing much smaller
)

// Find looks for faces in g and the pupils of each strong one.
func (m *Models) Find(g Gray, opts Options) (Result, error) {
	if err := g.check(); err != nil {
		return Result{}, err
	}
	o := opts.withDefaults()
	p := newPlane(g)
	short := float64(min(p.w, p.h))
	minSize := max(minWindow, int(o.MinSize*short))
	maxSize := max(minSize, int(o.MaxSize*short))

	upright := pass{angle: 0, minSize: minSize, maxSize: maxSize, shift: o.Shift, scale: o.Scale}
	cands := m.scan(p, upright, o.IoU)
	if !o.SkipTilted {
		for _, turn := range []float64{tiltTurn, 1 - tiltTurn} {
			tilted := pass{angle: turn, minSize: minSize, maxSize: maxSize, shift: tiltShift, scale: tiltScale}
			cands = append(cands, m.scan(p, tilted, o.IoU)...)
		}
	}
	cands = dedupe(cands)
	strong := countStrong(cands, o)
	if strong == 0 && !o.SkipSmall {
		small := pass{angle: 0, minSize: max(minWindow, int(smallMin*o.MinSize*short)), maxSize: minSize, shift: o.Shift, scale: o.Scale}
		if small.minSize < small.maxSize {
			cands = dedupe(append(cands, m.scan(p, small, o.IoU)...))
			strong = countStrong(cands, o)
		}
	}
	faces := make([]Face, len(cands))
	for i, c := range cands {
		faces[i] = c.Face
	}
	if !o.SkipEyes && m.pupils != nil {
		for i := range faces[:strong] {
			m.eyes(g, &faces[i])
		}
	}
	return Result{Faces: faces, Strong: strong}, nil
}

// countStrong returns how many of faces (strongest first) are strong.
func countStrong(faces []candidate, o Options) int {
	if len(faces) == 0 {
		return 0
	}
	floor := max(o.MinQ, o.RelQ*faces[0].Q)
	n := 0
	for n < len(faces) && faces[n].Q >= floor {
		n++
	}
	return n
}

// Roll returns the angle in degrees, clockwise on screen, of the line from
// the subject's right pupil to their left one: how far the head is tilted,
// and the angle to turn the picture back by to level the eyes (the angle
// frame.Straighten takes).
func Roll(left, right Point) float64 {
	return math.Atan2(left.Y-right.Y, left.X-right.X) * 180 / math.Pi
}
