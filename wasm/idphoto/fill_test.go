package idphoto

import (
	"bytes"
	"image"
	"image/draw"
	"image/jpeg"
	"sync"
	"testing"

	"gradphoto/wasm/frame"
	"gradphoto/wasm/internal/synth"
)

// fillScene is synth's plain scene, to be cut at the chest.
var fillScene = sync.OnceValue(func() *synth.Scene { return synth.Render(synth.Plain().Scaled(900, 1200)) })

// TestChestCut cuts the synthetic scene at lower and higher rows, as a
// tightly framed phone photo stops at the chest: the engine brings as
// much of the chest into the frame as the ranges allow and makes up the
// rest as clothing, not streaks (frame.FillBelow). (This scene's long neck
// puts its shoulders too high for more than frame.EdgeSlack to be needed
// before the matte loses them; frame's TestFit and TestPlanCrop refuse
// that with head_cropped.)
func TestChestCut(t *testing.T) {
	const maxStreaks = 1.5 // as frame's TestFillBelow: the row repeat measures 4 and more
	tests := []struct {
		name    string
		cut     int  // rows of the scene kept (eyes on row 441, chin 618, shoulders from 680)
		fill    bool // some rows are made up
		refused bool
	}{
		{name: "room below", cut: 1200},
		// The face grows and the eyes go down to bring the chest in.
		{name: "chest cut low", cut: 730},
		{name: "chest cut", cut: 715, fill: true},
		{name: "chest cut high", cut: 700, fill: true},
		// The shoulders' outline is cut: the matte cannot find it
		// (low_contrast, where head_cropped would say it better).
		{name: "at the shoulders", cut: 680, refused: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fillScene()
			img := s.Image.SubImage(image.Rect(0, 0, 900, tt.cut)).(*image.RGBA)
			pix := make([]byte, 4*900*tt.cut)
			for y := range tt.cut {
				copy(pix[4*900*y:], img.Pix[img.PixOffset(0, y):img.PixOffset(900, y)])
			}
			var tr *trace
			res, err := ProcessRGBA(pix, 900, tt.cut, Options{Models: models(t), observe: func(x *trace) { tr = x }})
			if err != nil {
				t.Fatal(err)
			}
			r := res.Report
			if tt.refused {
				if r.OK {
					t.Fatal("made a photo, want a refusal")
				}
				t.Logf("refused: %s", r.Reasons[0].Code)
				return
			}
			if !r.OK {
				t.Fatalf("refused %v", r.Reasons)
			}
			fill := tr.Place.Fill
			t.Logf("%.1f rows made up; crown %d, eye line %d, face %d", fill, r.Geometry.Crown, r.Geometry.EyeLine, r.Geometry.FaceWidth)
			if (fill > 0) != tt.fill || fill > frame.EdgeSlack*640 {
				t.Errorf("%.1f rows made up, want some: %v (at most %.0f)", fill, tt.fill, frame.EdgeSlack*640)
			}
			if fill < 4 {
				return
			}
			dec, err := jpeg.Decode(bytes.NewReader(res.JPEG))
			if err != nil {
				t.Fatal(err)
			}
			out := image.NewRGBA(dec.Bounds())
			draw.Draw(out, out.Rect, dec, image.Point{}, draw.Src)
			half := 0.3 * tr.Place.FaceWidth
			x0, x1 := tr.Place.EyeMidX-half, tr.Place.EyeMidX+half
			end := max(tr.Plan.ChestEnd(tr.Place.X+x0/tr.Place.Scale), tr.Plan.ChestEnd(tr.Place.X+x1/tr.Place.Scale))
			rows := image.Rect(int(x0), int((end-tr.Place.Y)*tr.Place.Scale)+2, int(x1), 640)
			got := streakiness(out, rows)
			t.Logf("streakiness %.2f in the %d rows made up under the chest", got, rows.Dy())
			if got > maxStreaks {
				t.Errorf("streakiness %.2f in the %d rows made up under the chest, want at most %.2f", got, rows.Dy(), maxStreaks)
			}
		})
	}
}

// streakiness is frame's measure (frame/streak_test.go): the mean luma
// step across the columns over the mean step down the rows, each with a
// quarter step added; about 1 for a photo, large for repeated rows.
func streakiness(img *image.RGBA, r image.Rectangle) float64 {
	r = r.Intersect(img.Rect)
	luma := func(x, y int) float64 {
		p := img.Pix[img.PixOffset(x, y):]
		return 0.299*float64(p[0]) + 0.587*float64(p[1]) + 0.114*float64(p[2])
	}
	var across, down float64
	n := 0
	for y := r.Min.Y + 1; y < r.Max.Y; y++ {
		for x := r.Min.X + 1; x < r.Max.X; x++ {
			l := luma(x, y)
			across += max(l-luma(x-1, y), luma(x-1, y)-l)
			down += max(l-luma(x, y-1), luma(x, y-1)-l)
			n++
		}
	}
	return (across + 0.25*float64(n)) / (down + 0.25*float64(n))
}
