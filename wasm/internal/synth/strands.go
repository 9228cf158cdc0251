package synth

import (
	"math"
	"math/rand/v2"
)

// strandSegs is how many straight pieces a strand's curve is cut into.
const strandSegs = 8

// strand is one fine hair sticking out of the hair's outline: a quadratic
// curve, as a polyline in image coordinates, half as wide as half.
type strand struct {
	pts  [strandSegs + 1][2]float64
	half float64
	box  [4]float64 // x0, y0, x1, y1 of the points, widened by half
}

// makeStrands grows the strands from just inside the hair's outline along
// its upper half. Each leaves at 0-70 degrees from the outline's normal,
// leaning the way the hair falls (away from the top), curls on, is
// 0.05-0.2 HeadSize long and 0.3-0.8 px wide. Then it indexes them by the
// pixels they may touch.
func (r *renderer) makeStrands(rng *rand.Rand) {
	r.strands = make([]strand, 0, r.p.HairStrands)
	for range r.p.HairStrands {
		phi := -math.Pi + 0.09 + rng.Float64()*(math.Pi-0.18) // upper half, not the very sides
		rad := 0.96 * hairRadius(phi, r.wobPhase)
		ex, ey := math.Cos(phi), math.Sin(phi)
		p0 := [2]float64{rad * hairA * ex, faceCY + rad*hairB*ey}
		n := [2]float64{ex / hairA, ey / hairB} // the outline's normal
		nl := math.Hypot(n[0], n[1])
		n = [2]float64{n[0] / nl, n[1] / nl}
		fall := 1.0 // rotating towards +y turns the right side's normal downwards
		if ex < 0 {
			fall = -1
		}
		d1 := rotate(n, fall*rng.Float64()*70*math.Pi/180)
		d2 := rotate(d1, (fall*rng.Float64()*40-15)*math.Pi/180)
		length := 0.05 + 0.15*rng.Float64()
		p1 := [2]float64{p0[0] + d1[0]*length*0.55, p0[1] + d1[1]*length*0.55}
		p2 := [2]float64{p1[0] + d2[0]*length*0.5, p1[1] + d2[1]*length*0.5}
		s := strand{half: (0.3 + 0.5*rng.Float64()) / 2}
		for i := range s.pts {
			t := float64(i) / strandSegs
			a, b, c := (1-t)*(1-t), 2*t*(1-t), t*t
			s.pts[i] = r.toImage(a*p0[0]+b*p1[0]+c*p2[0], a*p0[1]+b*p1[1]+c*p2[1])
		}
		s.box = [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		for _, pt := range s.pts {
			s.box = [4]float64{min(s.box[0], pt[0]-s.half), min(s.box[1], pt[1]-s.half),
				max(s.box[2], pt[0]+s.half), max(s.box[3], pt[1]+s.half)}
		}
		r.strands = append(r.strands, s)
	}
	r.indexStrands()
}

// indexStrands lists, for every pixel a strand's segment may cover, the
// segment (strand<<8 | segment), so the renderer supersamples that pixel.
func (r *renderer) indexStrands() {
	r.strandAt = make(map[int32][]int32)
	w, h := r.p.Width, r.p.Height
	for si, s := range r.strands {
		reach := s.half + math.Sqrt2/2 // a pixel's centre to its corner
		for k := 0; k < strandSegs; k++ {
			a, b := s.pts[k], s.pts[k+1]
			x0 := max(0, int(math.Floor(math.Min(a[0], b[0])-reach)))
			x1 := min(w-1, int(math.Floor(math.Max(a[0], b[0])+reach)))
			y0 := max(0, int(math.Floor(math.Min(a[1], b[1])-reach)))
			y1 := min(h-1, int(math.Floor(math.Max(a[1], b[1])+reach)))
			ref := int32(si<<8 | k)
			for y := y0; y <= y1; y++ {
				for x := x0; x <= x1; x++ {
					if segDist2(float64(x)+0.5, float64(y)+0.5, a, b) <= reach*reach {
						i := int32(y*w + x)
						r.strandAt[i] = append(r.strandAt[i], ref)
					}
				}
			}
		}
	}
}

// inStrand tells whether (x, y) lies on one of the segments refs lists.
func (r *renderer) inStrand(refs []int32, x, y float64) bool {
	for _, ref := range refs {
		s := &r.strands[ref>>8]
		k := ref & 0xff
		if segDist2(x, y, s.pts[k], s.pts[k+1]) <= s.half*s.half {
			return true
		}
	}
	return false
}

// segDist2 is the squared distance from (x, y) to the segment ab.
func segDist2(x, y float64, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	px, py := x-a[0], y-a[1]
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = math.Max(0, math.Min(1, (px*dx+py*dy)/l2))
	}
	ex, ey := px-t*dx, py-t*dy
	return ex*ex + ey*ey
}

func rotate(v [2]float64, a float64) [2]float64 {
	c, s := math.Cos(a), math.Sin(a)
	return [2]float64{c*v[0] - s*v[1], s*v[0] + c*v[1]}
}
