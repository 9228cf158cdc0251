package matte

import (
	"image"
	"math"
)

// Background is the fitted wall: per RGB channel a quadratic surface
//
//	c0 + c1 u + c2 v + c3 u² + c4 uv + c5 v²
//
// in coordinates u, v that run from -1 to 1 across the image. Below the
// lowest sampled row the surface is continued linearly in v: the wall there
// is mostly hidden by the person, and a quadratic extrapolated into it can
// run away.
type Background struct {
	rect image.Rectangle
	coef [3][6]float64 // 0-1 scale
	vMax float64       // v of the lowest sampled row
}

// At returns the wall colour (RGB, 0-255) at pixel (x, y) of the image.
func (bg *Background) At(x, y int) [3]float64 {
	p := bg.rowPoly(float64(y-bg.rect.Min.Y) + 0.5)
	u := bg.u(float64(x-bg.rect.Min.X) + 0.5)
	var c [3]float64
	for i := range c {
		c[i] = 255 * float64(p.a[i]+float32(u)*(p.b[i]+float32(u)*p.c[i]))
	}
	return c
}

// u maps a horizontal position in pixels (from the left edge) to u.
func (bg *Background) u(x float64) float64 {
	hw := float64(bg.rect.Dx()) / 2
	return (x - hw) / hw
}

// v maps a vertical position in pixels (from the top edge) to v.
func (bg *Background) v(y float64) float64 {
	hh := float64(bg.rect.Dy()) / 2
	return (y - hh) / hh
}

// poly is the surface along one row: a + b u + c u² per channel.
type poly struct {
	a, b, c [3]float32
}

// rowPoly returns the surface along the row at height y (pixels from the
// top edge, y = row + 0.5 for a pixel centre).
func (bg *Background) rowPoly(y float64) poly {
	v := bg.v(y)
	var p poly
	for i, c := range bg.coef {
		vv := v * v
		if v > bg.vMax {
			// Continue with the slope at vMax: c5 v² becomes its tangent.
			vv = bg.vMax * (2*v - bg.vMax)
		}
		p.a[i] = float32(c[0] + c[2]*v + c[5]*vv)
		p.b[i] = float32(c[1] + c[4]*v)
		p.c[i] = float32(c[3])
	}
	return p
}

// gridU returns u at the centre of column 0 of a grid of k x k blocks and
// its step per column.
func (bg *Background) gridU(k int) (u0, du float32) {
	hw := float64(bg.rect.Dx()) / 2
	return float32((float64(k)/2 - hw) / hw), float32(float64(k) / hw)
}

// fitResult is what the fit measured besides the surface.
type fitResult struct {
	idx      []int32   // wall samples: indices into the half-size planes
	us, vs   []float32 // and their coordinates
	keep     []bool    // samples on the surface (not outliers)
	sigma    float32   // RMS distance of kept samples to the surface, 0-1
	residual float64   // sigma on the 0-255 scale
	outliers float64   // share of samples not kept
}

func (f *fitResult) stats(bg *Background, opts Options) Stats {
	st := Stats{Residual: f.residual, Outliers: f.outliers}
	st.Plain = f.residual <= opts.MaxResidual && f.outliers <= opts.MaxOutliers
	for c, v := range bg.mean() {
		st.Mean[c] = 255 * float64(v)
	}
	return st
}

// mean returns the surface (0-1) averaged over a grid of the image.
func (bg *Background) mean() [3]float32 {
	const n = 16
	var m [3]float32
	for j := 0; j < n; j++ {
		p := bg.rowPoly((float64(j) + 0.5) * float64(bg.rect.Dy()) / n)
		for i := 0; i < n; i++ {
			u := float32(2*(float64(i)+0.5)/n - 1)
			for c := range m {
				m[c] += p.a[c] + u*(p.b[c]+u*p.c[c])
			}
		}
	}
	for c := range m {
		m[c] /= n * n
	}
	return m
}

// fitBackground samples the wall around the head above the chin (the top
// band and the side bands) in the half-size planes and fits the surface,
// rejecting samples far from it (hair, a shadow, an object) and refitting.
// What lies off the surface by more than a shadow would make counts
// against the wall being plain.
func fitBackground(half rgb, g geometry) (*Background, *fitResult, error) {
	bg := &Background{rect: image.Rect(0, 0, g.w, g.h)}
	// The head with its hair lies inside an ellipse from about half a face
	// above the hairline to the chin, three quarters of a face to each side
	// of the centre line: the wall is sampled outside it.
	hx, hy := 0.75*g.s, 0.5*(g.chinY-(g.top-0.5*g.s))
	hcy := g.chinY - hy
	f := &fitResult{}
	maxY := 0.0
	// Every third half-size pixel (6 full-size pixels apart) is plenty.
	for j := 0; j < half.h; j += sampleStep {
		y := 2*float64(j) + 1
		if y >= g.sideEnd() {
			break
		}
		for i := 0; i < half.w; i += sampleStep {
			x := 2*float64(i) + 1
			ex, ey := (x-g.cx)/hx, (y-hcy)/hy
			if ex*ex+ey*ey > 1 {
				f.add(bg, j*half.w+i, x, y)
				maxY = y
			}
		}
	}
	if len(f.idx) < 64 {
		return bg, f, &Refusal{HeadCropped, "no wall left around the head"}
	}
	bg.vMax = bg.v(maxY)
	fitSamples(half, bg, f)
	return bg, f, nil
}

