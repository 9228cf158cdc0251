package idphoto

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/check"
	"gradphoto/wasm/face"
	"gradphoto/wasm/internal/synth"
)

// The engine against synthetic scenes with exact truth (wasm/internal/synth):
// each scene's JPEG goes through Process, and its truth (pupils, crown, face
// width, the coverage of every pixel) is carried through the same geometry
// the engine used (decode scale, Plan into the work image, Placement into
// the output; see trace) and compared with what the engine reports and with
// its matte. A scene must give a photo that meets every tolerance below and
// that the checker (wasm/check, fed the true geometry) accepts, or, where
// the truth says a compliant photo is out of reach (clothing too close to
// the wall or to the new background), a clean refusal with low_contrast.
// Never a bad photo.
//
// Environment, for people working on the engine:
//   - SYNTH_SEEDS=n runs n seeds per preset and size instead of 3: a wider
//     sweep, to see the spread of the figures (known failures are only
//     listed for the default seeds).
//   - SYNTH_DUMP=dir writes each photo's composite (the work image the
//     output is cut from) and a map of its matte's errors into dir.

// Geometry tolerances, in output pixels (CHSI: 480 x 640): the largest
// |engine - truth| allowed.
const (
	// The crown is the top of the hair, strands not counted: the engine's
	// comes from its matte; the truth's is the first row in which the true
	// hair (rendered without strands) covers half a pixel or more, in the
	// work image, within a face box's width of the centre line.
	tolCrown = 4.0
	// The eye line and the eye midpoint's column, from the pupils.
	tolEyeLine = 3.0
	tolEyeMidX = 3.0
	// Each pupil, as the report places it.
	tolPupil = 4.0
	// The face width is measured on the cheeks (face.MeasureWidth): within
	// 0.3 px of the truth on every default scene, reported rounded to a
	// pixel; the tolerance leaves room for the rounding and for seeds the
	// default ones do not show. (Estimated from the face box, as before,
	// it was up to 18 px off.)
	tolFaceWidth = 3.0
)

// Matte quality is measured in the work image (1.5 work pixels to an output
// pixel), over the part of it that the output shows.
const (
	edgeBandRadius = 4.0 // SAD's band: work pixels either side of the true edge
	haloBand       = 3.0 // Halo's band: work pixels just outside the silhouette
)

// matteLimits are the most a photo's matte may get wrong.
type matteLimits struct {
	sad   float64 // mean |alpha - truth| in the edge band
	holes float64 // share of the person's solid pixels given to the wall
	leaks float64 // share of the wall's pixels kept as the person
	halo  float64 // mean ΔE76 from the new background just outside the silhouette
}

// limits are per preset: the worst the matte achieved on the default seeds
// when this test was written (see the README's table) with a margin of
// about a quarter, except that no preset may have more holes or leaks than
// Plain allows, because a hole or a leak of that size is what a person sees
// (a shaved shoulder, a patch of the old wall). Flyaways, with 150 strands
// a pixel or less wide, has the larger SAD a soft matte of strands makes,
// and leaks that stay invisible because its wall is already light blue.
// Messy's SAD (0.075 at worst once its shadow was told from the clothing)
// has the same margin.
var limits = map[string]matteLimits{
	"plain":    {sad: 0.08, holes: 0.001, leaks: 0.004, halo: 3.5},
	"tilted":   {sad: 0.08, holes: 0.001, leaks: 0.004, halo: 3.5},
	"hard":     {sad: 0.08, holes: 0.001, leaks: 0.004, halo: 3.5},
	"messy":    {sad: 0.095, holes: 0.001, leaks: 0.004, halo: 3.5},
	"flyaways": {sad: 0.12, holes: 0.001, leaks: 0.008, halo: 2.0},
}

// knownBad lists the default scenes on which the engine currently makes a
// bad photo, with what is wrong; a key is a prefix of scene names (both
// sizes of a seed). Such a scene is skipped with its failures logged, and
// fails once it passes, so that the entry is removed. Remove entries as the
// matte improves; never add one to make a regression pass.
var knownBad = map[string]string{}

