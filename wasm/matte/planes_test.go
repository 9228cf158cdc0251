package matte

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"
)

// TestBoxBlur compares the running-sum box filter with direct averaging,
// for radii smaller and larger than the plane.
func TestBoxBlur(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct{ w, h, r int }{{17, 9, 1}, {17, 9, 3}, {5, 4, 7}, {40, 3, 0}, {1, 30, 2}} {
		p := newPlane(c.w, c.h)
		for i := range p.p {
			p.p[i] = rng.Float32()
		}
		want := make([]float32, len(p.p))
		for y := 0; y < c.h; y++ {
			for x := 0; x < c.w; x++ {
				var s float32
				n := 0
				for yy := max(0, y-c.r); yy <= min(c.h-1, y+c.r); yy++ {
					for xx := max(0, x-c.r); xx <= min(c.w-1, x+c.r); xx++ {
						s += p.p[yy*c.w+xx]
						n++
					}
				}
				want[y*c.w+x] = s / float32(n)
			}
		}
		boxBlur(p, c.r, make([]float32, len(p.p)))
		for i := range want {
			if math.Abs(float64(p.p[i]-want[i])) > 1e-5 {
				t.Fatalf("%+v: at %d got %v, want %v", c, i, p.p[i], want[i])
			}
		}
	}
}

// TestHalve: the specialised 2 x 2 average agrees with the general one.
func TestHalve(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, r := range []image.Rectangle{image.Rect(0, 0, 8, 6), image.Rect(3, 5, 12, 12)} {
		img := image.NewRGBA(r)
		for i := range img.Pix {
			img.Pix[i] = uint8(rng.IntN(256))
		}
		a, b := halve(img), decimate(img, 2)
		if a.w != b.w || a.h != b.h {
			t.Fatalf("%v: sizes %dx%d and %dx%d", r, a.w, a.h, b.w, b.h)
		}
		for i := range a.r {
			if math.Abs(float64(a.r[i]-b.r[i])) > 1e-6 || math.Abs(float64(a.b[i]-b.b[i])) > 1e-6 {
				t.Fatalf("%v: cell %d differs", r, i)
			}
		}
	}
}

// TestMedian compares the selection with sorting.
func TestMedian(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 1; n < 60; n++ {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(rng.IntN(10)) // many ties
		}
		sorted := append([]float32(nil), v...)
		for i := range sorted {
			for j := i + 1; j < n; j++ {
				if sorted[j] < sorted[i] {
					sorted[i], sorted[j] = sorted[j], sorted[i]
				}
			}
		}
		if got := median(v); got != sorted[n/2] {
			t.Fatalf("n=%d: median %v, want %v", n, got, sorted[n/2])
		}
	}
}

// TestDecimate compares the block means with direct averaging, blocks cut
// by the edges included.
func TestDecimate(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, c := range []struct{ w, h, k int }{{9, 7, 2}, {10, 8, 2}, {13, 9, 4}, {16, 8, 4}, {11, 5, 3}} {
		p := newPlane(c.w, c.h)
		for i := range p.p {
			p.p[i] = rng.Float32()
		}
		got := decimatePlane(p, c.k)
		for j := 0; j < got.h; j++ {
			for i := 0; i < got.w; i++ {
				var s float32
				n := 0
				for y := j * c.k; y < min(c.h, (j+1)*c.k); y++ {
					for x := i * c.k; x < min(c.w, (i+1)*c.k); x++ {
						s += p.p[y*c.w+x]
						n++
					}
				}
				if want := s / float32(n); math.Abs(float64(got.p[j*got.w+i]-want)) > 1e-5 {
					t.Fatalf("%+v: block %d,%d = %v, want %v", c, i, j, got.p[j*got.w+i], want)
				}
			}
		}
	}
}
