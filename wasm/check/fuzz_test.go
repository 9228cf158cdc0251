package check

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"testing"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/imageio"
)

// FuzzMeasure feeds arbitrary bytes and arbitrary face geometry (NaN,
// infinities, negative counts) to the checker: no panic, an error carries a
// code, and a report is consistent with its rows.
func FuzzMeasure(f *testing.F) {
	p := photospec.CHSI
	good, err := photospec.Encode(portrait(480, 640, p.Background, truthFor(p), 1), p)
	if err != nil {
		f.Fatal(err)
	}
	var b bytes.Buffer
	png.Encode(&b, image.NewNRGBA(image.Rect(0, 0, 5, 9)))
	f.Add(good, 80.0, 250.0, 240.0, 240.0, 1.0, 1, uint8(0))
	small := truthFor(p)
	small.Crown, small.EyeLine, small.EyeCenterX, small.FaceWidth = 8, 25, 24, 24
	f.Add(mustJPEG(portrait(48, 64, p.Background, small, 2), 70), 8.0, 25.0, 24.0, 24.0, 0.5, 1, uint8(1))
	f.Add(b.Bytes(), math.NaN(), math.Inf(1), -1.0, 0.0, 90.0, -3, uint8(4))
	f.Add([]byte("\xff\xd8\xff\xe0"), 0.0, 0.0, 0.0, 0.0, 0.0, 0, uint8(8))
	f.Fuzz(func(t *testing.T, data []byte, crown, eye, cx, fw, tilt float64, faces int, preset uint8) {
		names := photospec.Names()
		p, _ := photospec.Lookup(names[int(preset)%len(names)])
		var m FaceMeasurer
		if preset%3 != 0 {
			m = FaceMeasurerFunc(func(g *image.Gray, _ *image.RGBA) (FaceGeometry, bool) {
				return FaceGeometry{Crown: crown, EyeLine: eye, EyeCenterX: cx, FaceWidth: fw, Tilt: tilt, Faces: faces}, preset%3 == 1
			})
		}
		rep, err := measure(data, p, m, imageio.Options{MaxSide: 64, MaxPixels: 1 << 20})
		if err != nil {
			if c := imageio.CodeOf(err); c != imageio.UnsupportedFormat && c != imageio.TooLarge {
				t.Fatalf("error without a code: %v", err)
			}
			return
		}
		failed := 0
		for _, row := range rep.Rows {
			if row.Name == "" || (!row.OK && row.Message == nil) || (row.Skipped && row.Message == nil) {
				t.Fatalf("row %+v", row)
			}
			if !row.OK && !row.Skipped {
				failed++
			}
		}
		if rep.OK != (failed == 0) || len(rep.Failures) != failed {
			t.Fatalf("ok %v with %d failed rows and %d failures", rep.OK, failed, len(rep.Failures))
		}
		if rep.Face != nil && !finite(rep.Face.Crown, rep.Face.EyeLine, rep.Face.FaceWidth, rep.Face.EyeCenterX, rep.Face.Tilt) {
			t.Fatalf("non-finite face %+v", rep.Face)
		}
	})
}
