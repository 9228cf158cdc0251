package face

import (
	"math"
	"math/rand"
)

// Where puploc starts, in fractions of the face box side: a window of a
// quarter of the side, 0.075 above the box centre and 0.18 to either side.
// Each eye is the median of 63 runs from randomly perturbed starts, which
// is the count pigo's RunDetector is built for (its buffers hold 63 runs),
// and the pupils are pigo's (see pupilFinder).
const (
	pupilSeed = 1 // seeds puploc's random perturbations
	eyeRow    = -0.075
	eyeCol    = 0.18
	eyeWindow = 0.25
	perturbs  = 63
)

// eyes runs puploc for both eyes of f, on the caller's full-resolution
// plane, and says whether the result is plausible. The starts are turned by
// the face's tilt; puploc itself runs upright (its rotated path is
// unreliable).
//
// puploc perturbs its starts with math/rand's global source, so two runs on
// the same picture may differ by a pixel or two.
func (m *Models) eyes(g Gray, f *Face) {
	// puploc draws its perturbations from math/rand's global source: seed
	// it so that one photo always gives the same pupils. Since Go 1.24 this
	// takes effect only in programs that set GODEBUG randseednop=0 (the
	// engine's commands do, with a //go:debug line); elsewhere the pupils
	// jitter by 1-3 px.
	rand.Seed(pupilSeed)
	s := f.Size
	sin, cos := math.Sincos(f.Angle * math.Pi / 180)
	find := func(dx, dy float64) Point {
		col := int(math.Round(f.Center.X + dx*cos - dy*sin))
		row := int(math.Round(f.Center.Y + dx*sin + dy*cos))
		return m.pupils.run(g, row, col, float32(eyeWindow*s), perturbs)
	}
	f.RightEye = find(-eyeCol*s, eyeRow*s) // on the left of the picture
	f.LeftEye = find(eyeCol*s, eyeRow*s)
	f.EyesFound = plausibleEyes(*f)
}

// plausibleEyes says whether f's pupils fit its box: in the face's own
// upright frame, both in the box and above its centre line plus a tenth,
// the subject's left eye on the right, at most 30 degrees off the face's
// tilt, apart by 0.2 to 0.6 of the box side.
func plausibleEyes(f Face) bool {
	s := f.Size
	sin, cos := math.Sincos(-f.Angle * math.Pi / 180)
	for _, e := range []Point{f.LeftEye, f.RightEye} {
		dx, dy := e.X-f.Center.X, e.Y-f.Center.Y
		x, y := dx*cos-dy*sin, dx*sin+dy*cos
		if math.Abs(x) > 0.45*s || y < -0.45*s || y > 0.1*s {
			return false
		}
	}
	d := math.Hypot(f.LeftEye.X-f.RightEye.X, f.LeftEye.Y-f.RightEye.Y)
	off := math.Abs(math.Remainder(Roll(f.LeftEye, f.RightEye)-f.Angle, 360))
	return d >= 0.2*s && d <= 0.6*s && off <= 30
}
