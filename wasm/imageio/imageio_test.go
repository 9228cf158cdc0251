package imageio

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/jpeg"
	"image/png"
	"math/rand"
	"runtime"
	"testing"
	"time"
)

// TestDecodeOrientations stores one upright picture in each of the eight
// EXIF orientations, as cameras do, and checks that Decode shows it upright
// again; and that the result is exactly the stored pixels moved as the
// standard's table says, at full size and shrunk.
func TestDecodeOrientations(t *testing.T) {
	const W, H = 60, 40
	upright := scene(W, H, 7)
	uprightJPEG := encodeJPEG(t, upright, 95)
	uprightRef, err := Decode(uprightJPEG, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for o := 1; o <= 8; o++ {
		sw, sh := orientedSize(W, H, o)
		stored := image.NewRGBA(image.Rect(0, 0, sw, sh))
		for y := range H {
			for x := range W {
				sx, sy := displaySource(o, x, y, sw, sh)
				stored.SetRGBA(sx, sy, upright.RGBAAt(x, y))
			}
		}
		plain := encodeJPEG(t, stored, 95)
		var bo appendOrder = binary.BigEndian
		if o%2 == 0 {
			bo = binary.LittleEndian
		}
		tagged := withOrientation(plain, o, bo)

		got, err := Decode(tagged, Options{})
		if err != nil {
			t.Fatalf("orientation %d: %v", o, err)
		}
		if got.Orientation != o || got.SourceWidth != W || got.SourceHeight != H || got.Scale != 1 {
			t.Fatalf("orientation %d: %+v", o, got)
		}
		// Upright again, up to JPEG's losses.
		if d := meanAbsDiff(t, got.RGBA, uprightRef.RGBA); d > 4 {
			t.Errorf("orientation %d: differs from the upright picture by %.2f on average", o, d)
		}
		if c := got.RGBA.RGBAAt(W/10+W/10, H/10+H/12); c.R < 180 || c.G > 90 {
			t.Errorf("orientation %d: the red square is not top-left: %v", o, c)
		}

		// Exactly the stored pixels, moved.
		for _, maxSide := range []int{0, 30} {
			raw, err := Decode(plain, Options{MaxSide: maxSide})
			if err != nil {
				t.Fatal(err)
			}
			turned, err := Decode(tagged, Options{MaxSide: maxSide})
			if err != nil {
				t.Fatal(err)
			}
			rw, rh := raw.RGBA.Rect.Dx(), raw.RGBA.Rect.Dy()
			tw, th := orientedSize(rw, rh, o)
			if turned.RGBA.Rect.Dx() != tw || turned.RGBA.Rect.Dy() != th || turned.Gray.Rect != turned.RGBA.Rect {
				t.Fatalf("orientation %d, max side %d: %v from %v", o, maxSide, turned.RGBA.Rect, raw.RGBA.Rect)
			}
			for y := range th {
				for x := range tw {
					sx, sy := displaySource(o, x, y, rw, rh)
					if turned.RGBA.RGBAAt(x, y) != raw.RGBA.RGBAAt(sx, sy) || turned.Gray.GrayAt(x, y) != raw.Gray.GrayAt(sx, sy) {
						t.Fatalf("orientation %d, max side %d: pixel (%d,%d) is not stored (%d,%d)", o, maxSide, x, y, sx, sy)
					}
				}
			}
		}
	}
}

// TestGrayIsTheYPlane: for a JPEG the gray plane is the decoder's Y plane,
// unchanged, and agrees with the luma of the RGBA.
func TestGrayIsTheYPlane(t *testing.T) {
	for _, size := range [][2]int{{64, 48}, {61, 37}} { // 37x61: Y rows padded
		data := encodeJPEG(t, scene(size[0], size[1], 3), 90)
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		y := img.(*image.YCbCr)
		d, err := Decode(data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if d.Gray.Stride != size[0] || d.RGBA.Stride != 4*size[0] {
			t.Fatalf("not tight: gray stride %d, rgba stride %d", d.Gray.Stride, d.RGBA.Stride)
		}
		for row := range size[1] {
			if !bytes.Equal(d.Gray.Pix[row*size[0]:(row+1)*size[0]], y.Y[row*y.YStride:row*y.YStride+size[0]]) {
				t.Fatalf("%v: row %d of the gray plane is not the Y plane", size, row)
			}
		}
		// Where RGB is clamped (dark saturated colours) the two part a little.
		if diff := meanAbsDiffGray(GrayFromRGBA(d.RGBA), d.Gray); diff > 0.5 {
			t.Fatalf("%v: luma of RGBA and Y differ by %.2f on average", size, diff)
		}
	}
}

func TestDecodeShrinks(t *testing.T) {
	src := scene(400, 300, 5)
	data := encodeJPEG(t, src, 92)
	full, err := Decode(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		maxSide int
		w, h    int
	}{
		{100, 100, 75},
		{123, 123, 92},
		{200, 200, 150}, // the chroma planes' own size
		{300, 300, 225}, // larger than the chroma planes
		{399, 399, 299},
		{400, 400, 300}, // no shrinking needed
		{1600, 400, 300},
		{1, 1, 1},
	}
	for _, tt := range tests {
		d, err := Decode(data, Options{MaxSide: tt.maxSide})
		if err != nil {
			t.Fatal(err)
		}
		if d.RGBA.Rect.Dx() != tt.w || d.RGBA.Rect.Dy() != tt.h || d.SourceWidth != 400 || d.SourceHeight != 300 {
			t.Fatalf("max side %d: %v (source %dx%d)", tt.maxSide, d.RGBA.Rect, d.SourceWidth, d.SourceHeight)
		}
		if want := float64(tt.w) / 400; d.Scale != want {
			t.Errorf("max side %d: scale %v, want %v", tt.maxSide, d.Scale, want)
		}
		// The same as shrinking the full-size RGBA with a float area
		// average, up to rounding and chroma subsampling.
		ref := areaAverageRGBA(full.RGBA, tt.w, tt.h)
		if diff := meanAbsDiff(t, d.RGBA, ref); diff > 1.5 {
			t.Errorf("max side %d: differs from the reference by %.2f", tt.maxSide, diff)
		}
		if luma := GrayFromRGBA(d.RGBA); meanAbsDiffGray(luma, d.Gray) > 1 {
			t.Errorf("max side %d: gray and RGBA disagree", tt.maxSide)
		}
	}
}

func meanAbsDiffGray(a, b *image.Gray) float64 {
	var sum float64
	for i := range a.Pix {
		sum += absDiff(a.Pix[i], b.Pix[i])
	}
	return sum / float64(len(a.Pix))
}

// areaAverageRGBA is a slow, obviously correct area average in floating
// point: every output pixel is the mean of the source area it covers.
func areaAverageRGBA(src *image.RGBA, dw, dh int) *image.RGBA {
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	fx, fy := float64(sw)/float64(dw), float64(sh)/float64(dh)
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		for x := range dw {
			var sum [3]float64
			var area float64
			for sy := int(float64(y) * fy); sy < sh && float64(sy) < float64(y+1)*fy; sy++ {
				oy := overlap(float64(sy), float64(y)*fy, float64(y+1)*fy)
				for sx := int(float64(x) * fx); sx < sw && float64(sx) < float64(x+1)*fx; sx++ {
					a := oy * overlap(float64(sx), float64(x)*fx, float64(x+1)*fx)
					c := src.RGBAAt(sx, sy)
					sum[0] += a * float64(c.R)
					sum[1] += a * float64(c.G)
					sum[2] += a * float64(c.B)
					area += a
				}
			}
			dst.SetRGBA(x, y, color.RGBA{uint8(sum[0]/area + 0.5), uint8(sum[1]/area + 0.5), uint8(sum[2]/area + 0.5), 255})
		}
	}
	return dst
}

// overlap is the length of [p, p+1) within [lo, hi).
func overlap(p, lo, hi float64) float64 {
	return max(0, min(p+1, hi)-max(p, lo))
}

func TestShrinkPlaneMatchesAreaAverage(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	sizes := [][4]int{{10, 10, 10, 10}, {10, 10, 5, 5}, {10, 10, 3, 7}, {1, 50, 1, 7}, {50, 1, 9, 1}, {97, 53, 31, 17}, {8, 8, 1, 1}, {300, 200, 299, 199}}
	for _, s := range sizes {
		w, h, dw, dh := s[0], s[1], s[2], s[3]
		stride := w + 3 // not tight
		src := make([]byte, stride*h)
		r.Read(src)
		rgba := image.NewRGBA(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				v := src[y*stride+x]
				rgba.SetRGBA(x, y, color.RGBA{v, 255 - v, v / 2, 255})
			}
		}
		ref := areaAverageRGBA(rgba, dw, dh)
		got := shrinkPlane(src, w, h, stride, dw, dh)
		gotRGBA := shrinkRGBA(rgba.Pix, w, h, rgba.Stride, dw, dh)
		for i := range dw * dh {
			want := ref.Pix[4*i]
			if d := int(got[i]) - int(want); d < -1 || d > 1 {
				t.Fatalf("%v: plane pixel %d = %d, want %d", s, i, got[i], want)
			}
			for c := range 3 {
				if d := int(gotRGBA[4*i+c]) - int(ref.Pix[4*i+c]); d < -1 || d > 1 {
					t.Fatalf("%v: rgba pixel %d channel %d = %d, want %d", s, i, c, gotRGBA[4*i+c], ref.Pix[4*i+c])
				}
			}
			if gotRGBA[4*i+3] != 255 {
				t.Fatalf("%v: not opaque", s)
			}
		}
	}
	// A flat plane stays exactly flat whatever the ratio.
	flat := bytes.Repeat([]byte{201}, 333*177)
	for _, v := range shrinkPlane(flat, 333, 177, 333, 100, 41) {
		if v != 201 {
			t.Fatalf("flat plane became %d", v)
		}
	}
}

