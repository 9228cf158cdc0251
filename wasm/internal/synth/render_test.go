package synth

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// small renders every preset at 384 x 480, where the tests that sample the
// scene again by brute force stay quick.
func small(p Params) Params { return p.Scaled(384, 480) }

func TestRenderIsDeterministic(t *testing.T) {
	p := small(Messy())
	a, b := Render(p), Render(p)
	if !bytes.Equal(a.Image.Pix, b.Image.Pix) || !bytes.Equal(a.JPEG, b.JPEG) {
		t.Fatal("the same params gave different images")
	}
	for i := range a.Alpha {
		if a.Alpha[i] != b.Alpha[i] {
			t.Fatalf("the same params gave different alpha at %d", i)
		}
	}
	if a.Truth != b.Truth {
		t.Fatalf("the same params gave different truths:\n%+v\n%+v", a.Truth, b.Truth)
	}
	p.Seed++
	if c := Render(p); bytes.Equal(a.Image.Pix, c.Image.Pix) {
		t.Fatal("another seed gave the same image")
	}
}

// TestAlphaMatchesBruteForce samples every pixel of every preset on the full
// 8 x 8 grid, strands included, and checks the adaptive renderer's alpha
// against it: the shortcut for uniform pixels must not change the truth.
func TestAlphaMatchesBruteForce(t *testing.T) {
	for _, pr := range Presets() {
		t.Run(pr.Name, func(t *testing.T) {
			p := small(pr.Params).withDefaults()
			s := Render(p)
			r := newRenderer(p)
			w, h := p.Width, p.Height
			var sumGot, sumWant float64
			differ := 0
			for j := 0; j < h; j++ {
				for i := 0; i < w; i++ {
					want := r.bruteAlpha(i, j)
					got := float64(s.Alpha[j*w+i])
					sumGot += got
					sumWant += want
					if math.Abs(got-want) > 1e-6 {
						differ++
					}
				}
			}
			t.Logf("alpha sums %.2f, brute force %.2f; %d pixels differ", sumGot, sumWant, differ)
			if rel := math.Abs(sumGot-sumWant) / sumWant; rel > 1e-5 || differ > w*h/10000 {
				t.Errorf("alpha sums %.2f, brute force %.2f (relative %.2g); %d pixels differ",
					sumGot, sumWant, rel, differ)
			}
			if sumGot < 0.2*float64(w*h) || sumGot > 0.6*float64(w*h) {
				t.Errorf("the person covers %.0f%% of the image", 100*sumGot/float64(w*h))
			}
		})
	}
}

// bruteAlpha is pixel (i, j)'s coverage on the 8 x 8 grid, every strand
// tested wherever it might reach.
func (r *renderer) bruteAlpha(i, j int) float64 {
	var near []*strand
	for k := range r.strands {
		s := &r.strands[k]
		if s.box[0] < float64(i+1) && s.box[2] > float64(i) && s.box[1] < float64(j+1) && s.box[3] > float64(j) {
			near = append(near, s)
		}
	}
	n := 0
	for sy := 0; sy < ssGrid; sy++ {
		y := float64(j) + (float64(sy)+0.5)/ssGrid
		for sx := 0; sx < ssGrid; sx++ {
			x := float64(i) + (float64(sx)+0.5)/ssGrid
			if r.part(x, y) != partWall || onStrand(near, x, y) {
				n++
			}
		}
	}
	return float64(n) / (ssGrid * ssGrid)
}

func onStrand(strands []*strand, x, y float64) bool {
	for _, s := range strands {
		for k := 0; k < strandSegs; k++ {
			if segDist2(x, y, s.pts[k], s.pts[k+1]) <= s.half*s.half {
				return true
			}
		}
	}
	return false
}

