package imageio

// Downscaling by area averaging: every output pixel is the mean of the
// source area it covers, partial source pixels weighted by how much of them
// it covers. It is what a box filter does for integer ratios and stays
// exact for the rest, costs two multiply-adds per source pixel per pass, and
// needs no division per pixel: weights are integers in 1/4096 of a source
// pixel, sums are exact, and each output pixel is finished with a
// multiplication by precomputed inverses.
// Sums fit in 64 bits for any image of up to photospec.MaxPixels.
// Only shrinking is supported (the output is never larger than the source).

// axis maps n source positions onto m <= n output positions, both ways:
// output position d covers source positions first[d] to last[d] inclusive,
// the first and the last partly (weights wFirst and wLast, the ones between
// fully), which is how rows are shrunk across; and source position j falls
// into output idx[j] with weight w0 and into idx[j]+1 with weight w1, which
// is how rows are accumulated down as they stream by.
type axis struct {
	first, last   []int
	wFirst, wLast []uint64
	idx           []int32
	w0, w1        []uint64
	total         []uint64 // per output position: the sum of its weights
}

// unit is one source pixel in weight units.
const unit = 1 << 12

func newAxis(n, m int) axis {
	a := axis{
		first: make([]int, m), last: make([]int, m),
		wFirst: make([]uint64, m), wLast: make([]uint64, m),
		idx: make([]int32, n), w0: make([]uint64, n), w1: make([]uint64, n),
		total: make([]uint64, m),
	}
	// Output position d covers [b(d), b(d+1)) in source pixels times unit.
	b := func(d int) int { return int(uint64(d) * uint64(n) * unit / uint64(m)) }
	for d := range m {
		lo, hi := b(d), b(d+1)
		j0, j1 := lo/unit, (hi-1)/unit
		a.first[d], a.last[d], a.total[d] = j0, j1, uint64(hi-lo)
		if j0 == j1 {
			a.wFirst[d] = uint64(hi - lo)
		} else {
			a.wFirst[d], a.wLast[d] = uint64((j0+1)*unit-lo), uint64(hi-j1*unit)
		}
		for j := j0; j <= j1; j++ {
			w := uint64(min(hi, (j+1)*unit) - max(lo, j*unit))
			if j*unit >= lo { // j starts in d
				a.idx[j], a.w0[j] = int32(d), w
			} else { // j started in d-1 and spills into d
				a.w1[j] = w
			}
		}
	}
	return a
}

// inverses returns 1/total for every output position: the division that
// finishes a mean becomes a multiplication.
func (a axis) inverses() []float64 {
	inv := make([]float64, len(a.total))
	for i, t := range a.total {
		inv[i] = 1 / float64(t)
	}
	return inv
}

// targetSize returns the size of a w x h image shrunk so that its longer
// side is at most maxSide (0: no limit), keeping its shape.
func targetSize(w, h, maxSide int) (int, int) {
	long := max(w, h)
	if maxSide <= 0 || long <= maxSide {
		return w, h
	}
	f := float64(maxSide) / float64(long)
	return max(1, int(float64(w)*f+0.5)), max(1, int(float64(h)*f+0.5))
}

// shrinkPlane area-averages a w x h plane of bytes (rows stride apart) into
// a tight dw x dh plane.
func shrinkPlane(src []byte, w, h, stride, dw, dh int) []byte {
	dst := make([]byte, dw*dh)
	ax, ay := newAxis(w, dw), newAxis(h, dh)
	hacc := make([]uint64, dw)   // the current source row, shrunk across
	vacc := make([]uint64, 2*dw) // output rows cur and cur+1, accumulating
	cur := 0
	invX := ax.inverses()
	emit := func() {
		a, b := vacc[:dw], vacc[dw:]
		out := dst[cur*dw : cur*dw+dw]
		invY := 1 / float64(ay.total[cur])
		for x := range out {
			out[x] = uint8(float64(int64(a[x]))*invX[x]*invY + 0.5)
		}
		copy(a, b)
		clear(b)
		cur++
	}
	first, last, wFirst, wLast := ax.first[:dw], ax.last[:dw], ax.wFirst[:dw], ax.wLast[:dw]
	for y := range h {
		row := src[y*stride : y*stride+w]
		for d := range hacc {
			j0, j1 := first[d], last[d]
			s := uint64(row[j0])*wFirst[d] + uint64(row[j1])*wLast[d]
			if j1 > j0+1 {
				var mid uint64
				for _, v := range row[j0+1 : j1] {
					mid += uint64(v)
				}
				s += mid * unit
			}
			hacc[d] = s
		}
		if int(ay.idx[y]) > cur {
			emit()
		}
		spread(vacc, hacc, ay.w0[y], ay.w1[y])
	}
	for cur < dh {
		emit()
	}
	return dst
}

