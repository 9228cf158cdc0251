package synth

import (
	"image/color"
	"math"
	"math/rand/v2"
)

// The person is drawn in two frames, both in units of HeadSize (u) with y
// down. The head frame has its origin at the midpoint of the pupils and turns
// with Roll about the top of the neck (0, pivotY); the body frame has the
// same origin at Roll 0 and never turns, so the shoulders stay level.
//
// Proportions follow an adult face: eyes halfway down the head, the face
// 0.68 u wide, eyes 0.31 u apart, brow-to-nose and nose-to-chin equal.
const (
	pivotY = 0.40 // top of the neck, the axis the head rolls about

	faceCY  = 0.03 // centre of the face's outline: the widest row, cheekbones
	faceA   = 0.34 // half of the face width
	faceBUp = 0.45 // skull above faceCY
	faceBLo = 0.50 // chin below faceCY
	jawTrim = 0.12 // narrows the jaw towards the chin

	hairA       = 0.375 // the hair's outline: an ellipse about faceCY
	hairB       = 0.50  // crown at faceCY-hairB = -0.47
	hairWobble1 = 0.012 // the outline's low-frequency wobble, share of the radius
	hairWobble2 = 0.006
	hairSideEnd = 0.05 // the hair beside the temples ends just below the eye line

	hairlineY     = -0.25 // the hairline at the middle of the forehead
	hairlineDrop  = 0.12  // how far it drops at the temples
	hairlineSlant = 0.02  // a side parting

	eyeX    = 0.155 // pupils at (+-eyeX, 0)
	eyeA    = 0.068 // the eye's visible almond
	eyeB    = 0.027
	irisR   = 0.026
	pupilR  = 0.011
	browX   = 0.16
	browY   = -0.10
	browLen = 0.085 // half length
	browArc = 0.018
	browTh  = 0.013 // half thickness at the inner end

	nostrilX = 0.032
	nostrilY = 0.215
	nostrilA = 0.017
	nostrilB = 0.009
	lipY     = 0.335
	lipA     = 0.088
	lipB     = 0.026

	earX = 0.345
	earY = 0.10
	earA = 0.055
	earB = 0.105

	headReach = 0.56 // every part of the head lies within this of (0, faceCY)

	neckTop      = 0.30 // hidden behind the face
	neckHalf     = 0.20
	neckFlare    = 0.06
	collarY      = 0.74 // the collar's lowest point at the front
	collarDepth  = 0.10
	collarBand   = 0.04
	shoulderRise = 0.12 // the shoulder line starts this far above collarY in the middle
	shoulderDrop = 0.20 // and falls this much, steeply near the neck, to the shoulders' round
	shoulderR    = 0.16 // radius of the shoulders' round
	torsoWiden   = 0.08 // the sides widen below the shoulders
)

// Parts of the scene a point can fall in.
const (
	partWall uint8 = iota
	partTorso
	partCollar
	partNeck
	partEar
	partFace
	partSclera
	partIris
	partPupil
	partBrow
	partLips
	partNostril
	partHair
	partStrand
)

// renderer holds a scene's geometry and colours, derived from Params.
type renderer struct {
	p        Params
	u        float64 // HeadSize in pixels
	cx, cy   float64 // HeadCenter
	cos, sin float64 // of Roll

	wobPhase [2]float64

	// torso, body frame
	s2        float64 // half the shoulders' width
	slopeEnd  float64 // where the shoulder line meets the round
	roundX    float64 // centre of the round
	roundY    float64
	roundR    float64
	shoulderY float64 // top of the shoulder line at the middle

	skin, hair, clothing, strand [3]float32
	wall                         color.RGBA // the wall behind the shoulders
	clothingC                    color.RGBA
	clothingDE                   float64

	strands  []strand
	strandAt map[int32][]int32
}

func newRenderer(p Params) *renderer {
	r := &renderer{p: p, u: p.HeadSize, cx: p.HeadCenter[0], cy: p.HeadCenter[1]}
	rad := p.Roll * math.Pi / 180
	r.cos, r.sin = math.Cos(rad), math.Sin(rad)

	shape := rand.New(rand.NewPCG(uint64(p.Seed), 0x68616972)) // "hair"
	r.wobPhase = [2]float64{2 * math.Pi * shape.Float64(), 2 * math.Pi * shape.Float64()}

	r.s2 = p.ShouldersWidth / 2 / r.u
	r.shoulderY = collarY - shoulderRise
	r.fitShoulderRound()

	r.skin = rgbf(p.SkinTone)
	r.hair = rgbf(p.HairColor)
	r.strand = lighten(r.hair, 1.12)

	r.wall = r.wallAt(float64(p.Width)/2, r.cy+r.u*r.roundY)
	if p.Clothing.A != 0 {
		r.clothingC = p.Clothing
		r.clothingDE = DeltaE(p.Clothing, r.wall)
	} else {
		dE := p.ClothingDeltaE
		if dE <= 0 {
			dE = 10
		}
		pick := rand.New(rand.NewPCG(uint64(p.Seed), 0x636c6f74)) // "clot"
		r.clothingC, r.clothingDE = clothingFor(r.wall, dE, pick)
	}
	r.clothing = rgbf(r.clothingC)

	r.makeStrands(rand.New(rand.NewPCG(uint64(p.Seed), 0x7374726e))) // "strn"
	return r
}

