package matte

import (
	"fmt"
	"math"
)

// segmentation is the hard person/wall split at half size.
type segmentation struct {
	w, h int
	// mask is 1 on the person, 0 on the wall.
	mask []uint8
	// torsoTop is, per column, the first row of the torso (h: none).
	torsoTop []int32
	// seen is, for the left and the right shoulder, the share of its
	// columns whose outline rests on their own evidence (see torsoOutline).
	seen [2]float64
	// t0 is the colour distance (0-1) below which a pixel may be wall.
	t0 float32
	// near is the difference from the wall averaged over 3 x 3 half-size
	// pixels: where the person's colour is close to the wall's, alpha is
	// read from it rather than from single noisy pixels.
	near rgb
	// spare is a half-size rgb no longer needed, for the next stage.
	spare rgb
	// wall marks the cells flooded as wall.
	wall []bool
}

// Tuning of the segmentation, in face sizes where it is a length.
const (
	faceHalfWidth  = 0.40 // the face ellipse of the body prior
	faceHalfHeight = 0.55
	neckHalfWidth  = 0.20 // the neck of the body prior
	floodAlpha     = 0.5  // pixels with a coarse alpha below this may be wall
	dpSmooth       = 0.5  // torso outline: cost of one row of jump between columns
	pocketSide     = 0.05 // enclosed wall-coloured pockets larger than this square are wall
	stepRows       = 0.08 // torso outline: rows compared above and below it
	regionRows     = 0.25 // torso outline: rows below (above) it that must look like the person (wall)
	symWeight      = 0.75 // torso outline: weight of the mirror column's evidence
	// shoulderEvidence is the least own evidence (a share of the strongest,
	// R + L) for a column of the torso outline to count as seen, and
	// minShoulderSeen the least share of a shoulder's columns that must be
	// seen: a shoulder drawn from its mirror image alone is invented, and
	// where it is wrong the old wall shows beside the neck.
	shoulderEvidence = 0.25
	minShoulderSeen  = 0.5
)

// differences holds what the segmentation reads of the half-size image's
// difference from the wall model.
type differences struct {
	bg *Background
	t0 float32 // the coarse alpha threshold: max(4 sigma, 0.04)
	sm shadowMetric
	// wall is 1 where the colour is close enough to the wall to flood
	// through (coarse alpha below floodAlpha), 2 where it matches the wall
	// within t0.
	wall []uint8
	// near is the difference averaged over 3 x 3 cells, wide over a fifth
	// of a face (for the torso outline: clothing close to the wall colour
	// stands out only when averaged).
	near, wide rgb
}

func newDifferences(half rgb, bg *Background, fit *fitResult, g geometry) *differences {
	w, h := half.w, half.h
	d := &differences{wall: make([]uint8, w*h), near: newRGB(w, h), wide: newRGB(w, h)}
	d.classify(half, bg, fit, d.near)
	copy(d.wide.r, d.near.r)
	copy(d.wide.g, d.near.g)
	copy(d.wide.b, d.near.b)
	tmp := make([]float32, w*h)
	rb := max(1, iround(0.01*g.s))
	for _, c := range [][]float32{d.near.r, d.near.g, d.near.b} {
		boxBlur(plane{w, h, c}, 1, tmp)
	}
	for _, c := range [][]float32{d.wide.r, d.wide.g, d.wide.b} {
		boxBlur(plane{w, h, c}, rb, tmp)
	}
	return d
}

// classify sets the wall model and marks the cells that may be wall; diff,
// if it has planes, receives the differences.
func (d *differences) classify(half rgb, bg *Background, fit *fitResult, diff rgb) {
	w, h := half.w, half.h
	d.bg = bg
	d.t0 = max(4*fit.sigma, 0.04)
	d.sm = newShadowMetric(bg.mean())
	t02 := d.t0 * d.t0
	limit := d.t0 + 0.10*floodAlpha
	limit2 := limit * limit
	u0, du := bg.gridU(2)
	for j := 0; j < h; j++ {
		p := bg.rowPoly(2*float64(j) + 1)
		u := u0
		for o := j * w; o < (j+1)*w; o++ {
			dr := half.r[o] - (p.a[0] + u*(p.b[0]+u*p.c[0]))
			dg := half.g[o] - (p.a[1] + u*(p.b[1]+u*p.c[1]))
			db := half.b[o] - (p.a[2] + u*(p.b[2]+u*p.c[2]))
			if diff.r != nil {
				diff.r[o], diff.g[o], diff.b[o] = dr, dg, db
			}
			switch d2 := d.sm.d2(dr, dg, db); {
			case d2 < t02:
				d.wall[o] = 2
			case d2 < limit2:
				d.wall[o] = 1
			default:
				d.wall[o] = 0
			}
			u += du
		}
	}
}