func knownBadReason(name string) (string, bool) {
	for k, why := range knownBad {
		if strings.HasPrefix(name, k) {
			return why, true
		}
	}
	return "", false
}

// synthCase is one scene: a synth preset at a seed and a size.
type synthCase struct {
	preset string
	params synth.Params
}

func (c synthCase) name() string {
	return fmt.Sprintf("%s/seed%d/%dx%d", c.preset, c.params.Seed, c.params.Width, c.params.Height)
}

// synthCases is every preset at two sizes and three seeds (one of each with
// -short; SYNTH_SEEDS sets the number of seeds).
func synthCases(short bool) []synthCase {
	sizes := [][2]int{{1200, 1600}, {900, 1200}}
	n := 3
	if short {
		sizes, n = sizes[:1], 1
	}
	if v, err := strconv.Atoi(os.Getenv("SYNTH_SEEDS")); err == nil && v > 0 {
		n = v
	}
	var out []synthCase
	for _, pr := range synth.Presets() {
		for _, sz := range sizes {
			for k := range n {
				p := pr.Params.Scaled(sz[0], sz[1])
				p.Seed += 100 * int64(k)
				out = append(out, synthCase{preset: pr.Name, params: p})
			}
		}
	}
	return out
}

// figures are what one scene measured. Geometry errors are the engine's
// value minus the truth's, in output pixels.
type figures struct {
	name   string
	ok     bool
	reason string // the reasons when refused
	known  bool   // a known bad scene (knownBad)
	failed bool
	ms     float64

	roll, rollErr                      float64 // the truth's roll and the engine's error, degrees
	clothingDE                         float64 // the clothing's difference from the wall
	crown, eyeLine, faceWidth, eyeMidX float64 // the truth in the output
	crownErr, eyeErr, widthErr, midErr float64
	pupil                              float64 // the larger pupil error
	sad, holes, leaks, halo            float64
}

// verdict collects a scene's failures, so that a known bad scene can be
// told apart from a regression.
type verdict struct{ fails []string }

func (v *verdict) errorf(format string, args ...any) {
	v.fails = append(v.fails, fmt.Sprintf(format, args...))
}

// TestSynthScenes runs the engine on every synthetic case and holds it to
// the truth. Run with -v for the table of figures.
func TestSynthScenes(t *testing.T) {
	m := models(t)
	cases := synthCases(testing.Short())
	var mu sync.Mutex
	var rows []figures
	t.Run("scenes", func(t *testing.T) {
		for _, c := range cases {
			t.Run(c.name(), func(t *testing.T) {
				t.Parallel()
				var v verdict
				f := runSynth(t, m, c, &v)
				why, known := knownBadReason(c.name())
				f.known, f.failed = known, len(v.fails) > 0
				mu.Lock()
				rows = append(rows, f)
				mu.Unlock()
				switch {
				case known && len(v.fails) > 0:
					for _, e := range v.fails {
						t.Log(e)
					}
					t.Skipf("known bad: %s", why)
				case known && os.Getenv("SYNTH_SEEDS") == "":
					t.Errorf("listed in knownBad (%s) but passes now: remove the entry", why)
				}
				for _, e := range v.fails {
					t.Error(e)
				}
			})
		}
	})
	slices.SortFunc(rows, func(a, b figures) int { return strings.Compare(a.name, b.name) })
	t.Logf("tolerances (output px): crown %.0f, eye line %.0f, eye midpoint x %.0f, pupils %.0f, face width %.0f; "+
		"matte limits per preset (work image; SAD in a %.0f px band, halo in a %.0f px band): %+v",
		tolCrown, tolEyeLine, tolEyeMidX, tolPupil, tolFaceWidth, edgeBandRadius, haloBand, limits)
	t.Log(figuresTable(rows))
}

