package matte

import (
	"image"
	"math"
)

// Trimap band widths, in face sizes: the coarse mask edge is trusted to
// within bandEdge on either side; above the eyes the band reaches bandHair
// out into the wall, where strands fade into it (the hair mass itself is
// inside the mask: dark against a light wall or not, the flood stops at it).
const (
	bandEdge = 0.02
	bandHair = 0.06
	// edgeRamp is the width (full-size pixels) of the alpha ramp drawn
	// across the mask edge where colour cannot tell person from wall.
	edgeRamp = 3
	// minBand is the least band width (full-size pixels): the mask is cut
	// on the half-size grid, whose cells half on the person count as person.
	minBand = 5
)

// band is the full-size alpha before refinement, and where it is unsure.
type band struct {
	alpha plane
	in    []uint8 // inside the trimap band: 1 + 254 x the confidence of the colour; 0 outside
	rows  [2]int  // first and last+1 row holding band pixels
	wall  rgb     // half size: local correction of the wall model
}

// bandWidths returns how far (full-size pixels) the band reaches into the
// person and into the wall at row y: wide into the wall above the eyes,
// blended over a fifth of a face.
func bandWidths(y float64, g geometry) (in, out float32) {
	t := (g.eyeY + 0.1*g.s - y) / (0.2 * g.s)
	t = max(0, min(1, t))
	in = float32(max(minBand, g.s*bandEdge))
	out = float32(max(minBand, g.s*(bandEdge+(bandHair-bandEdge)*t)))
	return in, out
}

