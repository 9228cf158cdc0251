// Package matte replaces the wall behind a student with a standard colour.
//
// It works on the straightened work crop (about 720 x 960 pixels): it fits
// a smooth model of the wall, separates the person from it, and produces a
// soft alpha matte that [Composite] uses to paint the new background. When
// the wall is not plain, or the person's outline cannot be told from it, it
// refuses with one of wasm/idphoto's reason codes rather than produce a
// blotchy photo or eat the clothes.
//
// The stages (numbered as in the pipeline document), most at half size:
//
//  6. background: a quadratic surface per RGB channel, fitted with outlier
//     rejection to the wall around the head (the top band and the side
//     bands above the mouth); its spread and share of outliers decide
//     whether the wall is plain. After a first segmentation the surface is
//     refitted with the wall found below the mouth too, and if it moved
//     there (side light, vignetting) the segmentation is repeated;
//  7. coarse alpha from the colour distance to that surface, brightness
//     down-weighted (d² = 0.25 dY² + dCb² + dCr², t0 = max(4σ, 0.04)) and
//     darkening along the wall's own colour (a shadow) down-weighted again;
//  8. segmentation: the body prior is a face ellipse, a neck and a torso
//     that reaches the bottom edge with no holes, whose outline is found
//     column by column by dynamic programming (a colour step in each
//     column, shoulders falling away from the neck, mirrored evidence for
//     a faint shoulder, weighed less where the column's own is seen); for
//     it, the wall's own hue a little lighter or up to a third darker (a
//     textured wall, a shadow) counts as wall where the clothing has a hue
//     of its own (shadow.go); the wall is flooded in from the top and side
//     edges around it, the neck band's outer parts included (neck.go),
//     and beside the face, from the eyes to the chin, on through the wall
//     in the head's shade, textured or tinted by the skin, where it is
//     smooth and its hue nearer the wall's than the face's (cheek.go), and
//     below the chin from the side edges through the torso prior where a
//     row reads across as wall up to a clear step to the person, well out
//     from the neck (sides.go); the part connected to the face is kept;
//     without a head or shoulder
//     outline, or with a shoulder seen only in its mirror image, Estimate
//     refuses (low_contrast);
//  9. a trimap band from an exact distance transform (round, reaching
//     further into the wall above the eyes), and inside it alpha by
//     projection of each pixel onto the line from the local wall colour to
//     the local person colour (both read just beyond the band, straight
//     across the edge); where the two are too close for single pixels, the
//     projection of 3 x 3 means; where even those fail, a ramp across the
//     mask edge;
//  10. a guided filter (RGB guide, radius 0.02 face sizes, eps 1e-4) on
//     the half- or quarter-size grid, and the faintest and densest alpha
//     cut to 0 and 1.
//
// Composite then de-spills the foreground and paints the new colour.
//
// Everything runs on flat float32 and uint8 planes with no per-pixel
// closures or interfaces (nor float min/max, which are calls as wasm), so
// that it stays fast natively, as js/wasm and as wasip1.
package matte

import (
	"errors"
	"fmt"
	"image"
	"math"
	"time"
)

// Reason codes, the same strings as wasm/idphoto's codes.
const (
	// BackgroundNotPlain: the wall around the head is not one smooth colour.
	BackgroundNotPlain = "background_not_plain"
	// LowContrast: the head or shoulder outline cannot be told from the wall.
	LowContrast = "low_contrast"
	// HeadCropped: the person fills the crop, leaving no wall to model.
	HeadCropped = "head_cropped"
)

// Refusal is the error Estimate returns when the photo cannot be matted
// well; Code is one of the reason codes above.
type Refusal struct {
	Code   string
	Detail string // for logs and tests, in English
}

func (r *Refusal) Error() string { return "matte: " + r.Code + ": " + r.Detail }

// RefusalCode returns the reason code of err if it is a *Refusal, else "".
func RefusalCode(err error) string {
	var r *Refusal
	if errors.As(err, &r) {
		return r.Code
	}
	return ""
}

