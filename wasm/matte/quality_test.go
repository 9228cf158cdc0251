package matte

import (
	"image"
	"image/color"
	"math"
	"slices"
)

// quality compares an estimated matte with a synthetic scene's truth.
type quality struct {
	bandMAE   float64 // mean |alpha - truth| in the edge band (within 4 px of the true edge)
	sad       float64 // sum of |alpha - truth| in that band, in thousands
	lost      float64 // share of sure person (> 4 px inside) with alpha < 0.5
	lostTorso float64 // the same below the shoulder line
	extra     float64 // share of sure wall (> 4 px outside) with alpha > 0.5
	haloMean  float64 // mean colour error (0-255) within 6 px outside the true edge after compositing
	haloP95   float64 // its 95th percentile
	crownErr  int     // estimated crown minus true crown, rows

	maeHead, maeTorso   float64 // bandMAE above and below the chin
	haloHead, haloTorso float64 // haloMean above and below the chin
}

var lightBlue = color.RGBA{100, 197, 255, 255}

func measure(sc synthScene, m *Matte) quality {
	w, h := sc.img.Bounds().Dx(), sc.img.Bounds().Dy()
	n := w * h
	mask := make([]uint8, n)
	for o, a := range sc.alpha {
		if a >= 0.5 {
			mask[o] = 1
		}
	}
	in := make([]float32, n)
	out := make([]float32, n)
	edt(mask, 0, w, h, in)  // person: squared distance to the wall
	edt(mask, 1, w, h, out) // wall: squared distance to the person
	comp := image.NewRGBA(sc.img.Bounds())
	Composite(sc.img, m, lightBlue, comp)
	var q quality
	var nBand, nIn, nLost, nTorso, nTorsoLost, nOut, nExtra int
	var halo []float64
	var sHead, sTorso, hHead, hTorso float64
	var cHead, cTorso, chHead, chTorso int
	chinY := int(635 * float64(h) / 960)
	torsoY := int(shoulder(0)*float64(h)/960) + 10
	for o := 0; o < n; o++ {
		a, t := float64(m.Alpha[o]), float64(sc.alpha[o])
		var d float64 // signed distance to the true edge, > 0 inside
		if mask[o] == 1 {
			d = math.Sqrt(float64(in[o]))
		} else {
			d = -math.Sqrt(float64(out[o]))
		}
		switch {
		case math.Abs(d) <= 4 || (t > 0 && t < 1):
			nBand++
			q.sad += math.Abs(a - t)
			if o/w < chinY {
				sHead += math.Abs(a - t)
				cHead++
			} else {
				sTorso += math.Abs(a - t)
				cTorso++
			}
		case d > 4:
			nIn++
			if a < 0.5 {
				nLost++
			}
			if o/w > torsoY {
				nTorso++
				if a < 0.5 {
					nTorsoLost++
				}
			}
		default:
			nOut++
			if a > 0.5 {
				nExtra++
			}
		}
		if d < 0 && d >= -6 {
			// Truth composite: the person's colour over the new wall.
			var e float64
			for k := 0; k < 3; k++ {
				nb := float64([]uint8{lightBlue.R, lightBlue.G, lightBlue.B}[k])
				want := t*float64(sc.fg[o][k]) + (1-t)*nb
				e = max(e, math.Abs(float64(comp.Pix[4*o+k])-want))
			}
			halo = append(halo, e)
			if o/w < chinY {
				hHead += e
				chHead++
			} else {
				hTorso += e
				chTorso++
			}
		}
	}
	q.bandMAE = q.sad / float64(max(nBand, 1))
	q.sad /= 1000
	q.lost = float64(nLost) / float64(max(nIn, 1))
	q.lostTorso = float64(nTorsoLost) / float64(max(nTorso, 1))
	q.extra = float64(nExtra) / float64(max(nOut, 1))
	for _, e := range halo {
		q.haloMean += e
	}
	q.haloMean /= float64(max(len(halo), 1))
	if len(halo) > 0 {
		slices.Sort(halo)
		q.haloP95 = halo[len(halo)*95/100]
	}
	q.crownErr = m.Crown - sc.crown
	q.maeHead, q.maeTorso = sHead/float64(max(cHead, 1)), sTorso/float64(max(cTorso, 1))
	q.haloHead, q.haloTorso = hHead/float64(max(chHead, 1)), hTorso/float64(max(chTorso, 1))
	return q
}
