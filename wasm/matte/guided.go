package matte

import (
	"image"
	"math"
)

// Guided filter settings: the window radius in face sizes and the
// regularisation (on 0-1 values; small keeps edges sharp).
const (
	guidedRadius = 0.02
	guidedEps    = 1e-4
)

// alphaFloor is cut from the alpha in the band (and the rest stretched back
// to 0-1): below it alpha is mostly noise of the projection, and the
// de-spill of Composite, which divides by alpha, would turn it into specks.
const alphaFloor = 0.1

// alphaCeil likewise: above it alpha is taken as 1.
const alphaCeil = 0.95

// refine smooths the alpha inside the band with a guided filter whose
// guide is the RGB image, so that the matte follows the image's edges and
// loses the noise of the per-pixel projection. Where the person's colour is
// close to the wall's the image cannot guide, and the alpha is kept. The
// filter's linear coefficients are computed on a grid subsampled by k (He
// and Sun's fast guided filter) and interpolated back; alpha outside the
// band is kept.
func refine(img *image.RGBA, half rgb, bd band, g geometry) {
	if bd.rows[1] <= bd.rows[0] {
		return
	}
	// The grid is the half-size one, or a quarter-size one made from it for
	// a large face; the window radius on it is about guidedRadius.
	r := guidedRadius * g.s
	k, guide := 2, half
	if r >= 6 {
		k, guide = 4, halveRGB(half)
	}
	rk := max(1, iround(r/float64(k)))
	w, h := guide.w, guide.h

	// Only the rows the band can reach matter.
	y0 := max(0, bd.rows[0]/k-2*rk-1)
	y1 := min(h, (bd.rows[1]+k-1)/k+2*rk+1)
	p := plane{w, h, make([]float32, w*h)}
	decimateInto(p.p, bd.alpha, k, y0, y1)
	sub := func(c []float32) []float32 { return c[y0*w : y1*w] }
	hs := y1 - y0
	ns := hs * w

	// Window means of I, p, I*I' and I*p.
	planes := make([]float32, 13*ns)
	ch := func(i int) []float32 { return planes[i*ns : (i+1)*ns] }
	mr, mg, mb, mp := ch(0), ch(1), ch(2), ch(3)
	rr, rg, rb, gg, gb, bb := ch(4), ch(5), ch(6), ch(7), ch(8), ch(9)
	rp, gp, bp := ch(10), ch(11), ch(12)
	ir, ig, ib, pp := sub(guide.r), sub(guide.g), sub(guide.b), sub(p.p)
	for o := 0; o < ns; o++ {
		r, g, b, q := ir[o], ig[o], ib[o], pp[o]
		mr[o], mg[o], mb[o], mp[o] = r, g, b, q
		rr[o], rg[o], rb[o], gg[o], gb[o], bb[o] = r*r, r*g, r*b, g*g, g*b, b*b
		rp[o], gp[o], bp[o] = r*q, g*q, b*q
	}
	tmp := make([]float32, ns)
	for i := 0; i < 13; i++ {
		boxBlur(plane{w, hs, ch(i)}, rk, tmp)
	}

	// Coefficients a (per channel) and b of q = a·I + b in each window.
	ar, ag, ab, bc := ch(0), ch(1), ch(2), ch(3) // overwrite the means in place
	for o := 0; o < ns; o++ {
		m := mp[o]
		if m <= 1e-6 || m >= 1-1e-6 {
			// p is constant in the window: so is q.
			ar[o], ag[o], ab[o], bc[o] = 0, 0, 0, m
			continue
		}
		r, g, b := mr[o], mg[o], mb[o]
		// Covariance of the guide plus eps, and of the guide with p.
		s00 := rr[o] - r*r + guidedEps
		s01 := rg[o] - r*g
		s02 := rb[o] - r*b
		s11 := gg[o] - g*g + guidedEps
		s12 := gb[o] - g*b
		s22 := bb[o] - b*b + guidedEps
		c0 := rp[o] - r*m
		c1 := gp[o] - g*m
		c2 := bp[o] - b*m
		// Solve by the adjugate of the symmetric 3 x 3 matrix.
		i00 := s11*s22 - s12*s12
		i01 := s02*s12 - s01*s22
		i02 := s01*s12 - s02*s11
		i11 := s00*s22 - s02*s02
		i12 := s01*s02 - s00*s12
		i22 := s00*s11 - s01*s01
		det := s00*i00 + s01*i01 + s02*i02
		inv := 1 / det
		a0 := (i00*c0 + i01*c1 + i02*c2) * inv
		a1 := (i01*c0 + i11*c1 + i12*c2) * inv
		a2 := (i02*c0 + i12*c1 + i22*c2) * inv
		ar[o], ag[o], ab[o] = a0, a1, a2
		bc[o] = m - a0*r - a1*g - a2*b
	}
	for i := 0; i < 4; i++ {
		boxBlur(plane{w, hs, ch(i)}, rk, tmp)
	}

	// Interpolate the coefficients to full size inside the band.
	fw := bd.alpha.w
	const inv255 = 1.0 / 255
	for y := bd.rows[0]; y < bd.rows[1]; y++ {
		in := bd.in[y*fw : (y+1)*fw]
		arow := bd.alpha.p[y*fw : (y+1)*fw]
		pix := img.Pix[y*img.Stride : y*img.Stride+4*fw]
		fy := (float32(y)+0.5)/float32(k) - 0.5
		j := int(math.Floor(float64(fy)))
		ty := fy - float32(j)
		j0 := min(max(j, y0), y1-1) - y0
		j1 := min(max(j+1, y0), y1-1) - y0
		for x, b := range in {
			if b == 0 {
				continue
			}
			fx := (float32(x)+0.5)/float32(k) - 0.5
			i := int(math.Floor(float64(fx)))
			tx := fx - float32(i)
			i0 := min(max(i, 0), w-1)
			i1 := min(max(i+1, 0), w-1)
			o00, o01, o10, o11 := j0*w+i0, j0*w+i1, j1*w+i0, j1*w+i1
			w00 := (1 - tx) * (1 - ty)
			w01 := tx * (1 - ty)
			w10 := (1 - tx) * ty
			w11 := tx * ty
			a0 := w00*ar[o00] + w01*ar[o01] + w10*ar[o10] + w11*ar[o11]
			a1 := w00*ag[o00] + w01*ag[o01] + w10*ag[o10] + w11*ag[o11]
			a2 := w00*ab[o00] + w01*ab[o01] + w10*ab[o10] + w11*ab[o11]
			bb := w00*bc[o00] + w01*bc[o01] + w10*bc[o10] + w11*bc[o11]
			q := a0*float32(pix[4*x])*inv255 + a1*float32(pix[4*x+1])*inv255 + a2*float32(pix[4*x+2])*inv255 + bb
			// Keep the pre-filter alpha where colour was too weak to guide.
			c := float32(b-1) * (1.0 / 254)
			a := arow[x] + c*(clamp01(q)-arow[x])
			arow[x] = clamp01((a - alphaFloor) * (1 / (alphaCeil - alphaFloor)))
		}
	}
}

// crown returns the first row (from the top of the image) above the face
// where the alpha shows the hair or the skull: a run of alpha one half or
// more at least 2 % of a face wide within a face's width of the centre
// line, in that row and the next, so that stray strands do not count (one
// crossing the row at a shallow angle makes a run in a single row).
func crown(alpha plane, g geometry) int {
	w := alpha.w
	x0 := max(0, int(g.cx-0.5*g.s))
	x1 := min(w, int(g.cx+0.5*g.s))
	need := max(3, int(0.02*g.s))
	hasRun := func(y int) bool {
		run := 0
		for _, a := range alpha.p[y*w+x0 : y*w+x1] {
			if a < 0.5 {
				run = 0
				continue
			}
			if run++; run >= need {
				return true
			}
		}
		return false
	}
	for y := 0; y+1 < min(alpha.h, int(g.top)+1); y++ {
		if hasRun(y) && hasRun(y+1) {
			return y
		}
	}
	return int(g.top)
}