// figuresTable formats the figures as a Markdown table, for the README.
func figuresTable(rows []figures) string {
	var b strings.Builder
	b.WriteString("\n| scene | ΔE | result | roll (err °) | crown: truth, err | eye line: truth, err | face width: truth, err | eye mid x err | pupil err | SAD | holes | leaks | halo ΔE | ms |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, f := range rows {
		res := "photo"
		switch {
		case !f.ok:
			res = "refused: " + f.reason
		case f.known && f.failed:
			res = "**bad photo (known)**"
		case f.failed:
			res = "**bad photo**"
		}
		if !f.ok {
			fmt.Fprintf(&b, "| %s | %.1f | %s | %.1f | | | | | | | | | | %.0f |\n", f.name, f.clothingDE, res, f.roll, f.ms)
			continue
		}
		fmt.Fprintf(&b, "| %s | %.1f | %s | %.1f (%+.1f) | %.0f, %+.1f | %.0f, %+.1f | %.0f, %+.1f | %+.1f | %.1f | %.3f | %.2f%% | %.2f%% | %.2f | %.0f |\n",
			f.name, f.clothingDE, res, f.roll, f.rollErr, f.crown, f.crownErr, f.eyeLine, f.eyeErr, f.faceWidth, f.widthErr,
			f.midErr, f.pupil, f.sad, 100*f.holes, 100*f.leaks, f.halo, f.ms)
	}
	return b.String()
}

// runSynth renders c, runs the engine on its JPEG and checks the result.
func runSynth(t *testing.T, m *face.Models, c synthCase, v *verdict) figures {
	s := synth.Render(c.params)
	f := figures{name: c.name(), roll: s.Truth.Roll, clothingDE: s.Truth.ClothingDeltaE}
	// Refusing is right where the clothing can hardly be told from the
	// wall, or where it may fail the checker's body_bottom row on the new
	// background (an RGB distance of 1.5 ColourTolerance from it, less
	// the darkening of vignetting and the JPEG's changes: a margin).
	nearWall := s.Truth.ClothingDeltaE < 6
	nearNew := rgbDistance(s.Truth.Clothing, photospec.LightBlue) <= 2*check.ColourTolerance
	refusable := nearWall || nearNew

	var tr *trace
	start := time.Now()
	res, err := Process(s.JPEG, Options{Models: m, Background: photospec.LightBlue, observe: func(x *trace) { tr = x }})
	f.ms = float64(time.Since(start).Microseconds()) / 1000
	if err != nil {
		t.Fatalf("engine error: %v", err)
	}
	r := res.Report
	if r.OK != (res.JPEG != nil) || (r.OK && tr == nil) {
		t.Fatalf("ok=%v, JPEG present=%v, trace present=%v", r.OK, res.JPEG != nil, tr != nil)
	}
	f.ok = r.OK
	if !r.OK {
		codes := []string{}
		for _, m := range r.Reasons {
			codes = append(codes, string(m.Code))
		}
		f.reason = strings.Join(codes, ",")
		switch {
		case !refusable:
			v.errorf("refused %v: the clothing is %.1f ΔE from the wall and clear of the new background: this scene must become a photo",
				codes, s.Truth.ClothingDeltaE)
		case len(codes) != 1 || codes[0] != string(LowContrast):
			v.errorf("refused %v: the only acceptable refusal here is %s", codes, LowContrast)
		}
		return f
	}

	tm := newTruthMap(s, tr)
	measureGeometry(t, v, &f, s, tm, r, res.JPEG)
	measureMatte(t, v, &f, s, tm, limits[c.preset])
	if len(v.fails) > 0 && refusable {
		v.errorf("a bad photo where a refusal (%s) was due (clothing %.1f ΔE from the wall, near the new background: %v)",
			LowContrast, s.Truth.ClothingDeltaE, nearNew)
	}
	return f
}

func rgbDistance(a, b color.RGBA) float64 {
	dr, dg, db := float64(a.R)-float64(b.R), float64(a.G)-float64(b.G), float64(a.B)-float64(b.B)
	return math.Sqrt(dr*dr + dg*dg + db*db)
}

