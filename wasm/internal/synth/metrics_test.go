package synth

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"
)

func TestDistanceMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct{ w, h, marks int }{{1, 1, 1}, {7, 5, 1}, {13, 9, 3}, {32, 17, 10}, {20, 20, 0}} {
		marked := make([]bool, tc.w*tc.h)
		for range tc.marks {
			marked[rng.IntN(len(marked))] = true
		}
		d := distance(marked, tc.w, tc.h)
		for i := range marked {
			want := math.Inf(1)
			for j, m := range marked {
				if m {
					want = math.Min(want, math.Hypot(float64(i%tc.w-j%tc.w), float64(i/tc.w-j/tc.w)))
				}
			}
			if math.Abs(float64(d[i])-want) > 1e-4 && !(math.IsInf(want, 1) && math.IsInf(float64(d[i]), 1)) {
				t.Fatalf("%dx%d pixel %d: distance %v, want %v", tc.w, tc.h, i, d[i], want)
			}
		}
	}
}

// square is a w x h alpha with a hard-edged square of side n at (x0, y0).
func square(w, h, x0, y0, n int) []float32 {
	a := make([]float32, w*h)
	for y := y0; y < y0+n; y++ {
		for x := x0; x < x0+n; x++ {
			a[y*w+x] = 1
		}
	}
	return a
}

func TestEdgeBand(t *testing.T) {
	const w, h = 20, 20
	a := square(w, h, 5, 5, 10) // pixels 5..14
	for _, tc := range []struct {
		radius float64
		x, y   int
		want   bool
	}{
		{0, 5, 10, true}, {0, 4, 10, true}, {0, 6, 10, false}, {0, 3, 10, false},
		{2, 7, 10, true}, {2, 8, 10, false}, {2, 2, 10, true}, {2, 1, 10, false},
		{2, 10, 10, false}, {2.3, 3, 3, true}, {2.2, 3, 3, false}, // (4, 5) and (5, 4) are the nearest edges
	} {
		if got := EdgeBand(a, w, h, tc.radius)[tc.y*w+tc.x]; got != tc.want {
			t.Errorf("radius %.1f, (%d, %d): %v", tc.radius, tc.x, tc.y, got)
		}
	}
	// A fractional pixel is an edge by itself.
	a = make([]float32, w*h)
	a[10*w+10] = 0.3
	if b := EdgeBand(a, w, h, 1); !b[10*w+10] || !b[10*w+11] || b[10*w+12] {
		t.Error("a partly covered pixel is not the edge")
	}
}