func TestDecodePNGWithAlpha(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 20, 10))
	for y := range 10 {
		for x := range 20 {
			switch {
			case x < 10:
				img.SetNRGBA(x, y, color.NRGBA{200, 10, 10, 255})
			default:
				img.SetNRGBA(x, y, color.NRGBA{0, 0, 0, 0}) // transparent black
			}
		}
	}
	img.SetNRGBA(15, 5, color.NRGBA{0, 0, 255, 128})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	d, err := Decode(b.Bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Format != "png" || !d.HadAlpha || !d.AlphaChannel || d.Orientation != 1 {
		t.Fatalf("%+v", d)
	}
	checks := []struct {
		x, y int
		want color.RGBA
	}{
		{2, 2, color.RGBA{200, 10, 10, 255}},
		{12, 2, color.RGBA{255, 255, 255, 255}},
		{15, 5, color.RGBA{127, 127, 255, 255}},
	}
	for _, c := range checks {
		if got := d.RGBA.RGBAAt(c.x, c.y); got != c.want {
			t.Errorf("(%d,%d) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
	if g := d.Gray.GrayAt(12, 2).Y; g != 255 {
		t.Errorf("gray of white = %d", g)
	}

	// Other PNG kinds: opaque RGB, a palette with a transparent entry,
	// 16-bit with alpha, gray.
	opaque := scene(16, 16, 1)
	pal := image.NewPaletted(image.Rect(0, 0, 4, 4), color.Palette{color.NRGBA{0, 0, 0, 0}, color.NRGBA{10, 200, 10, 255}})
	pal.SetColorIndex(1, 1, 1)
	deep := image.NewNRGBA64(image.Rect(0, 0, 4, 4))
	deep.SetNRGBA64(0, 0, color.NRGBA64{0xFFFF, 0, 0, 0x8000})
	gray := image.NewGray(image.Rect(0, 0, 5, 3))
	gray.SetGray(1, 1, color.Gray{77})
	plte := image.NewPaletted(image.Rect(0, 0, 4, 4), palette.Plan9)
	tests := []struct {
		name           string
		img            image.Image
		channel, alpha bool
		probe          image.Point
		want           color.RGBA
	}{
		{"rgb", opaque, false, false, image.Pt(3, 3), opaque.RGBAAt(3, 3)},
		{"palette with transparency", pal, true, true, image.Pt(0, 0), color.RGBA{255, 255, 255, 255}},
		{"palette pixel", pal, true, true, image.Pt(1, 1), color.RGBA{10, 200, 10, 255}},
		{"16-bit alpha", deep, true, true, image.Pt(0, 0), color.RGBA{255, 127, 127, 255}},
		{"gray", gray, false, false, image.Pt(1, 1), color.RGBA{77, 77, 77, 255}},
		{"opaque palette", plte, false, false, image.Pt(0, 0), color.RGBA{0, 0, 0, 255}},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := png.Encode(&b, tt.img); err != nil {
			t.Fatal(err)
		}
		d, err := Decode(b.Bytes(), Options{})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := d.RGBA.RGBAAt(tt.probe.X, tt.probe.Y)
		if d.AlphaChannel != tt.channel || d.HadAlpha != tt.alpha || !near(got, tt.want, 1) {
			t.Errorf("%s: channel %v alpha %v pixel %v; want %v %v %v", tt.name, d.AlphaChannel, d.HadAlpha, got, tt.channel, tt.alpha, tt.want)
		}
	}
}

func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && a.A == b.A
}

// bombs returns tiny files whose headers declare 60000 x 60000 pixels (and
// a WebP of 16384 x 16384), with no pixel data behind them.
func bombs(t testing.TB) map[string][]byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	pngBomb := b.Bytes()
	copy(pngBomb[16:24], []byte{0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60})
	binary.BigEndian.PutUint32(pngBomb[29:33], crc32.ChecksumIEEE(pngBomb[12:29]))

	jpegBomb := encodeJPEG(t, image.NewGray(image.Rect(0, 0, 8, 8)), 90)
	sof := sofOffset(t, jpegBomb)
	binary.BigEndian.PutUint16(jpegBomb[sof+4:], 60000) // height
	binary.BigEndian.PutUint16(jpegBomb[sof+6:], 60000) // width

	webpBomb := []byte("RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x00\x00\x00\x00\xff\x3f\x00\xff\x3f\x00")
	binary.LittleEndian.PutUint32(webpBomb[4:], uint32(len(webpBomb)-8))
	return map[string][]byte{"png": pngBomb, "jpeg": jpegBomb, "webp": webpBomb}
}

func TestDecodeRefusesMemoryBombs(t *testing.T) {
	for name, data := range bombs(t) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		_, err := Decode(data, Options{})
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		e, ok := err.(*Error)
		if !ok || e.Code != TooLarge || e.ZH == "" || e.EN == "" || e.Width < 16384 || e.Height < 16384 {
			t.Fatalf("%s: err = %#v", name, err)
		}
		alloc := after.TotalAlloc - before.TotalAlloc
		if alloc > 256<<10 {
			t.Errorf("%s: refusing allocated %d bytes", name, alloc)
		}
		t.Logf("%s bomb (%d bytes, %dx%d): refused in %v, %d bytes allocated", name, len(data), e.Width, e.Height, took, alloc)
		if took > 50*time.Millisecond {
			t.Errorf("%s: refusing took %v", name, took)
		}
		if a := e.AppErr(); a.Code != "too_large" || a.Field != "photo" {
			t.Errorf("%s: AppErr = %#v", name, a)
		}
	}
	// A tighter limit from the caller.
	small := encodeJPEG(t, scene(100, 100, 1), 80)
	if _, err := Decode(small, Options{MaxPixels: 9999}); CodeOf(err) != TooLarge {
		t.Fatalf("MaxPixels 9999 let 100x100 through: %v", err)
	}
	if _, err := Decode(small, Options{MaxPixels: 10000}); err != nil {
		t.Fatalf("MaxPixels 10000: %v", err)
	}
}

