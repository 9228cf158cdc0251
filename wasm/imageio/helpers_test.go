package imageio

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
)

// scene renders a w x h picture that looks different in every corner: a
// gradient, a red square near the top-left, a dark bar along the bottom
// and some noise, so that a wrong turn or mirror cannot go unnoticed.
func scene(w, h int, seed int64) *image.RGBA {
	r := rand.New(rand.NewSource(seed))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{uint8(40 + 150*x/w), uint8(60 + 120*y/h), 140, 255}
			switch {
			case x >= w/10 && x < w/10+w/5 && y >= h/10 && y < h/10+h/6:
				c = color.RGBA{230, 30, 30, 255}
			case y >= h-h/8:
				c = color.RGBA{20, 20, 40, 255}
			}
			n := uint8(r.Intn(7))
			c.R, c.G, c.B = c.R+n, c.G+n, c.B+n
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func encodeJPEG(t testing.TB, img image.Image, q int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// exifEntry is one IFD0 field for tiffBlock.
type exifEntry struct {
	tag, typ uint16
	value    uint32 // SHORT values go in the first two bytes of the slot
	rational [2]uint32
}

// tiffBlock builds the TIFF structure of an EXIF block with the given IFD0
// entries in the given byte order; RATIONAL values are stored after the
// directory.
func tiffBlock(bo appendOrder, entries ...exifEntry) []byte {
	var b []byte
	if bo.String() == "LittleEndian" {
		b = append(b, 'I', 'I')
	} else {
		b = append(b, 'M', 'M')
	}
	b = bo.AppendUint16(b, 42)
	b = bo.AppendUint32(b, 8)
	b = bo.AppendUint16(b, uint16(len(entries)))
	extra := uint32(8 + 2 + 12*len(entries) + 4)
	var tail []byte
	for _, e := range entries {
		b = bo.AppendUint16(b, e.tag)
		b = bo.AppendUint16(b, e.typ)
		b = bo.AppendUint32(b, 1)
		switch e.typ {
		case typeShort:
			b = bo.AppendUint16(b, uint16(e.value))
			b = append(b, 0, 0)
		case typeRational:
			b = bo.AppendUint32(b, extra+uint32(len(tail)))
			tail = bo.AppendUint32(tail, e.rational[0])
			tail = bo.AppendUint32(tail, e.rational[1])
		default:
			b = bo.AppendUint32(b, e.value)
		}
	}
	b = bo.AppendUint32(b, 0) // no next IFD
	return append(b, tail...)
}

// withAPP1 inserts an EXIF APP1 segment holding tiff right after the SOI
// marker of a JPEG.
func withAPP1(jpg, tiff []byte) []byte {
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(2+len(payload)))
	out := append([]byte{0xFF, 0xD8}, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

// withOrientation returns the JPEG with an EXIF block saying orientation o.
func withOrientation(jpg []byte, o int, bo appendOrder) []byte {
	return withAPP1(jpg, tiffBlock(bo, exifEntry{tag: tagOrientation, typ: typeShort, value: uint32(o)}))
}

// displaySource is the EXIF definition of each orientation, written from
// the standard's table rather than from the code under test: the stored
// pixel shown at upright (x, y) of a stored w x h image.
func displaySource(o, x, y, w, h int) (int, int) {
	switch o {
	case 2:
		return w - 1 - x, y
	case 3:
		return w - 1 - x, h - 1 - y
	case 4:
		return x, h - 1 - y
	case 5:
		return y, x
	case 6:
		return y, h - 1 - x
	case 7:
		return w - 1 - y, h - 1 - x
	case 8:
		return w - 1 - y, x
	}
	return x, y
}

// photo reads a file from the shared photo set (../shared/photos beside the
// repository). Missing photos fail the test in CI and skip it elsewhere.
func photo(t testing.TB, name string) []byte {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
	path := filepath.Join(dir, "..", "shared", "photos", name)
	data, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared photo missing: %v", err)
		}
		t.Skipf("shared photo %s not available (%v): skipping", name, err)
	}
	return data
}

// meanAbsDiff is the mean absolute difference of the RGB channels of two
// images of the same size.
func meanAbsDiff(t testing.TB, a, b *image.RGBA) float64 {
	t.Helper()
	if a.Rect.Size() != b.Rect.Size() {
		t.Fatalf("sizes differ: %v vs %v", a.Rect, b.Rect)
	}
	var sum, n float64
	for y := range a.Rect.Dy() {
		for x := range a.Rect.Dx() {
			p, q := a.RGBAAt(x, y), b.RGBAAt(x, y)
			sum += absDiff(p.R, q.R) + absDiff(p.G, q.G) + absDiff(p.B, q.B)
			n += 3
		}
	}
	return sum / n
}

func absDiff(a, b uint8) float64 {
	if a > b {
		return float64(a - b)
	}
	return float64(b - a)
}

// appendOrder is a byte order that can also append (binary.LittleEndian
// and binary.BigEndian are both).
type appendOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}
