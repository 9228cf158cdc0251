package frame

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"testing"

	"gradphoto/wasm/face"
)

var (
	wall = color.RGBA{40, 60, 80, 255}
	dots = []image.Point{{100, 80}, {300, 80}, {200, 150}, {120, 240}, {280, 220}, {30, 30}}
)

// pattern returns a 400 x 300 picture of wall with a white 5 x 5 dot
// centred on each of dots.
func pattern() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = wall.R, wall.G, wall.B, wall.A
	}
	for _, d := range dots {
		for y := d.Y - 2; y <= d.Y+2; y++ {
			for x := d.X - 2; x <= d.X+2; x++ {
				img.SetRGBA(x, y, color.RGBA{255, 255, 255, 255})
			}
		}
	}
	return img
}

// centroid returns the brightness-weighted centre of what stands out from
// the wall within r pixels of p.
func centroid(img *image.RGBA, p face.Point, r int) (face.Point, bool) {
	var sx, sy, sw float64
	for y := int(p.Y) - r; y <= int(p.Y)+r; y++ {
		for x := int(p.X) - r; x <= int(p.X)+r; x++ {
			if !(image.Point{x, y}).In(img.Rect) {
				return face.Point{}, false
			}
			w := float64(img.RGBAAt(x, y).R) - float64(wall.R)
			sx += w * float64(x)
			sy += w * float64(y)
			sw += w
		}
	}
	if sw < 1 {
		return face.Point{}, false
	}
	return face.Point{X: sx / sw, Y: sy / sw}, true
}

func TestStraighten(t *testing.T) {
	src := pattern()
	tests := []struct {
		name       string
		center     face.Point
		angle      float64
		crop       image.Rectangle
		outW, outH int
	}{
		{"identity", face.Point{X: 200, Y: 150}, 0, image.Rect(0, 0, 400, 300), 400, 300},
		{"10 degrees", face.Point{X: 200, Y: 150}, 10, image.Rect(50, 40, 350, 260), 300, 220},
		{"-25 degrees, twice the size", face.Point{X: 180, Y: 140}, -25, image.Rect(60, 50, 340, 250), 560, 400},
		{"5 degrees, 2.5 times smaller", face.Point{X: 200, Y: 150}, 5, image.Rect(0, 0, 400, 300), 160, 120},
		{"quarter turn", face.Point{X: 200, Y: 150}, 90, image.Rect(50, -50, 350, 350), 300, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := Straighten(src, tt.center, tt.angle, tt.crop, tt.outW, tt.outH)
			if out.Rect != image.Rect(0, 0, tt.outW, tt.outH) {
				t.Fatalf("bounds %v", out.Rect)
			}
			pl := Plan{Center: tt.center, Angle: tt.angle, Crop: tt.crop, Width: tt.outW, Height: tt.outH}
			sx := float64(tt.crop.Dx()) / float64(tt.outW)
			checked := 0
			for _, d := range dots {
				want := pl.ToWork(face.Point{X: float64(d.X), Y: float64(d.Y)})
				got, ok := centroid(out, want, int(4/sx)+3)
				if !ok {
					continue // near or past the edge of the result
				}
				checked++
				if e := math.Hypot(got.X-want.X, got.Y-want.Y); e > 1 {
					t.Errorf("dot %v at %.2f, want %.2f (%.2f px off)", d, got, want, e)
				}
			}
			if checked < 3 {
				t.Errorf("only %d dots to check", checked)
			}
		})
	}
}

func TestStraightenCopiesExactly(t *testing.T) {
	src := pattern()
	out := Straighten(src, face.Point{X: 7, Y: 9}, 0, image.Rect(10, 20, 110, 70), 100, 50)
	for y := 0; y < 50; y++ {
		got := out.Pix[y*out.Stride : y*out.Stride+400]
		want := src.Pix[src.PixOffset(10, 20+y) : src.PixOffset(10, 20+y)+400]
		if !bytes.Equal(got, want) {
			t.Fatalf("row %d differs from the source", y)
		}
	}
}

// Outside the picture the edge pixels repeat. (Mirroring below the bottom
// edge was tried: with a tight photo it mirrored the chin into the chest.)
func TestStraightenEdges(t *testing.T) {
	src := pattern()
	src.SetRGBA(0, 0, color.RGBA{1, 2, 3, 255})
	src.SetRGBA(0, 5, color.RGBA{4, 5, 6, 255})
	src.SetRGBA(399, 299, color.RGBA{7, 8, 9, 255})
	out := Straighten(src, face.Point{}, 0, image.Rect(-20, -20, 30, 30), 50, 50)
	for _, c := range []struct {
		x, y int
		want color.RGBA
	}{{0, 0, src.RGBAAt(0, 0)}, {19, 19, src.RGBAAt(0, 0)}, {3, 25, src.RGBAAt(0, 5)}} {
		if got := out.RGBAAt(c.x, c.y); got != c.want {
			t.Errorf("pixel (%d, %d) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
	out = Straighten(src, face.Point{}, 0, image.Rect(390, 290, 420, 320), 30, 30)
	if got := out.RGBAAt(9, 9); got != src.RGBAAt(399, 299) {
		t.Errorf("the bottom-right corner: %v, want %v", got, src.RGBAAt(399, 299))
	}
	if got := out.RGBAAt(29, 29); got != src.RGBAAt(399, 299) {
		t.Errorf("beyond the bottom-right corner: %v, want %v", got, src.RGBAAt(399, 299))
	}
}

func TestPlace(t *testing.T) {
	src := pattern()
	pl := Placement{Scale: 0.8, X: 10.25, Y: 20.5}
	out := Place(src, pl, 300, 200)
	for _, d := range dots {
		want := face.Point{X: (float64(d.X) - pl.X) * pl.Scale, Y: (float64(d.Y) - pl.Y) * pl.Scale}
		got, ok := centroid(out, want, 8)
		if !ok {
			continue
		}
		if e := math.Hypot(got.X-want.X, got.Y-want.Y); e > 1 {
			t.Errorf("dot %v at %.2f, want %.2f", d, got, want)
		}
	}
}