// truthMap carries the scene's coordinates through the engine's geometry.
// Scene coordinates are continuous (pixel i covers [i, i+1)); the engine's
// are pixel indices (pixel i's centre at i).
type truthMap struct {
	tr     *trace
	sx, sy float64 // decoded pixels per scene pixel
	// work-image indices to scene indices: scene = o + x*u + y*v.
	o, u, v [2]float64
}

func newTruthMap(s *synth.Scene, tr *trace) *truthMap {
	tm := &truthMap{tr: tr,
		sx: float64(tr.Decoded.X) / float64(tr.Source.X),
		sy: float64(tr.Decoded.Y) / float64(tr.Source.Y)}
	at := func(x, y float64) [2]float64 {
		d := tr.Plan.FromWork(face.Point{X: x, Y: y})
		return [2]float64{(d.X+0.5)/tm.sx - 0.5, (d.Y+0.5)/tm.sy - 0.5}
	}
	tm.o = at(0, 0)
	a, b := at(1, 0), at(0, 1)
	tm.u = [2]float64{a[0] - tm.o[0], a[1] - tm.o[1]}
	tm.v = [2]float64{b[0] - tm.o[0], b[1] - tm.o[1]}
	return tm
}

// work maps a scene point (continuous) into the work image (indices).
func (tm *truthMap) work(p [2]float64) face.Point {
	return tm.tr.Plan.ToWork(face.Point{X: p[0]*tm.sx - 0.5, Y: p[1]*tm.sy - 0.5})
}

// out maps a work-image point to the output (indices).
func (tm *truthMap) out(w face.Point) [2]float64 {
	pl := tm.tr.Place
	return [2]float64{(w.X - pl.X) * pl.Scale, (w.Y - pl.Y) * pl.Scale}
}

// alpha resamples a coverage of the scene (sw x sh) into the work image,
// as Straighten resamples the picture: bilinear, the edges repeated beside
// and above the picture and mirrored below it, where the body goes on.
func (tm *truthMap) alpha(a []float32, sw, sh int) []float32 {
	w, h := tm.tr.Plan.Width, tm.tr.Plan.Height
	at := func(x, y int) float32 {
		x = min(max(x, 0), sw-1)
		if y >= sh {
			y = 2*(sh-1) - y
		}
		y = min(max(y, 0), sh-1)
		return a[y*sw+x]
	}
	out := make([]float32, w*h)
	for j := 0; j < h; j++ {
		for i := 0; i < w; i++ {
			x := tm.o[0] + float64(i)*tm.u[0] + float64(j)*tm.v[0]
			y := tm.o[1] + float64(i)*tm.u[1] + float64(j)*tm.v[1]
			x0, y0 := math.Floor(x), math.Floor(y)
			fx, fy := float32(x-x0), float32(y-y0)
			xi, yi := int(x0), int(y0)
			top := at(xi, yi)*(1-fx) + at(xi+1, yi)*fx
			bot := at(xi, yi+1)*(1-fx) + at(xi+1, yi+1)*fx
			out[j*w+i] = top*(1-fy) + bot*fy
		}
	}
	return out
}

// shown is the part of the work image the output shows.
func (tm *truthMap) shown() image.Rectangle {
	pl := tm.tr.Place
	p := photospec.CHSI
	r := image.Rect(int(math.Ceil(pl.X)), int(math.Ceil(pl.Y)),
		int(math.Floor(pl.X+float64(p.Width-1)/pl.Scale))+1, int(math.Floor(pl.Y+float64(p.Height-1)/pl.Scale))+1)
	return r.Intersect(image.Rect(0, 0, tm.tr.Plan.Width, tm.tr.Plan.Height))
}

// topRow is the first row of alpha (w wide) above row below in which a
// pixel within span/2 of column cx is half covered or more.
func topRow(alpha []float32, w int, cx, span, below float64) float64 {
	x0, x1 := max(0, int(cx-span/2)), min(w, int(cx+span/2))
	for y := 0; y < int(below); y++ {
		for _, a := range alpha[y*w+x0 : y*w+x1] {
			if a >= 0.5 {
				return float64(y)
			}
		}
	}
	return below
}

