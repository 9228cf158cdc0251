package frame

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPlaceReaching: CHSI's layout, a crown 200 above the eyes and a face
// 240 wide (place's choice: scale 1, eyes on 275), and the picture ending
// depth below the eyes.
func TestPlaceReaching(t *testing.T) {
	inner := reachMargins(chsi, 640) // crown 54-106, eyes 204-296, face 204-276
	tests := []struct {
		name       string
		h, depth   float64
		s, e, fill float64
	}{
		// 639.5 - 275 = 364.5 below the eyes is enough.
		{name: "room below", h: 200, depth: 400, s: 1, e: 275},
		{name: "just enough", h: 200, depth: 364.5, s: 1, e: 275},
		// 354.5 below: at scale 1 the eyes must go to 285 or lower; the
		// crown allows 296 (inner): the eyes go to the middle, 290.5.
		{name: "lower eyes", h: 200, depth: 354.5, s: 1, e: 290.5},
		// 300 below: even eyes on 296 need a scale of 343.5/300; the
		// crown, 200 s above them, then on 67 - fine, and the face 274.8.
		{name: "larger face", h: 200, depth: 300, s: 343.5 / 300, e: 296},
		// 250 below: the largest face (276, scale 1.15) with the eyes on
		// 296 leaves 639.5 - 296 - 287.5 = 56 rows.
		{name: "cannot reach", h: 200, depth: 250, s: 1.15, e: 296, fill: 56},
		// Crown 250 above the eyes: it allows scales up to (296 - 54) /
		// 250, before the face's end.
		{name: "tall head", h: 250, depth: 250, s: 242.0 / 250, e: 296, fill: 639.5 - 296 - 242},
		// Crown 300 above the eyes: within the margins no scale keeps
		// both the face and the crown in range; place's choice stands,
		// on the ends of the crown's and eyes' ranges.
		{name: "taller head", h: 300, depth: 250, s: 250.0 / 300, e: 300, fill: 639.5 - 300 - 250*250.0/300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, e, fill := placeReaching(chsi, inner, 640, tt.h, 240, 0, 0, tt.depth)
			if math.Abs(s-tt.s) > 1e-9 || math.Abs(e-tt.e) > 1e-9 || math.Abs(fill-tt.fill) > 1e-9 {
				t.Errorf("scale %.4f, eyes %.2f, fill %.2f; want %.4f, %.2f, %.2f", s, e, fill, tt.s, tt.e, tt.fill)
			}
		})
	}
}

// TestPlaceReachingIsBest compares placeReaching with a search of every
// placement on a fine grid: it never leaves more rows to fill, and what it
// picks is in range.
func TestPlaceReachingIsBest(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	inner := reachMargins(chsi, 640)
	for range 300 {
		h := 150 + 150*rng.Float64()
		fw := 150 + 200*rng.Float64()
		depth := 150 + 400*rng.Float64()
		s, e, fill := placeReaching(chsi, inner, 640, h, fw, 0, 0, depth)
		if s0, e0 := place(chsi, h, fw, 0, 0); e0+depth*s0 >= 639.5 {
			if s != s0 || e != e0 || fill != 0 {
				t.Fatalf("h %.1f fw %.1f depth %.1f: place's choice reaches, but not taken", h, fw, depth)
			}
			continue
		}
		lo, hi := inRange(inner, h, fw, 0, 0)
		if lo > hi {
			continue // place's choice stands, and Fit reports the miss
		}
		const eps = 1e-6
		if s < lo-eps || s > hi+eps || e < float64(inner.EyeMin)-eps || e > float64(inner.EyeMax)+eps ||
			e-h*s < float64(inner.CrownMin)-eps || e-h*s > float64(inner.CrownMax)+eps {
			t.Fatalf("h %.1f fw %.1f depth %.1f: scale %.4f eyes %.1f crown %.1f out of range", h, fw, depth, s, e, e-h*s)
		}
		best := math.Inf(1)
		for i := 0; i <= 200; i++ {
			sc := lo + (hi-lo)*float64(i)/200
			eMax := min(float64(inner.EyeMax), float64(inner.CrownMax)+h*sc)
			best = min(best, max(0, 639.5-eMax-depth*sc))
		}
		if fill > best+eps {
			t.Fatalf("h %.1f fw %.1f depth %.1f: fill %.2f, the grid finds %.2f", h, fw, depth, fill, best)
		}
	}
}