// Scene is what Estimate works on.
type Scene struct {
	// Img is the straightened work crop; its bounds need not start at 0, 0.
	Img *image.RGBA
	// Face is the face box in Img (pigo's square box: roughly hairline to
	// just above the chin, about a face wide). Its side is the face size s
	// that every length in this package is scaled by.
	Face image.Rectangle
	// LeftEye and RightEye are the pupils in Img as (x, y); zero when
	// unknown (the eye line is then taken at 0.42 s below the box top).
	LeftEye, RightEye [2]float64
}

// Options tune Estimate; the zero value means the defaults.
type Options struct {
	// MaxResidual is the largest spread of the wall around its fitted surface
	// (0-255 scale, measured on 2x2 block averages) still called plain.
	// Default DefaultMaxResidual.
	MaxResidual float64
	// MaxOutliers is the largest share of the wall samples that may lie off
	// the surface (hair, a shadow, an object) for the wall to be plain.
	// Default DefaultMaxOutliers.
	MaxOutliers float64
}

// Defaults for Options. Measured on the shared photos: plain walls have a
// residual of 0.7-2.5 (a textured concrete wall 2.5, a textured white wall
// 5.1) and 0-1 % outliers; the flag behind Grace Hopper gives 7.2 and 11 %,
// the flag and shuttle behind the astronaut 4.1 and 17 %.
const (
	DefaultMaxResidual = 6.0
	DefaultMaxOutliers = 0.10
)

// Stats describe the wall, as idphoto.BackgroundStats does.
type Stats struct {
	Mean [3]float64 // RGB (0-255) of the fitted surface, averaged over the image
	// Residual is the RMS colour distance (0-255 scale, about the noise per
	// channel) of the wall samples on the surface, on 2 x 2 block averages.
	Residual float64
	// Outliers is the share of wall samples the segmentation would not take
	// for wall (shadows excepted): hair in the band, a flag, a door frame.
	Outliers float64
	Plain    bool
}

// Timing is how long one stage of Estimate took.
type Timing struct {
	Stage string
	Took  time.Duration
}

// Matte is the result of Estimate.
type Matte struct {
	// Rect is the bounds of the image it was estimated on.
	Rect image.Rectangle
	// Alpha holds Rect.Dx() x Rect.Dy() values, row by row: 0 is the wall,
	// 1 the person.
	Alpha []float32
	// Background is the fitted wall.
	Background *Background
	Stats      Stats
	// Crown is the row (in the image's coordinates) of the top of the hair:
	// the first row above the face box with a run of foreground (alpha at
	// least one half) 2 % of a face wide within a face of the centre line,
	// so that flyaway strands do not count. The face box top if none.
	Crown int
	// Timings lists the stages of Estimate in order, for the report:
	// planes, background, differences, segment/torso, segment, then (when
	// the wall drifts below the mouth) background/extend, segment/torso and
	// segment again, band, refine, crown.
	Timings []Timing

	wall rgb // half size: local correction of Background next to the person
}

// AlphaAt returns the alpha at (x, y) in the image's coordinates, 0 outside.
func (m *Matte) AlphaAt(x, y int) float32 {
	if !(image.Point{x, y}.In(m.Rect)) {
		return 0
	}
	return m.Alpha[(y-m.Rect.Min.Y)*m.Rect.Dx()+x-m.Rect.Min.X]
}

// stopwatch records the time of each stage since the previous one.
type stopwatch struct {
	laps []Timing
	last time.Time
}

func (sw *stopwatch) lap(stage string) {
	now := time.Now()
	sw.laps = append(sw.laps, Timing{stage, now.Sub(sw.last)})
	sw.last = now
}

// geometry is the face and body layout Estimate reasons with, in full-size
// pixels relative to the image's top-left corner.
type geometry struct {
	w, h     int
	s        float64 // face size: the side of the face box
	cx       float64 // face centre line
	top      float64 // top of the face box (about the hairline)
	eyeY     float64 // eye line
	chinY    float64 // estimated chin
	faceMidY float64 // centre of the face ellipse
}

