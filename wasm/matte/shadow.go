package matte

import "math"

// Shadows cast on the wall beside the neck and shoulders. The wall distance
// (shadowMetric) already counts a darkening of the wall only half, but a
// person's own soft shadow darkens it by up to a third, which is still more
// than clothing a few colour units from the wall differs by: the torso
// outline then takes the shadow for a shoulder. A shadow is a darker
// version of the wall colour, so it lies on the segment from the wall
// colour towards black and keeps the wall's hue; clothing close to the wall
// in colour usually has a hue of its own. Where a cell's hue is nearer the
// wall's than the clothing's, the torso outline reads its distance from
// that segment instead. Clothing of the wall's own hue (a grey shirt on a
// grey wall) cannot be told from a shadow this way: there nothing changes.

// wallLightDepth is how much lighter than the wall model, as a share of
// its brightness, the wall may still be on the shadow segment: a textured
// wall (concrete, plaster) has lighter patches the smooth model does not
// follow, of the wall's own hue, and beside the neck they passed for a
// shoulder just as a shadow did.
const wallLightDepth = 0.1

// shadowDist2 is the squared distance (in the metric) of the difference d
// from the wall to the shadow segment: the darker versions of the wall
// down to shadowDepth, and the lighter ones up to wallLightDepth. Past
// either end the distance is to that end.
func (sm *shadowMetric) shadowDist2(dr, dg, db float32) float32 {
	along := sm.a[0]*dr + sm.a[1]*dg + sm.a[2]*db
	if along > wallLightDepth {
		along = wallLightDepth
	} else if along < -shadowDepth {
		along = -shadowDepth
	}
	dm := sm.mb[0]*dr + sm.mb[1]*dg + sm.mb[2]*db
	if d := dist2(dr, dg, db) - 2*along*dm + along*along*sm.bb; d > 0 {
		return d
	}
	return 0
}

// A shadow and a drift of the wall model (vignetting below the sampled
// wall) scale the wall's colour by one factor in every channel; clothing
// changes the ratios between the channels. So the colour of a cell is
// compared with the wall model's as its hue ratio: the ratio of cell to
// wall per channel, divided by the mean of the three, less one. It is zero
// for the wall, lit or shaded; the clothing's is read from the bottom rows
// and, being a ratio, does not care that the model drifts down there.
const (
	// clothingRows is how far up from the bottom edge, in face sizes, and
	// clothingSpan how wide a run of columns each column's reading is
	// averaged over: in an ID photo the bottom rows are the chest and
	// shoulders.
	clothingRows = 0.15
	clothingSpan = 0.2
	// minClothingHue is the least hue ratio of the clothing (a length of
	// the three-vector) for a shadow to be told from it: about one CIE76
	// unit of hue on a light grey wall (synth's messy clothing has 0.016-
	// 0.046), some three times the noise of a cell of the smoothed
	// differences.
	minClothingHue = 0.01
)

// hueRatio returns the hue ratio of the colour wall + d against wall.
func hueRatio(d, wall [3]float32) [3]float32 {
	var r [3]float32
	for c := range r {
		r[c] = 1 + d[c]/max(wall[c], 1.0/255)
	}
	m := (r[0] + r[1] + r[2]) / 3
	if m <= 0 {
		return [3]float32{}
	}
	for c := range r {
		r[c] = r[c]/m - 1
	}
	return r
}

func norm2(v [3]float32) float32 { return v[0]*v[0] + v[1]*v[1] + v[2]*v[2] }

// shadowDiscount marks, for the torso outline, the cells of the half-size
// differences diff (from bg) that are shaded wall rather than clothing.
type shadowDiscount struct {
	hue  [][3]float32 // per column: the clothing's hue ratio
	wall [][3]float32 // scratch: the wall model along a row
}

