package imageio

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/png"
	"runtime"
	"testing"
)

// fuzzMaxPixels keeps the fuzzer's inputs from legitimately asking for
// hundreds of megabytes; the allocation bound below is checked against it.
const fuzzMaxPixels = 1 << 20

func FuzzDecode(f *testing.F) {
	f.Add(encodeJPEGSeed())
	f.Add(withOrientation(encodeJPEGSeed(), 6, binary.BigEndian))
	f.Add(withOrientation(encodeJPEGSeed(), 7, binary.LittleEndian))
	var b bytes.Buffer
	png.Encode(&b, scene(9, 7, 1))
	f.Add(b.Bytes())
	b.Reset()
	png.Encode(&b, image.NewNRGBA(image.Rect(0, 0, 3, 3)))
	f.Add(b.Bytes())
	for _, bomb := range bombs(f) {
		f.Add(bomb)
	}
	f.Add([]byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		d, err := Decode(data, Options{MaxPixels: fuzzMaxPixels, MaxSide: 64})
		runtime.ReadMemStats(&after)
		// Decoders keep coefficients, planes and the RGBA: a few tens of
		// bytes a pixel, never more.
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64*fuzzMaxPixels+16<<20 {
			t.Fatalf("allocated %d bytes for a %d-byte input", alloc, len(data))
		}
		if err != nil {
			e, ok := err.(*Error)
			if !ok || (e.Code != UnsupportedFormat && e.Code != TooLarge) || e.ZH == "" || e.EN == "" {
				t.Fatalf("error without a code or messages: %#v", err)
			}
			return
		}
		r := d.RGBA.Rect
		if r.Empty() || max(r.Dx(), r.Dy()) > 64 || d.Gray.Rect != r || len(d.RGBA.Pix) != 4*r.Dx()*r.Dy() || len(d.Gray.Pix) != r.Dx()*r.Dy() {
			t.Fatalf("bad working image %v / %v", r, d.Gray.Rect)
		}
		if d.SourceWidth*d.SourceHeight > fuzzMaxPixels || d.Orientation < 1 || d.Orientation > 8 {
			t.Fatalf("%+v", d)
		}
		for i := 3; i < len(d.RGBA.Pix); i += 4 {
			if d.RGBA.Pix[i] != 255 {
				t.Fatal("working image not opaque")
			}
		}
	})
}

func FuzzFromRGBA(f *testing.F) {
	f.Add([]byte{1, 2, 3, 255, 4, 5, 6, 0}, 2, 1)
	f.Add([]byte{}, 0, 0)
	f.Add(make([]byte, 64), 4, 4)
	f.Add(make([]byte, 16), 1<<20, 1<<20)
	f.Add([]byte{}, 1<<32, 1<<32) // w*h wraps around to 0
	f.Fuzz(func(t *testing.T, pix []byte, w, h int) {
		d, err := FromRGBA(pix, w, h)
		if err != nil {
			e, ok := err.(*Error)
			if !ok || (e.Code != UnsupportedFormat && e.Code != TooLarge) || e.ZH == "" || e.EN == "" {
				t.Fatalf("error without a code or messages: %#v", err)
			}
			return
		}
		if d.RGBA.Rect.Dx() != w || d.RGBA.Rect.Dy() != h || len(d.Gray.Pix) != w*h {
			t.Fatalf("%dx%d gave %v", w, h, d.RGBA.Rect)
		}
		for i := 3; i < len(pix); i += 4 {
			if pix[i] != 255 {
				t.Fatal("not composited")
			}
		}
	})
}

func FuzzShrink(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9}, uint8(3), uint8(2), uint8(2))
	f.Fuzz(func(t *testing.T, src []byte, w, dw, dh uint8) {
		if w == 0 || len(src) < int(w) {
			return
		}
		sw, sh := int(w), len(src)/int(w)
		tw, th := min(int(dw), sw), min(int(dh), sh)
		if tw == 0 || th == 0 {
			return
		}
		lo, hi := byte(255), byte(0)
		for _, v := range src[:sw*sh] {
			lo, hi = min(lo, v), max(hi, v)
		}
		out := shrinkPlane(src, sw, sh, sw, tw, th)
		if len(out) != tw*th {
			t.Fatalf("len %d", len(out))
		}
		for _, v := range out { // a mean stays within the range of its inputs
			if v < lo || v > hi {
				t.Fatalf("%d outside [%d, %d]", v, lo, hi)
			}
		}
	})
}
