package matte

import "image"

// plane is a w x h grid of float32 values, row by row.
type plane struct {
	w, h int
	p    []float32
}

func newPlane(w, h int) plane { return plane{w, h, make([]float32, w*h)} }

// rgb is an image as three planes of 0-1 values.
type rgb struct {
	w, h    int
	r, g, b []float32
}

func newRGB(w, h int) rgb {
	n := w * h
	buf := make([]float32, 3*n)
	return rgb{w, h, buf[:n:n], buf[n : 2*n : 2*n], buf[2*n:]}
}

// halve averages 2 x 2 blocks of img into planes of 0-1 values (an odd last
// row or column is averaged on its own). Segmentation works at this size:
// it halves the work and the noise.
func halve(img *image.RGBA) rgb {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < 2 || h < 2 || w%2 != 0 || h%2 != 0 {
		return decimate(img, 2)
	}
	dw, dh := w/2, h/2
	out := newRGB(dw, dh)
	const s = 1.0 / (4 * 255)
	for j := 0; j < dh; j++ {
		r0 := img.Pix[2*j*img.Stride : 2*j*img.Stride+4*w]
		r1 := img.Pix[(2*j+1)*img.Stride : (2*j+1)*img.Stride+4*w]
		or, og, ob := out.r[j*dw:(j+1)*dw], out.g[j*dw:(j+1)*dw], out.b[j*dw:(j+1)*dw]
		for i := range or {
			p, q := r0[8*i:8*i+8], r1[8*i:8*i+8]
			or[i] = float32(uint32(p[0])+uint32(p[4])+uint32(q[0])+uint32(q[4])) * s
			og[i] = float32(uint32(p[1])+uint32(p[5])+uint32(q[1])+uint32(q[5])) * s
			ob[i] = float32(uint32(p[2])+uint32(p[6])+uint32(q[2])+uint32(q[6])) * s
		}
	}
	return out
}

// decimate averages k x k blocks of img into 0-1 planes of size
// ceil(w/k) x ceil(h/k).
func decimate(img *image.RGBA, k int) rgb {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := (w+k-1)/k, (h+k-1)/k
	out := newRGB(dw, dh)
	// Sum rows of blocks into per-column accumulators, then normalise.
	acc := make([]uint32, 3*dw)
	cnt := make([]uint32, dw)
	for j := 0; j < dh; j++ {
		clear(acc)
		clear(cnt)
		y1 := min((j+1)*k, h)
		for y := j * k; y < y1; y++ {
			row := img.Pix[y*img.Stride : y*img.Stride+4*w]
			for c := 0; c < dw; c++ {
				x0, x1 := c*k, min(c*k+k, w)
				var r, g, b uint32
				for i := 4 * x0; i < 4*x1; i += 4 {
					r += uint32(row[i])
					g += uint32(row[i+1])
					b += uint32(row[i+2])
				}
				acc[3*c] += r
				acc[3*c+1] += g
				acc[3*c+2] += b
				cnt[c] += uint32(x1 - x0)
			}
		}
		o := j * dw
		for c := 0; c < dw; c++ {
			s := 1 / (255 * float32(cnt[c]))
			out.r[o+c] = float32(acc[3*c]) * s
			out.g[o+c] = float32(acc[3*c+1]) * s
			out.b[o+c] = float32(acc[3*c+2]) * s
		}
	}
	return out
}

// halveRGB averages 2 x 2 blocks of c (an odd last row or column on its
// own).
func halveRGB(c rgb) rgb {
	out := newRGB((c.w+1)/2, (c.h+1)/2)
	decimateInto(out.r, plane{c.w, c.h, c.r}, 2, 0, out.h)
	decimateInto(out.g, plane{c.w, c.h, c.g}, 2, 0, out.h)
	decimateInto(out.b, plane{c.w, c.h, c.b}, 2, 0, out.h)
	return out
}

// decimatePlane averages k x k blocks of p (blocks cut by the edges
// average what they hold).
func decimatePlane(p plane, k int) plane {
	dw, dh := (p.w+k-1)/k, (p.h+k-1)/k
	out := newPlane(dw, dh)
	decimateInto(out.p, p, k, 0, dh)
	return out
}

