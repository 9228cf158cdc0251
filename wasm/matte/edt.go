package matte

import "math"

// edt writes into dist the squared Euclidean distance from each cell of a
// w x h grid to the nearest cell with target[o] == want (+Inf if there is
// none), by the lower envelope of parabolas (Felzenszwalb and Huttenlocher),
// one pass over the columns and one over the rows. The distance is exact,
// so a band cut from it is round, not square.
func edt(target []uint8, want uint8, w, h int, dist []float32) {
	inf := float32(math.Inf(1))
	n := max(w, h)
	f := make([]float32, n)
	d := make([]float32, n)
	v := make([]int32, n)
	z := make([]float32, n+1)
	// Columns.
	for i := 0; i < w; i++ {
		for j := 0; j < h; j++ {
			if target[j*w+i] == want {
				f[j] = 0
			} else {
				f[j] = inf
			}
		}
		edt1(f[:h], d[:h], v, z)
		for j := 0; j < h; j++ {
			dist[j*w+i] = d[j]
		}
	}
	// Rows.
	for j := 0; j < h; j++ {
		row := dist[j*w : (j+1)*w]
		copy(f[:w], row)
		edt1(f[:w], row, v, z)
	}
}

// edt1 is the one-dimensional squared distance transform of f into d,
// with scratch v (len(f)) and z (len(f)+1).
func edt1(f, d []float32, v []int32, z []float32) {
	n := len(f)
	inf := float32(math.Inf(1))
	k := -1
	for q := 0; q < n; q++ {
		if f[q] == inf {
			continue
		}
		fq := f[q] + float32(q*q)
		for k >= 0 {
			p := int(v[k])
			s := (fq - (f[p] + float32(p*p))) / float32(2*(q-p))
			if s > z[k] {
				k++
				v[k] = int32(q)
				z[k] = s
				z[k+1] = inf
				break
			}
			k--
		}
		if k < 0 {
			k = 0
			v[0] = int32(q)
			z[0] = -inf
			z[1] = inf
		}
	}
	if k < 0 {
		for q := range d {
			d[q] = inf
		}
		return
	}
	k = 0
	for q := 0; q < n; q++ {
		for z[k+1] < float32(q) {
			k++
		}
		p := int(v[k])
		dq := float32(q - p)
		d[q] = dq*dq + f[p]
	}
}