func TestDecodeRefusesWhatItCannotRead(t *testing.T) {
	good := encodeJPEG(t, scene(64, 64, 2), 90)
	var b bytes.Buffer
	png.Encode(&b, scene(16, 16, 1))
	badCRC := append([]byte(nil), b.Bytes()...)
	badCRC[30] ^= 0xFF
	tests := map[string][]byte{
		"empty":          nil,
		"text":           []byte("this is not a photo at all"),
		"gif":            []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
		"bmp":            []byte("BM\x3e\x00\x00\x00\x00\x00\x00\x00\x3e\x00\x00\x00"),
		"jpeg magic":     {0xFF, 0xD8, 0xFF},
		"truncated jpeg": good[:len(good)/2],
		"png bad crc":    badCRC,
		"png truncated":  b.Bytes()[:60],
		"webp junk":      []byte("RIFF\x10\x00\x00\x00WEBPVP8 \x04\x00\x00\x00abcd"),
		"zero width png": zeroWidthPNG(),
	}
	for name, data := range tests {
		d, err := Decode(data, Options{})
		e, ok := err.(*Error)
		if d != nil || !ok || e.Code != UnsupportedFormat || e.ZH == "" || e.EN == "" {
			t.Errorf("%s: got %v, %#v", name, d, err)
			continue
		}
		if a := e.AppErr(); a.Code != "unsupported" || a.ZH != e.ZH {
			t.Errorf("%s: AppErr = %#v", name, a)
		}
	}
}