func TestAlphaMetrics(t *testing.T) {
	want := []float32{0, 0, 0.5, 1, 1, 1, 1, 1}
	mask := []bool{false, true, true, true, true, false, false, false}
	for _, tc := range []struct {
		name         string
		got          []float32
		sad, mse     float64 // in the mask
		holes, leaks float64
		sadAll       float64
	}{
		{"perfect", []float32{0, 0, 0.5, 1, 1, 1, 1, 1}, 0, 0, 0, 0, 0},
		{"hard edge", []float32{0, 0, 1, 1, 1, 1, 1, 1}, 0.125, 0.0625, 0, 0, 0.0625},
		{"one hole", []float32{0, 0, 0.5, 0.2, 1, 1, 1, 1}, 0.2, 0.16, 0.2, 0, 0.1},
		{"leak", []float32{0.9, 0, 0.5, 1, 1, 1, 1, 1}, 0, 0, 0, 0.5, 0.1125},
		{"nothing", make([]float32, 8), 0.625, 0.5625, 1, 0, 0.6875},
	} {
		near := func(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
		if got := SAD(tc.got, want, mask); !near(got, tc.sad) {
			t.Errorf("%s: SAD %v, want %v", tc.name, got, tc.sad)
		}
		if got := MSE(tc.got, want, mask); !near(got, tc.mse) {
			t.Errorf("%s: MSE %v, want %v", tc.name, got, tc.mse)
		}
		if got := SAD(tc.got, want, nil); !near(got, tc.sadAll) {
			t.Errorf("%s: SAD over all %v, want %v", tc.name, got, tc.sadAll)
		}
		if got := Holes(tc.got, want); !near(got, tc.holes) {
			t.Errorf("%s: holes %v, want %v", tc.name, got, tc.holes)
		}
		if got := Leaks(tc.got, want); !near(got, tc.leaks) {
			t.Errorf("%s: leaks %v, want %v", tc.name, got, tc.leaks)
		}
	}
}

func TestMetricsPanicOnMismatchedSizes(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	SAD(make([]float32, 3), make([]float32, 4), nil)
}

// TestHaloOnScenes: the ideal composite has no halo; keeping the old wall
// (the camera image itself as the "composite") has one the size of the
// wall's difference from the new background; a one-pixel fringe of the old
// image lies between.
func TestHaloOnScenes(t *testing.T) {
	s := Render(small(Plain()))
	blue := color.RGBA{100, 197, 255, 255}
	if h := Halo(s.Composite(blue), s.Alpha, blue, 3); h != 0 {
		t.Errorf("ideal composite: halo %.3f", h)
	}
	old := Halo(s.Image, s.Alpha, blue, 3)
	if want := DeltaE(s.Truth.Wall, blue); math.Abs(old-want) > 8 {
		t.Errorf("old wall kept: halo %.1f, the walls differ by %.1f", old, want)
	}
	// The ideal composite with the camera's pixels kept just right of every
	// left-hand edge: a fringe one pixel wide.
	w := s.Params.Width
	hard := image.NewRGBA(s.Image.Rect)
	copy(hard.Pix, s.Composite(blue).Pix)
	for idx, a := range s.Alpha {
		if a == 0 && idx%w > 0 && s.Alpha[idx-1] > 0 {
			copy(hard.Pix[4*idx:4*idx+3], s.Image.Pix[4*idx:4*idx+3])
		}
	}
	if fringe := Halo(hard, s.Alpha, blue, 3); fringe <= 0 || fringe >= old {
		t.Errorf("fringe of one pixel: halo %.2f, whole old wall %.2f", fringe, old)
	}
}

func TestCrownAndEyeError(t *testing.T) {
	tr := Truth{Crown: 100, LeftPupil: [2]float64{300, 250}, RightPupil: [2]float64{200, 250}}
	for _, tc := range []struct {
		crown       int
		left, right [2]float64
		crownErr    int
		eyeErr      float64
	}{
		{100, [2]float64{300, 250}, [2]float64{200, 250}, 0, 0},
		{104, [2]float64{303, 254}, [2]float64{200, 250}, 4, 5},
		{97, [2]float64{300, 250}, [2]float64{200, 238}, -3, 12},
	} {
		if got := CrownError(tc.crown, tr); got != tc.crownErr {
			t.Errorf("crown %d: error %d, want %d", tc.crown, got, tc.crownErr)
		}
		if got := EyeError(tc.left, tc.right, tr); math.Abs(got-tc.eyeErr) > 1e-9 {
			t.Errorf("eyes %v %v: error %v, want %v", tc.left, tc.right, got, tc.eyeErr)
		}
	}
}

func TestDeltaE(t *testing.T) {
	for _, tc := range []struct {
		a, b color.RGBA
		want float64
		tol  float64
	}{
		{color.RGBA{255, 255, 255, 255}, color.RGBA{255, 255, 255, 255}, 0, 0},
		{color.RGBA{0, 0, 0, 255}, color.RGBA{255, 255, 255, 255}, 100, 0.01},
		// Lab of pure red is (53.24, 80.09, 67.20).
		{color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 0, 255}, math.Sqrt(53.24*53.24 + 80.09*80.09 + 67.20*67.20), 0.05},
	} {
		if got := DeltaE(tc.a, tc.b); math.Abs(got-tc.want) > tc.tol {
			t.Errorf("ΔE(%v, %v) = %.3f, want %.3f", tc.a, tc.b, got, tc.want)
		}
	}
	// Lab and back.
	for _, c := range [][3]float64{{0.2, 0.5, 0.9}, {1, 1, 1}, {0.01, 0, 0.3}} {
		r, g, b := rgbOf(labOf(c[0], c[1], c[2]))
		if math.Abs(r-c[0])+math.Abs(g-c[1])+math.Abs(b-c[2]) > 1e-6 {
			t.Errorf("%v came back as %v %v %v", c, r, g, b)
		}
	}
}