// rebase moves d onto the refitted wall bg: the means are linear and the
// change of the surface is smooth, so it is subtracted from them as is.
func (d *differences) rebase(half rgb, bg *Background, fit *fitResult) {
	old := d.bg
	d.classify(half, bg, fit, rgb{})
	w, h := half.w, half.h
	u0, du := bg.gridU(2)
	for j := 0; j < h; j++ {
		pn, po := bg.rowPoly(2*float64(j)+1), old.rowPoly(2*float64(j)+1)
		u := u0
		for o := j * w; o < (j+1)*w; o++ {
			cr := pn.a[0] + u*(pn.b[0]+u*pn.c[0]) - (po.a[0] + u*(po.b[0]+u*po.c[0]))
			cg := pn.a[1] + u*(pn.b[1]+u*pn.c[1]) - (po.a[1] + u*(po.b[1]+u*po.c[1]))
			cb := pn.a[2] + u*(pn.b[2]+u*pn.c[2]) - (po.a[2] + u*(po.b[2]+u*po.c[2]))
			d.near.r[o] -= cr
			d.near.g[o] -= cg
			d.near.b[o] -= cb
			d.wide.r[o] -= cr
			d.wide.g[o] -= cg
			d.wide.b[o] -= cb
			u += du
		}
	}
}

