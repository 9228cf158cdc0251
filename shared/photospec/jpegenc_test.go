package photospec

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand"
	"testing"
)

// portrait draws a 480 x 640-like ID photo: a flat light-blue wall, a
// shaded head and shoulders with some texture, and a little noise.
func portrait(w, h int, seed int64) *image.RGBA {
	r := rand.New(rand.NewSource(seed))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	cx, cy, rx, ry := float64(w)/2, 0.42*float64(h), 0.2*float64(w), 0.2*float64(h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			fx, fy := float64(x), float64(y)
			c := color.RGBA{67, 142, 219, 255}
			dx, dy := (fx-cx)/rx, (fy-cy)/ry
			switch {
			case dx*dx+dy*dy < 1:
				v := 200 - 40*dx*dx - 30*dy + 6*math.Sin(fx/3)*math.Sin(fy/4)
				c = color.RGBA{uint8(v), uint8(0.8 * v), uint8(0.7 * v), 255}
				if dy < -0.4 {
					c = color.RGBA{30 + uint8(r.Intn(20)), 25, 20, 255} // hair
				}
			case fy > 0.68*float64(h) && math.Abs(fx-cx) < 0.45*float64(w)*(0.6+(fy/float64(h)-0.68)*2):
				v := 60 + 10*math.Sin(fx/7+fy/11)
				c = color.RGBA{uint8(v), uint8(v), uint8(v + 30), 255}
			}
			n := func(v uint8) uint8 { return uint8(min(255, max(0, int(v)+r.Intn(5)-2))) }
			img.SetRGBA(x, y, color.RGBA{n(c.R), n(c.G), n(c.B), 255})
		}
	}
	return img
}

func TestZigzag(t *testing.T) {
	want := []uint8{0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12}
	seen := map[uint8]bool{}
	for k, nat := range Zigzag {
		if k < len(want) && nat != want[k] {
			t.Fatalf("Zigzag[%d] = %d, want %d", k, nat, want[k])
		}
		seen[nat] = true
	}
	if len(seen) != 64 || Zigzag[63] != 63 {
		t.Fatalf("zigzag is not a permutation ending at 63: %v", Zigzag)
	}
}

// TestFDCT compares the transform with the definition of JPEG's DCT.
func TestFDCT(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for range 20 {
		var b, orig [64]float32
		for i := range b {
			b[i] = float32(r.Intn(256) - 128)
		}
		orig = b
		out := make([]float32, 64)
		var thr [64]uint32
		fdct(&b, out, &thr)
		for k, nat := range Zigzag {
			v, u := int(nat)/8, int(nat)%8 // row: vertical frequency
			cu, cv := 1.0, 1.0
			if u == 0 {
				cu = 1 / math.Sqrt2
			}
			if v == 0 {
				cv = 1 / math.Sqrt2
			}
			sum := 0.0
			for y := 0; y < 8; y++ {
				for x := 0; x < 8; x++ {
					sum += float64(orig[y*8+x]) * math.Cos(float64(2*x+1)*float64(u)*math.Pi/16) * math.Cos(float64(2*y+1)*float64(v)*math.Pi/16)
				}
			}
			want := cu * cv / 4 * sum
			if got := float64(out[k] * dctScale[k]); math.Abs(got-want) > 1e-2 {
				t.Fatalf("coefficient (%d,%d) = %g, want %g", v, u, got, want)
			}
		}
	}
}

func TestBuildHuffman(t *testing.T) {
	check := func(name string, freq *[256]uint32) {
		h := buildHuffman(freq)
		total := 0
		for _, c := range h.counts {
			total += int(c)
		}
		if total != len(h.values) {
			t.Fatalf("%s: counts say %d codes, %d values", name, total, len(h.values))
		}
		type cw struct {
			code uint16
			len  uint8
		}
		var codes []cw
		for s, f := range freq {
			if f == 0 {
				continue
			}
			l := h.length[s]
			if l == 0 || l > 16 {
				t.Fatalf("%s: symbol %d has length %d", name, s, l)
			}
			if h.code[s] == 1<<l-1 {
				t.Fatalf("%s: symbol %d has the all-ones code", name, s)
			}
			codes = append(codes, cw{h.code[s], l})
		}
		for i, a := range codes {
			for j, b := range codes {
				if i != j && a.len <= b.len && b.code>>(b.len-a.len) == a.code {
					t.Fatalf("%s: code %b is a prefix of %b", name, a.code, b.code)
				}
			}
		}
	}
	var one [256]uint32
	one[7] = 100
	check("one symbol", &one)
	var flat [256]uint32
	for i := range flat {
		flat[i] = 10
	}
	check("256 equal", &flat)
	// Fibonacci frequencies make a code 30 deep without the limit.
	var fib [256]uint32
	a, b := uint32(1), uint32(1)
	for i := range 30 {
		fib[i] = a
		a, b = b, a+b
	}
	check("fibonacci", &fib)
}

