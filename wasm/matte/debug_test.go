package matte

import (
	"image"
	"image/color"
	"os"
	"testing"
)

// Looking at mattes: with MATTE_DEBUG=dir, TestDebugRender writes a
// synthetic scene (MATTE_VARIANT: contrast, noshadow, blue, grey,
// strongshadow) with its matte, composite, error map and enlarged details
// to dir, and TestPhotos writes its composites there instead of to a
// temporary directory.
//
//	MATTE_DEBUG=/tmp/m go test -run 'TestDebugRender|TestPhotos' ./wasm/matte

// alphaImage renders an alpha plane as a grey image.
func alphaImage(a []float32, w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i, v := range a {
		g.Pix[i] = uint8(255*clamp01(v) + 0.5)
	}
	return g
}

// TestDebugRender writes a synthetic scene and its matte for a look.
func TestDebugRender(t *testing.T) {
	dir := os.Getenv("MATTE_DEBUG")
	if dir == "" {
		t.Skip()
	}
	o := defaultSynth()
	switch os.Getenv("MATTE_VARIANT") {
	case "contrast":
		o.cloth = [3]float64{180, 190, 215}
	case "noshadow":
		o.shadow = 0
	case "blue":
		o.wall = [3]float64{70, 130, 220}
		o.cloth = [3]float64{40, 40, 45}
	case "grey":
		o.cloth = [3]float64{200, 198, 195}
	case "strongshadow":
		o.shadow = 0.25
	}
	sc := renderSynth(o)
	writePNG(t, dir+"/synth.png", sc.img)
	writePNG(t, dir+"/synth_truth.png", alphaImage(sc.alpha, 720, 960))
	m, err := Estimate(sc.scene, Options{})
	t.Logf("err %v stats %+v crown %d truth %d timings %v", err, m.Stats, m.Crown, sc.crown, m.Timings)
	if err != nil {
		return
	}
	writePNG(t, dir+"/synth_alpha.png", alphaImage(m.Alpha, 720, 960))
	errs := make([]float32, len(m.Alpha))
	for i := range errs {
		errs[i] = 4 * (m.Alpha[i] - sc.alpha[i])
		if errs[i] < 0 {
			errs[i] = -errs[i]
		}
	}
	writePNG(t, dir+"/synth_err.png", alphaImage(errs, 720, 960))
	out := image.NewRGBA(sc.img.Bounds())
	Composite(sc.img, m, color.RGBA{100, 197, 255, 255}, out)
	writePNG(t, dir+"/synth_comp.png", out)
	t.Logf("%+v", measure(sc, m))
	for name, r := range map[string]image.Rectangle{
		"shoulder":  image.Rect(560, 680, 720, 840),
		"hair":      image.Rect(440, 150, 600, 310),
		"ear":       image.Rect(460, 400, 620, 560),
		"neck":      image.Rect(420, 600, 500, 680),
		"lneck":     image.Rect(200, 660, 300, 760),
		"lshoulder": image.Rect(0, 680, 160, 840),
	} {
		saveZoom(t, dir+"/z_"+name+".png", out, r, 4)
		saveZoom(t, dir+"/za_"+name+".png", alphaImage(m.Alpha, 720, 960), r, 4)
		saveZoom(t, dir+"/zi_"+name+".png", sc.img, r, 4)
		saveZoom(t, dir+"/ze_"+name+".png", alphaImage(errs, 720, 960), r, 4)
	}
}

// saveZoom writes r of img enlarged z times (nearest neighbour).
func saveZoom(t *testing.T, name string, img image.Image, r image.Rectangle, z int) {
	out := image.NewRGBA(image.Rect(0, 0, r.Dx()*z, r.Dy()*z))
	for y := 0; y < r.Dy()*z; y++ {
		for x := 0; x < r.Dx()*z; x++ {
			out.Set(x, y, img.At(r.Min.X+x/z, r.Min.Y+y/z))
		}
	}
	writePNG(t, name, out)
}
