package face

import (
	"image"
	"image/color"
	"math"
	"testing"

	"gradphoto/wasm/internal/synth"
)

// tolWidth is the most MeasureWidth may be off on an upright synthetic
// head, in pixels of a face 240 px wide (CHSI's middle): scenes of other
// sizes are held to the same share.
const tolWidth = 3.0

// widthScene renders an upright synthetic head with p's changes to Plain
// and returns it with the pupils and a face box in pixel-index coordinates,
// the box as pigo draws it: about 1.16 face widths on a side.
func widthScene(p synth.Params) (*synth.Scene, Point, Point, image.Rectangle) {
	s := synth.Render(p)
	tr := s.Truth
	left := Point{X: tr.LeftPupil[0] - 0.5, Y: tr.LeftPupil[1] - 0.5}
	right := Point{X: tr.RightPupil[0] - 0.5, Y: tr.RightPupil[1] - 0.5}
	side := tr.FaceWidth / boxWidthPerSide
	c := Point{X: (left.X + right.X) / 2, Y: (left.Y+right.Y)/2 + 0.08*side}
	box := image.Rect(int(c.X-side/2), int(c.Y-side/2), int(c.X+side/2), int(c.Y+side/2))
	return s, left, right, box
}

// TestMeasureWidthSynth measures upright synthetic heads of every skin and
// hair colour on every wall, at several sizes, in low light and noise,
// against their true width.
func TestMeasureWidthSynth(t *testing.T) {
	plain := synth.Plain()
	dark := color.RGBA{120, 84, 62, 255}
	vDark := color.RGBA{78, 54, 40, 255}
	cases := []struct {
		name   string
		change func(p *synth.Params)
		// mayFallBack: the cheeks may be judged unmeasurable; if they
		// are measured all the same, the width must be right.
		mayFallBack bool
	}{
		{"plain", func(p *synth.Params) {}, false},
		{"medium skin, brown hair", func(p *synth.Params) {
			p.SkinTone, p.HairColor = color.RGBA{205, 160, 125, 255}, color.RGBA{92, 64, 42, 255}
		}, false},
		{"dark skin, black hair", func(p *synth.Params) { p.SkinTone = dark }, false},
		{"very dark skin on a white wall", func(p *synth.Params) {
			p.SkinTone, p.Background = vDark, [2]color.RGBA{{250, 250, 248, 255}, {236, 236, 233, 255}}
		}, false},
		{"light blue wall, flyaways", func(p *synth.Params) {
			p.Background = [2]color.RGBA{{112, 200, 252, 255}, {96, 186, 244, 255}}
			p.HairColor, p.HairStrands = color.RGBA{92, 64, 42, 255}, 150
		}, false},
		{"side light, noise, vignetting", func(p *synth.Params) {
			p.Background = [2]color.RGBA{{228, 226, 220, 255}, {188, 186, 180, 255}}
			p.Gradient, p.Vignetting, p.Noise = synth.LeftToRight, 0.25, 4
			p.Shadow = synth.Shadow{DX: 40, DY: 25, Blur: 18, Strength: 0.35}
		}, false},
		{"low light", func(p *synth.Params) {
			p.Background = [2]color.RGBA{{90, 88, 84, 255}, {70, 68, 64, 255}}
			p.SkinTone, p.Noise, p.JPEGQuality = color.RGBA{110, 82, 66, 255}, 5, 75
		}, false},
		{"blonde hair beside light skin on a white wall", func(p *synth.Params) { *p = synth.Hard() }, true},
		{"small: 600x750", func(p *synth.Params) { *p = p.Scaled(600, 750) }, false},
		{"large: 1500x2000", func(p *synth.Params) { *p = p.Scaled(1500, 2000) }, false},
		{"narrow head", func(p *synth.Params) { p.HeadSize = 300 }, false},
		{"off centre", func(p *synth.Params) { p.HeadCenter = [2]float64{420, 520} }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := plain
			c.change(&p)
			s, left, right, box := widthScene(p)
			got := MeasureWidth(s.Image, left, right, box)
			want := s.Truth.FaceWidth
			tol := tolWidth * want / 240
			t.Logf("width %.1f (truth %.1f, err %+.1f, tolerance %.1f), confidence %.2f", got.Width, want, got.Width-want, tol, got.Confidence)
			switch {
			case !got.Reliable() && c.mayFallBack:
				return
			case !got.Reliable():
				t.Fatalf("confidence %.2f: the cheeks are in plain view", got.Confidence)
			}
			if math.Abs(got.Width-want) > tol {
				t.Errorf("width %.1f, truth %.1f", got.Width, want)
			}
			mid := (left.X + right.X) / 2
			if off := (got.Left+got.Right)/2 - mid; math.Abs(off) > tol {
				t.Errorf("the edges' midpoint is %+.1f px from the eye midpoint", off)
			}
		})
	}
}

// TestMeasureWidthUnreliable holds MeasureWidth to a low confidence where
// the cheeks cannot be measured, so that the engine falls back to the box.
func TestMeasureWidthUnreliable(t *testing.T) {
	s, left, right, box := widthScene(synth.Plain())
	d := left.X - right.X
	cases := []struct {
		name string
		prep func(img *image.RGBA) (Point, Point, image.Rectangle)
	}{
		{"pupils too close", func(*image.RGBA) (Point, Point, image.Rectangle) {
			return Point{X: right.X + 4, Y: right.Y}, right, box
		}},
		{"hair over both cheeks", func(img *image.RGBA) (Point, Point, image.Rectangle) {
			// A dark curtain from just beyond the eyes outward, as long
			// hair worn forward.
			for y := int(left.Y - d); y < int(left.Y+d); y++ {
				for x := 0; x < img.Rect.Dx(); x++ {
					if math.Abs(float64(x)-(left.X+right.X)/2) > 0.8*d {
						img.SetRGBA(x, y, color.RGBA{30, 26, 24, 255})
					}
				}
			}
			return left, right, box
		}},
		{"skin-coloured all around", func(img *image.RGBA) (Point, Point, image.Rectangle) {
			// Nothing beside the cheeks to tell them from: no edge.
			o := img.PixOffset(int(left.X), int(left.Y+0.5*d))
			c := color.RGBA{img.Pix[o], img.Pix[o+1], img.Pix[o+2], 255}
			for y := int(left.Y - d); y < int(left.Y+d); y++ {
				for x := 0; x < img.Rect.Dx(); x++ {
					if math.Abs(float64(x)-(left.X+right.X)/2) > 0.9*d {
						img.SetRGBA(x, y, c)
					}
				}
			}
			return left, right, box
		}},
		{"box far too small for the pupils", func(*image.RGBA) (Point, Point, image.Rectangle) {
			return left, right, image.Rect(box.Min.X, box.Min.Y, box.Min.X+box.Dx()/2, box.Min.Y+box.Dy()/2)
		}},
		{"off the picture", func(*image.RGBA) (Point, Point, image.Rectangle) {
			return Point{X: left.X + 5000, Y: left.Y}, Point{X: right.X + 5000, Y: right.Y}, box
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			img := image.NewRGBA(s.Image.Rect)
			copy(img.Pix, s.Image.Pix)
			l, r, b := c.prep(img)
			if got := MeasureWidth(img, l, r, b); got.Reliable() {
				t.Errorf("reliable (confidence %.2f, width %.1f): must fall back", got.Confidence, got.Width)
			}
		})
	}
}

func BenchmarkMeasureWidth(b *testing.B) {
	s, left, right, box := widthScene(synth.Plain())
	for b.Loop() {
		MeasureWidth(s.Image, left, right, box)
	}
}
