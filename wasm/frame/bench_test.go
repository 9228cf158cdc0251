package frame

import (
	"image"
	"testing"

	"gradphoto/wasm/face"
)

// benchStraighten times cutting a 720 x 960 work image out of a w x h
// input, turned 4 degrees, from a crop sx input pixels per work pixel,
// into a buffer kept from one call to the next.
func benchStraighten(b *testing.B, w, h int, sx float64) {
	src := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range src.Pix {
		src.Pix[i] = uint8(i * 7)
	}
	cw, ch := int(720*sx), int(960*sx)
	crop := image.Rect((w-cw)/2, (h-ch)/2, (w+cw)/2, (h+ch)/2)
	center := face.Point{X: float64(w) / 2, Y: float64(h) / 3}
	dst := image.NewRGBA(image.Rect(0, 0, 720, 960))
	b.ResetTimer()
	for b.Loop() {
		StraightenTo(dst, src, center, 4, crop)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

// The browser's input (1200 x 1600): the work image at about the input's
// resolution.
func BenchmarkStraighten720x960(b *testing.B) { benchStraighten(b, 1200, 1600, 1.15) }

// A 12 MP photo decoded in Go: 2.8 input pixels per work pixel, 2 x 2
// samples each.
func BenchmarkStraighten720x960From12MP(b *testing.B) { benchStraighten(b, 3000, 4000, 2.8) }

// The same with a new image each time, as Straighten makes it.
func BenchmarkStraighten720x960New(b *testing.B) {
	src := image.NewRGBA(image.Rect(0, 0, 1200, 1600))
	crop := image.Rect(186, 248, 1014, 1352)
	for b.Loop() {
		Straighten(src, face.Point{X: 600, Y: 533}, 4, crop, 720, 960)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

// BenchmarkFillBelow paints 160 rows (a sixth of the work image, about
// EdgeSlack) under a cut chest, in a fresh copy of the work image each
// time (outside the timer).
func BenchmarkFillBelow(b *testing.B) {
	img, alpha := clothed(fillScene(), 20, 3)
	pl := Plan{Center: face.Point{X: 360, Y: 352}, Crop: image.Rect(0, 0, 720, 960),
		Width: 720, Height: 960, Scale: 1, Input: image.Pt(720, 800)}
	cut := image.Rect(0, 0, 720, 800)
	work := pl.Apply(img.SubImage(cut).(*image.RGBA))
	matte := pl.Apply(alpha.SubImage(cut).(*image.RGBA))
	coverage := make([]float32, 720*960)
	for i := range coverage {
		coverage[i] = float32(matte.Pix[4*i]) / 255
	}
	dst := image.NewRGBA(work.Rect)
	for b.Loop() {
		b.StopTimer()
		copy(dst.Pix, work.Pix)
		b.StartTimer()
		FillBelow(dst, coverage, dst.Rect, lightBlue, pl, dst.Rect)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}