// segment finds the person at half size: the torso outline column by column,
// then the wall flooded in from the top and side edges around a body prior
// (face ellipse, neck, torso), then the part connected to the face.
func segment(half rgb, d *differences, fit *fitResult, g geometry, sw *stopwatch) (*segmentation, error) {
	w, h := half.w, half.h
	n := w * h
	bg := d.bg
	seg := &segmentation{w: w, h: h, mask: make([]uint8, n), t0: d.t0, near: d.near}
	wall, diff, sm := d.wall, d.wide, d.sm
	ds := make([]float32, n)
	for o := range ds {
		ds[o] = float32(math.Sqrt(float64(sm.d2(diff.r[o], diff.g[o], diff.b[o]))))
	}
	var onWall []float32
	for s, p := range fit.idx {
		if fit.keep[s] {
			onWall = append(onWall, ds[p])
		}
	}
	tau := max(3*1.125*median(onWall), 0.012)
	if sd, ok := newShadowDiscount(diff, bg, g); ok {
		sd.apply(ds, diff, bg, &sm, torsoFirstRead(g))
	}
	core := make([]uint8, n)
	seg.torsoTop, seg.seen = torsoOutline(ds, diff, &sm, bg, tau, g)
	seg.spare = diff
	for i, top := range seg.torsoTop {
		for j := int(top); j < h; j++ {
			core[j*w+i] = 1
		}
	}

	sw.lap("segment/torso")

	// The rest of the body prior: the face ellipse and the neck.
	headCore(core, w, h, g)
	openNeckSides(core, seg.torsoTop, w, h, g)
	carved := carveSides(core, d, g, w, h) > 0

	// Flood the wall in from the top edge and the side edges above the chin.
	// st: 0 blocked, 1 may be wall, then 2 flooded (wall), 3 pocket being
	// measured, 4 pocket kept with the person.
	const (
		blocked = iota
		open
		flooded
		measuring
		kept
	)
	st := make([]uint8, n)
	for o := range st {
		// The face ellipse of the prior (core 2) may be too wide for a
		// narrow or turned face: the wall's very colour floods into it.
		// Wall read across beside the torso (core 3, sides.go) is open
		// whatever the model, which drifts down there.
		if wall[o] != 0 && core[o] == 0 || wall[o] == 2 && core[o] == 2 || core[o] == carvedWall {
			st[o] = open
		}
	}
	queue := make([]int32, 0, n/4)
	seed := func(o int) {
		if st[o] == open {
			st[o] = flooded
			queue = append(queue, int32(o))
		}
	}
	for i := 0; i < w; i++ {
		seed(i)
	}
	chin := min(h, int(g.chinY/2))
	if carved {
		chin = h // the carved wall beside the torso reaches the side edges
	}
	for j := 0; j < chin; j++ {
		seed(j * w)
		seed(j*w + w - 1)
	}
	queue = flood(queue, w, h, st, open, flooded)
	queue = floodCheeks(st, core, half, d, g, w, h, blocked, open, flooded, queue)

	// Enclosed wall-coloured pockets (between long hair and the neck, inside
	// curls) are wall when they are large, match the wall closely and lie
	// outside the face: a pale cheek or a lit forehead can come close to a
	// light wall, and a hole in a face is far worse than a patch of wall.
	minPocket := int(pocketSide * g.s * pocketSide * g.s / 4)
	fx0, fx1 := int((g.cx-0.5*g.s)/2), int((g.cx+0.5*g.s)/2)
	fy0, fy1 := int(g.top/2), int(g.chinY/2)
	for o := 0; o < n; o++ {
		if st[o] != open {
			continue
		}
		st[o] = measuring
		queue = flood(append(queue[:0], int32(o)), w, h, st, open, measuring)
		to := uint8(kept)
		if len(queue) >= minPocket {
			matching, inFace := 0, false
			for _, q := range queue {
				if wall[q] == 2 {
					matching++
				}
				i, j := int(q)%w, int(q)/w
				if i >= fx0 && i <= fx1 && j >= fy0 && j <= fy1 {
					inFace = true
				}
			}
			if !inFace && matching*10 >= len(queue)*9 {
				to = flooded
			}
		}
		for _, q := range queue {
			st[q] = to
		}
	}

	// Keep the part connected to the face.
	seg.wall = make([]bool, n)
	for o, v := range st {
		if v != flooded {
			seg.mask[o] = 1
		} else {
			seg.wall[o] = true
		}
	}
	fo := min(h-1, int(g.faceMidY/2))*w + min(w-1, int(g.cx/2))
	if seg.mask[fo] == 1 {
		seg.mask[fo] = 2
		flood(append(queue[:0], int32(fo)), w, h, seg.mask, 1, 2)
	}
	for o, v := range seg.mask {
		seg.mask[o] = v >> 1 // 2 (connected) becomes 1, 1 (cut off) 0
	}

	if err := seg.check(g); err != nil {
		return seg, err
	}
	return seg, nil
}

// headCore marks in core, at half size, the face ellipse of the body prior
// with 2 and its neck (from the middle of the face down to the bottom edge)
// with 1, leaving cells already marked 1 (the torso).
func headCore(core []uint8, w, h int, g geometry) {
	ax, ay := faceHalfWidth*g.s, faceHalfHeight*g.s
	nh := neckHalfWidth * g.s
	for j := 0; j < h; j++ {
		y := 2*float64(j) + 1
		dy := (y - g.faceMidY) / ay
		row := core[j*w : (j+1)*w]
		if dy*dy < 1 {
			half := ax * math.Sqrt(1-dy*dy)
			fillRow(row, (g.cx-half-1)/2, (g.cx+half-1)/2, 2)
		}
		if y >= g.faceMidY {
			fillRow(row, (g.cx-nh-1)/2, (g.cx+nh-1)/2, 1)
		}
	}
}

// fillRow sets row[i] = v for the columns i whose centres lie in [x0, x1]
// (half-size column coordinates), where row[i] is not 1 already.
func fillRow(row []uint8, x0, x1 float64, v uint8) {
	i0 := max(0, int(math.Ceil(x0)))
	i1 := min(len(row)-1, int(math.Floor(x1)))
	for i := i0; i <= i1; i++ {
		if row[i] != 1 {
			row[i] = v
		}
	}
}