// measureGeometry compares the report's geometry with the truth, and has
// the checker judge the output with the true geometry.
func measureGeometry(t *testing.T, v *verdict, f *figures, s *synth.Scene, tm *truthMap, r Report, jpg []byte) {
	t.Helper()
	g := r.Geometry
	tr := tm.tr
	left := tm.out(tm.work(s.Truth.LeftPupil))
	right := tm.out(tm.work(s.Truth.RightPupil))
	f.eyeLine = (left[1] + right[1]) / 2
	f.eyeMidX = (left[0] + right[0]) / 2
	f.faceWidth = s.Truth.FaceWidth * tm.sx * tr.Plan.Scale * tr.Place.Scale
	f.rollErr = tr.Plan.Angle - s.Truth.Roll

	// The true crown: the same scene without strands, in the work image.
	p := s.Params
	p.HairStrands, p.JPEGQuality, p.Noise, p.Shadow = 0, 0, 0, synth.Shadow{}
	hair := synth.Render(p)
	mid := face.Point{X: f.eyeMidX/tr.Place.Scale + tr.Place.X, Y: f.eyeLine/tr.Place.Scale + tr.Place.Y}
	side := f.faceWidth / tr.Place.Scale / 0.86 // a face box's side, as the matte looks for the crown
	crownW := topRow(tm.alpha(hair.Alpha, p.Width, p.Height), tr.Plan.Width, mid.X, side, mid.Y)
	f.crown = (crownW - tr.Place.Y) * tr.Place.Scale
	if s.Truth.Roll == 0 && math.Abs(tr.Plan.Angle) < 1 {
		// Self-check: upright, that is the truth's own crown row.
		x := (s.Truth.LeftPupil[0] + s.Truth.RightPupil[0]) / 2
		c := tm.out(tm.work([2]float64{x, float64(s.Truth.Crown) + 0.5}))
		if d := c[1] - f.crown; math.Abs(d) > 1.5 {
			t.Errorf("measurement: the true crown is %.1f px from Truth.Crown", d)
		}
	}

	if g.FaceWidthSource != WidthFromCheeks {
		v.errorf("face width from %q: a synthetic head's cheeks are in plain view and must be measured", g.FaceWidthSource)
	}
	f.crownErr = float64(g.Crown) - f.crown
	f.eyeErr = float64(g.EyeLine) - f.eyeLine
	f.widthErr = float64(g.FaceWidth) - f.faceWidth
	f.midErr = (g.LeftPupil.X+g.RightPupil.X)/2 - f.eyeMidX
	f.pupil = synth.EyeError([2]float64{g.LeftPupil.X, g.LeftPupil.Y}, [2]float64{g.RightPupil.X, g.RightPupil.Y},
		synth.Truth{LeftPupil: left, RightPupil: right})
	for _, e := range []struct {
		what     string
		err, tol float64
	}{
		{"crown", f.crownErr, tolCrown},
		{"eye line", f.eyeErr, tolEyeLine},
		{"eye midpoint x", f.midErr, tolEyeMidX},
		{"pupil", f.pupil, tolPupil},
		{"face width", f.widthErr, tolFaceWidth},
	} {
		if math.Abs(e.err) > e.tol {
			v.errorf("%s off by %+.1f px (tolerance %.0f)", e.what, e.err, e.tol)
		}
	}

	// The output: a valid JPEG of the preset's size whose true geometry
	// (in CHSI's ranges), file and background the checker accepts.
	img, err := jpeg.Decode(bytes.NewReader(jpg))
	if err != nil {
		t.Fatalf("the photo is not a valid JPEG: %v", err)
	}
	ps := photospec.CHSI
	if b := img.Bounds(); b.Dx() != ps.Width || b.Dy() != ps.Height {
		t.Fatalf("the photo is %v, not %dx%d", b, ps.Width, ps.Height)
	}
	tilt := math.Atan2(left[1]-right[1], left[0]-right[0]) * 180 / math.Pi
	truth := check.FaceMeasurerFunc(func(gray *image.Gray, _ *image.RGBA) (check.FaceGeometry, bool) {
		k := float64(gray.Rect.Dx()) / float64(ps.Width)
		return check.FaceGeometry{Crown: f.crown * k, EyeLine: f.eyeLine * k, EyeCenterX: (f.eyeMidX + 0.5) * k,
			FaceWidth: f.faceWidth * k, Tilt: tilt, Faces: 1}, true
	})
	rep, err := check.Measure(jpg, ps, truth)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rep.Rows {
		if !row.OK && !row.Skipped {
			v.errorf("checker, with the true geometry: %s is %s, allowed %s", row.Name, row.Value, row.Allowed)
		}
	}
}

