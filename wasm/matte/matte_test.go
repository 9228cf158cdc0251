package matte

import (
	"image"
	"image/color"
	"math"
	"testing"
)

// TestSynthetic checks the matte of synthetic portraits against their exact
// alpha. The thresholds, with the range measured over the cases when they
// were set:
//
//   - bandMAE: mean |alpha - truth| within 4 px of the true edge (and over
//     all partly covered pixels: the hair strands): <= 0.09 (0.041-0.062);
//   - lost: share of the person more than 4 px inside its edge given alpha
//     below 0.5: <= 0.05 % (0-0.009 %), and the same in the torso, which
//     must have no holes (0-0.014 %);
//   - extra: share of the wall more than 4 px outside given alpha above
//     0.5: <= 0.05 % (0-0.013 %);
//   - halo: colour error (largest channel, 0-255) within 6 px outside the
//     true edge after compositing onto light blue: mean <= 8 (3.2-5.9),
//     95th percentile <= 45 (23-41);
//   - crown: within 3 rows of the true top of the hair (0).
func TestSynthetic(t *testing.T) {
	cases := []struct {
		name string
		mod  func(*synthOpts)
	}{
		// Light blue-grey shirt 6-7 colour units from a warm light-grey
		// wall, with a gradient, vignette, soft shadow, noise and JPEG q85.
		{"close clothing", func(*synthOpts) {}},
		{"no shadow", func(o *synthOpts) { o.shadow = 0 }},
		{"contrasting clothing", func(o *synthOpts) { o.cloth = [3]float64{60, 70, 110} }},
		{"grey clothing darker than the wall", func(o *synthOpts) { o.cloth = [3]float64{200, 198, 195} }},
		{"blue wall", func(o *synthOpts) {
			o.wall = [3]float64{70, 130, 220}
			o.cloth = [3]float64{40, 40, 45}
		}},
		{"smaller work image", func(o *synthOpts) { o.w, o.h = 480, 640 }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := defaultSynth()
			c.mod(&o)
			sc := renderSynth(o)
			m, err := Estimate(sc.scene, Options{})
			if err != nil {
				t.Fatalf("Estimate: %v (stats %+v)", err, m.Stats)
			}
			q := measure(sc, m)
			t.Logf("bandMAE %.3f (head %.3f, torso %.3f), SAD %.2fk, lost %.4f%% (torso %.4f%%), extra %.4f%%, halo %.1f (p95 %.0f), crown %+d, residual %.2f",
				q.bandMAE, q.maeHead, q.maeTorso, q.sad, 100*q.lost, 100*q.lostTorso, 100*q.extra, q.haloMean, q.haloP95, q.crownErr, m.Stats.Residual)
			if !m.Stats.Plain {
				t.Errorf("wall not plain: %+v", m.Stats)
			}
			check := func(name string, got, limit float64) {
				if got > limit {
					t.Errorf("%s = %.4g, want <= %g", name, got, limit)
				}
			}
			check("bandMAE", q.bandMAE, 0.09)
			check("lost", q.lost, 0.0005)
			check("lost in the torso", q.lostTorso, 0.0005)
			check("extra", q.extra, 0.0005)
			check("halo mean", q.haloMean, 8)
			check("halo p95", q.haloP95, 45)
			check("|crown error|", math.Abs(float64(q.crownErr)), 3)
		})
	}
}

// TestBusyWall: a wall of random coloured blocks is not plain, and says so
// rather than producing a blotchy photo.
func TestBusyWall(t *testing.T) {
	o := defaultSynth()
	o.busy = true
	sc := renderSynth(o)
	m, err := Estimate(sc.scene, Options{})
	if RefusalCode(err) != BackgroundNotPlain {
		t.Fatalf("err = %v, want %s", err, BackgroundNotPlain)
	}
	if m == nil || m.Stats.Plain || m.Alpha != nil {
		t.Errorf("matte %+v: want stats that are not plain and no alpha", m)
	}
	t.Logf("stats %+v", m.Stats)
}

// TestWhiteShirtOnWhiteWall: a shirt exactly the wall's colour cannot be
// told from the wall. Estimate must refuse with low_contrast, or else give
// a torso without holes reaching the bottom edge: never a photo with the
// shirt eaten.
func TestWhiteShirtOnWhiteWall(t *testing.T) {
	o := defaultSynth()
	o.wall = [3]float64{238, 238, 236}
	o.cloth = o.wall
	sc := renderSynth(o)
	m, err := Estimate(sc.scene, Options{})
	if err != nil {
		if RefusalCode(err) != LowContrast {
			t.Fatalf("err = %v, want nil or %s", err, LowContrast)
		}
		if !m.Stats.Plain {
			t.Errorf("stats %+v: the wall is plain", m.Stats)
		}
		return
	}
	q := measure(sc, m)
	t.Logf("no refusal: lost %.4f%% (torso %.4f%%), bandMAE %.3f", 100*q.lost, 100*q.lostTorso, q.bandMAE)
	if q.lostTorso > 0.0005 {
		t.Errorf("the shirt was eaten: %.2f%% of the torso lost", 100*q.lostTorso)
	}
}

