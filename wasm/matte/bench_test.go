package matte

import (
	"image"
	"image/color"
	"sort"
	"sync"
	"testing"
	"time"
)

var (
	benchOnce  sync.Once
	benchScene synthScene
)

// benchSynth is the default scene at the work size, rendered once.
func benchSynth() synthScene {
	benchOnce.Do(func() { benchScene = renderSynth(defaultSynth()) })
	return benchScene
}

// BenchmarkEstimate times Estimate on a 720 x 960 work image and reports
// the median milliseconds of each stage.
func BenchmarkEstimate(b *testing.B) {
	sc := benchSynth()
	stages := map[string][]time.Duration{}
	var order []string
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m, err := Estimate(sc.scene, Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, t := range m.Timings {
			if _, ok := stages[t.Stage]; !ok {
				order = append(order, t.Stage)
			}
			stages[t.Stage] = append(stages[t.Stage], t.Took)
		}
	}
	b.StopTimer()
	for _, s := range order {
		d := stages[s]
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		b.ReportMetric(float64(d[len(d)/2])/1e6, s+"-ms")
	}
}

// BenchmarkComposite times Composite of a 720 x 960 work image.
func BenchmarkComposite(b *testing.B) {
	sc := benchSynth()
	m, err := Estimate(sc.scene, Options{})
	if err != nil {
		b.Fatal(err)
	}
	dst := image.NewRGBA(sc.img.Bounds())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Composite(sc.img, m, color.RGBA{100, 197, 255, 255}, dst)
	}
}