// measureMatte compares the engine's matte and composite with the truth
// over the part of the work image the output shows.
func measureMatte(t *testing.T, v *verdict, f *figures, s *synth.Scene, tm *truthMap, lim matteLimits) {
	t.Helper()
	tr := tm.tr
	w := tr.Plan.Width
	r := tm.shown()
	crop := func(a []float32) []float32 {
		out := make([]float32, 0, r.Dx()*r.Dy())
		for y := r.Min.Y; y < r.Max.Y; y++ {
			out = append(out, a[y*w+r.Min.X:y*w+r.Max.X]...)
		}
		return out
	}
	got, want := crop(tr.Matte.Alpha), crop(tm.alpha(s.Alpha, s.Params.Width, s.Params.Height))
	band := synth.EdgeBand(want, r.Dx(), r.Dy(), edgeBandRadius)
	f.sad = synth.SAD(got, want, band)
	f.holes = synth.Holes(got, want)
	f.leaks = synth.Leaks(got, want)
	comp := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := r.Min.Y; y < r.Max.Y; y++ {
		o := tr.Work.PixOffset(r.Min.X, y)
		copy(comp.Pix[(y-r.Min.Y)*comp.Stride:], tr.Work.Pix[o:o+4*r.Dx()])
	}
	f.halo = synth.Halo(comp, want, photospec.LightBlue, haloBand)
	if dir := os.Getenv("SYNTH_DUMP"); dir != "" {
		dumpMatte(t, filepath.Join(dir, strings.ReplaceAll(f.name, "/", "_")), comp, got, want)
	}
	for _, e := range []struct {
		what      string
		got, most float64
	}{
		{"SAD in the edge band", f.sad, lim.sad},
		{"holes", f.holes, lim.holes},
		{"leaks", f.leaks, lim.leaks},
		{"halo (ΔE)", f.halo, lim.halo},
	} {
		if e.got > e.most {
			v.errorf("matte: %s %.4f, at most %.4f", e.what, e.got, e.most)
		}
	}
}

// dumpMatte writes the composite and a map of the matte's errors: the
// composite in grey, red where the wall was kept as the person (leaks),
// blue where the person was given to the wall (holes, lost strands), the
// stronger the larger the error.
func dumpMatte(t *testing.T, base string, comp *image.RGBA, got, want []float32) {
	t.Helper()
	b := comp.Rect
	errs := image.NewRGBA(b)
	for i := range got {
		o := 4 * i
		g := uint8((int(comp.Pix[o]) + int(comp.Pix[o+1]) + int(comp.Pix[o+2])) / 6)
		c := color.RGBA{g, g, g, 255}
		if d := got[i] - want[i]; d > 0.1 {
			c = color.RGBA{uint8(155 + 100*d), 0, 0, 255}
		} else if d < -0.1 {
			c = color.RGBA{0, 0, uint8(155 - 100*d), 255}
		}
		errs.SetRGBA(i%b.Dx(), i/b.Dx(), c)
	}
	for name, img := range map[string]*image.RGBA{"-composite.png": comp, "-errors.png": errs} {
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(base+name, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