// flood grows the region in queue (already marked to) through the
// 4-neighbours whose state is from, marking them to; it returns the whole
// region.
func flood(queue []int32, w, h int, st []uint8, from, to uint8) []int32 {
	last := (h - 1) * w
	for k := 0; k < len(queue); k++ {
		o := int(queue[k])
		i := o % w
		if i > 0 && st[o-1] == from {
			st[o-1] = to
			queue = append(queue, int32(o-1))
		}
		if i < w-1 && st[o+1] == from {
			st[o+1] = to
			queue = append(queue, int32(o+1))
		}
		if o >= w && st[o-w] == from {
			st[o-w] = to
			queue = append(queue, int32(o-w))
		}
		if o < last && st[o+w] == from {
			st[o+w] = to
			queue = append(queue, int32(o+w))
		}
	}
	return queue
}

// torsoOutline finds, for every half-size column, the first row of the
// torso below the chin: the torso is taken to reach the bottom edge with no
// holes, so each column is wall above its outline and person below, and the
// outline falls (or stays level) from the neck outwards. The cost of an
// outline row in a column counts, in the smoothed colour distance ds
// against the threshold tau, the rows just below it that look like the wall
// and those just above it that look like the person, less a reward for a
// step of colour across it; a column adds part of its mirror image's cost.
// Dynamic programming finds the outline of least total cost with dpSmooth
// per row of jump between neighbouring columns. Columns of the neck are
// person from the chin down.
//
// It also returns, for the left and the right shoulder, the share of their
// columns (from the neck out to a face size from the centre line, inside
// the image) whose own cost at the outline is clearly evidence of a
// shoulder: where it is low, the outline there was drawn from the mirror
// image alone (shoulderSeen).
func torsoOutline(ds []float32, diff rgb, sm *shadowMetric, bg *Background, tau float32, g geometry) ([]int32, [2]float64) {
	w, h := diff.w, diff.h
	y0 := min(h, max(0, int(g.chinY/2)))
	nr := h - y0 + 1 // outline rows y0..h; h means no torso in the column
	top := make([]int32, w)
	if nr <= 1 {
		for i := range top {
			top[i] = int32(h)
		}
		return top, [2]float64{1, 1}
	}
	nh := neckHalfWidth * g.s
	// The wall model is extrapolated below the sampled rows and drifts:
	// the region threshold grows with the distance below them, and only
	// regionRows rows below the outline count.
	itau := make([]float32, h)
	for j := range itau {
		dv := max(0, bg.v(2*float64(j)+1)-bg.vMax)
		if j < y0 {
			dv = 0
		}
		itau[j] = 1 / (tau * float32(1+dv))
	}
	R := regionCells(g)
	// The step term compares the mean colour of stepRows rows below the
	// outline with that of the rows above, in the same column: a shoulder
	// is a step, drift of the model is not.
	L := max(3, iround(stepRows*g.s/2))
	tauStep := max(2*tau/3, 0.01)
	// cost[i*nr+k]: minus the evidence for person below row y0+k in column i.
	cost := make([]float32, w*nr)
	// Columns are handled in blocks, rows read in order: per column of the
	// block, prefix sums down the rows of the colour differences (pr, pg,
	// pb), of the evidence for the person (sp), and of its positive (pp)
	// and negative (pw) parts.
	const block = 16
	stride := h + 1
	buf := make([]float32, 6*block*stride)
	pr, pg, pb := buf[:block*stride], buf[block*stride:2*block*stride], buf[2*block*stride:3*block*stride]
	sp, pp, pw := buf[3*block*stride:4*block*stride], buf[4*block*stride:5*block*stride], buf[5*block*stride:]
	for i0 := 0; i0 < w; i0 += block {
		nb := min(block, w-i0)
		for j := 0; j < h; j++ {
			o := j*w + i0
			t := itau[j]
			for b := 0; b < nb; b++ {
				q := b*stride + j
				pr[q+1] = pr[q] + diff.r[o+b]
				pg[q+1] = pg[q] + diff.g[o+b]
				pb[q+1] = pb[q] + diff.b[o+b]
				e := clamp11(ds[o+b]*t - 1)
				sp[q+1] = sp[q] + e
				if e > 0 {
					pp[q+1], pw[q+1] = pp[q]+e, pw[q]
				} else {
					pp[q+1], pw[q+1] = pp[q], pw[q]-e
				}
			}
		}
		for b := 0; b < nb; b++ {
			i := i0 + b
			c := cost[i*nr : (i+1)*nr]
			base := b * stride
			spc, ppc, pwc := sp[base:base+stride], pp[base:base+stride], pw[base:base+stride]
			prc, pgc, pbc := pr[base:base+stride], pg[base:base+stride], pb[base:base+stride]
			c[nr-1] = 0
			for k := nr - 2; k >= 0; k-- {
				y := y0 + k
				// Region: the rows just below the outline look like the
				// person, and none of those just above it does. At the top of
				// the range (the chin) what lies above is the head or hair, or
				// else wall: no step.
				sum := -(spc[min(h, y+R)] - spc[y])
				if k == 0 {
					c[k] = sum + (pwc[y] - pwc[max(0, y-R)])
					continue
				}
				sum += ppc[y] - ppc[max(0, y-R)]
				// Step at y.
				a0, b1 := max(0, y-L), min(h, y+L)
				ia, ib := 1/float32(y-a0), 1/float32(b1-y)
				sr := (prc[b1]-prc[y])*ib - (prc[y]-prc[a0])*ia
				sg := (pgc[b1]-pgc[y])*ib - (pgc[y]-pgc[a0])*ia
				sb := (pbc[b1]-pbc[y])*ib - (pbc[y]-pbc[a0])*ia
				step := float32(math.Sqrt(float64(sm.d2(sr, sg, sb))))
				e := clamp11((step - tauStep) / tauStep)
				c[k] = sum - float32(L)*e
			}
			x := 2*float64(i) + 1
			if math.Abs(x-g.cx) < nh {
				for k := 1; k < nr; k++ {
					c[k] = float32(math.Inf(1))
				}
			}
		}
	}

	// Shoulders are about level in an ID photo: each column also weighs the
	// evidence of its mirror image about the face's centre line, so that a
	// shoulder faint against the wall follows the one that is seen. The
	// weight falls as the column's own evidence grows: a shoulder that is
	// seen stays where it is even if the other is higher (a tilted body, a
	// roll straightened by the head).
	own := cost
	sym := make([]float32, w*nr)
	copy(sym, cost)
	strong := float32(R + L)
	for i := 0; i < w; i++ {
		m := iround((2*g.cx - (2*float64(i) + 1) - 1) / 2)
		if m < 0 || m >= w || m == i {
			continue
		}
		c, cm := sym[i*nr:(i+1)*nr], cost[m*nr:(m+1)*nr]
		wt := symWeight * (1 - 0.5*clamp01(-minCost(cost[i*nr:(i+1)*nr])/strong))
		for k := range c {
			c[k] += wt * cm[k]
		}
	}
	cost = sym

	// Forward pass with the L1 distance transform; from[i*nr+k] is the best
	// row of column i-1 for row k of column i.
	from := make([]int32, w*nr)
	acc := make([]float32, nr)
	best := make([]float32, nr)
	arg := make([]int32, nr)
	copy(acc, cost[:nr])
	for i := 1; i < w; i++ {
		copy(best, acc)
		for k := range arg {
			arg[k] = int32(k)
		}
		// Shoulders fall away from the neck: left of it the outline may only
		// rise towards the neck (come from a lower row of the column before),
		// right of it only fall.
		if 2*float64(i)+1 < g.cx+nh {
			for k := nr - 2; k >= 0; k-- {
				if v := best[k+1] + dpSmooth; v < best[k] {
					best[k], arg[k] = v, arg[k+1]
				}
			}
		} else {
			for k := 1; k < nr; k++ {
				if v := best[k-1] + dpSmooth; v < best[k] {
					best[k], arg[k] = v, arg[k-1]
				}
			}
		}
		c := cost[i*nr : (i+1)*nr]
		for k := range acc {
			acc[k] = best[k] + c[k]
		}
		copy(from[i*nr:(i+1)*nr], arg)
	}
	k := 0
	for j := range acc {
		if acc[j] < acc[k] {
			k = j
		}
	}
	for i := w - 1; i >= 0; i-- {
		top[i] = int32(y0 + k)
		k = int(from[i*nr+k])
	}
	return top, shoulderSeen(own, top, y0, nr, strong, g)
}

