package face

import (
	"image"
	"math"
)

// Tolerances of the skin test. Chromaticity is (R, G) / (R + G + B), which
// shading leaves alone; brightness is R + G + B. The cheek is not one
// colour: it darkens and changes hue towards the outline, so a walk
// compares each pixel with the skin a little behind it, not with the cheek
// under the eye; a face's edge is a jump, which that reference does not
// follow.
const (
	skinMinChroma = 0.015 // the chromaticity distance always tolerated
	skinSpread    = 5.0   // times the cheek's own spread (robust sigma), if larger
	// skinMaxChroma caps the tolerance where the cheek's spread is large
	// (creases of a laugh, stubble, a noisy dim photo under the eye):
	// beyond it the walk would run deep into the edge's blur.
	skinMaxChroma = 0.06
	// Brightness may drift to skinDarkest or skinBrightest of the cheek's
	// over the walk, and jump by skinStep from the running mean: dark
	// hair is far darker at once.
	skinDarkest   = 0.35
	skinBrightest = 1.8
	skinStep      = 0.7
	skinMemory    = 0.03  // the reference's length
	skinLag       = 0.025 // and its distance behind the walk
)

// colourAt is the mean colour of the 3 x 3 pixels about (x, y), those in
// the picture: single pixels of a phone's JPEG carry noise and block
// artefacts of a few levels, which in a dim photo move the chromaticity by
// as much as skin and hair differ.
func colourAt(img *image.RGBA, x, y int) (c [3]float64) {
	n := 0
	for yy := max(y-1, img.Rect.Min.Y); yy <= min(y+1, img.Rect.Max.Y-1); yy++ {
		for xx := max(x-1, img.Rect.Min.X); xx <= min(x+1, img.Rect.Max.X-1); xx++ {
			p := img.Pix[img.PixOffset(xx, yy):]
			c[0] += float64(p[0])
			c[1] += float64(p[1])
			c[2] += float64(p[2])
			n++
		}
	}
	if n > 0 {
		c[0], c[1], c[2] = c[0]/float64(n), c[1]/float64(n), c[2]/float64(n)
	}
	return c
}

// skinModel is one cheek's colour: median chromaticity and brightness, and
// how far from them skin may go.
type skinModel struct {
	r, g, sum float64
	tol       float64 // chromaticity distance
}

// cheekSkin samples the cheek under eye e. It fails when the cheek is off
// the picture or too dark to have a colour.
func cheekSkin(img *image.RGBA, e Point, d float64) (skinModel, bool) {
	var rs, gs, sums []float64
	step := max(1, int(d/40))
	x0, x1 := int(e.X-skinHalfWidth*d), int(e.X+skinHalfWidth*d)
	y0, y1 := int(e.Y+skinRowTop*d), int(e.Y+skinRowBottom*d)
	for y := y0; y <= y1; y += step {
		for x := x0; x <= x1; x += step {
			if !(image.Point{x, y}.In(img.Rect)) {
				continue
			}
			p := colourAt(img, x, y)
			s := p[0] + p[1] + p[2]
			if s < 30 {
				continue
			}
			rs = append(rs, p[0]/s)
			gs = append(gs, p[1]/s)
			sums = append(sums, s)
		}
	}
	if len(rs) < 10 {
		return skinModel{}, false
	}
	m := skinModel{r: median(rs), g: median(gs), sum: median(sums)}
	if m.sum < 60 {
		return skinModel{}, false
	}
	// 1.4826 MAD is a sigma that a few stray pixels (a freckle, a
	// nostril's shadow) do not inflate.
	sigma := 1.4826 * math.Hypot(mad(rs, m.r), mad(gs, m.g))
	m.tol = min(max(skinMinChroma, skinSpread*sigma), skinMaxChroma)
	return m, true
}

// skinRef is what a walk compares the next pixel with.
type skinRef struct{ r, g, sum float64 }

// like says whether pixel p could be the skin that ref describes, for a
// cheek modelled by m.
func (m skinModel) like(ref skinRef, p [3]float64) bool {
	s := p[0] + p[1] + p[2]
	if s < skinDarkest*m.sum || s > skinBrightest*m.sum || s < skinStep*ref.sum || skinStep*s > ref.sum {
		return false
	}
	return math.Hypot(p[0]/s-ref.r, p[1]/s-ref.g) <= m.tol
}

// skinStartDrift is how far, in units of the cheek's tolerance, the skin
// where a walk starts may be from the cheek under the eye.
const skinStartDrift = 2.5

// startRef is the mean colour of n pixels of row y from column x in
// direction dir, if it is near enough to the cheek's to be skin.
func (m skinModel) startRef(img *image.RGBA, y, x, dir, n int) (skinRef, bool) {
	var ref skinRef
	k := 0
	for i := range max(1, n) {
		xi := x + i*dir
		if xi < img.Rect.Min.X || xi >= img.Rect.Max.X {
			break
		}
		p := colourAt(img, xi, y)
		s := p[0] + p[1] + p[2]
		if s < 30 {
			return ref, false
		}
		ref.r += p[0] / s
		ref.g += p[1] / s
		ref.sum += s
		k++
	}
	if k == 0 {
		return ref, false
	}
	ref.r, ref.g, ref.sum = ref.r/float64(k), ref.g/float64(k), ref.sum/float64(k)
	ok := ref.sum >= skinDarkest*m.sum && ref.sum <= skinBrightest*m.sum &&
		math.Hypot(ref.r-m.r, ref.g-m.g) <= skinStartDrift*m.tol
	return ref, ok
}

