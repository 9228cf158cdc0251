package matte

import (
	"bytes"
	"image"
	"image/draw"
	"image/jpeg"
	"math"
	"math/rand/v2"
)

// A simple synthetic portrait with exact alpha, for the tests of this
// package: a head (skin ellipse, ears, hair with fine strands), a neck and
// a torso reaching the bottom edge, on a light wall with a gradient, a
// vignette, a soft shadow and noise, round-tripped through JPEG.

// synthOpts describe a scene; colours are 0-255 RGB.
type synthOpts struct {
	w, h     int
	wall     [3]float64
	cloth    [3]float64
	hair     [3]float64
	skin     [3]float64
	gradient float64 // brightness change from left to right edge (fraction)
	vignette float64 // darkening in the corners (fraction)
	shadow   float64 // darkening of the wall in the person's shadow (fraction)
	noise    float64 // standard deviation per channel
	strands  int     // fine hair strands sticking out of the hair
	busy     bool    // a wall of random coloured blocks instead of a plain one
	quality  int     // JPEG quality; 0: no JPEG
	seed     uint64
}

// defaultSynth is a light wall with clothing about 7 units of colour
// distance from it (a light blue-grey shirt on a warm light-grey wall).
func defaultSynth() synthOpts {
	return synthOpts{
		w: 720, h: 960,
		wall:     [3]float64{232, 230, 226},
		cloth:    [3]float64{222, 224, 230},
		hair:     [3]float64{48, 36, 30},
		skin:     [3]float64{224, 172, 140},
		gradient: 0.06,
		vignette: 0.05,
		shadow:   0.12,
		noise:    3,
		strands:  14,
		quality:  85,
		seed:     1,
	}
}

// synthScene is a rendered scene with its truth.
type synthScene struct {
	img   *image.RGBA
	alpha []float32    // exact coverage of the person
	fg    [][3]float32 // the person's colour where alpha > 0 (0-255)
	scene Scene
	crown int // by the rule of crown() applied to the truth
}

// Layout at 720 x 960 (scaled for other sizes).
const (
	synCX      = 360.0
	synHeadY   = 420.0 // centre of the face ellipse
	synHeadA   = 165.0 // half-width
	synHeadB   = 215.0 // half-height: chin at 635
	synHairY   = 360.0
	synHairA   = 188.0
	synHairB   = 240.0 // top of the hair at 120
	synHairEnd = 430.0 // hair reaches down to here at the sides
	synHairln  = 270.0 // hairline on the forehead
	synEyeY    = 390.0
	synNeckA   = 95.0
	synNeckTop = 560.0
)

const (
	clsWall = iota
	clsSkin
	clsHair
	clsCloth
)

type strand struct{ x0, y0, x1, y1, hw float64 }

// shoulder is the top of the torso at horizontal offset d from the centre.
func shoulder(d float64) float64 {
	d = math.Abs(d)
	if d < 300 {
		return 700 + 60*(d/300)*(d/300)
	}
	return 760 + (d-300)*1.5
}

// class says what is at (x, y) in 720 x 960 layout coordinates.
func class(x, y float64, strands []strand) int {
	dx, dy := (x-synCX)/synHeadA, (y-synHeadY)/synHeadB
	inHead := dx*dx+dy*dy <= 1
	hx, hy := (x-synCX)/synHairA, (y-synHairY)/synHairB
	inHair := hx*hx+hy*hy <= 1 && y < synHairEnd
	if inHead && y >= synHairln {
		return clsSkin
	}
	if inHair {
		return clsHair
	}
	// Ears.
	for _, ex := range []float64{synCX - synHeadA + 4, synCX + synHeadA - 4} {
		ax, ay := (x-ex)/22, (y-440)/45
		if ax*ax+ay*ay <= 1 {
			return clsSkin
		}
	}
	if math.Abs(x-synCX) < synNeckA && y >= synNeckTop && y < 720 {
		return clsSkin
	}
	if y >= shoulder(x-synCX) {
		return clsCloth
	}
	for _, s := range strands {
		// Distance to the segment.
		vx, vy := s.x1-s.x0, s.y1-s.y0
		t := ((x-s.x0)*vx + (y-s.y0)*vy) / (vx*vx + vy*vy)
		t = max(0, min(1, t))
		px, py := s.x0+t*vx-x, s.y0+t*vy-y
		if px*px+py*py <= s.hw*s.hw {
			return clsHair
		}
	}
	return clsWall
}

