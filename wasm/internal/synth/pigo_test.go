package synth

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	pigo "github.com/esimov/pigo/core"
)

// facefinder loads pigo's face cascade from the module cache (it is not
// copied into this repository); the test is skipped where it cannot be found.
func facefinder(t *testing.T) *pigo.Pigo {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/esimov/pigo").Output()
	if err != nil {
		t.Skipf("pigo's module directory: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "cascade", "facefinder"))
	if err != nil {
		t.Skipf("pigo's cascade: %v", err)
	}
	c, err := pigo.NewPigo().Unpack(data)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// detect runs pigo with the settings the photo pipeline uses and returns the
// best cluster (Q 0 if none) and how many clusters there were.
func detect(c *pigo.Pigo, s *Scene) (pigo.Detection, int) {
	w, h := s.Image.Rect.Dx(), s.Image.Rect.Dy()
	m := min(w, h)
	dets := c.ClusterDetections(c.RunCascade(pigo.CascadeParams{
		MinSize: m * 15 / 100, MaxSize: m, ShiftFactor: 0.1, ScaleFactor: 1.1,
		ImageParams: pigo.ImageParams{Pixels: pigo.RgbToGrayscale(s.Image), Rows: h, Cols: w, Dim: w},
	}, 0), 0.2)
	var best pigo.Detection
	for _, d := range dets {
		if d.Q > best.Q {
			best = d
		}
	}
	return best, len(dets)
}

// TestPigoFindsTheFaces checks that pigo's facefinder finds the synthetic
// faces where the truth says they are: every preset, three seeds each. A
// found face counts when its centre lies in the truth's face box and its
// size is within 20 % of the box's height.
func TestPigoFindsTheFaces(t *testing.T) {
	if testing.Short() {
		t.Skip("runs pigo on 15 scenes")
	}
	c := facefinder(t)
	for _, pr := range Presets() {
		found := 0
		const seeds = 3
		for seed := int64(1); seed <= seeds; seed++ {
			p := pr.Params
			p.Seed = seed
			s := Render(p)
			d, clusters := detect(c, s)
			box := s.Truth.FaceBox
			size := float64(d.Scale) / float64(box.Dy())
			ok := d.Q > 5 && d.Col > box.Min.X && d.Col < box.Max.X && d.Row > box.Min.Y && d.Row < box.Max.Y &&
				size > 0.8 && size < 1.2
			if ok {
				found++
			}
			t.Logf("%s seed %d: best of %d clusters at (%d, %d) size %d Q %.0f; face box %v",
				pr.Name, seed, clusters, d.Col, d.Row, d.Scale, d.Q, box)
		}
		t.Logf("%s: %d of %d found", pr.Name, found, seeds)
		if pr.Name == "plain" && found < seeds {
			t.Errorf("pigo found %d of %d plain faces", found, seeds)
		}
	}
}
