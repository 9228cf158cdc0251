package synth

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"math/rand/v2"
)

// Supersampling: a pixel whose corners and centre fall in the same part is
// uniform and takes its centre's colour; any other pixel, and every pixel a
// hair strand may touch, is sampled on an ssGrid x ssGrid grid. The parts
// are smooth shapes many pixels across, so a pixel can hide an edge from its
// five samples only where two outlines meet at a sharp notch, which covers a
// negligible share of a pixel.
const ssGrid = 8

// Scene is a rendered scene and its truth.
type Scene struct {
	// Params are the parameters rendered, unset fields filled in.
	Params Params
	// Image is what the camera delivers: Clean with noise and, if
	// JPEGQuality > 0, after the JPEG round trip.
	Image *image.RGBA
	// JPEG is the encoded file Image was decoded from (nil without JPEG).
	JPEG []byte
	// Clean is the scene before noise and JPEG: every pixel is
	// Alpha*F + (1-Alpha)*Wall rounded, F being the person's mean colour.
	Clean *image.RGBA
	// Wall is the background alone: gradient, shadow and vignetting.
	Wall *image.RGBA
	// Alpha is the true coverage of each pixel by the person (hair and
	// strands included), row-major, 0..1, estimated from 64 samples where
	// an edge crosses the pixel.
	Alpha []float32
	Truth Truth

	fg   []float32 // premultiplied foreground, 3 per pixel, before vignetting
	vign []float32 // the vignetting factor per pixel
}

// Truth is what an ideal engine would measure on the scene, in the image's
// continuous coordinates (see the package doc).
type Truth struct {
	// Crown is the topmost row in which the hair (strands not counted)
	// covers more than half of some pixel: the top of the head as the
	// standard's "top of hair" means it.
	Crown int
	// LeftPupil and RightPupil are the centres of the pupils, the
	// subject's left being on the image's right.
	LeftPupil, RightPupil [2]float64
	// EyeLine is the mean row of the two pupils.
	EyeLine float64
	// FaceWidth is the face's width from cheek to cheek at its widest,
	// measured along the eye line (ears not included).
	FaceWidth float64
	// FaceBox is an upright box centred on the face, FaceWidth wide and
	// as high as from the hairline to the chin (as a detector's box covers
	// the face, not the hair); for a rolled head it is centred on the
	// rolled face and not turned.
	FaceBox image.Rectangle
	// Chin is the lowest point of the face along the head's axis.
	Chin [2]float64
	// Roll is the angle of the line from the right to the left pupil, in
	// degrees, positive clockwise in the image: Params.Roll.
	Roll float64
	// Wall is the wall's colour behind the shoulders (at the middle
	// column, before shadow and vignetting): the clothing's reference.
	Wall color.RGBA
	// Clothing and ClothingDeltaE are the clothing's colour and its CIE76
	// difference from Wall.
	Clothing       color.RGBA
	ClothingDeltaE float64
}

// Render draws the scene p describes. The same Params give the same bytes
// on the same architecture. It panics if the image is smaller than 16 or
// larger than 8192 pixels a side: a test's mistake, not a runtime input.
func Render(p Params) *Scene {
	if p.Width < 16 || p.Height < 16 || p.Width > 8192 || p.Height > 8192 {
		panic(fmt.Sprintf("synth: image of %d x %d pixels", p.Width, p.Height))
	}
	p = p.withDefaults()
	r := newRenderer(p)
	s := &Scene{Params: p}
	crown := r.cover(s)
	s.Truth = r.truth(crown)
	r.compose(s)
	return s
}

// cover fills Alpha and the premultiplied foreground, and returns the crown
// row (-1 if no hair is in the image).
func (r *renderer) cover(s *Scene) int {
	w, h := r.p.Width, r.p.Height
	s.Alpha = make([]float32, w*h)
	s.fg = make([]float32, 3*w*h)
	crown := -1
	top, bottom := make([]uint8, w+1), make([]uint8, w+1)
	r.partRow(0, top)
	const n = ssGrid * ssGrid
	for j := 0; j < h; j++ {
		r.partRow(float64(j+1), bottom)
		yc := float64(j) + 0.5
		for i := 0; i < w; i++ {
			idx := j*w + i
			refs := r.strandAt[int32(idx)]
			xc := float64(i) + 0.5
			part := top[i]
			if len(refs) == 0 && top[i+1] == part && bottom[i] == part && bottom[i+1] == part &&
				r.part(xc, yc) == part {
				if part == partWall {
					continue
				}
				c := r.shade(part, xc, yc)
				s.Alpha[idx] = 1
				copy(s.fg[3*idx:3*idx+3], c[:])
				if part == partHair && crown < 0 {
					crown = j
				}
				continue
			}
			var acc [3]float32
			covered, hair := 0, 0
			for sy := 0; sy < ssGrid; sy++ {
				y := float64(j) + (float64(sy)+0.5)/ssGrid
				for sx := 0; sx < ssGrid; sx++ {
					x := float64(i) + (float64(sx)+0.5)/ssGrid
					part := r.part(x, y)
					if part == partWall {
						if len(refs) == 0 || !r.inStrand(refs, x, y) {
							continue
						}
						part = partStrand
					}
					c := r.shade(part, x, y)
					acc[0], acc[1], acc[2] = acc[0]+c[0], acc[1]+c[1], acc[2]+c[2]
					covered++
					if part == partHair {
						hair++
					}
				}
			}
			s.Alpha[idx] = float32(covered) / n
			for k := range acc {
				s.fg[3*idx+k] = acc[k] / n
			}
			if 2*hair > n && crown < 0 {
				crown = j
			}
		}
		top, bottom = bottom, top
	}
	return crown
}