func zeroWidthPNG() []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	data := b.Bytes()
	copy(data[16:20], []byte{0, 0, 0, 0})
	binary.BigEndian.PutUint32(data[29:33], crc32.ChecksumIEEE(data[12:29]))
	return data
}

func TestSniffFormat(t *testing.T) {
	tests := map[string]string{
		"\xFF\xD8\xFF\xE0":             "jpeg",
		"\x89PNG\r\n\x1a\nxxxx":        "png",
		"RIFF\x00\x00\x00\x00WEBPVP8 ": "webp",
		"RIFF\x00\x00\x00\x00WAVEfmt ": "",
		"\xFF\xD8":                     "",
		"":                             "",
		"GIF89a":                       "",
	}
	for in, want := range tests {
		if got := SniffFormat([]byte(in)); got != want {
			t.Errorf("SniffFormat(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFromRGBA(t *testing.T) {
	pix := make([]byte, 4*3*2)
	for i := range 6 {
		copy(pix[4*i:], []byte{10, 20, 30, 255})
	}
	copy(pix[4:], []byte{0, 0, 0, 0})    // transparent
	copy(pix[8:], []byte{255, 0, 0, 51}) // 20 % red
	d, err := FromRGBA(pix, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	if d.Format != "rgba" || !d.HadAlpha || d.Scale != 1 || d.SourceWidth != 3 || d.SourceHeight != 2 || &d.RGBA.Pix[0] != &pix[0] {
		t.Fatalf("%+v", d)
	}
	want := []color.RGBA{{10, 20, 30, 255}, {255, 255, 255, 255}, {255, 204, 204, 255}}
	for x, w := range want {
		if got := d.RGBA.RGBAAt(x, 0); got != w {
			t.Errorf("pixel %d = %v, want %v", x, got, w)
		}
	}
	if g := d.Gray.GrayAt(1, 0).Y; g != 255 {
		t.Errorf("gray = %d", g)
	}

	opaque := bytes.Repeat([]byte{1, 2, 3, 255}, 4)
	if d, err := FromRGBA(opaque, 2, 2); err != nil || d.HadAlpha {
		t.Fatalf("opaque: %+v %v", d, err)
	}

	tests := []struct {
		name string
		pix  []byte
		w, h int
		code Code
	}{
		{"short", make([]byte, 15), 2, 2, UnsupportedFormat},
		{"long", make([]byte, 17), 2, 2, UnsupportedFormat},
		{"zero width", nil, 0, 5, UnsupportedFormat},
		{"negative", make([]byte, 16), -2, -2, UnsupportedFormat},
		{"too many pixels", make([]byte, 16), 10000, 6000, TooLarge},
		{"overflowing size", make([]byte, 16), 1 << 31, 1 << 31, TooLarge},
	}
	for _, tt := range tests {
		_, err := FromRGBA(tt.pix, tt.w, tt.h)
		if e, ok := err.(*Error); !ok || e.Code != tt.code || e.ZH == "" || e.EN == "" {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
}

func TestGrayFromRGBA(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 4, 1))
	cols := []color.RGBA{{0, 0, 0, 255}, {255, 255, 255, 255}, {255, 0, 0, 255}, {100, 197, 255, 255}}
	for x, c := range cols {
		img.SetRGBA(x, 0, c)
	}
	g := GrayFromRGBA(img)
	for x, c := range cols {
		// The standard library's conversion uses the same BT.601 weights.
		want, _, _ := color.RGBToYCbCr(c.R, c.G, c.B)
		if g.Pix[x] != want {
			t.Errorf("%v: gray %d, want %d", c, g.Pix[x], want)
		}
	}
	// A sub-image is read from its own origin.
	sub := scene(20, 20, 1).SubImage(image.Rect(5, 5, 9, 8)).(*image.RGBA)
	gs := GrayFromRGBA(sub)
	if gs.Rect.Dx() != 4 || gs.Rect.Dy() != 3 {
		t.Fatalf("sub-image gray %v", gs.Rect)
	}
	c := sub.RGBAAt(5, 5)
	if want, _, _ := color.RGBToYCbCr(c.R, c.G, c.B); gs.Pix[0] != want {
		t.Fatalf("sub-image origin: %d, want %d", gs.Pix[0], want)
	}
}

// TestFlattenGray holds the one-pass conversion FromRGBA uses to the two
// passes it replaces, opaque and translucent pixels mixed, at odd and
// even lengths.
func TestFlattenGray(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, n := range []int{0, 1, 2, 7, 64, 1001} {
		for _, translucent := range []float64{0, 0.1, 1} {
			pix := make([]byte, 4*n)
			r.Read(pix)
			for i := 3; i < len(pix); i += 4 {
				if r.Float64() >= translucent {
					pix[i] = 255
				}
			}
			want := append([]byte(nil), pix...)
			wantAlpha := flattenNRGBA(want)
			wantGray := make([]byte, n)
			grayRow(wantGray, want)
			gray := make([]byte, n)
			alpha := flattenGray(gray, pix)
			if alpha != wantAlpha || !bytes.Equal(pix, want) || !bytes.Equal(gray, wantGray) {
				t.Fatalf("%d pixels, %.0f%% translucent: alpha %v (want %v), pixels or gray differ", n, 100*translucent, alpha, wantAlpha)
			}
		}
	}
}
