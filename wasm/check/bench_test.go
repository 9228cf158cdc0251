package check

import (
	"testing"

	"gradphoto/shared/photospec"
)

// BenchmarkMeasureCHSI is the checker on a finished 480 x 640 photo, as
// the engine runs it on its own output (no face measurer: that cost is the
// detector's).
func BenchmarkMeasureCHSI(b *testing.B) {
	p := photospec.CHSI
	data, err := photospec.Encode(portrait(480, 640, p.Background, truthFor(p), 1), p)
	if err != nil {
		b.Fatal(err)
	}
	benchLoop(b, func() {
		if _, err := Measure(data, p, nil); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkMeasureAlbum12MP is the checker on a 12 MP album photo: decoded
// shrunk to WorkingSide.
func BenchmarkMeasureAlbum12MP(b *testing.B) {
	p := photospec.CHSI
	s := 6.25 // 480 x 640 -> 3000 x 4000
	g := truthFor(p)
	g.Crown, g.EyeLine, g.EyeCenterX, g.FaceWidth = g.Crown*s, g.EyeLine*s, g.EyeCenterX*s, g.FaceWidth*s
	data := mustJPEG(portrait(3000, 4000, p.Background, g, 1), 90)
	b.SetBytes(int64(len(data)))
	benchLoop(b, func() {
		if _, err := Measure(data, p, nil); err != nil {
			b.Fatal(err)
		}
	})
}

// benchLoop runs f and reports milliseconds per operation, wall clock and
// (where the platform tells) CPU time.
func benchLoop(b *testing.B, f func()) {
	c0 := cpuTime()
	for b.Loop() {
		f()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
	if c := cpuTime() - c0; c > 0 {
		b.ReportMetric(float64(c.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}