// fitShoulderRound finds the circle of radius shoulderR that touches both
// the sloping shoulder line and the vertical side x = s2, so the outline
// has no corner.
func (r *renderer) fitShoulderRound() {
	cr := shoulderR
	if cr > 0.8*r.s2 {
		cr = 0.8 * r.s2
	}
	// The centre lies on the line's normal at distance cr below the line's
	// point at k; bisect for the k that puts it at x = s2 - cr.
	lo, hi := 0.0, r.s2
	for i := 0; i < 60; i++ {
		k := (lo + hi) / 2
		m := r.slope(k)
		if k-cr*m/math.Sqrt(1+m*m) < r.s2-cr {
			lo = k
		} else {
			hi = k
		}
	}
	k := (lo + hi) / 2
	m := r.slope(k)
	n := math.Sqrt(1 + m*m)
	r.slopeEnd = k
	r.roundR = cr
	r.roundX = k - cr*m/n
	r.roundY = r.shoulderTop(k) + cr/n
}

// shoulderTop is the top of the shoulder line at distance d from the middle:
// steep beside the neck, level towards the shoulders.
func (r *renderer) shoulderTop(d float64) float64 {
	t := d / r.s2
	return r.shoulderY + shoulderDrop*t*(2-t)
}

func (r *renderer) slope(d float64) float64 { return 2 * shoulderDrop * (1 - d/r.s2) / r.s2 }

// toHead maps image coordinates to the head frame.
func (r *renderer) toHead(x, y float64) (float64, float64) {
	dx := (x - r.cx) / r.u
	dy := (y-r.cy)/r.u - pivotY
	return r.cos*dx + r.sin*dy, -r.sin*dx + r.cos*dy + pivotY
}

// toImage maps the head frame to image coordinates.
func (r *renderer) toImage(hx, hy float64) [2]float64 {
	dy := hy - pivotY
	return [2]float64{
		r.cx + r.u*(r.cos*hx-r.sin*dy),
		r.cy + r.u*(pivotY+r.sin*hx+r.cos*dy),
	}
}

// part tells which part of the scene the point (x, y) falls in, strands
// aside (they are tested per pixel, see inStrand).
func (r *renderer) part(x, y float64) uint8 {
	hx, hy := r.toHead(x, y)
	if dy := hy - faceCY; hx*hx+dy*dy < headReach*headReach {
		if p := headPart(hx, hy, r.wobPhase); p != partWall {
			return p
		}
	}
	return r.bodyPart((x-r.cx)/r.u, (y-r.cy)/r.u)
}

func headPart(x, y float64, phase [2]float64) uint8 {
	dy := y - faceCY
	if inFace(x, dy) {
		if y < hairline(x) {
			return partHair
		}
		return facePart(x, y)
	}
	if y < hairSideEnd && inHair(x, dy, phase) {
		return partHair
	}
	ex, ey := (math.Abs(x)-earX)/earA, (y-earY)/earB
	if ex*ex+ey*ey <= 1 {
		return partEar
	}
	return partWall
}

// inFace: the face's outline, an ellipse above the cheekbones and a
// narrowing jaw below; dy is relative to faceCY.
func inFace(x, dy float64) bool {
	if dy < 0 {
		ex, ey := x/faceA, dy/faceBUp
		return ex*ex+ey*ey <= 1
	}
	t := dy / faceBLo
	if t >= 1 {
		return false
	}
	return math.Abs(x) <= faceA*math.Sqrt(1-t*t)*(1-jawTrim*t*t)
}

// inHair: the hair's outline, an ellipse whose radius wobbles by a percent or
// two so it is not a perfect curve.
func inHair(x, dy float64, phase [2]float64) bool {
	ex, ey := x/hairA, dy/hairB
	rho2 := ex*ex + ey*ey
	const maxW = hairWobble1 + hairWobble2
	if rho2 <= (1-maxW)*(1-maxW) {
		return true
	}
	if rho2 >= (1+maxW)*(1+maxW) {
		return false
	}
	lim := hairRadius(math.Atan2(ey, ex), phase)
	return rho2 <= lim*lim
}