// TestBadInput: input errors are not refusals.
func TestBadInput(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 100, 100))
	cases := []struct {
		name string
		s    Scene
	}{
		{"no image", Scene{Face: image.Rect(10, 10, 50, 50)}},
		{"empty face", Scene{Img: img}},
		{"face outside", Scene{Img: img, Face: image.Rect(80, 80, 140, 140)}},
	}
	for _, c := range cases {
		m, err := Estimate(c.s, Options{})
		if err == nil || RefusalCode(err) != "" || m != nil {
			t.Errorf("%s: got %v, %v; want a plain error and no matte", c.name, m, err)
		}
	}
}

// TestOffsetImage: an image whose bounds do not start at (0, 0) (a
// SubImage) gives the same matte, in its own coordinates.
func TestOffsetImage(t *testing.T) {
	o := defaultSynth()
	o.w, o.h = 360, 480
	sc := renderSynth(o)
	base, err := Estimate(sc.scene, Options{})
	if err != nil {
		t.Fatal(err)
	}
	off := image.Pt(37, 21)
	big := image.NewRGBA(image.Rect(0, 0, 360+60, 480+40))
	for y := 0; y < 480; y++ {
		copy(big.Pix[big.PixOffset(off.X, off.Y+y):], sc.img.Pix[sc.img.PixOffset(0, y):sc.img.PixOffset(360, y)])
	}
	s2 := sc.scene
	s2.Img = big.SubImage(image.Rectangle{off, off.Add(image.Pt(360, 480))}).(*image.RGBA)
	s2.Face = s2.Face.Add(off)
	for i := range s2.LeftEye {
		s2.LeftEye[i] += float64([]int{off.X, off.Y}[i])
		s2.RightEye[i] += float64([]int{off.X, off.Y}[i])
	}
	m, err := Estimate(s2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Rect != s2.Img.Bounds() || m.Crown != base.Crown+off.Y {
		t.Errorf("rect %v crown %d, want %v and %d", m.Rect, m.Crown, s2.Img.Bounds(), base.Crown+off.Y)
	}
	for y := 0; y < 480; y += 7 {
		for x := 0; x < 360; x += 5 {
			if a, b := m.AlphaAt(x+off.X, y+off.Y), base.AlphaAt(x, y); a != b {
				t.Fatalf("alpha at %d,%d: %v, want %v", x, y, a, b)
			}
		}
	}
	out := image.NewRGBA(s2.Img.Bounds())
	Composite(s2.Img, m, lightBlue, out)
	if c := out.RGBAAt(off.X, off.Y); c != lightBlue {
		t.Errorf("corner composited to %v, want %v", c, lightBlue)
	}
}

// TestComposite checks the three cases of a pixel on a flat wall.
func TestComposite(t *testing.T) {
	wall := [3]uint8{200, 200, 200}
	bgc := color.RGBA{100, 197, 255, 255}
	m := flatMatte(4, 1, wall)
	img := image.NewRGBA(m.Rect)
	// Pixels: wall with alpha 0.01; a person pixel (40, 60, 80) with alpha
	// 1; the same person at alpha 0.5 over the wall; at alpha 0.25.
	person := [3]float64{40, 60, 80}
	alphas := []float32{0.01, 1, 0.5, 0.25}
	for i, a := range alphas {
		m.Alpha[i] = a
		for c := 0; c < 3; c++ {
			img.Pix[4*i+c] = uint8(math.Round(float64(a)*person[c] + (1-float64(a))*float64(wall[c])))
		}
		img.Pix[4*i+3] = 255
	}
	dst := image.NewRGBA(m.Rect)
	Composite(img, m, bgc, dst)
	want := func(a float64) color.RGBA {
		nb := [3]float64{float64(bgc.R), float64(bgc.G), float64(bgc.B)}
		var c [3]uint8
		for k := range c {
			c[k] = uint8(math.Round(a*person[k] + (1-a)*nb[k]))
		}
		return color.RGBA{c[0], c[1], c[2], 255}
	}
	cases := []struct {
		name string
		x    int
		want color.RGBA
		tol  int
	}{
		{"below Clear: exactly the new colour", 0, bgc, 0},
		{"opaque: the pixel itself", 1, color.RGBA{40, 60, 80, 255}, 0},
		{"half: the person over the new colour", 2, want(0.5), 1},
		{"quarter: the person over the new colour", 3, want(0.25), 2},
	}
	for _, c := range cases {
		got := dst.RGBAAt(c.x, 0)
		if d := maxDiff(got, c.want); d > c.tol {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

// flatMatte is a w x h matte over a flat wall of colour c.
func flatMatte(w, h int, c [3]uint8) *Matte {
	bg := &Background{rect: image.Rect(0, 0, w, h), vMax: 1}
	for k := range bg.coef {
		bg.coef[k][0] = float64(c[k]) / 255
	}
	return &Matte{Rect: bg.rect, Alpha: make([]float32, w*h), Background: bg, wall: newRGB((w+1)/2, (h+1)/2)}
}

func maxDiff(a, b color.RGBA) int {
	d := 0
	for _, p := range [][2]uint8{{a.R, b.R}, {a.G, b.G}, {a.B, b.B}} {
		d = max(d, int(p[0])-int(p[1]), int(p[1])-int(p[0]))
	}
	return d
}
