package imageio

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"testing"
)

func TestParseExif(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	tests := []struct {
		name string
		tiff []byte
		want Exif
	}{
		{"orientation 6, big endian", tiffBlock(be, exifEntry{tag: tagOrientation, typ: typeShort, value: 6}), Exif{Orientation: 6}},
		{"orientation 8, little endian", tiffBlock(le, exifEntry{tag: tagOrientation, typ: typeShort, value: 8}), Exif{Orientation: 8}},
		{"orientation as LONG", tiffBlock(le, exifEntry{tag: tagOrientation, typ: typeLong, value: 3}), Exif{Orientation: 3}},
		{"orientation 0 is not one", tiffBlock(be, exifEntry{tag: tagOrientation, typ: typeShort, value: 0}), Exif{}},
		{"orientation 9 is not one", tiffBlock(be, exifEntry{tag: tagOrientation, typ: typeShort, value: 9}), Exif{}},
		{"orientation of the wrong type", tiffBlock(be, exifEntry{tag: tagOrientation, typ: 2, value: 6}), Exif{}},
		{"resolution 300 per inch", tiffBlock(le,
			exifEntry{tag: tagXResolution, typ: typeRational, rational: [2]uint32{300, 1}},
			exifEntry{tag: tagResolutionUnit, typ: typeShort, value: 2},
			exifEntry{tag: tagOrientation, typ: typeShort, value: 1}),
			Exif{Orientation: 1, XResolution: 300, ResolutionUnit: 2}},
		{"resolution per cm", tiffBlock(be,
			exifEntry{tag: tagXResolution, typ: typeRational, rational: [2]uint32{236, 2}},
			exifEntry{tag: tagResolutionUnit, typ: typeShort, value: 3}),
			Exif{XResolution: 118, ResolutionUnit: 3}},
		{"zero denominator", tiffBlock(be, exifEntry{tag: tagXResolution, typ: typeRational, rational: [2]uint32{300, 0}}), Exif{}},
		{"empty", nil, Exif{}},
		{"not TIFF", []byte("XX\x00\x2a\x00\x00\x00\x08"), Exif{}},
		{"wrong magic", []byte("MM\x00\x2b\x00\x00\x00\x08\x00\x00"), Exif{}},
		{"IFD past the end", []byte("MM\x00\x2a\xff\xff\xff\xf0"), Exif{}},
		{"IFD at the very end", []byte("MM\x00\x2a\x00\x00\x00\x08"), Exif{}},
		{"count larger than the data", append([]byte("MM\x00\x2a\x00\x00\x00\x08\xff\xff\x01\x12\x00\x03\x00\x00\x00\x01\x00\x05\x00\x00"), 0), Exif{Orientation: 5}},
	}
	for _, tt := range tests {
		if got := ParseExif(tt.tiff); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestParseExifRationalOutOfRange(t *testing.T) {
	b := tiffBlock(binary.BigEndian, exifEntry{tag: tagXResolution, typ: typeRational, rational: [2]uint32{300, 1}})
	if got := ParseExif(b[:len(b)-4]); got.XResolution != 0 {
		t.Fatalf("read a rational cut off by the end: %+v", got)
	}
}

func TestReadJPEGMeta(t *testing.T) {
	base := encodeJPEG(t, scene(64, 48, 1), 75)
	m, err := ReadJPEGMeta(base)
	if err != nil {
		t.Fatal(err)
	}
	if m.Width != 64 || m.Height != 48 || m.Components != 3 || !m.Baseline() || m.Progressive() || m.HasJFIF || m.HasExif {
		t.Fatalf("meta = %+v", m)
	}
	if q := m.Quality(); q != 75 {
		t.Fatalf("quality = %d, want 75", q)
	}
	if m.DPI() != 0 {
		t.Fatalf("dpi = %d without any header", m.DPI())
	}

	tiff := tiffBlock(binary.LittleEndian,
		exifEntry{tag: tagOrientation, typ: typeShort, value: 6},
		exifEntry{tag: tagXResolution, typ: typeRational, rational: [2]uint32{72, 1}})
	m, err = ReadJPEGMeta(withAPP1(base, tiff))
	if err != nil || !m.HasExif || m.Exif.Orientation != 6 || m.DPI() != 72 {
		t.Fatalf("with EXIF: %+v, %v", m, err)
	}
	if ExifOrientation(withAPP1(base, tiff)) != 6 || ExifOrientation(base) != 1 || ExifOrientation([]byte("nope")) != 1 {
		t.Fatal("ExifOrientation")
	}
}

func TestJPEGDPI(t *testing.T) {
	tests := []struct {
		units byte
		x     int
		exif  []byte
		want  int
	}{
		{1, 300, nil, 300},
		{2, 118, nil, 300}, // dots per cm
		{0, 1, nil, 0},     // aspect ratio only
		{0, 1, tiffBlock(binary.BigEndian, exifEntry{tag: tagXResolution, typ: typeRational, rational: [2]uint32{350, 1}}), 350},
		{1, 300, tiffBlock(binary.BigEndian, exifEntry{tag: tagXResolution, typ: typeRational, rational: [2]uint32{72, 1}}), 300},
		{0, 1, tiffBlock(binary.BigEndian,
			exifEntry{tag: tagXResolution, typ: typeRational, rational: [2]uint32{118, 1}},
			exifEntry{tag: tagResolutionUnit, typ: typeShort, value: 3}), 300},
		{0, 1, tiffBlock(binary.BigEndian, // no absolute unit: an aspect ratio
			exifEntry{tag: tagXResolution, typ: typeRational, rational: [2]uint32{1, 1}},
			exifEntry{tag: tagResolutionUnit, typ: typeShort, value: 1}), 0},
	}
	base := encodeJPEG(t, scene(16, 16, 2), 80)
	for _, tt := range tests {
		app0 := []byte{0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, tt.units, 0, 0, 0, 0, 0, 0}
		binary.BigEndian.PutUint16(app0[12:], uint16(tt.x))
		binary.BigEndian.PutUint16(app0[14:], uint16(tt.x))
		data := append(append([]byte{0xFF, 0xD8}, app0...), base[2:]...)
		if tt.exif != nil {
			data = withAPP1(data, tt.exif)
		}
		m, err := ReadJPEGMeta(data)
		if err != nil || m.DPI() != tt.want {
			t.Errorf("units %d x %d exif %v: dpi %d (%v), want %d", tt.units, tt.x, tt.exif != nil, m.DPI(), err, tt.want)
		}
	}
}

func TestJPEGQualityEstimate(t *testing.T) {
	img := scene(32, 32, 3)
	for _, q := range []int{10, 30, 50, 60, 70, 75, 85, 90, 95, 100} {
		m, err := ReadJPEGMeta(encodeJPEG(t, img, q))
		if err != nil {
			t.Fatal(err)
		}
		// Rounding in the scaled tables blurs the top of the scale a little.
		if got := m.Quality(); got < q-1 || got > q+1 {
			t.Errorf("quality %d estimated as %d", q, got)
		}
	}
	if (JPEGMeta{}).Quality() != 0 {
		t.Fatal("quality without a table")
	}
}

func TestReadJPEGMetaRefuses(t *testing.T) {
	good := encodeJPEG(t, image.NewGray(image.Rect(0, 0, 8, 8)), 90)
	sof := sofOffset(t, good)
	end := sof + 1 + int(binary.BigEndian.Uint16(good[sof+1:]))
	twoFrames := append(append(append([]byte(nil), good[:end]...), good[sof-1:end]...), good[end:]...) // SOF repeated
	tests := map[string][]byte{
		"empty":           nil,
		"not a JPEG":      []byte("GIF89a...."),
		"only SOI":        {0xFF, 0xD8},
		"SOI EOI":         {0xFF, 0xD8, 0xFF, 0xD9},
		"cut in a length": good[:sof+1],
		"cut in a frame":  good[:sof+5],
		"two frames":      twoFrames,
		"short frame":     {0xFF, 0xD8, 0xFF, 0xC0, 0, 4, 8, 0, 0xFF, 0xD9},
	}
	for name, data := range tests {
		if _, err := ReadJPEGMeta(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// sofOffset returns the offset of the byte after the 0xFF of the SOF marker.
func sofOffset(t testing.TB, data []byte) int {
	t.Helper()
	for i := 2; i+1 < len(data); i++ {
		if data[i] == 0xFF && (data[i+1] == 0xC0 || data[i+1] == 0xC2) {
			return i + 1
		}
	}
	t.Fatal("no SOF")
	return 0
}

func FuzzExifOrientation(f *testing.F) {
	le, be := binary.LittleEndian, binary.BigEndian
	f.Add(tiffBlock(be, exifEntry{tag: tagOrientation, typ: typeShort, value: 6}))
	f.Add(tiffBlock(le, exifEntry{tag: tagOrientation, typ: typeLong, value: 8}))
	f.Add(tiffBlock(le,
		exifEntry{tag: tagXResolution, typ: typeRational, rational: [2]uint32{300, 1}},
		exifEntry{tag: tagResolutionUnit, typ: typeShort, value: 2}))
	f.Add([]byte("MM\x00\x2a\x00\x00\x00\x08\xff\xff"))
	jpg := encodeJPEGSeed()
	f.Fuzz(func(t *testing.T, tiff []byte) {
		x := ParseExif(tiff)
		if x.Orientation < 0 || x.Orientation > 8 || x.XResolution < 0 || x.ResolutionUnit < 0 || x.ResolutionUnit > 3 {
			t.Fatalf("ParseExif gave %+v", x)
		}
		if len(tiff) > 0xFFF0 {
			return
		}
		// The same block inside a JPEG gives the same answer.
		o := ExifOrientation(withAPP1(jpg, tiff))
		want := x.Orientation
		if want == 0 {
			want = 1
		}
		if o != want {
			t.Fatalf("ExifOrientation %d, ParseExif %d", o, x.Orientation)
		}
	})
}

func FuzzReadJPEGMeta(f *testing.F) {
	f.Add(encodeJPEGSeed())
	f.Add(withOrientation(encodeJPEGSeed(), 6, binary.BigEndian))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadJPEGMeta(data)
		if err == nil && m.SOF == 0 {
			t.Fatal("no error and no frame")
		}
		_ = m.DPI()
		if q := m.Quality(); q < 0 || q > 100 {
			t.Fatalf("quality %d", q)
		}
	})
}

func encodeJPEGSeed() []byte { return mustJPEG(scene(16, 8, 1), 80) }

// mustJPEG encodes img, for inputs made outside a test.
func mustJPEG(img image.Image, q int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		panic(err)
	}
	return b.Bytes()
}
