package synth

import (
	"fmt"
	"image"
	"image/color"
	"math"
)

// Quality metrics. Each compares an engine's result with a Scene's truth on
// the same pixel grid: to measure a cropped or resized output, carry the
// truth through the same transform first. Alphas are row-major, 0..1.
// Masks are row-major too; a nil mask means every pixel.

// EdgeBand marks the pixels within radius pixels (Euclidean, centre to
// centre) of the silhouette's edge in alpha (w x h): the region where
// matting errors live. An edge pixel is one the person partly covers
// (0 < alpha < 1) or, for edges that fall on pixel borders, one on either
// side of a step across 0.5 between 4-neighbours.
func EdgeBand(alpha []float32, w, h int, radius float64) []bool {
	checkLen("EdgeBand", len(alpha), w*h)
	edge := make([]bool, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := y*w + x
			a := alpha[i]
			if a > 0 && a < 1 {
				edge[i] = true
				continue
			}
			in := a >= 0.5
			if (x+1 < w && (alpha[i+1] >= 0.5) != in) || (y+1 < h && (alpha[i+w] >= 0.5) != in) {
				edge[i] = true
				if x+1 < w && (alpha[i+1] >= 0.5) != in {
					edge[i+1] = true
				}
				if y+1 < h && (alpha[i+w] >= 0.5) != in {
					edge[i+w] = true
				}
			}
		}
	}
	d := distance(edge, w, h)
	band := make([]bool, w*h)
	for i, v := range d {
		band[i] = float64(v) <= radius
	}
	return band
}

// SAD is the mean absolute difference between got and want over the
// pixels of mask: the sum of absolute differences the matting literature
// reports, divided by the number of pixels, so bands of different sizes
// compare. 0 is perfect; 0.01 means one percent of coverage wrong on average.
func SAD(got, want []float32, mask []bool) float64 {
	checkLen("SAD", len(got), len(want))
	var sum float64
	n := 0
	for i := range got {
		if mask == nil || mask[i] {
			sum += math.Abs(float64(got[i] - want[i]))
			n++
		}
	}
	return mean(sum, n)
}

// MSE is the mean squared difference between got and want over mask: it
// weighs a few large errors (a lost strand of hair, a chunk of shoulder)
// more than SAD does.
func MSE(got, want []float32, mask []bool) float64 {
	checkLen("MSE", len(got), len(want))
	var sum float64
	n := 0
	for i := range got {
		if mask == nil || mask[i] {
			d := float64(got[i] - want[i])
			sum += d * d
			n++
		}
	}
	return mean(sum, n)
}

// Holes is the share of the person's solid pixels (want > 0.95) that got
// gives to the background (got < 0.5): clothing eaten because it looks like
// the wall, holes in the hair. 0 is perfect.
func Holes(got, want []float32) float64 {
	checkLen("Holes", len(got), len(want))
	var lost, n int
	for i, w := range want {
		if w > 0.95 {
			n++
			if got[i] < 0.5 {
				lost++
			}
		}
	}
	return mean(float64(lost), n)
}

// Leaks is the share of the wall's pixels (want < 0.05) that got keeps as
// the person (got > 0.5): a shadow or a stain kept. 0 is perfect.
func Leaks(got, want []float32) float64 {
	checkLen("Leaks", len(got), len(want))
	var kept, n int
	for i, w := range want {
		if w < 0.05 {
			n++
			if got[i] > 0.5 {
				kept++
			}
		}
	}
	return mean(float64(kept), n)
}

