package idphoto

import (
	"image"
	"image/draw"
	"testing"

	"gradphoto/wasm/internal/phototest"
)

// boxBlur blurs img with three passes of a (2r+1)² box: about a Gaussian.
func boxBlur(img *image.RGBA, r int) *image.RGBA {
	b := img.Bounds()
	for pass := 0; pass < 3; pass++ {
		out := image.NewRGBA(b)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				var s [3]int
				n := 0
				for dy := -r; dy <= r; dy++ {
					for dx := -r; dx <= r; dx++ {
						if p := (image.Point{x + dx, y + dy}); p.In(b) {
							o := img.PixOffset(p.X, p.Y)
							s[0], s[1], s[2] = s[0]+int(img.Pix[o]), s[1]+int(img.Pix[o+1]), s[2]+int(img.Pix[o+2])
							n++
						}
					}
				}
				o := out.PixOffset(x, y)
				out.Pix[o], out.Pix[o+1], out.Pix[o+2], out.Pix[o+3] = uint8(s[0]/n), uint8(s[1]/n), uint8(s[2]/n), 255
			}
		}
		img = out
	}
	return img
}

// A clearly blurred photo is refused as blurry; the sharp original is not
// (TestPhotos holds every sharp photo to a compliant result).
func TestBlurryIsRefused(t *testing.T) {
	src := phototest.Load(t, "pigo_sample.jpg")
	rgba := image.NewRGBA(src.Bounds())
	draw.Draw(rgba, rgba.Rect, src, src.Bounds().Min, draw.Src)
	for _, tt := range []struct {
		radius int
		want   Code
	}{{0, ""}, {3, Blurry}} {
		img := rgba
		if tt.radius > 0 {
			img = boxBlur(rgba, tt.radius)
		}
		res, err := ProcessRGBA(append([]byte(nil), img.Pix...), img.Rect.Dx(), img.Rect.Dy(), Options{Models: models(t)})
		if err != nil {
			t.Fatal(err)
		}
		got := Code("")
		if len(res.Report.Reasons) > 0 {
			got = res.Report.Reasons[0].Code
		}
		if got != tt.want {
			t.Errorf("blur radius %d: reasons %v, want %q", tt.radius, res.Report.Reasons, tt.want)
		}
	}
}