// decimateInto writes rows j0..j1-1 of the k x k block means of p into dst
// (a plane of ceil(p.w/k) columns).
func decimateInto(dst []float32, p plane, k, j0, j1 int) {
	dw := (p.w + k - 1) / k
	full := p.w / k // blocks without a cut edge
	for j := j0; j < j1; j++ {
		o := dst[j*dw : (j+1)*dw]
		clear(o)
		y0, y1 := j*k, min((j+1)*k, p.h)
		for y := y0; y < y1; y++ {
			row := p.p[y*p.w : (y+1)*p.w]
			switch k {
			case 2:
				for c := 0; c < full; c++ {
					b := row[2*c : 2*c+2]
					o[c] += b[0] + b[1]
				}
			case 4:
				for c := 0; c < full; c++ {
					b := row[4*c : 4*c+4]
					o[c] += b[0] + b[1] + b[2] + b[3]
				}
			default:
				for c := 0; c < full; c++ {
					var s float32
					for _, v := range row[c*k : c*k+k] {
						s += v
					}
					o[c] += s
				}
			}
			if full < dw {
				var s float32
				for _, v := range row[full*k:] {
					s += v
				}
				o[full] += s
			}
		}
		inv := 1 / float32(k*(y1-y0))
		for c := 0; c < full; c++ {
			o[c] *= inv
		}
		if full < dw {
			o[full] /= float32((p.w - full*k) * (y1 - y0))
		}
	}
}

// Colour distance. Differences are taken in YCbCr with the luma difference
// weighted by 0.5 (0.25 squared): a shadow or a lighter patch of the wall
// changes mostly the brightness, a person mostly the colour. For an RGB
// difference v the squared distance is v' M v with M below.
var metric = ycc(0.25)

// ycc returns the metric of YCbCr differences with the luma weighted by wy.
func ycc(wy float64) (m [3][3]float32) {
	y := [3]float64{0.299, 0.587, 0.114}
	cb := [3]float64{-0.168736, -0.331264, 0.5}
	cr := [3]float64{0.5, -0.418688, -0.081312}
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			m[i][j] = float32(wy*y[i]*y[j] + cb[i]*cb[j] + cr[i]*cr[j])
		}
	}
	return m
}

// dist2 is the squared colour distance of the RGB difference (r, g, b).
func dist2(r, g, b float32) float32 {
	return metric[0][0]*r*r + metric[1][1]*g*g + metric[2][2]*b*b +
		2*(metric[0][1]*r*g+metric[0][2]*r*b+metric[1][2]*g*b)
}

// pmetric is the metric of the alpha projection inside the band. There the
// luma counts more than in the wall distance: phone JPEGs keep the luma
// sharp and blur the colour over two pixels (4:2:0), so the colour alone
// would draw edges too wide.
var pmetric = ycc(2)

// pdot is the projection-metric inner product of two RGB differences.
func pdot(r1, g1, b1, r2, g2, b2 float32) float32 {
	m := &pmetric
	return r1*(m[0][0]*r2+m[0][1]*g2+m[0][2]*b2) +
		g1*(m[1][0]*r2+m[1][1]*g2+m[1][2]*b2) +
		b1*(m[2][0]*r2+m[2][1]*g2+m[2][2]*b2)
}

// boxBlur replaces p with the mean over the (2r+1) x (2r+1) window around
// each value, the window clipped at the edges. tmp must hold len(p.p)
// values. Running sums make the cost independent of r.
func boxBlur(p plane, r int, tmp []float32) {
	if r <= 0 {
		return
	}
	w, h := p.w, p.h
	// Horizontal pass into tmp.
	for y := 0; y < h; y++ {
		src := p.p[y*w : (y+1)*w]
		dst := tmp[y*w : (y+1)*w]
		boxLine(src, dst, r)
	}
	// Vertical pass back into p: a running sum of whole rows.
	sum := make([]float32, w)
	for y := 0; y < min(r, h); y++ {
		addRow(sum, tmp[y*w:(y+1)*w])
	}
	for y := 0; y < h; y++ {
		if y+r < h {
			addRow(sum, tmp[(y+r)*w:(y+r+1)*w])
		}
		if y-r-1 >= 0 {
			subRow(sum, tmp[(y-r-1)*w:(y-r)*w])
		}
		inv := 1 / float32(min(y+r, h-1)-max(y-r, 0)+1)
		out := p.p[y*w : (y+1)*w]
		for i, v := range sum {
			out[i] = v * inv
		}
	}
}

func addRow(sum, row []float32) {
	row = row[:len(sum)]
	for i, v := range row {
		sum[i] += v
	}
}