func hairRadius(phi float64, phase [2]float64) float64 {
	return 1 + hairWobble1*math.Sin(3*phi+phase[0]) + hairWobble2*math.Sin(7*phi+phase[1])
}

// hairline is where the hair ends on the forehead: lowest at the temples.
func hairline(x float64) float64 {
	t := x / faceA
	return hairlineY + hairlineDrop*t*t + hairlineSlant*t
}

func facePart(x, y float64) uint8 {
	ax := math.Abs(x)
	if ex, ey := (ax-eyeX)/eyeA, y/eyeB; ex*ex+ey*ey <= 1 {
		d2 := (ax-eyeX)*(ax-eyeX) + y*y
		switch {
		case d2 <= pupilR*pupilR:
			return partPupil
		case d2 <= irisR*irisR:
			return partIris
		}
		return partSclera
	}
	if bx := ax - browX; math.Abs(bx) <= browLen {
		t := bx / browLen
		yc := browY - browArc*(1-t*t)
		th := browTh * (1 - 0.45*math.Max(t, 0)) // thinner towards the temple
		if math.Abs(y-yc) <= th {
			return partBrow
		}
	}
	if nx, ny := (ax-nostrilX)/nostrilA, (y-nostrilY)/nostrilB; nx*nx+ny*ny <= 1 {
		return partNostril
	}
	if lx, ly := x/lipA, (y-lipY)/lipB; lx*lx+ly*ly <= 1 {
		return partLips
	}
	return partFace
}

// bodyPart: the neck in front of the torso, the torso with a round collar.
func (r *renderer) bodyPart(x, y float64) uint8 {
	ax := math.Abs(x)
	if y >= neckTop {
		if y < collarY {
			if ax <= neckHalf+neckFlare*smoothstep(collarY-0.14, collarY, y) {
				return partNeck
			}
		} else {
			nx, ny := x/(neckHalf+neckFlare), (y-collarY)/collarDepth
			if nx*nx+ny*ny <= 1 {
				return partNeck
			}
		}
	}
	if !r.inTorso(ax, y) {
		return partWall
	}
	cx, cy := x/(neckHalf+neckFlare+collarBand), (y-collarY)/(collarDepth+collarBand)
	if cx*cx+cy*cy <= 1 {
		return partCollar
	}
	return partTorso
}

// inTorso: below the sloping shoulder line, then the shoulders' round, then
// the sides, which widen a little towards the bottom; d = |x|.
func (r *renderer) inTorso(d, y float64) bool {
	if d <= r.slopeEnd {
		return y >= r.shoulderTop(d)
	}
	if y < r.roundY {
		dx := d - r.roundX // > 0: the round starts right of its centre
		if dx >= r.roundR {
			return false
		}
		return y >= r.roundY-math.Sqrt(r.roundR*r.roundR-dx*dx)
	}
	return d <= r.s2+torsoWiden*(y-r.roundY)
}

// shade is the colour of part p at image point (x, y), 0-255 per channel.
func (r *renderer) shade(p uint8, x, y float64) [3]float32 {
	switch p {
	case partTorso:
		return r.clothing
	case partCollar:
		return scale(r.clothing, 0.88)
	case partNeck:
		by := (y - r.cy) / r.u
		return scale(r.skin, 0.72+0.2*smoothstep(0.42, 0.68, by))
	case partStrand:
		return r.strand
	}
	hx, hy := r.toHead(x, y)
	ax := math.Abs(hx)
	switch p {
	case partEar:
		ex, ey := (ax-earX-0.01)/0.03, (hy-earY)/0.065
		return scale(r.skin, 0.92-0.16*math.Exp(-(ex*ex+ey*ey)))
	case partFace:
		return r.skinAt(hx, hy)
	case partSclera:
		// the upper lid's shadow
		return scale([3]float32{238, 234, 228}, 0.72+0.28*smoothstep(-eyeB, -0.2*eyeB, hy))
	case partIris:
		dx := ax - eyeX - 0.008
		dy := hy + 0.008
		if dx*dx+dy*dy < 0.0055*0.0055 {
			return [3]float32{235, 235, 235} // catchlight
		}
		return [3]float32{92, 64, 46}
	case partPupil:
		return [3]float32{16, 12, 10}
	case partBrow:
		s := scale(r.skin, 0.55)
		return mix(r.hair, s, 0.25)
	case partLips:
		lip := [3]float32{r.skin[0] * 0.8, r.skin[1] * 0.52, r.skin[2] * 0.54}
		d := (hy - lipY + 0.004*(1-(hx/lipA)*(hx/lipA))) / 0.006
		return scale(lip, 1-0.45*math.Exp(-d*d)) // the line between the lips
	case partNostril:
		return scale(r.skin, 0.42)
	case partHair:
		return r.hairAt(hx, hy)
	}
	return [3]float32{}
}

