package frame

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"gradphoto/wasm/face"
	"gradphoto/wasm/internal/synth"
)

// fillScene is synth's plain scene at the work image's size, its truth
// composited onto light blue: a perfect matte of it.
var fillScene = sync.OnceValue(func() *synth.Scene { return synth.Render(synth.Plain().Scaled(720, 960)) })

var lightBlue = color.RGBA{R: 67, G: 142, B: 219, A: 255}

// TestFillBelow cuts the synthetic scene's chest off (the picture ends at
// row cut), makes the work image as the pipeline does, where the warp
// repeats the last row below the cut, and paints over those rows with
// FillBelow. The fill must not be streaky where the row repeat is, must
// keep the clothing's colour and grain, and must continue the outline.
func TestFillBelow(t *testing.T) {
	const maxStreaks = 1.5 // streakiness (streak_test.go) of the fill; the photo above is about 1
	tests := []struct {
		name    string
		cut     int     // rows of the picture
		angle   float64 // the work image's turn
		stripes float64 // luma of diagonal stripes in the clothing
		grain   float64 // sigma of the clothing's luma grain
	}{
		{name: "plain clothing", cut: 800, grain: 3},
		{name: "striped clothing", cut: 800, stripes: 30, grain: 3},
		{name: "turned", cut: 800, angle: 6, grain: 3},
		{name: "turned stripes", cut: 820, angle: -7, stripes: 30, grain: 2},
		{name: "long fill", cut: 760, stripes: 20, grain: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, alpha := clothed(fillScene(), tt.stripes, tt.grain)
			pl := Plan{Center: face.Point{X: 360, Y: 352}, Angle: tt.angle, Crop: image.Rect(0, 0, 720, 960),
				Width: 720, Height: 960, Scale: 1, Input: image.Pt(720, tt.cut)}
			cut := image.Rect(0, 0, 720, tt.cut)
			work := pl.Apply(img.SubImage(cut).(*image.RGBA))
			matte := pl.Apply(alpha.SubImage(cut).(*image.RGBA))
			coverage := make([]float32, 720*960)
			for i := range coverage {
				coverage[i] = float32(matte.Pix[4*i]) / 255
			}
			repeated := image.NewRGBA(work.Rect)
			copy(repeated.Pix, work.Pix)

			FillBelow(work, coverage, work.Rect, lightBlue, pl, work.Rect)

			// The chest, below the picture's edge in every column, and
			// the clothing just above it.
			x0, x1 := 200, 520
			lo, hi := pl.rowOfInputRow(float64(x0), float64(tt.cut-1)), pl.rowOfInputRow(float64(x1), float64(tt.cut-1))
			fill := image.Rect(x0, int(max(lo, hi))+2, x1, 960)
			above := image.Rect(x0, int(min(lo, hi))-60, x1, int(min(lo, hi))-10)
			old, got, photo := streakiness(repeated, fill), streakiness(work, fill), streakiness(work, above)
			t.Logf("streakiness: row repeat %.2f, fill %.2f, the photo above %.2f", old, got, photo)
			if old <= maxStreaks {
				t.Errorf("the row repeat's streakiness %.2f is within %.2f: the test cannot tell", old, maxStreaks)
			}
			if got > maxStreaks {
				t.Errorf("streakiness %.2f in the fill, want at most %.2f", got, maxStreaks)
			}

			// The clothing's colour and grain go on.
			cf, sf := patchStats(work, fill)
			ca, sa := patchStats(work, above)
			t.Logf("mean %.0f grain %.2f in the fill, %.0f %.2f above", cf, sf, ca, sa)
			if d := math.Abs(cf - ca); d > 6 {
				t.Errorf("the fill's mean luma is %.1f off the clothing's above", d)
			}
			if sf < 0.5*sa || sf > 1.5*sa {
				t.Errorf("grain %.2f in the fill, %.2f above: painted, or noisier than the photo", sf, sa)
			}

			// The outline goes on: each column is the person in the last
			// row when it was the person just above the edge.
			agree := 0
			for x := range 720 {
				y := int(pl.rowOfInputRow(float64(x), float64(tt.cut-1))) - 2
				if isPerson(work, x, y) == isPerson(work, x, 959) {
					agree++
				}
			}
			if agree < 720*97/100 {
				t.Errorf("%d of 720 columns change between person and background in the fill", 720-agree)
			}
		})
	}
}

// clothed returns the scene's composite with stripes and grain in the
// clothing (below the chin) and its coverage as a grey image, which the
// warp can then turn and cut like the picture.
func clothed(s *synth.Scene, stripes, grain float64) (img, alpha *image.RGBA) {
	img = s.Composite(lightBlue)
	w, h := s.Params.Width, s.Params.Height
	alpha = image.NewRGBA(img.Rect)
	rng := rand.New(rand.NewPCG(1, 2))
	chin := int(s.Truth.Chin[1]) + 20
	for y := range h {
		for x := range w {
			a := s.Alpha[y*w+x]
			v := uint8(a*255 + 0.5)
			copy(alpha.Pix[alpha.PixOffset(x, y):], []uint8{v, v, v, 255})
			if y < chin || a == 0 {
				continue
			}
			d := float32(stripes*math.Sin(float64(x+y)*2*math.Pi/28)+grain*rng.NormFloat64()) * a
			p := img.Pix[img.PixOffset(x, y):]
			for c := range 3 {
				p[c] = uint8(min(max(float32(p[c])+d+0.5, 0), 255))
			}
		}
	}
	return img, alpha
}

// patchStats returns a patch's mean luma and its grain: the mean second
// difference of the luma down its columns, which stripes hardly touch.
func patchStats(img *image.RGBA, r image.Rectangle) (mean, grain float64) {
	n := 0
	for y := r.Min.Y + 2; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			l := lumaAt(img, x, y)
			mean += l
			grain += abs(l - 2*lumaAt(img, x, y-1) + lumaAt(img, x, y-2))
			n++
		}
	}
	return mean / float64(n), grain / float64(n)
}

// isPerson says whether pixel (x, y) is far from the new background.
func isPerson(img *image.RGBA, x, y int) bool {
	p := img.Pix[img.PixOffset(x, y):]
	d := abs(float64(p[0])-float64(lightBlue.R)) + abs(float64(p[1])-float64(lightBlue.G)) + abs(float64(p[2])-float64(lightBlue.B))
	return d > 30
}

// TestFillBelowLeavesThePicture: a window the picture covers, down to
// its last row or to one row short of it, is left as it is.
func TestFillBelowLeavesThePicture(t *testing.T) {
	img, alpha := clothed(fillScene(), 0, 3)
	pl := Plan{Center: face.Point{X: 360, Y: 352}, Crop: image.Rect(0, 0, 720, 960),
		Width: 720, Height: 960, Scale: 1, Input: image.Pt(720, 800)}
	coverage := make([]float32, 720*960)
	for i := range coverage {
		coverage[i] = float32(alpha.Pix[4*i]) / 255
	}
	for _, bottom := range []int{799, 800} {
		work := pl.Apply(img)
		want := append([]uint8(nil), work.Pix...)
		FillBelow(work, coverage, work.Rect, lightBlue, pl, image.Rect(0, 0, 720, bottom))
		if !slices.Equal(work.Pix, want) {
			t.Errorf("window down to row %d: pixels changed", bottom)
		}
	}
}
