package matte

import (
	"image"
	"math"
	"testing"
)

// TestHueRatio: a wall lit or shaded has no hue ratio; clothing of another
// colour has one, whatever the light on it.
func TestHueRatio(t *testing.T) {
	wall := [3]float32{0.85, 0.84, 0.80}
	cloth := [3]float32{0.78, 0.84, 0.76} // greener than the wall
	diff := func(c [3]float32, k float32) [3]float32 {
		return [3]float32{k*c[0] - wall[0], k*c[1] - wall[1], k*c[2] - wall[2]}
	}
	for _, c := range []struct {
		name     string
		d        [3]float32
		min, max float32 // bounds on the length of the ratio
	}{
		{"the wall", diff(wall, 1), 0, 1e-6},
		{"the wall in a deep shadow", diff(wall, 0.65), 0, 1e-6},
		{"the wall lit", diff(wall, 1.1), 0, 1e-6},
		{"the clothing", diff(cloth, 1), 0.03, 0.1},
		{"the clothing in a shadow", diff(cloth, 0.7), 0.03, 0.1},
	} {
		q := hueRatio(c.d, wall)
		if n := float32(math.Sqrt(float64(norm2(q)))); n < c.min || n > c.max {
			t.Errorf("%s: |hue ratio| %.4f, want %.3f-%.3f", c.name, n, c.min, c.max)
		}
	}
}

// TestShadowDist2: zero on the segment from wallLightDepth lighter than the
// wall colour down to shadowDepth darker, growing off it.
func TestShadowDist2(t *testing.T) {
	wall := [3]float32{0.85, 0.84, 0.80}
	sm := newShadowMetric(wall)
	scale := func(k float32) [3]float32 {
		return [3]float32{(k - 1) * wall[0], (k - 1) * wall[1], (k - 1) * wall[2]}
	}
	for _, c := range []struct {
		name     string
		d        [3]float32
		min, max float32
	}{
		{"the wall", scale(1), 0, 1e-4},
		{"a light shadow", scale(0.9), 0, 1e-4},
		{"a shadow at the deepest", scale(1 - shadowDepth), 0, 1e-4},
		{"a lighter patch of a textured wall", scale(1 + wallLightDepth), 0, 1e-4},
		{"darker than any shadow", scale(0.3), 0.02, 1},
		{"lighter than the wall", scale(1.2), 0.02, 1},
		{"a colour", [3]float32{-0.05, 0.03, -0.05}, 0.02, 1},
	} {
		if d := float32(math.Sqrt(float64(sm.shadowDist2(c.d[0], c.d[1], c.d[2])))); d < c.min || d > c.max {
			t.Errorf("%s: distance %.4f, want %.3f-%.3f", c.name, d, c.min, c.max)
		}
	}
}

// TestShadowDiscount: on a flat wall with clothing filling the bottom rows,
// a shadow beside the neck loses its distance while the clothing keeps its
// own; clothing of the wall's own hue (grey on grey) leaves every distance
// as it was.
func TestShadowDiscount(t *testing.T) {
	const w, h = 60, 80
	wall := [3]float32{0.85, 0.84, 0.80}
	g := geometry{w: 2 * w, h: 2 * h, s: 40, cx: w, top: 20, eyeY: 37, chinY: 66, faceMidY: 42}
	bg := &Background{rect: image.Rect(0, 0, 2*w, 2*h)}
	for c := range bg.coef {
		bg.coef[c][0] = float64(wall[c])
	}
	sm := newShadowMetric(wall)
	shadow := 10*w + 5   // a cell of the shaded wall, above the clothing
	clothing := 70*w + 5 // a cell of the clothing
	for _, c := range []struct {
		name            string
		cloth           [3]float32
		shadowLowered   bool
		clothingLowered bool
	}{
		{"green clothing", [3]float32{0.78, 0.84, 0.76}, true, false},
		{"grey clothing", [3]float32{0.7 * 0.85, 0.7 * 0.84, 0.7 * 0.80}, false, false},
	} {
		diff := newRGB(w, h)
		for o := range diff.r {
			col := wall
			switch {
			case o/w >= 60:
				col = c.cloth
			case o == shadow:
				col = [3]float32{0.75 * wall[0], 0.75 * wall[1], 0.75 * wall[2]}
			}
			diff.r[o], diff.g[o], diff.b[o] = col[0]-wall[0], col[1]-wall[1], col[2]-wall[2]
		}
		ds := make([]float32, w*h)
		for o := range ds {
			ds[o] = float32(math.Sqrt(float64(sm.d2(diff.r[o], diff.g[o], diff.b[o]))))
		}
		before := append([]float32(nil), ds...)
		if sd, ok := newShadowDiscount(diff, bg, g); ok {
			sd.apply(ds, diff, bg, &sm, 0)
		}
		if got := ds[shadow] < before[shadow]/2; got != c.shadowLowered {
			t.Errorf("%s: the shadow's distance %.4f -> %.4f, lowered %v, want %v", c.name, before[shadow], ds[shadow], got, c.shadowLowered)
		}
		if got := ds[clothing] < before[clothing]; got != c.clothingLowered {
			t.Errorf("%s: the clothing's distance %.4f -> %.4f, lowered %v, want %v", c.name, before[clothing], ds[clothing], got, c.clothingLowered)
		}
	}
}

// TestShoulderSeen: a shoulder counts as seen where the own cost of most
// of its columns at the outline is clearly negative; one whose outline
// rests on costs near zero (drawn from its mirror) does not.
func TestShoulderSeen(t *testing.T) {
	const w, y0, nr = 100, 40, 41
	g := geometry{w: 2 * w, h: 160, s: 60, cx: w}
	const strong = 10
	top := make([]int32, w)
	for i := range top {
		top[i] = y0 + 10
	}
	for _, c := range []struct {
		name        string
		left, right float32 // the own cost at the outline on each side
		want        [2]bool
	}{
		{"both seen", -8, -6, [2]bool{true, true}},
		{"right drawn from the mirror", -8, -1, [2]bool{true, false}},
		{"neither", 0, 3, [2]bool{false, false}},
	} {
		own := make([]float32, w*nr)
		for i := range w {
			v := c.left
			if 2*float64(i)+1 > g.cx {
				v = c.right
			}
			own[i*nr+int(top[i])-y0] = v
		}
		seen := shoulderSeen(own, top, y0, nr, strong, g)
		for side := range seen {
			if got := seen[side] >= minShoulderSeen; got != c.want[side] {
				t.Errorf("%s: side %d seen %.2f, want seen %v", c.name, side, seen[side], c.want[side])
			}
		}
	}
}
