package matte

import (
	"image"
	"image/color"
	"math"
	"os"
	"testing"

	"gradphoto/wasm/internal/synth"
)

// presetLimits are the thresholds for each of synth's presets, with what
// was measured when they were set: SAD in a 4 px edge band, holes (the
// person's solid pixels lost) and leaks (the wall kept) in percent, the
// halo in CIE76 ΔE within 6 px outside the person after compositing onto
// light blue, and the crown error in rows.
var presetLimits = map[string]struct {
	refuse                    string // a refusal accepted instead
	sad, holes, leaks, haloDE float64
	crown                     int
}{
	"plain":    {sad: 0.03, holes: 0.02, leaks: 0.02, haloDE: 1, crown: 4},   // 0.016, 0.004 %, 0 %, 0.06, 0
	"tilted":   {sad: 0.03, holes: 0.02, leaks: 0.02, haloDE: 1, crown: 4},   // 0.014, 0.001 %, 0.001 %, 0.03, 0
	"flyaways": {sad: 0.09, holes: 0.05, leaks: 0.05, haloDE: 1.5, crown: 4}, // 0.064, 0.015 %, 0.009 %, 0.52, -3
	// A white shirt 2 ΔE from a white wall and blonde hair on it: refused.
	"hard": {refuse: LowContrast, holes: 0.05},
	// Side light, strong vignetting, a hard shadow and clothing 5 ΔE from
	// the wall: the shadow beside the neck and shoulders, once kept as the
	// person (0.12, 0.026 %, 1.8 %, 7.1 ΔE, -3), is now told from the
	// clothing by its hue (0.058, 0.028 %, 0.03 %, 1.25 ΔE, -3).
	"messy": {sad: 0.08, holes: 0.05, leaks: 0.05, haloDE: 2, crown: 4},
}

// TestSynthPresets runs Estimate on wasm/internal/synth's presets rendered
// at the work size (720 x 960), with a pigo-like face box made from the
// truth (square, about 1.05 face widths, the eyes 0.42 of it below its
// top), and measures the matte with synth's metrics.
func TestSynthPresets(t *testing.T) {
	for _, pr := range synth.Presets() {
		t.Run(pr.Name, func(t *testing.T) {
			lim, ok := presetLimits[pr.Name]
			if !ok {
				t.Fatalf("no limits for preset %q", pr.Name)
			}
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
				if code := RefusalCode(err); code == "" || code != lim.refuse {
					t.Fatalf("Estimate: %v (stats %+v)", err, m.Stats)
				}
				t.Logf("refused: %v (clothing %.1f ΔE)", err, tr.ClothingDeltaE)
				return
			}
			w, h := sc.Image.Rect.Dx(), sc.Image.Rect.Dy()
			comp := image.NewRGBA(sc.Image.Rect)
			blue := color.RGBA{100, 197, 255, 255}
			Composite(sc.Image, m, blue, comp)
			sad := synth.SAD(m.Alpha, sc.Alpha, synth.EdgeBand(sc.Alpha, w, h, 4))
			holes, leaks := 100*synth.Holes(m.Alpha, sc.Alpha), 100*synth.Leaks(m.Alpha, sc.Alpha)
			halo := synth.Halo(comp, sc.Alpha, blue, 6)
			crown := synth.CrownError(m.Crown, tr)
			t.Logf("SAD %.3f holes %.4f%% leaks %.4f%% halo %.2f ΔE crown %+d (clothing %.1f ΔE, residual %.2f)",
				sad, holes, leaks, halo, crown, tr.ClothingDeltaE, m.Stats.Residual)
			if lim.refuse != "" {
				if holes > lim.holes {
					t.Errorf("not refused, and %.3f%% of the person lost", holes)
				}
				return
			}
			for _, c := range []struct {
				name       string
				got, limit float64
			}{
				{"SAD", sad, lim.sad}, {"holes %", holes, lim.holes}, {"leaks %", leaks, lim.leaks},
				{"halo ΔE", halo, lim.haloDE}, {"|crown error|", math.Abs(float64(crown)), float64(lim.crown)},
			} {
				if c.got > c.limit {
					t.Errorf("%s = %.4g, want <= %g", c.name, c.got, c.limit)
				}
			}
			if dir := os.Getenv("MATTE_DEBUG"); dir != "" {
				writePNG(t, dir+"/synth_"+pr.Name+".png", sc.Image)
				writePNG(t, dir+"/synth_"+pr.Name+"_comp.png", comp)
				writePNG(t, dir+"/synth_"+pr.Name+"_alpha.png", alphaImage(m.Alpha, w, h))
			}
		})
	}
}