// newShadowDiscount reads the clothing's hue ratio per column from the
// bottom rows; ok is false when the crop ends too close to the chin for
// those rows to be clothing, or when the typical (median) column's clothing
// hue is too close to the wall's to tell a shadow from it.
func newShadowDiscount(diff rgb, bg *Background, g geometry) (sd *shadowDiscount, ok bool) {
	w, h := diff.w, diff.h
	if float64(g.h) < g.chinY+0.6*g.s {
		return nil, false
	}
	sd = &shadowDiscount{hue: make([][3]float32, w), wall: make([][3]float32, w)}
	j0 := max(0, h-max(1, iround(clothingRows*g.s/2)))
	sum := newRGB(w, 1)
	for j := j0; j < h; j++ {
		sd.wallRow(bg, j)
		for i := 0; i < w; i++ {
			o := j*w + i
			q := hueRatio([3]float32{diff.r[o], diff.g[o], diff.b[o]}, sd.wall[i])
			sum.r[i] += q[0]
			sum.g[i] += q[1]
			sum.b[i] += q[2]
		}
	}
	tmp := make([]float32, w)
	k := max(1, iround(clothingSpan*g.s/4))
	for _, p := range [][]float32{sum.r, sum.g, sum.b} {
		boxLine(p, tmp, k)
		copy(p, tmp)
	}
	inv := 1 / float32(h-j0)
	strength := make([]float32, w)
	for i := range sd.hue {
		sd.hue[i] = [3]float32{sum.r[i] * inv, sum.g[i] * inv, sum.b[i] * inv}
		strength[i] = norm2(sd.hue[i])
	}
	typical := median(strength)
	return sd, typical >= minClothingHue*minClothingHue
}

// wallRow fills sd.wall with the wall model along half-size row j.
func (sd *shadowDiscount) wallRow(bg *Background, j int) {
	p := bg.rowPoly(2*float64(j) + 1)
	u, du := bg.gridU(2)
	for i := range sd.wall {
		for c := range 3 {
			sd.wall[i][c] = p.a[c] + u*(p.b[c]+u*p.c[c])
		}
		u += du
	}
}

// apply lowers, in the distances ds of the differences diff from the wall,
// those of cells whose hue is nearer the wall's than their column's
// clothing's, to their distance from the shadow segment: a darker version
// of the wall there is a shadow, not a shoulder. Every column takes part
// once the typical column's clothing has a hue (newShadowDiscount): where
// the clothing's hue fades (a wall lit to the clothing's colour on one
// side) the cells of that shoulder fall on both sides of the line, its
// outline is drawn from the mirror image, and shoulderSeen says so. Rows
// above j0 are left alone: the torso outline does not read them.
func (sd *shadowDiscount) apply(ds []float32, diff rgb, bg *Background, sm *shadowMetric, j0 int) {
	w, h := diff.w, diff.h
	// A cell's hue ratio q is nearer the wall's (0) than the clothing's c
	// when q·c < |c|²/2. With r = 1 + d/wall per channel and m the mean of
	// r, q = r/m - 1, and q·c = (r·c)/m - Σc: so the test is
	// r·c < m (|c|²/2 + Σc), with no division per cell.
	k := make([][3]float32, w) // per column: c / wall
	for j := max(0, j0); j < h; j++ {
		sd.wallRow(bg, j)
		for i := 0; i < w; i++ {
			c := sd.hue[i]
			for ch := range 3 {
				k[i][ch] = c[ch] / max(sd.wall[i][ch], 1.0/255)
				sd.wall[i][ch] = 1 / (3 * max(sd.wall[i][ch], 1.0/255))
			}
		}
		for i := 0; i < w; i++ {
			c := sd.hue[i]
			sum := c[0] + c[1] + c[2]
			half := norm2(c)/2 + sum
			o := j*w + i
			dr, dg, db := diff.r[o], diff.g[o], diff.b[o]
			iw := &sd.wall[i]
			m := 1 + dr*iw[0] + dg*iw[1] + db*iw[2]
			rc := sum + dr*k[i][0] + dg*k[i][1] + db*k[i][2]
			if m <= 0 || rc >= m*half {
				continue
			}
			if s := float32(math.Sqrt(float64(sm.shadowDist2(dr, dg, db)))); s < ds[o] {
				ds[o] = s
			}
		}
	}
}
