//go:debug randseednop=0

package idphoto

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/check"
	"gradphoto/wasm/face"
	"gradphoto/wasm/internal/phototest"
)

// expectation is one row of ../shared/photos/photos.tsv.
type expectation struct {
	file, expect, note string
}

func readExpectations(t *testing.T, dir string) []expectation {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "photos.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []expectation
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) >= 5 {
			out = append(out, expectation{cols[0], cols[1], cols[4]})
		}
	}
	return out
}

// TestPhotos runs every photo in ../shared/photos and holds the engine to
// what photos.tsv says: ok = a compliant photo; reject:CODE = refused with
// that code; reject = refused; okorreject = a compliant photo or a clean
// refusal; any = no crash. Compliance is judged by an independent
// measurement of the output (see judge), not by the engine's report.
func TestPhotos(t *testing.T) {
	dir := phototest.Dir(t)
	for _, e := range readExpectations(t, dir) {
		t.Run(e.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, e.file))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Process(data, Options{Models: models(t)})
			if err != nil {
				t.Fatalf("engine error: %v", err)
			}
			r := res.Report
			codes := []string{}
			for _, m := range r.Reasons {
				codes = append(codes, string(m.Code))
				if m.ZH == "" || m.EN == "" {
					t.Errorf("reason %s without both messages", m.Code)
				}
			}
			t.Logf("ok=%v reasons=%v warnings=%d", r.OK, codes, len(r.Warnings))
			if g := r.Geometry; r.OK {
				t.Logf("face width %d px, from the %s", g.FaceWidth, g.FaceWidthSource)
				if g.FaceWidthSource != WidthFromCheeks && g.FaceWidthSource != WidthFromBox {
					t.Errorf("face_width_source %q", g.FaceWidthSource)
				}
			}
			if r.OK != (res.JPEG != nil) {
				t.Fatalf("ok=%v but JPEG present=%v", r.OK, res.JPEG != nil)
			}
			switch {
			case e.expect == "ok":
				if !r.OK {
					t.Fatalf("refused %v; photos.tsv expects a compliant photo (%s)", codes, e.note)
				}
			case e.expect == "reject":
				if r.OK {
					t.Fatalf("made a photo; photos.tsv expects a refusal (%s)", e.note)
				}
			case strings.HasPrefix(e.expect, "reject:"):
				want := strings.TrimPrefix(e.expect, "reject:")
				if r.OK || len(codes) == 0 || codes[0] != want {
					t.Fatalf("got ok=%v %v; photos.tsv expects %s (%s)", r.OK, codes, want, e.note)
				}
			}
			if r.OK {
				judge(t, res.JPEG, photospec.CHSI)
			}
		})
	}
}

// judge measures a finished photo independently of the engine's own
// numbers: the checker with the face measurer the app uses on album photos
// (FaceMeasurer), which detects the face afresh on the output, takes the
// crown as the first row that is not the new background and measures the
// width on the output's cheeks. Nothing of the engine's report is used.
func judge(t *testing.T, data []byte, p photospec.Preset) {
	t.Helper()
	rep, err := check.Measure(data, p, FaceMeasurer(models(t)))
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rep.Rows {
		if !row.OK && !row.Skipped {
			t.Errorf("checker row %s: %s, allowed %s", row.Name, row.Value, row.Allowed)
		}
	}
}

func models(t testing.TB) *face.Models {
	t.Helper()
	m, err := face.DefaultModels()
	if err != nil {
		phototest.Missing(t, err.Error())
	}
	return m
}