// sampleStep is the spacing of wall samples in half-size pixels.
const sampleStep = 3

// sideEnd is the row where the wall samples beside the head stop: raised
// or near shoulders can reach up to the chin at the sides, so at the mouth.
func (g geometry) sideEnd() float64 { return g.top + 0.9*g.s }

// add takes the half-size cell o, centred at (x, y) full-size, as a sample.
func (f *fitResult) add(bg *Background, o int, x, y float64) {
	f.idx = append(f.idx, int32(o))
	f.us = append(f.us, float32(bg.u(x)))
	f.vs = append(f.vs, float32(bg.v(y)))
}

// fitSamples fits bg to the samples of f robustly and measures them.
func fitSamples(half rgb, bg *Background, f *fitResult) {
	n := len(f.idx)
	us, vs := f.us, f.vs
	f.keep = make([]bool, n)
	for i := range f.keep {
		f.keep[i] = true
	}
	d := make([]float32, n)
	sorted := make([]float32, n)
	// Start from the median colour as a flat wall: the least squares fit
	// of the first round must not be bent by a shoulder or a lamp.
	for c, pl := range [][]float32{half.r, half.g, half.b} {
		for s, p := range f.idx {
			sorted[s] = pl[p]
		}
		bg.coef[c] = [6]float64{float64(median(sorted))}
	}
	for iter := 0; ; iter++ {
		if iter > 0 {
			bg.coef = solveSurface(half, f.idx, us, vs, f.keep)
		}
		// Distances of all samples to the surface.
		for s, p := range f.idx {
			e := bg.eval(us[s], vs[s])
			d[s] = float32(math.Sqrt(float64(dist2(half.r[p]-e[0], half.g[p]-e[1], half.b[p]-e[2]))))
		}
		// A robust RMS from the median (for a 3-D normal, RMS ≈ 1.125 median),
		// and a cut well above it.
		copy(sorted, d)
		rms := 1.125 * median(sorted)
		cut := max(2.5*rms, 1.0/255)
		kept := 0
		var ss float64
		for s := range d {
			f.keep[s] = d[s] <= cut
			if f.keep[s] {
				kept++
				ss += float64(d[s]) * float64(d[s])
			}
		}
		if iter == 3 || kept < 16 {
			f.sigma = float32(math.Sqrt(ss / float64(max(kept, 1))))
			f.residual = 255 * float64(f.sigma)
			// Outliers for plainness: samples the segmentation would not
			// take for wall (see segment); shadows do not count.
			off := 0
			limit := max(4*f.sigma, 0.04) + 0.05
			for s, p := range f.idx {
				if f.keep[s] {
					continue
				}
				e := bg.eval(us[s], vs[s])
				if math.Sqrt(float64(wallDist2(half.r[p]-e[0], half.g[p]-e[1], half.b[p]-e[2], e[0], e[1], e[2]))) > float64(limit) {
					off++
				}
			}
			f.outliers = float64(off) / float64(n)
			return
		}
	}
}

// extendWall refits the wall with the wall seen below the mouth: beside the
// shoulders and arms the surface fitted above is only extrapolated, and a
// side light or vignetting makes it drift there until the wall passes for
// clothing. flooded marks the half-size cells a first segmentation took for
// wall (its torso outline kept it out of the clothing); those below the
// mouth join the samples. It returns nil when there are none.
func extendWall(half rgb, bg *Background, fit *fitResult, g geometry, flooded []bool) (*Background, *fitResult) {
	w, h := half.w, half.h
	f := &fitResult{
		idx: append([]int32(nil), fit.idx...),
		us:  append([]float32(nil), fit.us...),
		vs:  append([]float32(nil), fit.vs...),
	}
	// Half as dense as above: the wall below is larger and smoother.
	const step = 2 * sampleStep
	j0 := int(g.sideEnd()/2) + 1
	j0 += (step - j0%step) % step
	maxY := -1.0
	for j := j0; j < h; j += step {
		for i := 0; i < w; i += step {
			if o := j*w + i; flooded[o] {
				y := 2*float64(j) + 1
				f.add(bg, o, 2*float64(i)+1, y)
				maxY = y
			}
		}
	}
	if len(f.idx) < len(fit.idx)+16 {
		return nil, nil
	}
	bg2 := &Background{rect: bg.rect, vMax: max(bg.vMax, bg.v(maxY))}
	fitSamples(half, bg2, f)
	return bg2, f
}