func TestTruthIsConsistent(t *testing.T) {
	for _, pr := range Presets() {
		t.Run(pr.Name, func(t *testing.T) {
			p := pr.Params
			s := Render(p)
			tr := s.Truth
			w, h := p.Width, p.Height
			r := newRenderer(s.Params)

			// The crown row holds hair covering over half a pixel; no row
			// above it does (strands aside).
			rowMax := 0.0
			for i := 0; i < w; i++ {
				rowMax = max(rowMax, float64(s.Alpha[tr.Crown*w+i]))
			}
			if tr.Crown <= 0 || rowMax <= 0.5 {
				t.Fatalf("crown row %d: largest alpha %.2f", tr.Crown, rowMax)
			}
			for j := max(0, tr.Crown-3); j < tr.Crown; j++ {
				for i := 0; i < w; i++ {
					if c := r.hairCover(i, j); c > 0.5 {
						t.Fatalf("hair covers %.2f of (%d, %d), above the crown row %d", c, i, j, tr.Crown)
					}
				}
			}
			wantCrown := p.HeadCenter[1] - 0.47*p.HeadSize // at Roll 0, within the outline's wobble
			if p.Roll == 0 && math.Abs(float64(tr.Crown)-wantCrown) > 0.03*p.HeadSize {
				t.Errorf("crown %d, expected about %.0f", tr.Crown, wantCrown)
			}

			// Pupils: on the face, level as the roll says, dark.
			for _, pupil := range [][2]float64{tr.LeftPupil, tr.RightPupil} {
				pt := image.Pt(int(pupil[0]), int(pupil[1]))
				if !pt.In(tr.FaceBox) {
					t.Errorf("pupil %v outside the face box %v", pupil, tr.FaceBox)
				}
				if a := s.Alpha[pt.Y*w+pt.X]; a != 1 {
					t.Errorf("alpha %.2f at the pupil %v", a, pupil)
				}
				if l := Lab(s.Clean.At(pt.X, pt.Y))[0]; l > 20 {
					t.Errorf("pupil %v has lightness %.0f", pupil, l)
				}
			}
			if tr.LeftPupil[0] <= tr.RightPupil[0] {
				t.Errorf("the subject's left pupil %v is not right of the right one %v", tr.LeftPupil, tr.RightPupil)
			}
			if math.Abs(tr.Roll-p.Roll) > 1e-9 {
				t.Errorf("roll %.6f, asked %.6f", tr.Roll, p.Roll)
			}
			if !(float64(tr.Crown) < tr.EyeLine && tr.EyeLine < tr.Chin[1] && tr.Chin[1] < float64(h)) {
				t.Errorf("crown %d, eye line %.1f, chin %.1f out of order", tr.Crown, tr.EyeLine, tr.Chin[1])
			}
			if math.Abs(tr.FaceWidth-0.68*p.HeadSize) > 1e-9 || math.Abs(float64(tr.FaceBox.Dx())-tr.FaceWidth) > 1 {
				t.Errorf("face width %.1f, box %v, head %.0f", tr.FaceWidth, tr.FaceBox, p.HeadSize)
			}
			// Cheek to cheek: along the eye line's direction the face is
			// FaceWidth wide at its widest (the row at faceCY).
			if in, out := r.toImage(faceA-0.002, faceCY), r.toImage(faceA+0.002, faceCY); s.partAt(r, in) != partFace ||
				s.partAt(r, out) == partFace {
				t.Errorf("the face's edge is not at FaceWidth/2")
			}

			// The body reaches the bottom edge; the top edge is wall.
			for i := w / 3; i < 2*w/3; i++ {
				if s.Alpha[(h-1)*w+i] != 1 || s.Alpha[i] != 0 {
					t.Fatalf("column %d: alpha %.2f at the bottom, %.2f at the top", i, s.Alpha[(h-1)*w+i], s.Alpha[i])
				}
			}

			// Where the person is absent, Clean is the wall.
			for idx, a := range s.Alpha {
				if a == 0 && !bytes.Equal(s.Clean.Pix[4*idx:4*idx+4], s.Wall.Pix[4*idx:4*idx+4]) {
					t.Fatalf("pixel %d: clean %v, wall %v", idx, s.Clean.Pix[4*idx:4*idx+4], s.Wall.Pix[4*idx:4*idx+4])
				}
			}

			// Noise and JPEG (which smooths some noise away) keep the image
			// within about sigma of Clean.
			if diff := meanAbsDiff(s.Image, s.Clean); diff > p.Noise+2 {
				t.Errorf("image differs from clean by %.2f on average; noise sigma %.1f", diff, p.Noise)
			}
			if p.JPEGQuality > 0 {
				img, err := jpeg.Decode(bytes.NewReader(s.JPEG))
				if err != nil || img.Bounds() != s.Image.Rect {
					t.Errorf("JPEG: %v, %v", err, img.Bounds())
				}
			}
		})
	}
}

// TestNoise: without JPEG, Gaussian noise of sigma moves a channel by
// sigma*sqrt(2/pi) on average.
func TestNoise(t *testing.T) {
	for _, sigma := range []float64{0, 2, 6} {
		p := small(Plain())
		p.Noise, p.JPEGQuality = sigma, 0
		s := Render(p)
		if got, want := meanAbsDiff(s.Image, s.Clean), sigma*math.Sqrt(2/math.Pi); math.Abs(got-want) > 0.05*want+0.01 {
			t.Errorf("sigma %.0f: mean difference %.3f, want %.3f", sigma, got, want)
		}
	}
}

func meanAbsDiff(a, b *image.RGBA) float64 {
	var sum float64
	for i, v := range a.Pix {
		sum += math.Abs(float64(v) - float64(b.Pix[i]))
	}
	return sum / float64(len(a.Pix)*3/4)
}

func (s *Scene) partAt(r *renderer, pt [2]float64) uint8 { return r.part(pt[0], pt[1]) }

