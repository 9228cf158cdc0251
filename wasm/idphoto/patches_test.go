package idphoto

import (
	"bytes"
	"image"
	_ "image/jpeg"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/internal/phototest"
	"gradphoto/wasm/internal/synth"
)

// outputWallBoxes are regions of finished photos that show wall in the
// input, placed from the output's face (offsets in face widths from the
// midpoint of the pupils and the eye line): a patch of the old wall left
// there is what a user sees as a blotchy photo. (wasm/matte's
// TestPhotoWallPatches does the same on the matte's own crops.)
var outputWallBoxes = []struct {
	file, what     string
	x0, x1, y0, y1 float64
}{
	// Right of her right shoulder (image right), below the level of the
	// left one, which runs out of the frame: the torso outline once
	// followed the left shoulder's mirror image across the wall, leaving a
	// beige block to the bottom edge.
	{"hivision_test4.jpg", "beside the shoulder", 1.01, 1.12, 1.12, 1.25},
}

// TestPhotoWallPatches makes the photos of outputWallBoxes and requires
// their boxes to be the new background: a mean CIE76 ΔE from it of at most
// 3 (JPEG included) and at most 5 % of the pixels off by more than 10.
func TestPhotoWallPatches(t *testing.T) {
	dir := phototest.Dir(t)
	for _, wb := range outputWallBoxes {
		t.Run(wb.file+"/"+wb.what, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, wb.file))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Process(data, Options{Models: models(t)})
			if err != nil || !res.Report.OK {
				t.Fatalf("no photo: %v %v", err, res.Report.Reasons)
			}
			img, _, err := image.Decode(bytes.NewReader(res.JPEG))
			if err != nil {
				t.Fatal(err)
			}
			g := res.Report.Geometry
			fw := float64(g.FaceWidth)
			mx, ey := (g.LeftPupil.X+g.RightPupil.X)/2, float64(g.EyeLine)
			box := image.Rect(int(mx+wb.x0*fw), int(ey+wb.y0*fw), int(mx+wb.x1*fw), int(ey+wb.y1*fw)).Intersect(img.Bounds())
			if box.Empty() {
				t.Fatalf("box outside the photo %v", img.Bounds())
			}
			var des []float64
			sum := 0.0
			for y := box.Min.Y; y < box.Max.Y; y++ {
				for x := box.Min.X; x < box.Max.X; x++ {
					de := synth.DeltaE(img.At(x, y), photospec.LightBlue)
					des = append(des, de)
					sum += de
				}
			}
			sort.Float64s(des)
			mean, p95 := sum/float64(len(des)), des[len(des)*95/100]
			t.Logf("box %v: mean ΔE %.2f, 95th percentile %.2f, max %.2f", box, mean, p95, des[len(des)-1])
			if mean > 3 || p95 > 10 {
				t.Errorf("the old wall shows in %v %s: mean ΔE %.2f (want <= 3), 95th percentile %.2f (want <= 10)", box, wb.what, mean, p95)
			}
		})
	}
}