// Halo is the mean CIE76 colour difference between composite and the new
// background bg over the pixels just outside the silhouette: those the
// person does not touch at all (truth == 0) within band pixels of one it
// does. There the ideal composite is exactly bg; a fringe of the old wall,
// a dark outline or a glow shows as ΔE. 0 is perfect, below about 2 is
// invisible side by side.
func Halo(composite *image.RGBA, truth []float32, bg color.Color, band float64) float64 {
	w, h := composite.Rect.Dx(), composite.Rect.Dy()
	checkLen("Halo", len(truth), w*h)
	touched := make([]bool, w*h)
	for i, a := range truth {
		touched[i] = a > 0
	}
	d := distance(touched, w, h)
	want := Lab(bg)
	var sum float64
	n := 0
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := y*w + x
			if touched[i] || float64(d[i]) > band {
				continue
			}
			o := composite.PixOffset(composite.Rect.Min.X+x, composite.Rect.Min.Y+y)
			p := composite.Pix[o : o+3 : o+3]
			sum += labDist(labOf(float64(p[0])/255, float64(p[1])/255, float64(p[2])/255), want)
			n++
		}
	}
	return mean(sum, n)
}

// CrownError is how many rows the measured top of the hair lies below the
// truth's Crown (negative: above it). Positive errors cut the head.
func CrownError(got int, t Truth) int { return got - t.Crown }

// EyeError is the larger of the two pupils' distances from the truth, in
// pixels; left and right are the subject's, as in Truth. Divide by the
// distance between the true pupils for the literature's normalised error.
func EyeError(left, right [2]float64, t Truth) float64 {
	return math.Max(math.Hypot(left[0]-t.LeftPupil[0], left[1]-t.LeftPupil[1]),
		math.Hypot(right[0]-t.RightPupil[0], right[1]-t.RightPupil[1]))
}

func mean(sum float64, n int) float64 {
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

func checkLen(fn string, got, want int) {
	if got != want {
		panic(fmt.Sprintf("synth.%s: %d values where %d were expected", fn, got, want))
	}
}

// distance is the Euclidean distance from each pixel's centre to the
// nearest marked pixel's centre (+Inf if none is marked): the exact
// transform of Felzenszwalb and Huttenlocher, one dimension at a time.
func distance(marked []bool, w, h int) []float32 {
	const inf = 1e20
	f := make([]float64, w*h)
	for i, m := range marked {
		if !m {
			f[i] = inf
		}
	}
	n := max(w, h)
	line, out := make([]float64, n), make([]float64, n)
	v, z := make([]int, n), make([]float64, n+1)
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			line[y] = f[y*w+x]
		}
		dt1(line[:h], out[:h], v, z)
		for y := 0; y < h; y++ {
			f[y*w+x] = out[y]
		}
	}
	d := make([]float32, w*h)
	for y := 0; y < h; y++ {
		dt1(f[y*w:(y+1)*w], out[:w], v, z)
		for x := 0; x < w; x++ {
			if out[x] >= inf/2 {
				d[y*w+x] = float32(math.Inf(1))
			} else {
				d[y*w+x] = float32(math.Sqrt(out[x]))
			}
		}
	}
	return d
}

// dt1 is the squared distance transform of the sampled function f in one
// dimension: out[q] = min over p of (q-p)^2 + f[p], by the lower envelope of
// parabolas. v and z are scratch of len(f) and len(f)+1.
func dt1(f, out []float64, v []int, z []float64) {
	n := len(f)
	meet := func(q, p int) float64 { // where the parabolas from q and p cross
		return ((f[q] + float64(q*q)) - (f[p] + float64(p*p))) / float64(2*(q-p))
	}
	k := 0
	v[0] = 0
	z[0], z[1] = math.Inf(-1), math.Inf(1)
	for q := 1; q < n; q++ {
		s := meet(q, v[k])
		for s <= z[k] { // z[0] is -Inf: stops at k == 0
			k--
			s = meet(q, v[k])
		}
		k++
		v[k] = q
		z[k], z[k+1] = s, math.Inf(1)
	}
	k = 0
	for q := 0; q < n; q++ {
		for z[k+1] < float64(q) {
			k++
		}
		d := float64(q - v[k])
		out[q] = d*d + f[v[k]]
	}
}