// skinAt shades the face: rounder towards its outline, light from the
// image's left, shadowed eye sockets, the nose's side and underside, under
// the lip; blush on the cheeks.
func (r *renderer) skinAt(x, y float64) [3]float32 {
	ax := math.Abs(x)
	dy := y - faceCY
	b := faceBUp
	if dy > 0 {
		b = faceBLo
	}
	t2 := (x/faceA)*(x/faceA) + (dy/b)*(dy/b)
	f := 1 - 0.2*t2*t2 - 0.06*x
	g := gauss2(ax-eyeX, y+0.01, 0.10, 0.055)
	f *= 1 - 0.2*g
	f *= 1 - 0.14*gauss2(x-0.05, 0, 0.018, 1)*window(y, 0.0, 0.21, 0.03) // nose's side
	f *= 1 - 0.18*gauss2(x, y-0.238, 0.07, 0.012)                        // under the nose
	f *= 1 + 0.06*gauss2(x, y-0.17, 0.025, 0.03)                         // tip of the nose
	f *= 1 - 0.10*gauss2(x, y-0.405, 0.06, 0.02)                         // under the lip
	c := scale(r.skin, f)
	blush := float32(8 * gauss2(ax-0.2, y-0.16, 0.07, 0.05))
	c[0] = min(255, c[0]+blush)
	return c
}

// hairAt: streaks running from a parting, a sheen across the top.
func (r *renderer) hairAt(x, y float64) [3]float32 {
	th := math.Atan2(y+0.62, x-0.06)
	streak := 0.5 + 0.5*math.Sin(th*150+3*math.Sin(th*23))
	f := 0.85 + 0.22*streak
	if y < -0.15 {
		rho := math.Hypot(x/hairA, (y-faceCY)/hairB)
		f += 0.22 * math.Exp(-sq((rho-0.8)/0.07)) * smoothstep(-0.15, -0.3, y)
	}
	return lighten(r.hair, f)
}

// wallAt is the wall's gradient at (x, y), before shadow and vignetting.
func (r *renderer) wallAt(x, y float64) color.RGBA {
	c := r.wallF(x, y)
	return color.RGBA{clamp8(float64(c[0])), clamp8(float64(c[1])), clamp8(float64(c[2])), 255}
}

func (r *renderer) wallF(x, y float64) [3]float32 {
	var t float64
	if r.p.Gradient == LeftToRight {
		t = x / float64(r.p.Width)
	} else {
		t = y / float64(r.p.Height)
	}
	t = math.Max(0, math.Min(1, t))
	return mix(rgbf(r.p.Background[0]), rgbf(r.p.Background[1]), t)
}

func rgbf(c color.RGBA) [3]float32 { return [3]float32{float32(c.R), float32(c.G), float32(c.B)} }

func scale(c [3]float32, f float64) [3]float32 {
	return [3]float32{c[0] * float32(f), c[1] * float32(f), c[2] * float32(f)}
}

// lighten scales c by f and keeps it within 0-255.
func lighten(c [3]float32, f float64) [3]float32 {
	s := scale(c, f)
	for i := range s {
		s[i] = min(255, s[i])
	}
	return s
}

// mix is a + t(b - a).
func mix(a, b [3]float32, t float64) [3]float32 {
	ft := float32(t)
	return [3]float32{a[0] + ft*(b[0]-a[0]), a[1] + ft*(b[1]-a[1]), a[2] + ft*(b[2]-a[2])}
}

func sq(v float64) float64 { return v * v }

func gauss2(dx, dy, sx, sy float64) float64 { return math.Exp(-sq(dx/sx) - sq(dy/sy)) }

// smoothstep rises from 0 at e0 to 1 at e1 (e0 > e1 makes it fall).
func smoothstep(e0, e1, v float64) float64 {
	t := math.Max(0, math.Min(1, (v-e0)/(e1-e0)))
	return t * t * (3 - 2*t)
}

// window is 1 between lo and hi, fading over soft on each side.
func window(v, lo, hi, soft float64) float64 {
	return smoothstep(lo-soft, lo, v) * (1 - smoothstep(hi, hi+soft, v))
}