// partRow fills parts with the part at each pixel corner of row y.
func (r *renderer) partRow(y float64, parts []uint8) {
	for i := range parts {
		parts[i] = r.part(float64(i), y)
	}
}

func (r *renderer) truth(crown int) Truth {
	left, right := r.toImage(eyeX, 0), r.toImage(-eyeX, 0)
	hl := hairline(0)
	chin := faceCY + faceBLo
	c := r.toImage(0, (hl+chin)/2)
	fw, fh := 2*faceA*r.u, (chin-hl)*r.u
	return Truth{
		Crown:      crown,
		LeftPupil:  left,
		RightPupil: right,
		EyeLine:    (left[1] + right[1]) / 2,
		FaceWidth:  fw,
		FaceBox: image.Rect(
			int(math.Round(c[0]-fw/2)), int(math.Round(c[1]-fh/2)),
			int(math.Round(c[0]+fw/2)), int(math.Round(c[1]+fh/2))),
		Chin:           r.toImage(0, chin),
		Roll:           math.Atan2(left[1]-right[1], left[0]-right[0]) * 180 / math.Pi,
		Wall:           r.wall,
		Clothing:       r.clothingC,
		ClothingDeltaE: r.clothingDE,
	}
}

// compose lays the person over the wall with its shadow, vignettes, adds
// noise and takes the JPEG round trip.
func (r *renderer) compose(s *Scene) {
	p := r.p
	w, h := p.Width, p.Height
	shadow := r.shadowMask(s.Alpha)
	s.vign = vignetting(p)
	s.Clean = image.NewRGBA(image.Rect(0, 0, w, h))
	s.Wall = image.NewRGBA(image.Rect(0, 0, w, h))
	s.Image = image.NewRGBA(image.Rect(0, 0, w, h))
	// The gradient varies along one axis only: one colour per row or column.
	line := make([][3]float32, max(w, h))
	for i := range line {
		if p.Gradient == LeftToRight {
			line[i] = r.wallF(float64(i)+0.5, 0)
		} else {
			line[i] = r.wallF(0, float64(i)+0.5)
		}
	}
	noise := rand.New(rand.NewPCG(uint64(p.Seed), 0x6e6f6973)) // "nois"
	strength := float32(p.Shadow.Strength)
	for j := 0; j < h; j++ {
		for i := 0; i < w; i++ {
			idx := j*w + i
			wall := line[j]
			if p.Gradient == LeftToRight {
				wall = line[i]
			}
			dark := float32(1)
			if shadow != nil {
				dark = 1 - strength*shadow[idx]
			}
			v, a := s.vign[idx], s.Alpha[idx]
			o := 4 * idx
			for k := 0; k < 3; k++ {
				b := wall[k] * dark
				c := float64(v * (s.fg[3*idx+k] + (1-a)*b))
				s.Wall.Pix[o+k] = clamp8(float64(v * b))
				s.Clean.Pix[o+k] = clamp8(c)
				if p.Noise > 0 {
					c += p.Noise * noise.NormFloat64()
				}
				s.Image.Pix[o+k] = clamp8(c)
			}
			s.Wall.Pix[o+3], s.Clean.Pix[o+3], s.Image.Pix[o+3] = 255, 255, 255
		}
	}
	if p.JPEGQuality > 0 {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, s.Image, &jpeg.Options{Quality: p.JPEGQuality}); err != nil {
			panic("synth: " + err.Error()) // writing to memory does not fail
		}
		s.JPEG = buf.Bytes()
		img, err := jpeg.Decode(bytes.NewReader(s.JPEG))
		if err != nil {
			panic("synth: " + err.Error())
		}
		draw.Draw(s.Image, s.Image.Rect, img, image.Point{}, draw.Src)
	}
}