// shoulderSeen is the share of each shoulder's columns, from the neck out
// to a face size from the centre line, whose own cost (own, nr rows from
// y0 per column) at the outline top is below -shoulderEvidence times
// strong: the region and the step there say person below and wall above.
// A side with fewer than 4 such columns in the image counts as seen.
func shoulderSeen(own []float32, top []int32, y0, nr int, strong float32, g geometry) [2]float64 {
	var seen [2]float64
	nh := neckHalfWidth * g.s
	for side := range seen {
		n, ok := 0, 0
		for i := range top {
			x := 2*float64(i) + 1
			d := x - g.cx
			if side == 0 {
				d = -d
			}
			if d <= nh || d > g.s {
				continue
			}
			n++
			if k := int(top[i]) - y0; k >= 0 && k < nr && own[i*nr+k] <= -shoulderEvidence*strong {
				ok++
			}
		}
		seen[side] = 1
		if n >= 4 {
			seen[side] = float64(ok) / float64(n)
		}
	}
	return seen
}

// check refuses a segmentation whose head or shoulder outline was not
// found: the body prior alone would draw an invented silhouette.
func (seg *segmentation) check(g geometry) error {
	w, h := seg.w, seg.h
	// The hair (or the skull) must rise clearly above the face box.
	j0 := -1
	i0, i1 := max(0, int((g.cx-0.3*g.s)/2)), min(w-1, int((g.cx+0.3*g.s)/2))
rows:
	for j := 0; j < h; j++ {
		for i := i0; i <= i1; i++ {
			if seg.mask[j*w+i] == 1 {
				j0 = j
				break rows
			}
		}
	}
	if j0 < 0 || 2*float64(j0) > g.top-0.08*g.s {
		return &Refusal{LowContrast, "the top of the head is not separated from the wall"}
	}
	// Below the chin the shoulders must reach out on both sides: by 0.6
	// face sizes well below it, less just below it if the crop ends there.
	if g.chinY+0.15*g.s >= float64(g.h) {
		return nil // framed too tightly to see the shoulders; framing is judged elsewhere
	}
	y := min(g.chinY+0.6*g.s, float64(g.h-1))
	j := min(h-1, int(y/2))
	c := min(w-1, max(0, int(g.cx/2)))
	need := (0.35*g.s + 0.5*(y-g.chinY)) / 2
	left, right := 0, 0
	for i := c; i >= 0 && seg.mask[j*w+i] == 1; i-- {
		left++
	}
	for i := c; i < w && seg.mask[j*w+i] == 1; i++ {
		right++
	}
	if float64(left) < min(need, float64(c)-1) || float64(right) < min(need, float64(w-c)-2) {
		return &Refusal{LowContrast, fmt.Sprintf("shoulders not separated from the wall (reach %d and %d px)", 2*left, 2*right)}
	}
	if seg.seen[0] < minShoulderSeen || seg.seen[1] < minShoulderSeen {
		return &Refusal{LowContrast, fmt.Sprintf("a shoulder's outline is not seen against the wall (%.0f %% and %.0f %% of its columns)",
			100*seg.seen[0], 100*seg.seen[1])}
	}
	return nil
}

// minCost is the least of a column's outline costs (finite: the neck's
// columns have only their first).
func minCost(c []float32) float32 {
	m := c[0]
	for _, v := range c[1:] {
		if v < m {
			m = v
		}
	}
	return m
}

// regionCells is regionRows in half-size rows: how far above and below an
// outline row the torso outline reads the distances.
func regionCells(g geometry) int { return max(4, iround(regionRows*g.s/2)) }

// torsoFirstRead is the first half-size row whose distances the torso
// outline reads: regionCells above the chin's row.
func torsoFirstRead(g geometry) int { return int(g.chinY/2) - regionCells(g) }
