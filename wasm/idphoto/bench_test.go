package idphoto

import (
	"bytes"
	"image/jpeg"
	"sync"
	"testing"

	"gradphoto/wasm/internal/synth"
)

// The benchmarks' inputs, made once: what the browser hands over (a
// 1200 x 1600 RGBA frame of a synthetic head-and-shoulders scene), a 12 MP
// phone photo of the same scene as a JPEG at quality 90, and a 320 x 240
// preview frame.
var (
	benchFrame = sync.OnceValue(func() *synth.Scene { return synth.Render(synth.Plain().Scaled(1200, 1600)) })
	bench12MP  = sync.OnceValue(func() []byte {
		s := synth.Render(synth.Plain().Scaled(3000, 4000))
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, s.Image, &jpeg.Options{Quality: 90}); err != nil {
			panic(err)
		}
		return buf.Bytes()
	})
	benchPreview = sync.OnceValue(func() *synth.Scene { return synth.Render(synth.Plain().Scaled(240, 320)) })
	// benchCut is benchFrame with the person lower, the picture ending
	// at the chest: about 20 rows of the photo are made up (fill).
	benchCut = sync.OnceValue(func() *synth.Scene {
		p := synth.Plain().Scaled(1200, 1600)
		p.HeadCenter[1] = 1600 - 345
		return synth.Render(p)
	})
)

// reportStages reports the mean of every stage's time over the runs, and
// the total, in milliseconds: the figures the pipeline's budget is set in.
func reportStages(b *testing.B, runs [][]Timing) {
	if len(runs) == 0 {
		return
	}
	sums := map[string]float64{}
	var order []string
	total := 0.0
	for _, ts := range runs {
		for _, t := range ts {
			if _, ok := sums[t.Stage]; !ok {
				order = append(order, t.Stage)
			}
			sums[t.Stage] += t.MS
			total += t.MS
		}
	}
	n := float64(len(runs))
	for _, s := range order {
		b.ReportMetric(sums[s]/n, s+"-ms")
	}
	b.ReportMetric(total/n, "total-ms")
}

// BenchmarkProcessRGBA1600 is the browser's path, natively: ProcessRGBA on
// a 1200 x 1600 frame. ProcessRGBA takes the pixels over, so each run gets
// a fresh copy (outside the timer).
func BenchmarkProcessRGBA1600(b *testing.B) { benchProcessRGBA(b, benchFrame()) }

// BenchmarkProcessRGBA1600Cut is the same for a photo that stops at the
// chest.
func BenchmarkProcessRGBA1600Cut(b *testing.B) { benchProcessRGBA(b, benchCut()) }

func benchProcessRGBA(b *testing.B, s *synth.Scene) {
	m := models(b)
	img := s.Image
	w, h := img.Rect.Dx(), img.Rect.Dy()
	pix := make([]byte, len(img.Pix))
	var runs [][]Timing
	for b.Loop() {
		b.StopTimer()
		copy(pix, img.Pix)
		b.StartTimer()
		res, err := ProcessRGBA(pix, w, h, Options{Models: m})
		if err != nil {
			b.Fatal(err)
		}
		if !res.Report.OK {
			b.Fatalf("refused: %v", res.Report.Reasons)
		}
		runs = append(runs, res.Report.Timings)
	}
	reportStages(b, runs)
}

// BenchmarkProcess12MP is the command-line path: Process on a 12 MP JPEG.
func BenchmarkProcess12MP(b *testing.B) {
	m := models(b)
	data := bench12MP()
	b.SetBytes(int64(len(data)))
	var runs [][]Timing
	for b.Loop() {
		res, err := Process(data, Options{Models: m})
		if err != nil {
			b.Fatal(err)
		}
		if !res.Report.OK {
			b.Fatalf("refused: %v", res.Report.Reasons)
		}
		runs = append(runs, res.Report.Timings)
	}
	reportStages(b, runs)
}

// BenchmarkGuide320 is the camera preview's detect(): Guide on 320 x 240.
func BenchmarkGuide320(b *testing.B) {
	m := models(b)
	img := benchPreview().Image
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for b.Loop() {
		g, err := Guide(m, img.Pix, w, h)
		if err != nil {
			b.Fatal(err)
		}
		if g.Faces != 1 {
			b.Fatalf("%d faces", g.Faces)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}