// shrinkRGBA is shrinkPlane for opaque RGBA pixels (4 bytes each, rows
// stride bytes apart); the output is tight and opaque.
func shrinkRGBA(src []byte, w, h, stride, dw, dh int) []byte {
	dst := make([]byte, 4*dw*dh)
	ax, ay := newAxis(w, dw), newAxis(h, dh)
	n := 3 * dw
	hacc := make([]uint64, n)
	vacc := make([]uint64, 2*n)
	cur := 0
	invX := ax.inverses()
	emit := func() {
		a, b := vacc[:n], vacc[n:]
		out := dst[4*cur*dw : 4*(cur*dw+dw)]
		invY := 1 / float64(ay.total[cur])
		for x := range dw {
			inv := invX[x] * invY
			o, s := out[4*x:4*x+4:4*x+4], a[3*x:3*x+3:3*x+3]
			o[0] = uint8(float64(int64(s[0]))*inv + 0.5)
			o[1] = uint8(float64(int64(s[1]))*inv + 0.5)
			o[2] = uint8(float64(int64(s[2]))*inv + 0.5)
			o[3] = 0xFF
		}
		copy(a, b)
		clear(b)
		cur++
	}
	first, last, wFirst, wLast := ax.first[:dw], ax.last[:dw], ax.wFirst[:dw], ax.wLast[:dw]
	for y := range h {
		row := src[y*stride : y*stride+4*w]
		for d := range dw {
			j0, j1 := first[d], last[d]
			p, q := row[4*j0:4*j0+3:4*j0+3], row[4*j1:4*j1+3:4*j1+3]
			wf, wl := wFirst[d], wLast[d]
			r := uint64(p[0])*wf + uint64(q[0])*wl
			g := uint64(p[1])*wf + uint64(q[1])*wl
			b := uint64(p[2])*wf + uint64(q[2])*wl
			if j1 > j0+1 {
				var mr, mg, mb uint64
				mid := row[4*(j0+1) : 4*j1]
				for i := 0; i+4 <= len(mid); i += 4 {
					px := mid[i : i+3 : i+3]
					mr += uint64(px[0])
					mg += uint64(px[1])
					mb += uint64(px[2])
				}
				r, g, b = r+mr*unit, g+mg*unit, b+mb*unit
			}
			h := hacc[3*d : 3*d+3 : 3*d+3]
			h[0], h[1], h[2] = r, g, b
		}
		if int(ay.idx[y]) > cur {
			emit()
		}
		spread(vacc, hacc, ay.w0[y], ay.w1[y])
	}
	for cur < dh {
		emit()
	}
	return dst
}

// spread adds a source row's horizontal sums hacc into the output rows it
// covers: weight u0 into the current row (the first half of vacc) and u1
// into the next (the second half), which a row straddling two output rows
// feeds both.
func spread(vacc, hacc []uint64, u0, u1 uint64) {
	a, b := vacc[:len(hacc)], vacc[len(hacc):]
	if u1 == 0 {
		for x, v := range hacc {
			a[x] += v * u0
		}
		return
	}
	for x, v := range hacc {
		a[x] += v * u0
		b[x] += v * u1
	}
}
