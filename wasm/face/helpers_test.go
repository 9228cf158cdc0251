//go:debug randseednop=0

package face

import (
	"image"
	"image/draw"
	"testing"

	"gradphoto/wasm/internal/phototest"
)

// testModels returns the embedded models. Without the cascades the test
// fails under CI (CI=true) and is skipped elsewhere.
func testModels(tb testing.TB) *Models {
	tb.Helper()
	m, err := DefaultModels()
	if err != nil {
		phototest.Missing(tb, err.Error())
	}
	return m
}

// loadGray decodes a test photo and returns its luma: the Y plane of a
// JPEG, converted RGBA otherwise.
func loadGray(tb testing.TB, name string) Gray {
	tb.Helper()
	img := phototest.Load(tb, name)
	if y, ok := img.(*image.YCbCr); ok {
		return GrayFromYCbCr(y)
	}
	rgba := image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return GrayFromRGBA(rgba, nil)
}

// seeded runs fn with puploc's random source seeded (see phototest.Seed:
// this file's go:debug line is what makes it work).
func seeded(fn func()) {
	phototest.Seed()
	fn()
}

// resize scales g to w x h, bilinearly.
func resize(g Gray, w, h int) Gray {
	out := Gray{Pix: make([]uint8, w*h), Width: w, Height: h}
	st := g.stride()
	for y := 0; y < h; y++ {
		sy := (float64(y)+0.5)*float64(g.Height)/float64(h) - 0.5
		y0 := min(max(int(sy), 0), g.Height-2)
		fy := min(max(sy-float64(y0), 0), 1)
		for x := 0; x < w; x++ {
			sx := (float64(x)+0.5)*float64(g.Width)/float64(w) - 0.5
			x0 := min(max(int(sx), 0), g.Width-2)
			fx := min(max(sx-float64(x0), 0), 1)
			p := g.Pix[y0*st+x0:]
			top := float64(p[0])*(1-fx) + float64(p[1])*fx
			bot := float64(p[st])*(1-fx) + float64(p[st+1])*fx
			out.Pix[y*w+x] = uint8(top*(1-fy) + bot*fy + 0.5)
		}
	}
	return out
}

// crop returns the part of g inside r, sharing its pixels.
func crop(g Gray, r image.Rectangle) Gray {
	st := g.stride()
	return Gray{Pix: g.Pix[r.Min.Y*st+r.Min.X:], Stride: st, Width: r.Dx(), Height: r.Dy()}
}