// hairCover is the share of pixel (i, j) the hair (strands aside) covers.
func (r *renderer) hairCover(i, j int) float64 {
	n := 0
	for sy := 0; sy < ssGrid; sy++ {
		for sx := 0; sx < ssGrid; sx++ {
			if r.part(float64(i)+(float64(sx)+0.5)/ssGrid, float64(j)+(float64(sy)+0.5)/ssGrid) == partHair {
				n++
			}
		}
	}
	return float64(n) / (ssGrid * ssGrid)
}

// TestClothingDeltaE measures the colour difference between the clothing
// and the wall beside the shoulders on the rendered image before noise.
func TestClothingDeltaE(t *testing.T) {
	walls := map[string][2]color.RGBA{"grey": wallGrey, "white": wallWhite, "blue": wallBlue}
	for name, wall := range walls {
		for _, dE := range []float64{2, 3.5, 5, 10} {
			p := small(Plain())
			p.Background = wall
			p.Clothing = color.RGBA{}
			p.ClothingDeltaE = dE
			p.Noise, p.JPEGQuality, p.Vignetting = 0, 0, 0
			s := Render(p)
			r := newRenderer(s.Params)
			y := int(r.cy + r.u*r.roundY)
			inside := int(r.cx + r.u*r.roundX)
			outside := int(r.cx + r.u*(r.s2+0.15))
			cloth, wallC := s.mean(inside, y, 2), s.mean(outside, y, 2)
			if s.Alpha[y*p.Width+inside] != 1 || s.Alpha[y*p.Width+outside] != 0 {
				t.Fatalf("%s: the patches are not on the clothing and the wall", name)
			}
			got := DeltaE(cloth, wallC)
			if math.Abs(got-dE) > 0.3 || math.Abs(s.Truth.ClothingDeltaE-dE) > 0.1 {
				t.Errorf("%s wall, ΔE %.1f asked: measured %.2f (truth says %.2f); clothing %v wall %v",
					name, dE, got, s.Truth.ClothingDeltaE, cloth, wallC)
			}
		}
	}
}

// mean is the mean colour of Clean's (2k+1)^2 pixels around (x, y).
func (s *Scene) mean(x, y, k int) color.RGBA {
	var sum [3]float64
	n := 0
	for j := y - k; j <= y+k; j++ {
		for i := x - k; i <= x+k; i++ {
			c := s.Clean.RGBAAt(i, j)
			sum[0], sum[1], sum[2] = sum[0]+float64(c.R), sum[1]+float64(c.G), sum[2]+float64(c.B)
			n++
		}
	}
	return color.RGBA{clamp8(sum[0] / float64(n)), clamp8(sum[1] / float64(n)), clamp8(sum[2] / float64(n)), 255}
}

func TestCompositeIsExactOutsideThePerson(t *testing.T) {
	s := Render(small(Flyaways()))
	bg := color.RGBA{100, 197, 255, 255}
	c := s.Composite(bg)
	for idx, a := range s.Alpha {
		px := c.Pix[4*idx : 4*idx+3]
		if a == 0 && (px[0] != bg.R || px[1] != bg.G || px[2] != bg.B) {
			t.Fatalf("pixel %d: %v where the person is absent", idx, px)
		}
		if a == 1 && !bytes.Equal(px, s.Clean.Pix[4*idx:4*idx+3]) {
			t.Fatalf("pixel %d: composite %v, clean %v where the person is solid", idx, px, s.Clean.Pix[4*idx:4*idx+3])
		}
	}
}

func TestScaledKeepsProportions(t *testing.T) {
	p := Plain().Scaled(512, 640)
	if p.HeadSize != 190 || p.HeadCenter != [2]float64{256, 235} || p.ShouldersWidth != 400 {
		t.Errorf("scaled: %+v", p)
	}
}

func TestZeroParamsTakeDefaults(t *testing.T) {
	s := Render(Params{Width: 120, Height: 160})
	if s.Params.HeadSize != 48 || s.Params.SkinTone != Plain().SkinTone || s.Truth.Crown <= 0 {
		t.Errorf("defaults: %+v, crown %d", s.Params, s.Truth.Crown)
	}
}

// TestWriteScenes writes every preset as PNG (image, alpha) into a
// temporary directory, or into $SYNTH_OUT to keep them for a look.
func TestWriteScenes(t *testing.T) {
	dir := os.Getenv("SYNTH_OUT")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, pr := range Presets() {
		s := Render(pr.Params)
		a := image.NewGray(s.Image.Rect)
		for i, v := range s.Alpha {
			a.Pix[i] = clamp8(float64(v) * 255)
		}
		for name, img := range map[string]image.Image{"": s.Image, "-alpha": a} {
			var buf bytes.Buffer
			if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, pr.Name+name+".png"), buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("scenes in %s", dir)
}

func BenchmarkRender(b *testing.B) {
	for _, pr := range []Preset{{"plain", Plain()}, {"messy", Messy()}} {
		b.Run(pr.Name+"-1024x1280", func(b *testing.B) {
			for b.Loop() {
				Render(pr.Params)
			}
		})
	}
}
