package matte

import "testing"

// TestOpenNeckSides: the outer parts of the neck band are opened between
// the chin and the shoulder outline just outside the band; the middle of
// the band, the face ellipse and the torso stay.
func TestOpenNeckSides(t *testing.T) {
	const w, h = 100, 120
	g := geometry{w: 2 * w, h: 2 * h, s: 100, cx: 100, top: 40, eyeY: 82, chinY: 155, faceMidY: 95}
	core := make([]uint8, w*h)
	headCore(core, w, h, g)
	top := make([]int32, w)
	for i := range top {
		top[i] = 100 // the shoulders begin 100 half-size rows down
	}
	for j := 100; j < h; j++ {
		for i := range w {
			core[j*w+i] = 1
		}
	}
	openNeckSides(core, top, w, h, g)
	chin := int(g.chinY / 2)
	for _, c := range []struct {
		name string
		x, y int // half-size cell
		want uint8
	}{
		{"the middle of the neck", 50, 85, 1},
		{"the neck band's left part", 43, 85, 0},
		{"the neck band's right part", 57, 85, 0},
		{"the band's part just above the shoulders", 57, 99, 0},
		{"the band's part in the shoulders", 57, 100, 1},
		{"the face ellipse beside the neck band", 60, 50, 2},
		{"the neck band above the chin", 57, chin - 1, 1},
	} {
		if got := core[c.y*w+c.x]; got != c.want {
			t.Errorf("%s (%d, %d): %d, want %d", c.name, c.x, c.y, got, c.want)
		}
	}
}