// bandAlpha turns the half-size mask into a full-size alpha: 0 or 1 away
// from the mask edge, and inside a round band around it the projection of
// each pixel onto the line from the wall model to the local person colour.
func bandAlpha(img *image.RGBA, half rgb, bg *Background, seg *segmentation, g geometry, sigma float32) band {
	hw, hh := seg.w, seg.h
	n := hw * hh
	// Signed distance to the mask edge, in half-size pixels (> 0 on the person).
	// One transform from the person's edge cells (those with a wall
	// neighbour): for a wall cell the nearest person cell is an edge cell.
	sd := make([]float32, n)
	edge := make([]uint8, n)
	for j := 0; j < hh; j++ {
		for i := 0; i < hw; i++ {
			o := j*hw + i
			if seg.mask[o] == 1 && (i > 0 && seg.mask[o-1] == 0 || i < hw-1 && seg.mask[o+1] == 0 ||
				j > 0 && seg.mask[o-hw] == 0 || j < hh-1 && seg.mask[o+hw] == 0) {
				edge[o] = 1
			}
		}
	}
	edt(edge, 1, hw, hh, sd)
	for o, d2 := range sd {
		d := float32(math.Sqrt(float64(d2)))
		if seg.mask[o] == 1 {
			sd[o] = d + 0.5
		} else {
			sd[o] = 0.5 - d
		}
	}

	// Local person colour F and local wall B, both as differences from the
	// wall model. First, for every cell, the mean of the sure person (and of
	// the sure wall) beyond the band nearby, by normalised box filtering;
	// with little wall nearby its correction fades to zero. The local wall
	// follows shadows and light falloff next to the person that the smooth
	// surface cannot.
	// These smooth means are computed at quarter size.
	_, rmax := bandWidths(0, g)
	rq := int(math.Ceil(float64(rmax)/2)) + 1 // quarter-size pixels: twice the widest reach
	qw, qh := (hw+1)/2, (hh+1)/2
	qn := qw * qh
	qbuf := make([]float32, 8*qn)
	q := func(k int) []float32 { return qbuf[k*qn : (k+1)*qn] }
	qf, qfr, qfg, qfb := q(0), q(1), q(2), q(3) // sure person: weight, colour sums
	qb, qbr, qbg, qbb := q(4), q(5), q(6), q(7) // sure wall
	for j := 0; j < hh; j++ {
		rin, rout := bandWidths(2*float64(j)+1, g)
		rin, rout = rin/2+1, rout/2+1
		qrow := (j >> 1) * qw
		for i, o := 0, j*hw; i < hw; i, o = i+1, o+1 {
			qo := qrow + i>>1
			if d := sd[o]; d > rin {
				qf[qo]++
				qfr[qo] += seg.near.r[o]
				qfg[qo] += seg.near.g[o]
				qfb[qo] += seg.near.b[o]
			} else if d < -rout {
				qb[qo]++
				qbr[qo] += seg.near.r[o]
				qbg[qo] += seg.near.g[o]
				qbb[qo] += seg.near.b[o]
			}
		}
	}
	scratch := make([]float32, qn)
	for k := 0; k < 8; k++ {
		boxBlur(plane{qw, qh, q(k)}, rq, scratch)
	}
	for o := 0; o < qn; o++ {
		if qf[o] > 4e-3 {
			inv := 1 / qf[o]
			qfr[o] *= inv
			qfg[o] *= inv
			qfb[o] *= inv
		} else {
			qf[o] = 0 // no person colour nearby
		}
		// With little wall nearby the correction fades to zero.
		inv := 1 / (qb[o] + 0.08)
		qbr[o] *= inv
		qbg[o] *= inv
		qbb[o] *= inv
	}
	fc := seg.spare // only the cells of the band are written and read
	wc := newRGB(hw, hh)
	hasF := make([]bool, n)
	// Then, in the band, the colours just beyond it straight across the edge
	// (along the gradient of the distance): box means mix the materials of a
	// corner (skin of the neck with the shirt beside it, the face with the
	// hair), the nearest sure pixels do not.
	// Only the cells of the band (with a margin) are ever read.
	for j := 0; j < hh; j++ {
		rin, rout := bandWidths(2*float64(j)+1, g)
		rin, rout = rin/2, rout/2
		qrow := (j >> 1) * qw
		for i := 0; i < hw; i++ {
			o := j*hw + i
			d := sd[o]
			if d >= rin+2 || d <= -rout-2 {
				continue
			}
			qo := qrow + i>>1
			fc.r[o], fc.g[o], fc.b[o] = qfr[qo], qfg[qo], qfb[qo]
			wc.r[o], wc.g[o], wc.b[o] = qbr[qo], qbg[qo], qbb[qo]
			hasF[o] = qf[qo] > 0
			if i == 0 || j == 0 || i == hw-1 || j == hh-1 {
				continue
			}
			gx, gy := (sd[o+1]-sd[o-1])/2, (sd[o+hw]-sd[o-hw])/2
			gl := float32(math.Sqrt(float64(gx*gx + gy*gy)))
			if gl < 0.5 {
				continue // a ridge of the distance: no clear direction
			}
			gx, gy = gx/gl, gy/gl
			{
				t := rin + 1.5 - d
				px, py := float32(i)+gx*t, float32(j)+gy*t
				if c, ok := cellAt(px, py, hw, hh); ok && sd[c] > rin {
					fc.r[o], fc.g[o], fc.b[o] = bilinear3(seg.near, px, py)
					hasF[o] = true
				}
			}
			{
				t := d + rout + 1.5
				px, py := float32(i)-gx*t, float32(j)-gy*t
				if c, ok := cellAt(px, py, hw, hh); ok && sd[c] < -rout {
					wc.r[o], wc.g[o], wc.b[o] = bilinear3(seg.near, px, py)
				}
			}
		}
	}

	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	out := band{alpha: newPlane(w, h), in: make([]uint8, w*h), rows: [2]int{h, 0}, wall: wc}
	t0 := max(4*sigma, 0.04)
	tLow := max(2*sigma, 0.01) // 4 sigma of the 3 x 3 averages
	u0, du := bg.gridU(1)
	const inv255 = 1.0 / 255
	for y := 0; y < h; y++ {
		rin, rout := bandWidths(float64(y)+0.5, g)
		arow := out.alpha.p[y*w : (y+1)*w]
		brow := out.in[y*w : (y+1)*w]
		// Bilinear weights of the half-size rows around this row.
		fy := (float32(y)+0.5)/2 - 0.5
		j0 := int(math.Floor(float64(fy)))
		ty := fy - float32(j0)
		j1 := min(j0+1, hh-1)
		j0 = max(j0, 0)
		sd0, sd1 := sd[j0*hw:(j0+1)*hw], sd[j1*hw:(j1+1)*hw]
		jn := min(hh-1, y/2) // nearest half-size row for the person colour
		var p poly
		polyDone := false
		pix := img.Pix[y*img.Stride : y*img.Stride+4*w]
		sdn := sd[jn*hw : (jn+1)*hw]
		for i, dh := range sdn {
			// Far from the band the cell decides for its two pixels
			// (bilinear values lie within 1.5 cells of it); alpha is
			// already 0.
			x0, x1 := 2*i, min(2*i+2, w)
			if dn := 2 * dh; dn >= rin+3 {
				for x := x0; x < x1; x++ {
					arow[x] = 1
				}
				continue
			} else if dn <= -rout-3 {
				continue
			}
			o := jn*hw + i
			// What depends on the cell only (its person and wall colours) is
			// worked out at its first band pixel.
			var cell bool
			var nr, ng, nb, vr, vg, vb, vv, vlen, conf, cl float32
			for x := x0; x < x1; x++ {
				// Bilinear signed distance from the half-size grid.
				fx := (float32(x)+0.5)/2 - 0.5
				i0 := int(fx)
				if fx < 0 {
					i0 = -1
				}
				tx := fx - float32(i0)
				i1 := min(i0+1, hw-1)
				i0 = max(i0, 0)
				top := sd0[i0] + tx*(sd0[i1]-sd0[i0])
				bot := sd1[i0] + tx*(sd1[i1]-sd1[i0])
				d := 2 * (top + ty*(bot-top)) // full-size pixels
				if d >= rin {
					arow[x] = 1
					continue
				}
				if d <= -rout {
					continue
				}
				brow[x] = 1
				if !polyDone {
					p = bg.rowPoly(float64(y) + 0.5)
					polyDone = true
					out.rows[0] = min(out.rows[0], y)
					out.rows[1] = y + 1
				}
				u := u0 + float32(x)*du
				wr, wg, wb := wc.r[o], wc.g[o], wc.b[o]
				br := p.a[0] + u*(p.b[0]+u*p.c[0]) + wr
				bgc := p.a[1] + u*(p.b[1]+u*p.c[1]) + wg
				bb := p.a[2] + u*(p.b[2]+u*p.c[2]) + wb
				ramp := clamp01(0.5 + d/edgeRamp)
				if !hasF[o] {
					arow[x] = ramp
					continue
				}
				if !cell {
					// Unit wall colour, to soften differences along it
					// (shadows), and the person's colour against the wall.
					il := 1 / float32(math.Sqrt(float64(br*br+bgc*bgc+bb*bb)+1e-12))
					nr, ng, nb = br*il, bgc*il, bb*il
					vr, vg, vb = soften(fc.r[o]-wr, fc.g[o]-wg, fc.b[o]-wb, nr, ng, nb)
					vv = pdot(vr, vg, vb, vr, vg, vb)
					vlen = float32(math.Sqrt(float64(vv)))
					cl = clamp01((vlen - tLow) / tLow)
					conf = clamp01((vlen - t0) / t0)
					cell = true
				}
				// Where the person's colour is close to the wall's, read alpha
				// from the smoothed difference, contrast-stretched, or failing
				// that from the mask edge.
				low := ramp
				if cl > 0 {
					sr, sg, sb := bilinear3(seg.near, fx, fy)
					sr, sg, sb = soften(sr-wr, sg-wg, sb-wb, nr, ng, nb)
					as := clamp01(0.5 + 2*(pdot(sr, sg, sb, vr, vg, vb)/vv-0.5))
					low = cl*as + (1-cl)*ramp
				}
				if conf == 0 {
					arow[x] = low
					continue
				}
				ir, ig, ib := soften(float32(pix[4*x])*inv255-br, float32(pix[4*x+1])*inv255-bgc, float32(pix[4*x+2])*inv255-bb, nr, ng, nb)
				uv := pdot(ir, ig, ib, vr, vg, vb)
				a := uv / vv
				// A pixel inside the mask far off the line from wall to person
				// colour is not a mix of the two but another part of the person
				// (an ear next to dark hair): its distance from the wall decides.
				// (Outside the mask such pixels are rim light or JPEG ringing.)
				uu := pdot(ir, ig, ib, ir, ig, ib)
				perp2 := uu - a*uv
				if perp2 < 0 {
					perp2 = 0
				}
				perp := float32(math.Sqrt(float64(perp2)))
				if wp := clamp01((perp - t0) / t0); wp > 0 && d > 0 {
					dr, dg, db := float32(pix[4*x])*inv255-br, float32(pix[4*x+1])*inv255-bgc, float32(pix[4*x+2])*inv255-bb
					wd := float32(math.Sqrt(float64(wallDist2(dr, dg, db, br, bgc, bb))))
					if ad := clamp01((wd - t0) / 0.10); ad > a {
						a += wp * (ad - a)
					}
				}
				arow[x] = conf*clamp01(a) + (1-conf)*low
				brow[x] = 1 + uint8(254*conf)
			}
		}
	}
	return out
}

