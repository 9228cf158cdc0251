package idphoto

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"testing"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/internal/synth"
)

// The engine's two entry points take whatever a browser or a file hands
// them. Whatever the bytes: no panic, no engine error (the models are
// there), and either a refusal that says why in both languages or a
// finished photo that is a valid JPEG of the preset. The seeds include a
// synthetic portrait that becomes a photo, so that mutations reach every
// stage, not only the decoder.

// fuzzScene is a small synthetic portrait the engine makes a photo of.
func fuzzScene() *synth.Scene {
	return synth.Render(synth.Plain().Scaled(480, 640))
}

// checkResult holds a result to the engine's contract.
func checkResult(t *testing.T, res *Result, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("engine error: %v", err)
	}
	if res == nil {
		t.Fatal("no result and no error")
	}
	r := res.Report
	if r.OK != (res.JPEG != nil) {
		t.Fatalf("ok=%v but JPEG present=%v", r.OK, res.JPEG != nil)
	}
	if !r.OK {
		if len(r.Reasons) == 0 {
			t.Fatal("refused without a reason")
		}
		for _, m := range r.Reasons {
			if _, known := messages[m.Code]; !known || m.ZH == "" || m.EN == "" {
				t.Fatalf("reason %q without its messages", m.Code)
			}
		}
		return
	}
	p := photospec.CHSI
	if _, err := photospec.CheckFinished(res.JPEG, p); err != nil {
		t.Fatalf("the photo is not a finished %s photo: %v", p.Name, err)
	}
	img, err := jpeg.Decode(bytes.NewReader(res.JPEG))
	if err != nil {
		t.Fatalf("the photo does not decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() != p.Width || b.Dy() != p.Height {
		t.Fatalf("the photo is %v", b)
	}
	if o := r.Output; o == nil || o.Width != p.Width || o.Height != p.Height || o.Bytes != len(res.JPEG) {
		t.Fatalf("the report's output %+v does not describe the %d-byte photo", o, len(res.JPEG))
	}
}

// FuzzProcess feeds arbitrary bytes to Process as a file.
func FuzzProcess(f *testing.F) {
	s := fuzzScene()
	f.Add(s.JPEG)
	var b bytes.Buffer
	if err := png.Encode(&b, s.Image); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add(s.JPEG[:len(s.JPEG)/2]) // cut short
	b.Reset()
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	f.Add(b.Bytes())
	f.Add(hugeJPEG(s.JPEG))
	f.Add([]byte{})
	f.Add([]byte("GIF89a\x01\x00\x01\x00"))
	f.Add([]byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"))
	m := models(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Process(data, Options{Models: m})
		checkResult(t, res, err)
	})
}

// hugeJPEG is data (a baseline JPEG) with its frame header claiming
// 65000 x 65000 pixels: a memory bomb the engine must refuse unread.
func hugeJPEG(data []byte) []byte {
	out := bytes.Clone(data)
	for i := 2; i+9 < len(out); {
		if out[i] != 0xff {
			break
		}
		marker, n := out[i+1], int(out[i+2])<<8|int(out[i+3])
		if marker == 0xc0 || marker == 0xc2 {
			out[i+5], out[i+6], out[i+7], out[i+8] = 0xfd, 0xe8, 0xfd, 0xe8
			return out
		}
		i += 2 + n
	}
	return out
}

// FuzzProcessRGBA feeds arbitrary pixels and sizes to ProcessRGBA. With
// tile set, the bytes are repeated to fill a picture of w x h pixels (sizes
// up to 640 a side), so that the fuzzer explores pictures of the right
// length; without it they go as they are, with sizes that mostly do not
// match, which must be refused.
func FuzzProcessRGBA(f *testing.F) {
	s := fuzzScene()
	f.Add(s.Image.Pix, 480, 640, false)
	f.Add([]byte{10, 200, 30, 255, 40, 50, 60, 0}, 300, 400, true)
	f.Add([]byte{}, 0, 0, false)
	f.Add([]byte{1, 2, 3, 4}, 1, 1, false)
	f.Add([]byte{1, 2, 3, 4}, -1, -4, false)
	f.Add(make([]byte, 16), 2, 3, false)
	f.Add(make([]byte, 16), 1<<20, 1<<20, false)
	f.Add([]byte{}, 1<<32, 1<<32, false) // the product wraps around to 0
	m := models(f)
	f.Fuzz(func(t *testing.T, data []byte, w, h int, tile bool) {
		pix := data
		if tile {
			w, h = 1+int(uint(w)%640), 1+int(uint(h)%640)
			pix = make([]byte, 4*w*h)
			for i := 0; len(data) > 0 && i < len(pix); i += len(data) {
				copy(pix[i:], data)
			}
		}
		valid := w > 0 && h > 0 && int64(w) <= photospec.MaxPixels && int64(h) <= photospec.MaxPixels &&
			int64(w)*int64(h) <= photospec.MaxPixels && int64(len(pix)) == 4*int64(w)*int64(h)
		res, err := ProcessRGBA(pix, w, h, Options{Models: m})
		checkResult(t, res, err)
		if !valid {
			if res.Report.OK {
				t.Fatalf("made a photo of %d bytes as %d x %d", len(pix), w, h)
			}
			if c := res.Report.Reasons[0].Code; c != UnsupportedFormat && c != TooLarge {
				t.Fatalf("%d bytes as %d x %d refused as %s", len(pix), w, h, c)
			}
		}
	})
}

// TestFuzzSeeds checks that the seeds do what they are there for: the
// portrait becomes a photo (so mutations of it reach every stage) and the
// bomb and a wrapped-around size are refused as too large.
func TestFuzzSeeds(t *testing.T) {
	m := models(t)
	s := fuzzScene()
	for _, tc := range []struct {
		name string
		run  func() (*Result, error)
		want Code // "" for a photo
	}{
		{"jpeg", func() (*Result, error) { return Process(s.JPEG, Options{Models: m}) }, ""},
		{"rgba", func() (*Result, error) { return ProcessRGBA(bytes.Clone(s.Image.Pix), 480, 640, Options{Models: m}) }, ""},
		{"bomb", func() (*Result, error) { return Process(hugeJPEG(s.JPEG), Options{Models: m}) }, TooLarge},
		{"wrapped", func() (*Result, error) { return ProcessRGBA(nil, 1<<32, 1<<32, Options{Models: m}) }, TooLarge},
	} {
		res, err := tc.run()
		checkResult(t, res, err)
		switch {
		case tc.want == "" && !res.Report.OK:
			t.Errorf("%s: refused %v", tc.name, res.Report.Reasons)
		case tc.want != "" && (res.Report.OK || res.Report.Reasons[0].Code != tc.want):
			t.Errorf("%s: ok=%v %v, want %s", tc.name, res.Report.OK, res.Report.Reasons, tc.want)
		}
	}
}
