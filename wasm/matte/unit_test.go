package matte

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"
)

// TestEDT compares the distance transform with brute force.
func TestEDT(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, c := range []struct {
		w, h    int
		density float64
	}{{13, 9, 0.1}, {20, 20, 0.02}, {7, 30, 0.3}, {5, 5, 0}} {
		target := make([]uint8, c.w*c.h)
		for i := range target {
			if rng.Float64() < c.density {
				target[i] = 1
			}
		}
		dist := make([]float32, len(target))
		edt(target, 1, c.w, c.h, dist)
		for o := range target {
			want := math.Inf(1)
			for q := range target {
				if target[q] == 1 {
					dx, dy := float64(o%c.w-q%c.w), float64(o/c.w-q/c.w)
					want = min(want, dx*dx+dy*dy)
				}
			}
			if float64(dist[o]) != want {
				t.Fatalf("%+v: cell %d: %v, want %v", c, o, dist[o], want)
			}
		}
	}
}

// TestFitBackground: the fit recovers a quadratic wall through a tenth of
// outliers, and calls a wall of random blocks not plain.
func TestFitBackground(t *testing.T) {
	const w, h = 200, 260
	g := geometry{w: 2 * w, h: 2 * h, s: 120, cx: w, top: 150, eyeY: 200, chinY: 290, faceMidY: 216}
	wall := func(x, y float64) [3]float32 {
		u, v := x/w-1, y/h-1
		return [3]float32{
			float32(0.8 + 0.05*u - 0.03*v + 0.04*u*u),
			float32(0.7 - 0.02*u + 0.05*v*v),
			float32(0.6 + 0.01*u*v),
		}
	}
	cases := []struct {
		name  string
		paint func(half rgb, rng *rand.Rand)
		plain bool
	}{
		{"quadratic wall with outliers", func(half rgb, rng *rand.Rand) {
			for o := range half.r {
				c := wall(2*float64(o%w)+1, 2*float64(o/w)+1)
				if rng.Float64() < 0.1 {
					c = [3]float32{0.1, 0.9, 0.2}
				}
				half.r[o], half.g[o], half.b[o] = c[0], c[1], c[2]
			}
		}, true},
		{"random blocks", func(half rgb, rng *rand.Rand) {
			for by := 0; by < h; by += 20 {
				for bx := 0; bx < w; bx += 20 {
					c := [3]float32{rng.Float32(), rng.Float32(), rng.Float32()}
					for y := by; y < min(h, by+20); y++ {
						for x := bx; x < min(w, bx+20); x++ {
							half.r[y*w+x], half.g[y*w+x], half.b[y*w+x] = c[0], c[1], c[2]
						}
					}
				}
			}
		}, false},
	}
	for _, c := range cases {
		half := newRGB(w, h)
		c.paint(half, rand.New(rand.NewPCG(11, 12)))
		bg, fit, err := fitBackground(half, g)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		st := fit.stats(bg, Options{MaxResidual: DefaultMaxResidual, MaxOutliers: DefaultMaxOutliers})
		if st.Plain != c.plain {
			t.Errorf("%s: plain %v (%+v), want %v", c.name, st.Plain, st, c.plain)
		}
		if !c.plain {
			continue
		}
		// Where it was sampled the surface is the wall.
		for _, p := range [][2]int{{10, 10}, {390, 20}, {200, 5}, {20, 250}} {
			got := bg.At(p[0], p[1])
			want := wall(float64(p[0])+0.5, float64(p[1])+0.5)
			for k := range got {
				if math.Abs(got[k]-255*float64(want[k])) > 1.5 {
					t.Errorf("%s: wall at %v = %.1f, want %.1f", c.name, p, got, 255*want[k])
					break
				}
			}
		}
	}
}

// TestCrown: the crown is the first row with a run of foreground 2 % of a
// face wide near the centre line, not a stray strand.
func TestCrown(t *testing.T) {
	const w, h = 100, 100
	g := geometry{w: w, h: h, s: 50, cx: 50, top: 40}
	cases := []struct {
		name  string
		paint func(a []float32)
		want  int
	}{
		{"nothing above the face", func([]float32) {}, 40},
		{"a head from row 20", func(a []float32) {
			for y := 20; y < h; y++ {
				for x := 40; x < 60; x++ {
					a[y*w+x] = 1
				}
			}
		}, 20},
		{"a strand from row 5 over a head from row 20", func(a []float32) {
			for y := 5; y < 20; y++ {
				a[y*w+50] = 1
			}
			for y := 20; y < h; y++ {
				for x := 40; x < 60; x++ {
					a[y*w+x] = 0.6
				}
			}
		}, 20},
		{"a head off the centre line", func(a []float32) {
			for y := 10; y < h; y++ {
				for x := 0; x < 10; x++ {
					a[y*w+x] = 1
				}
			}
		}, 40},
	}
	for _, c := range cases {
		a := newPlane(w, h)
		c.paint(a.p)
		if got := crown(a, g); got != c.want {
			t.Errorf("%s: crown %d, want %d", c.name, got, c.want)
		}
	}
}

// TestRefusalKeepsStats: a refusal for the wall still reports it.
func TestRefusalKeepsStats(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	// The face fills the image: there is no wall to model.
	m, err := Estimate(Scene{Img: img, Face: image.Rect(0, 0, 64, 64)}, Options{})
	if RefusalCode(err) != HeadCropped || m == nil || m.Alpha != nil {
		t.Errorf("got %v, %v; want a %s refusal with a matte without alpha", m, err, HeadCropped)
	}
}
