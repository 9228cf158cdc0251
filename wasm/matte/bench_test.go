package matte

import (
	"image"
	"image/color"
	"runtime"
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
// the milliseconds of each stage and of the whole: the median, and the
// minimum over the runs (on a shared machine the minimum is the cost), and
// where it can the CPU time of the whole (cpu-ms, without the waiting).
func BenchmarkEstimate(b *testing.B) {
	sc := benchSynth()
	stages := map[string][]time.Duration{}
	var order []string
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cpu := threadCPU()
		m, err := Estimate(sc.scene, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if cpu > 0 {
			stages["cpu"] = append(stages["cpu"], threadCPU()-cpu)
		}
		var total time.Duration
		for _, t := range m.Timings {
			if _, ok := stages[t.Stage]; !ok {
				order = append(order, t.Stage)
			}
			stages[t.Stage] = append(stages[t.Stage], t.Took)
			total += t.Took
		}
		stages["total"] = append(stages["total"], total)
	}
	b.StopTimer()
	for _, s := range append(order, "total", "cpu") {
		d := stages[s]
		if len(d) == 0 {
			continue
		}
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		b.ReportMetric(float64(d[len(d)/2])/1e6, s+"-ms")
		b.ReportMetric(float64(d[0])/1e6, s+"-min-ms")
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