// TestEncoderAgainstImageJPEG decodes the encoder's files with image/jpeg:
// the picture, its size and its quality tables come back as image/jpeg's
// own files at the same quality give them.
func TestEncoderAgainstImageJPEG(t *testing.T) {
	for _, size := range [][2]int{{480, 640}, {33, 17}, {1, 1}, {16, 16}, {130, 97}} {
		img := portrait(size[0], size[1], 3)
		e, err := newCoder(img)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []int{60, 75, 88, 95} {
			data := e.encode(q, 300)
			got, err := jpeg.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%v q%d: %v", size, q, err)
			}
			if got.Bounds() != img.Bounds() {
				t.Fatalf("%v q%d: decoded %v", size, q, got.Bounds())
			}
			var ref bytes.Buffer
			jpeg.Encode(&ref, img, &jpeg.Options{Quality: q})
			want, _ := jpeg.Decode(bytes.NewReader(ref.Bytes()))
			pg, pw := psnr(img, got), psnr(img, want)
			if pg < pw-0.3 {
				t.Errorf("%v q%d: PSNR %.2f dB, image/jpeg %.2f dB", size, q, pg, pw)
			}
			if !bytes.Equal(segment(data, 0xDB), segment(ref.Bytes(), 0xDB)) {
				t.Errorf("%v q%d: quantisation tables differ from image/jpeg's", size, q)
			}
			if jfifDPI(data) != 300 {
				t.Errorf("%v q%d: %d dpi", size, q, jfifDPI(data))
			}
			if size == [2]int{480, 640} {
				t.Logf("q%d: %d bytes (image/jpeg %d), PSNR %.2f dB (image/jpeg %.2f)", q, len(data), ref.Len(), pg, pw)
			}
		}
	}
}

// segment returns the payload of the first marker segment FF m.
func segment(data []byte, m byte) []byte {
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return nil
		}
		n := int(data[i+2])<<8 | int(data[i+3])
		if data[i+1] == m {
			return data[i+4 : i+2+n]
		}
		i += 2 + n
	}
	return nil
}

func psnr(a, b image.Image) float64 {
	r := a.Bounds()
	var se float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			for _, d := range []float64{float64(r1>>8) - float64(r2>>8), float64(g1>>8) - float64(g2>>8), float64(b1>>8) - float64(b2>>8)} {
				se += d * d
			}
		}
	}
	mse := se / float64(3*r.Dx()*r.Dy())
	if mse == 0 {
		return 99
	}
	return 10 * math.Log10(255*255/mse)
}

// TestEncodeNotRGBA takes the slow path for other image types.
func TestEncodeNotRGBA(t *testing.T) {
	src := portrait(480, 640, 4)
	nrgba := image.NewNRGBA(src.Rect)
	copy(nrgba.Pix, src.Pix)
	a, qa, err := EncodeQuality(src, CHSI)
	if err != nil {
		t.Fatal(err)
	}
	b, qb, err := EncodeQuality(nrgba, CHSI)
	if err != nil {
		t.Fatal(err)
	}
	if qa != qb || !bytes.Equal(a, b) {
		t.Fatalf("NRGBA encodes differently: q%d %d bytes, q%d %d bytes", qa, len(a), qb, len(b))
	}
}

func BenchmarkEncodeCHSI(b *testing.B) {
	img := portrait(480, 640, 1)
	var q int
	for b.Loop() {
		var err error
		if _, q, err = EncodeQuality(img, CHSI); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
	b.ReportMetric(float64(q), "quality")
}

// BenchmarkImageJPEG is one encode by image/jpeg, for comparison.
func BenchmarkImageJPEG(b *testing.B) {
	img := portrait(480, 640, 1)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		jpeg.Encode(&buf, img, &jpeg.Options{Quality: 88})
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

// BenchmarkCoder is the encoder's two parts: converting and transforming a
// 480 x 640 picture (once per photo), and one quality's encode.
func BenchmarkCoder(b *testing.B) {
	img := portrait(480, 640, 1)
	b.Run("transform", func(b *testing.B) {
		for b.Loop() {
			newCoder(img)
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
	})
	b.Run("encode", func(b *testing.B) {
		e, _ := newCoder(img)
		for b.Loop() {
			e.encode(90, 300)
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
	})
}
