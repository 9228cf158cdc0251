package imageio

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"sync"
	"testing"
)

// benchJPEGs are made once: a 12 MP phone photo (4000 x 3000) and a
// 1600 x 1200 one, from a synthetic scene with texture.
var benchJPEGs = sync.OnceValue(func() map[string][]byte {
	out := map[string][]byte{}
	for name, size := range map[string][2]int{"12MP": {4000, 3000}, "1600x1200": {1600, 1200}} {
		out[name] = mustJPEG(scene(size[0], size[1], 1), 90)
	}
	return out
})

// benchLoop runs f for the benchmark and reports the mean time per
// operation in milliseconds (the unit of the pipeline's budget): wall
// clock, and where the platform tells, CPU time (user and system, all
// threads: garbage collection included), which stays meaningful when other
// work shares the machine.
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

func benchmarkDecode(b *testing.B, name string, opts Options) {
	data := benchJPEGs()[name]
	b.SetBytes(int64(len(data)))
	benchLoop(b, func() {
		if _, err := Decode(data, opts); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkDecode12MP(b *testing.B)       { benchmarkDecode(b, "12MP", Options{}) }
func BenchmarkDecode12MPTo1600(b *testing.B) { benchmarkDecode(b, "12MP", Options{MaxSide: 1600}) }
func BenchmarkDecode1600x1200(b *testing.B)  { benchmarkDecode(b, "1600x1200", Options{}) }
func BenchmarkDecode1600x1200To800(b *testing.B) {
	benchmarkDecode(b, "1600x1200", Options{MaxSide: 800})
}
func BenchmarkDecode12MPOrientation6(b *testing.B) {
	benchmarkDecode12MPTagged(b, 6, Options{MaxSide: 1600})
}

func benchmarkDecode12MPTagged(b *testing.B, o int, opts Options) {
	data := withOrientation(benchJPEGs()["12MP"], o, binary.BigEndian)
	benchLoop(b, func() {
		if _, err := Decode(data, opts); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkGrayFromRGBA1600x1200(b *testing.B) {
	img := scene(1600, 1200, 2)
	b.SetBytes(int64(len(img.Pix)))
	benchLoop(b, func() {
		GrayFromRGBA(img)
	})
}

func BenchmarkShrinkRGBA12MPTo1600(b *testing.B) {
	img := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	benchLoop(b, func() {
		shrinkRGBA(img.Pix, 4000, 3000, img.Stride, 1600, 1200)
	})
}

func BenchmarkOrientRGBA1600x1200(b *testing.B) {
	pix := make([]byte, 4*1600*1200)
	benchLoop(b, func() {
		orientRGBA(pix, 1600, 1200, 6)
	})
}

// BenchmarkStdlibJPEG12MP is image/jpeg alone on the same file: what Decode
// adds is the difference.
func BenchmarkStdlibJPEG12MP(b *testing.B) {
	data := benchJPEGs()["12MP"]
	benchLoop(b, func() {
		if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkShrinkPlane12MPTo1600(b *testing.B) {
	img := image.NewGray(image.Rect(0, 0, 4000, 3000))
	benchLoop(b, func() {
		shrinkPlane(img.Pix, 4000, 3000, 4000, 1600, 1200)
	})
}