func subRow(sum, row []float32) {
	row = row[:len(sum)]
	for i, v := range row {
		sum[i] -= v
	}
}

// boxLine writes to dst the mean of src over windows of radius r.
func boxLine(src, dst []float32, r int) {
	n := len(src)
	if n <= 2*r+1 {
		// Every window is clipped: a plain loop.
		var s float32
		for i := 0; i < min(r, n); i++ {
			s += src[i]
		}
		for i := 0; i < n; i++ {
			if i+r < n {
				s += src[i+r]
			}
			if i-r-1 >= 0 {
				s -= src[i-r-1]
			}
			dst[i] = s / float32(min(i+r, n-1)-max(i-r, 0)+1)
		}
		return
	}
	var s float32
	for i := 0; i < r; i++ {
		s += src[i]
	}
	// Left edge: windows [0, i+r].
	for i := 0; i <= r; i++ {
		s += src[i+r]
		dst[i] = s / float32(i+r+1)
	}
	// Interior: full windows.
	inv := 1 / float32(2*r+1)
	for i := r + 1; i < n-r; i++ {
		s += src[i+r] - src[i-r-1]
		dst[i] = s * inv
	}
	// Right edge: windows [i-r, n-1].
	for i := max(n-r, r+1); i < n; i++ {
		s -= src[i-r-1]
		dst[i] = s / float32(n-i+r)
	}
}

// Shadows. A shadow on the wall scales its colour down, I = k B with k a
// little under 1, while a person differs from the wall in colour. For the
// wall distance the change along B is split off and, when it darkens by at
// most shadowDepth, counts only shadowWeight of its size.
// alongWeight is what remains of a difference's component along the wall
// colour in the projection: darker or lighter versions of the wall are
// mostly shadow and light, not person. The map is linear, so a true mix of
// person and wall still projects to its exact alpha.
const alongWeight = 0.5

const shadowDepth = 0.35

const shadowWeight = 0.5

// wallDist2 is the squared shadow-tolerant distance of the RGB difference
// (dr, dg, db) from the wall colour (br, bg, bb).
func wallDist2(dr, dg, db, br, bg, bb float32) float32 {
	b2 := br*br + bg*bg + bb*bb
	if b2 < 1e-6 {
		return dist2(dr, dg, db)
	}
	along := (dr*br + dg*bg + db*bb) / b2 // relative change of brightness
	pr, pg, pb := dr-along*br, dg-along*bg, db-along*bb
	f := along
	if along < 0 {
		if along > -shadowDepth {
			f = along * shadowWeight
		} else {
			f = along + shadowDepth*(1-shadowWeight)
		}
	}
	return dist2(pr, pg, pb) + f*f*dist2(br, bg, bb)
}

// shadowMetric is wallDist2 with the wall colour B fixed to one colour (the
// wall's mean), which is all a slowly shaded wall needs and saves the
// division per pixel: for a difference d, with along = d·B / |B|²,
//
//	|d - along B|² = |d|² - 2 along (d·B) + along² |B|²  (in the metric).
type shadowMetric struct {
	a  [3]float32 // B / |B|² (plain dot): along = a·d
	mb [3]float32 // metric times B: (d·B) in the metric = mb·d
	bb float32    // |B|² in the metric
}

func newShadowMetric(b [3]float32) shadowMetric {
	var sm shadowMetric
	b2 := b[0]*b[0] + b[1]*b[1] + b[2]*b[2]
	if b2 < 1e-6 {
		b2 = 1e-6
	}
	for i := range b {
		sm.a[i] = b[i] / b2
		sm.mb[i] = metric[i][0]*b[0] + metric[i][1]*b[1] + metric[i][2]*b[2]
	}
	sm.bb = dist2(b[0], b[1], b[2])
	return sm
}

// d2 is the squared shadow-tolerant distance of the difference (dr, dg, db).
func (sm *shadowMetric) d2(dr, dg, db float32) float32 {
	along := sm.a[0]*dr + sm.a[1]*dg + sm.a[2]*db
	f := along
	if along < 0 {
		if along > -shadowDepth {
			f = along * shadowWeight
		} else {
			f = along + shadowDepth*(1-shadowWeight)
		}
	}
	dm := sm.mb[0]*dr + sm.mb[1]*dg + sm.mb[2]*db
	if d := dist2(dr, dg, db) - 2*along*dm + (along*along+f*f)*sm.bb; d > 0 {
		return d
	}
	return 0
}