func newGeometry(sc Scene) (geometry, error) {
	b := sc.Img.Bounds()
	f := sc.Face.Sub(b.Min)
	g := geometry{w: b.Dx(), h: b.Dy()}
	if f.Dx() < 8 || f.Dy() < 8 || !f.In(image.Rect(0, 0, g.w, g.h)) {
		return g, fmt.Errorf("matte: face box %v is not inside the image %v", sc.Face, b)
	}
	g.s = float64(f.Dx()+f.Dy()) / 2
	g.cx = float64(f.Min.X+f.Max.X) / 2
	g.top = float64(f.Min.Y)
	g.eyeY = g.top + 0.42*g.s
	if sc.LeftEye != [2]float64{} && sc.RightEye != [2]float64{} {
		ex := (sc.LeftEye[0]+sc.RightEye[0])/2 - float64(b.Min.X)
		ey := (sc.LeftEye[1]+sc.RightEye[1])/2 - float64(b.Min.Y)
		// Trust the pupils only where they fall inside the face box.
		if ex > float64(f.Min.X) && ex < float64(f.Max.X) && ey > float64(f.Min.Y) && ey < float64(f.Max.Y) {
			g.cx = ex
			g.eyeY = ey
		}
	}
	g.chinY = float64(f.Max.Y) + 0.15*g.s
	g.faceMidY = g.top + 0.55*g.s
	return g, nil
}

// Estimate separates the person in s.Img from the wall behind.
//
// On a refusal it returns a *Refusal error together with a Matte holding
// what was measured so far (Stats and Background once the wall could be
// fitted; no Alpha), so that the caller can still report the wall. Other
// errors mean bad input, and come with no Matte.
func Estimate(s Scene, opts Options) (*Matte, error) {
	if s.Img == nil || s.Img.Bounds().Empty() {
		return nil, errors.New("matte: no image")
	}
	if opts.MaxResidual <= 0 {
		opts.MaxResidual = DefaultMaxResidual
	}
	if opts.MaxOutliers <= 0 {
		opts.MaxOutliers = DefaultMaxOutliers
	}
	g, err := newGeometry(s)
	if err != nil {
		return nil, err
	}
	m := &Matte{Rect: s.Img.Bounds(), Crown: s.Face.Min.Y}
	sw := &stopwatch{last: time.Now()}
	defer func() { m.Timings = sw.laps }()
	lap := sw.lap

	half := halve(s.Img)
	lap("planes")

	bg, fit, err := fitBackground(half, g)
	if err != nil {
		return m, err // no wall to fit: no Background, no Stats
	}
	m.Background = bg
	m.Stats = fit.stats(bg, opts)
	lap("background")
	if !m.Stats.Plain {
		return m, &Refusal{BackgroundNotPlain, fmt.Sprintf("residual %.1f, outliers %.0f%%", m.Stats.Residual, 100*m.Stats.Outliers)}
	}

	d := newDifferences(half, bg, fit, g)
	lap("differences")
	seg, err := segment(half, d, fit, g, sw)
	lap("segment")
	// With the wall found below the mouth, refit, and if the wall there
	// moves by more than about 1.5 colour units, segment again. (A refusal
	// of the first pass may be the drift this corrects.)
	if bg2, fit2 := extendWall(half, bg, fit, g, seg.wall); bg2 != nil && drift(bg, bg2, g) > 0.006 {
		bg, fit = bg2, fit2
		m.Background = bg
		d.rebase(half, bg, fit)
		lap("background/extend")
		seg, err = segment(half, d, fit, g, sw)
		lap("segment")
	}
	if err != nil {
		return m, err
	}

	bd := bandAlpha(s.Img, half, bg, seg, g, fit.sigma)
	lap("band")

	refine(s.Img, half, bd, g)
	lap("refine")

	m.Alpha = bd.alpha.p
	m.wall = bd.wall
	m.Crown = crown(bd.alpha, g) + m.Rect.Min.Y
	lap("crown")
	return m, nil
}

// clamp01 limits v to [0, 1].
func clamp01(v float32) float32 {
	if v < 0 {
		return 0
	}
	if v > 1 {
		return 1
	}
	return v
}

// clamp11 limits v to [-1, 1]. (Hot loops avoid the float min and max
// builtins, which must order NaNs and signed zeros and compile to several
// branches, most of all as wasm.)
func clamp11(v float32) float32 {
	if v < -1 {
		return -1
	}
	if v > 1 {
		return 1
	}
	return v
}

// iround rounds to the nearest integer.
func iround(v float64) int { return int(math.Floor(v + 0.5)) }