// renderSynth draws the scene.
func renderSynth(o synthOpts) synthScene {
	rng := rand.New(rand.NewPCG(o.seed, 7))
	sx, sy := float64(o.w)/720, float64(o.h)/960
	var strands []strand
	for k := 0; k < o.strands; k++ {
		// From the hair outline above the ears, outwards and curling.
		ang := math.Pi * (0.15 + 0.7*float64(k)/float64(max(1, o.strands-1)))
		bx := synCX - synHairA*math.Cos(ang)*0.97
		by := synHairY - synHairB*math.Sin(ang)*0.97
		l := 25 + 35*rng.Float64()
		ox, oy := -math.Cos(ang+0.4*(rng.Float64()-0.5)), -math.Sin(ang+0.4*(rng.Float64()-0.5))
		strands = append(strands, strand{bx, by, bx + l*ox, by + l*oy, 0.5 + 0.6*rng.Float64()})
	}
	colours := [4][3]float64{o.wall, o.skin, o.hair, o.cloth}
	n := o.w * o.h
	sc := synthScene{alpha: make([]float32, n), fg: make([][3]float32, n)}
	// Coverage by 4 x 4 supersampling (in layout coordinates), where the
	// pixel's corners disagree or a strand passes.
	const ss = 4
	corner := make([]int, (o.w+1)*(o.h+1))
	for y := 0; y <= o.h; y++ {
		for x := 0; x <= o.w; x++ {
			corner[y*(o.w+1)+x] = class(float64(x)/sx, float64(y)/sy, nil)
		}
	}
	nearStrand := make([]bool, o.w*o.h)
	for _, st := range strands {
		x0, x1 := int(math.Min(st.x0, st.x1)*sx)-3, int(math.Max(st.x0, st.x1)*sx)+3
		y0, y1 := int(math.Min(st.y0, st.y1)*sy)-3, int(math.Max(st.y0, st.y1)*sy)+3
		for y := max(0, y0); y < min(o.h, y1); y++ {
			for x := max(0, x0); x < min(o.w, x1); x++ {
				nearStrand[y*o.w+x] = true
			}
		}
	}
	for y := 0; y < o.h; y++ {
		for x := 0; x < o.w; x++ {
			c00 := corner[y*(o.w+1)+x]
			if !nearStrand[y*o.w+x] && c00 == corner[y*(o.w+1)+x+1] &&
				c00 == corner[(y+1)*(o.w+1)+x] && c00 == corner[(y+1)*(o.w+1)+x+1] {
				if c00 != clsWall {
					sc.alpha[y*o.w+x] = 1
					for k := range sc.fg[0] {
						sc.fg[y*o.w+x][k] = float32(colours[c00][k])
					}
				}
				continue
			}
			var cnt int
			var col [3]float64
			for j := 0; j < ss; j++ {
				for i := 0; i < ss; i++ {
					lx := (float64(x) + (float64(i)+0.5)/ss) / sx
					ly := (float64(y) + (float64(j)+0.5)/ss) / sy
					c := class(lx, ly, strands)
					if c != clsWall {
						cnt++
						for k := range col {
							col[k] += colours[c][k]
						}
					}
				}
			}
			o2 := y*o.w + x
			sc.alpha[o2] = float32(cnt) / (ss * ss)
			if cnt > 0 {
				for k := range col {
					sc.fg[o2][k] = float32(col[k] / float64(cnt))
				}
			}
		}
	}
	// The shadow: the silhouette moved down and right, blurred.
	shadow := newPlane(o.w, o.h)
	offX, offY := int(18*sx), int(14*sy)
	for y := 0; y < o.h; y++ {
		for x := 0; x < o.w; x++ {
			if xs, ys := x-offX, y-offY; xs >= 0 && ys >= 0 {
				shadow.p[y*o.w+x] = sc.alpha[ys*o.w+xs]
			}
		}
	}
	tmp := make([]float32, o.w*o.h)
	boxBlur(shadow, int(10*sx), tmp)
	boxBlur(shadow, int(10*sx), tmp)

	// Busy walls are random blocks.
	var blocks [][3]float64
	const bs = 40
	if o.busy {
		for k := 0; k < (o.w/bs+1)*(o.h/bs+1); k++ {
			blocks = append(blocks, [3]float64{40 + 200*rng.Float64(), 40 + 200*rng.Float64(), 40 + 200*rng.Float64()})
		}
	}
	img := image.NewRGBA(image.Rect(0, 0, o.w, o.h))
	for y := 0; y < o.h; y++ {
		for x := 0; x < o.w; x++ {
			o2 := y*o.w + x
			u, v := 2*float64(x)/float64(o.w)-1, 2*float64(y)/float64(o.h)-1
			light := (1 + o.gradient*u/2) * (1 - o.vignette*(u*u+v*v)/2) * (1 - o.shadow*float64(shadow.p[o2]))
			wall := o.wall
			if o.busy {
				wall = blocks[(y/bs)*(o.w/bs+1)+x/bs]
			}
			a := float64(sc.alpha[o2])
			for k := 0; k < 3; k++ {
				c := a*float64(sc.fg[o2][k]) + (1-a)*wall[k]*light + o.noise*rng.NormFloat64()
				img.Pix[4*o2+k] = uint8(max(0, min(255, math.Round(c))))
			}
			img.Pix[4*o2+3] = 255
		}
	}
	if o.quality > 0 {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: o.quality}); err != nil {
			panic(err)
		}
		dec, err := jpeg.Decode(&buf)
		if err != nil {
			panic(err)
		}
		draw.Draw(img, img.Bounds(), dec, image.Point{}, draw.Src)
	}
	sc.img = img

	// A pigo-like face box: side about 1.05 face widths, eyes at 0.42 of it.
	s := 1.03 * 2 * synHeadA * sx
	top := synEyeY*sy - 0.42*s
	sc.scene = Scene{
		Img:      img,
		Face:     image.Rect(int(synCX*sx-s/2), int(top), int(synCX*sx+s/2), int(top+s)),
		LeftEye:  [2]float64{(synCX - 70) * sx, synEyeY * sy},
		RightEye: [2]float64{(synCX + 70) * sx, synEyeY * sy},
	}
	g, err := newGeometry(sc.scene)
	if err != nil {
		panic(err)
	}
	sc.crown = crown(plane{o.w, o.h, sc.alpha}, g)
	return sc
}