// drift is the largest colour distance (0-1) between two fits of the wall
// over a grid of the image below the mouth.
func drift(a, b *Background, g geometry) float32 {
	const n = 12
	y0 := g.sideEnd()
	var worst float32
	for j := 0; j < n; j++ {
		y := y0 + (float64(j)+0.5)*(float64(g.h)-y0)/n
		pa, pb := a.rowPoly(y), b.rowPoly(y)
		for i := 0; i < n; i++ {
			u := float32(2*(float64(i)+0.5)/n - 1)
			var d [3]float32
			for c := range d {
				d[c] = pa.a[c] + u*(pa.b[c]+u*pa.c[c]) - (pb.a[c] + u*(pb.b[c]+u*pb.c[c]))
			}
			worst = max(worst, dist2(d[0], d[1], d[2]))
		}
	}
	return float32(math.Sqrt(float64(worst)))
}

// eval returns the quadratic surface at (u, v), without the continuation
// below vMax (samples lie above it).
func (bg *Background) eval(u, v float32) [3]float32 {
	var e [3]float32
	for c := range e {
		k := &bg.coef[c]
		uu, vv := float64(u), float64(v)
		e[c] = float32(k[0] + k[1]*uu + k[2]*vv + k[3]*uu*uu + k[4]*uu*vv + k[5]*vv*vv)
	}
	return e
}

// solveSurface fits the six coefficients per channel by least squares to
// the kept samples, with a slight pull of the curvature towards zero so that
// bands that leave the middle unsampled cannot bend the surface wildly.
func solveSurface(half rgb, idx []int32, us, vs []float32, keep []bool) [3][6]float64 {
	var a [6][6]float64
	var rhs [3][6]float64
	n := 0
	for s, p := range idx {
		if !keep[s] {
			continue
		}
		n++
		u, v := float64(us[s]), float64(vs[s])
		phi := [6]float64{1, u, v, u * u, u * v, v * v}
		for i := 0; i < 6; i++ {
			for j := i; j < 6; j++ {
				a[i][j] += phi[i] * phi[j]
			}
		}
		r, g, b := float64(half.r[p]), float64(half.g[p]), float64(half.b[p])
		for i := 0; i < 6; i++ {
			rhs[0][i] += phi[i] * r
			rhs[1][i] += phi[i] * g
			rhs[2][i] += phi[i] * b
		}
	}
	for i := 0; i < 6; i++ {
		for j := 0; j < i; j++ {
			a[i][j] = a[j][i]
		}
	}
	ridge := 2e-3 * float64(max(n, 1))
	for i := 3; i < 6; i++ {
		a[i][i] += ridge
	}
	// Tiny ridge everywhere keeps a degenerate sample set solvable.
	for i := 0; i < 6; i++ {
		a[i][i] += 1e-9 * float64(max(n, 1))
	}
	return solve6(a, rhs)
}

// solve6 solves a x = rhs[c] for each channel c by Gaussian elimination
// with partial pivoting.
func solve6(a [6][6]float64, rhs [3][6]float64) [3][6]float64 {
	const n = 6
	for col := 0; col < n; col++ {
		piv := col
		for r := col + 1; r < n; r++ {
			if math.Abs(a[r][col]) > math.Abs(a[piv][col]) {
				piv = r
			}
		}
		a[col], a[piv] = a[piv], a[col]
		for c := range rhs {
			rhs[c][col], rhs[c][piv] = rhs[c][piv], rhs[c][col]
		}
		if a[col][col] == 0 {
			continue
		}
		for r := col + 1; r < n; r++ {
			f := a[r][col] / a[col][col]
			if f == 0 {
				continue
			}
			for k := col; k < n; k++ {
				a[r][k] -= f * a[col][k]
			}
			for c := range rhs {
				rhs[c][r] -= f * rhs[c][col]
			}
		}
	}
	var x [3][6]float64
	for c := range rhs {
		for r := n - 1; r >= 0; r-- {
			s := rhs[c][r]
			for k := r + 1; k < n; k++ {
				s -= a[r][k] * x[c][k]
			}
			if a[r][r] != 0 {
				x[c][r] = s / a[r][r]
			}
		}
	}
	return x
}

// median returns the median of v, reordering v.
func median(v []float32) float32 {
	k := len(v) / 2
	lo, hi := 0, len(v)-1
	for lo < hi {
		// Hoare partition around the middle value.
		p := v[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for v[i] < p {
				i++
			}
			for v[j] > p {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return v[k]
		}
	}
	return v[k]
}