// edge walks row y from column from towards column to (either way) while
// the pixels are skin, and returns where the face's edge crosses the row.
// The walk must start on skin and stop at a run of non-skin pixels (one
// odd pixel is noise) before to.
func (m skinModel) edge(img *image.RGBA, y int, from, to, d float64) (float64, bool) {
	dir := 1
	if to < from {
		dir = -1
	}
	x, end := int(math.Round(from)), int(math.Round(to))
	end = min(max(end, img.Rect.Min.X), img.Rect.Max.X-1)
	if x < img.Rect.Min.X || x >= img.Rect.Max.X {
		return 0, false
	}
	// The walk starts from the skin where it starts, which may be shaded
	// or tinted away from the cheek under the eye, but not by much more
	// than the cheek's own spread: else it starts on hair or a frame.
	ref, ok := m.startRef(img, y, x, -dir, int(skinMemory*d))
	if !ok {
		return 0, false
	}
	// The reference is the mean of the skin walked over skinMemory d
	// behind the pixel, skipping the skinLag d just behind it: an edge
	// blurred over a few pixels would otherwise drag the reference along
	// with it, and a faint one (blonde hair beside light skin) would not
	// stop the walk.
	lag, w := max(2, int(skinLag*d)), max(3, int(skinMemory*d))
	cum := []skinRef{{}} // cumulative sums of the walked skin
	run := max(2, int(0.02*d))
	stop, n := 0, 0
	for ; (end-x)*dir >= 0; x += dir {
		if k := len(cum) - 1 - lag; k >= w {
			a, b := cum[k-w], cum[k]
			f := 1 / float64(w)
			ref = skinRef{(b.r - a.r) * f, (b.g - a.g) * f, (b.sum - a.sum) * f}
		}
		p := colourAt(img, x, y)
		if m.like(ref, p) {
			n = 0
			s := p[0] + p[1] + p[2]
			last := cum[len(cum)-1]
			cum = append(cum, skinRef{last.r + p[0]/s, last.g + p[1]/s, last.sum + s})
			continue
		}
		if n == 0 {
			stop = x
		}
		n++
		if n == run {
			break
		}
	}
	if n < run {
		return 0, false
	}
	return crossing(img, y, stop, dir, d)
}

// crossing places the edge near column stop, where a walk in direction dir
// left the skin: the first column, going outward, where the colour is
// halfway from the skin's, read well inside, to what lies beyond, read
// outside. On an edge blurred by
// resampling or JPEG that is the true outline, where a fixed threshold
// would land early or late with the contrast.
func crossing(img *image.RGBA, y, stop, dir int, d float64) (float64, bool) {
	near, far := max(1, int(edgeNear*d)), max(2, int(edgeFar*d))
	lo, hi := img.Rect.Min.X, img.Rect.Max.X-1
	mean := func(a, b int) ([3]float64, bool) { // columns stop+a*dir .. stop+b*dir
		var c [3]float64
		n := 0
		for k := a; k <= b; k++ {
			x := stop + k*dir
			if x < lo || x > hi {
				continue
			}
			p := img.Pix[img.PixOffset(x, y):]
			c[0] += float64(p[0])
			c[1] += float64(p[1])
			c[2] += float64(p[2])
			n++
		}
		if n == 0 {
			return c, false
		}
		return [3]float64{c[0] / float64(n), c[1] / float64(n), c[2] / float64(n)}, true
	}
	// The inside is read well inside: a walk with a loose tolerance
	// stops late, inside the edge's blur.
	in, ok1 := mean(-2*far, -far)
	out, ok2 := mean(near, far)
	if !ok1 || !ok2 {
		return 0, false
	}
	delta := [3]float64{out[0] - in[0], out[1] - in[1], out[2] - in[2]}
	n2 := delta[0]*delta[0] + delta[1]*delta[1] + delta[2]*delta[2]
	if n2 < 1 {
		return 0, false
	}
	// t runs from 0 inside to 1 outside; the first step across a half,
	// going outward, interpolated between pixel centres.
	t := func(x int) float64 {
		p := img.Pix[img.PixOffset(x, y):]
		return ((float64(p[0])-in[0])*delta[0] + (float64(p[1])-in[1])*delta[1] + (float64(p[2])-in[2])*delta[2]) / n2
	}
	prev := 0.0
	for k := -far; k <= near; k++ {
		x := stop + k*dir
		if x-dir < lo || x-dir > hi || x < lo || x > hi {
			continue
		}
		if k == -far {
			prev = t(x - dir)
		}
		cur := t(x)
		if prev < 0.5 && cur >= 0.5 {
			f := (0.5 - prev) / (cur - prev)
			return float64(x-dir) + f*float64(dir), true
		}
		prev = cur
	}
	return 0, false
}