// vignetting is the share of light reaching each pixel: 1 in the centre,
// 1-Vignetting in the corners, falling with the squared distance.
func vignetting(p Params) []float32 {
	w, h := p.Width, p.Height
	v := make([]float32, w*h)
	fx, fy := make([]float64, w), make([]float64, h)
	for i := range fx {
		d := (float64(i) + 0.5 - float64(w)/2) / (float64(w) / 2)
		fx[i] = d * d
	}
	for j := range fy {
		d := (float64(j) + 0.5 - float64(h)/2) / (float64(h) / 2)
		fy[j] = d * d
	}
	for j := 0; j < h; j++ {
		for i := 0; i < w; i++ {
			v[j*w+i] = float32(1 - p.Vignetting*(fx[i]+fy[j])/2)
		}
	}
	return v
}

// shadowMask is the silhouette moved by the shadow's offset (rounded to
// whole pixels) and blurred by three box filters (close to a Gaussian of
// the shadow's sigma); nil when there is no shadow.
func (r *renderer) shadowMask(alpha []float32) []float32 {
	sh := r.p.Shadow
	if sh.Strength <= 0 {
		return nil
	}
	w, h := r.p.Width, r.p.Height
	dx, dy := int(math.Round(sh.DX)), int(math.Round(sh.DY))
	m := make([]float32, w*h)
	for j := 0; j < h; j++ {
		sj := min(max(j-dy, 0), h-1) // the body goes on below the bottom edge
		for i := 0; i < w; i++ {
			if si := i - dx; si >= 0 && si < w {
				m[j*w+i] = alpha[sj*w+si]
			}
		}
	}
	if sh.Blur > 0 {
		// Three boxes of width 2k+1 have variance 3*((2k+1)^2-1)/12.
		k := int(math.Round((math.Sqrt(4*sh.Blur*sh.Blur+1) - 1) / 2))
		out := make([]float32, w)
		tmp := make([]float32, w*h)
		for range 3 {
			for j := 0; j < h; j++ {
				boxBlur(m[j*w:(j+1)*w], out, k)
				copy(m[j*w:(j+1)*w], out)
			}
			boxBlurRows(m, tmp, w, h, k)
			m, tmp = tmp, m
		}
	}
	return m
}

// boxBlurRows averages src over windows of 2k+1 rows into dst (w x h),
// repeating the first and last rows past the ends; it keeps one running sum
// per column so it reads memory in order.
func boxBlurRows(src, dst []float32, w, h, k int) {
	sum := make([]float32, w)
	row := func(j int) []float32 { j = min(max(j, 0), h-1); return src[j*w : (j+1)*w] }
	for j := -k; j <= k; j++ {
		for i, v := range row(j) {
			sum[i] += v
		}
	}
	inv := 1 / float32(2*k+1)
	for j := 0; j < h; j++ {
		d := dst[j*w : (j+1)*w]
		add, sub := row(j+k+1), row(j-k)
		for i := range d {
			d[i] = sum[i] * inv
			sum[i] += add[i] - sub[i]
		}
	}
}

// boxBlur averages src over windows of 2k+1 samples into dst, repeating the
// end samples past the ends.
func boxBlur(src, dst []float32, k int) {
	n := len(src)
	at := func(i int) float32 { return src[min(max(i, 0), n-1)] }
	var sum float32
	for i := -k; i <= k; i++ {
		sum += at(i)
	}
	inv := 1 / float32(2*k+1)
	for i := 0; i < n; i++ {
		dst[i] = sum * inv
		if i-k >= 0 && i+k+1 < n {
			sum += src[i+k+1] - src[i-k]
		} else {
			sum += at(i+k+1) - at(i-k)
		}
	}
}

// Composite is the ideal result of replacing the wall with bg: the person's
// true colours (vignetting included, no noise) over bg, in proportion to
// the true coverage. A perfect matte and de-spill would produce exactly it.
func (s *Scene) Composite(bg color.Color) *image.RGBA {
	w, h := s.Params.Width, s.Params.Height
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	br, bgg, bb, _ := bg.RGBA()
	b := [3]float32{float32(br) / 257, float32(bgg) / 257, float32(bb) / 257}
	for idx, a := range s.Alpha {
		o := 4 * idx
		for k := 0; k < 3; k++ {
			out.Pix[o+k] = clamp8(float64(s.vign[idx]*s.fg[3*idx+k] + (1-a)*b[k]))
		}
		out.Pix[o+3] = 255
	}
	return out
}