// soften scales the component of the difference d along the unit wall
// colour n by alongWeight.
func soften(dr, dg, db, nr, ng, nb float32) (float32, float32, float32) {
	k := (1 - alongWeight) * (dr*nr + dg*ng + db*nb)
	return dr - k*nr, dg - k*ng, db - k*nb
}

// bilinear3 samples the three planes at (fx, fy) in their pixel units
// (pixel centres at integers), clamped at the edges.
func bilinear3(c rgb, fx, fy float32) (float32, float32, float32) {
	x0, y0 := int(math.Floor(float64(fx))), int(math.Floor(float64(fy)))
	tx, ty := fx-float32(x0), fy-float32(y0)
	x1, y1 := min(max(x0+1, 0), c.w-1), min(max(y0+1, 0), c.h-1)
	x0, y0 = min(max(x0, 0), c.w-1), min(max(y0, 0), c.h-1)
	o00, o01, o10, o11 := y0*c.w+x0, y0*c.w+x1, y1*c.w+x0, y1*c.w+x1
	w00, w01, w10, w11 := (1-tx)*(1-ty), tx*(1-ty), (1-tx)*ty, tx*ty
	return w00*c.r[o00] + w01*c.r[o01] + w10*c.r[o10] + w11*c.r[o11],
		w00*c.g[o00] + w01*c.g[o01] + w10*c.g[o10] + w11*c.g[o11],
		w00*c.b[o00] + w01*c.b[o01] + w10*c.b[o10] + w11*c.b[o11]
}

// cellAt returns the index of the cell nearest to (x, y) and whether it is
// inside the w x h grid.
func cellAt(x, y float32, w, h int) (int, bool) {
	i, j := int(x+0.5), int(y+0.5)
	if x < -0.5 || y < -0.5 || i >= w || j >= h {
		return 0, false
	}
	return j*w + i, true
}
