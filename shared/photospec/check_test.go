package photospec

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand"
	"testing"

	"gradphoto/shared/apperr"
)

// texture renders an image with enough detail that its JPEG lands in the
// CHSI byte range at a sensible quality.
func texture(w, h int, seed int64) *image.RGBA {
	r := rand.New(rand.NewSource(seed))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := uint8((x*3 + y*2) % 200)
			img.Set(x, y, color.RGBA{v + uint8(r.Intn(40)), 120 + uint8(r.Intn(30)), 200 - v/2, 255})
		}
	}
	return img
}

func encodeJPEG(t *testing.T, img image.Image, q int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestEncodeMeetsCHSI(t *testing.T) {
	data, err := Encode(texture(480, 640, 1), CHSI)
	if err != nil {
		t.Fatal(err)
	}
	info, err := CheckFinished(data, CHSI)
	if err != nil {
		t.Fatalf("Encode's output fails the check: %v (%+v)", err, info)
	}
	if info.DPI != 300 || info.Bytes < CHSI.MinBytes || info.Bytes > CHSI.MaxBytes {
		t.Fatalf("info = %+v", info)
	}
}

func TestCheckFinishedRefuses(t *testing.T) {
	good, err := Encode(texture(480, 640, 2), CHSI)
	if err != nil {
		t.Fatal(err)
	}
	wrongSize, _ := Encode(texture(400, 640, 3), Preset{Width: 400, Height: 640, DPI: 300, MinBytes: 1, MaxBytes: 40 * 1024})
	noDPI := encodeJPEG(t, texture(480, 640, 4), 80)
	var pngBuf bytes.Buffer
	png.Encode(&pngBuf, texture(480, 640, 5))
	truncated := append([]byte(nil), good[:len(good)-4000]...)
	tiny, _ := SetJFIFDPI(encodeJPEG(t, image.NewRGBA(image.Rect(0, 0, 480, 640)), 60), 300)

	tests := []struct {
		name string
		data []byte
		code apperr.Code
	}{
		{"not an image", []byte("hello, this is text"), apperr.Unsupported},
		{"empty", nil, apperr.Unsupported},
		{"png", pngBuf.Bytes(), apperr.Invalid},
		{"wrong pixels", wrongSize, apperr.Invalid},
		{"no dpi", noDPI, apperr.Invalid},
		{"too few bytes", tiny, apperr.Invalid},
		{"truncated", truncated, apperr.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CheckFinished(tt.data, CHSI)
			e := apperr.As(err)
			if err == nil || e.Code != tt.code || e.ZH == "" || e.EN == "" {
				t.Fatalf("err = %v, want code %s with both messages", err, tt.code)
			}
		})
	}
}

func TestSniffRefusesMemoryBombHeader(t *testing.T) {
	// A PNG header that declares 60000 x 60000 pixels, with no pixel data.
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	data := b.Bytes()
	copy(data[16:24], []byte{0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60})
	binary.BigEndian.PutUint32(data[29:33], crc32.ChecksumIEEE(data[12:29]))
	_, err := Sniff(data)
	if apperr.CodeOf(err) != apperr.TooLarge {
		t.Fatalf("err = %v, want too_large", err)
	}
}

func TestSetJFIFDPIReplacesExisting(t *testing.T) {
	data := encodeJPEG(t, texture(16, 16, 6), 90)
	once, err := SetJFIFDPI(data, 300)
	if err != nil {
		t.Fatal(err)
	}
	twice, err := SetJFIFDPI(once, 350)
	if err != nil {
		t.Fatal(err)
	}
	if jfifDPI(twice) != 350 || len(twice) != len(once) {
		t.Fatalf("dpi %d, len %d vs %d", jfifDPI(twice), len(twice), len(once))
	}
	if _, err := jpeg.Decode(bytes.NewReader(twice)); err != nil {
		t.Fatal(err)
	}
}

func FuzzSniff(f *testing.F) {
	f.Add(encodeJPEGSeed())
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "))
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := Sniff(data)
		if err != nil {
			if e := apperr.As(err); e.ZH == "" || e.EN == "" {
				t.Fatalf("error without messages: %v", err)
			}
			return
		}
		if int64(info.Width)*int64(info.Height) > MaxPixels {
			t.Fatalf("accepted %dx%d", info.Width, info.Height)
		}
		CheckFinished(data, CHSI) // must not panic
	})
}

func encodeJPEGSeed() []byte {
	var b bytes.Buffer
	jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8)), nil)
	return b.Bytes()
}
