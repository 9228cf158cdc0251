package matte

import (
	"image"
	"image/color"
	"math"
	"os"
	"testing"

	"gradphoto/wasm/internal/synth"
)

// TestSynthPresets runs Estimate on wasm/internal/synth's presets rendered
// at the work size (720 x 960), with a pigo-like face box made from the
// truth (square, about 1.05 face widths, the eyes 0.42 of it below its
// top), and measures the matte with synth's metrics.
func TestSynthPresets(t *testing.T) {
	for _, pr := range synth.Presets() {
		t.Run(pr.Name, func(t *testing.T) {
			sc := synth.Render(pr.Params.Scaled(720, 960))
			tr := sc.Truth
			s := 1.05 * tr.FaceWidth
			cx := (tr.LeftPupil[0] + tr.RightPupil[0]) / 2
			top := tr.EyeLine - 0.42*s
			scene := Scene{
				Img:      sc.Image,
				Face:     image.Rect(int(cx-s/2), int(top), int(cx+s/2), int(top+s)),
				LeftEye:  tr.LeftPupil,
				RightEye: tr.RightPupil,
			}
			m, err := Estimate(scene, Options{})
			if err != nil {
				t.Logf("refused: %v (stats %+v, clothing %.1f ΔE)", err, m.Stats, tr.ClothingDeltaE)
				return
			}
			w, h := sc.Image.Rect.Dx(), sc.Image.Rect.Dy()
			band := synth.EdgeBand(sc.Alpha, w, h, 4)
			comp := image.NewRGBA(sc.Image.Rect)
			blue := color.RGBA{100, 197, 255, 255}
			Composite(sc.Image, m, blue, comp)
			t.Logf("SAD %.3f MSE %.4f holes %.4f%% leaks %.4f%% halo %.2f ΔE crown %+d (clothing %.1f ΔE, residual %.2f)",
				synth.SAD(m.Alpha, sc.Alpha, band), synth.MSE(m.Alpha, sc.Alpha, band),
				100*synth.Holes(m.Alpha, sc.Alpha), 100*synth.Leaks(m.Alpha, sc.Alpha),
				synth.Halo(comp, sc.Alpha, blue, 6), synth.CrownError(m.Crown, tr), tr.ClothingDeltaE, m.Stats.Residual)
			if dir := os.Getenv("MATTE_DEBUG"); dir != "" {
				writePNG(t, dir+"/synth_"+pr.Name+".png", sc.Image)
				writePNG(t, dir+"/synth_"+pr.Name+"_comp.png", comp)
				writePNG(t, dir+"/synth_"+pr.Name+"_alpha.png", alphaImage(m.Alpha, w, h))
			}
			_ = math.Abs
		})
	}
}
