package matte

// The neck of the body prior is a band neckHalfWidth either side of the
// face's centre line, from the middle of the face down, and the torso
// outline keeps those columns person from the chin down. A real neck is
// often narrower, or not under the centre line of the eyes (a head turned
// or tilted and then straightened), and the band then holds a patch of the
// wall beside the neck, above the shoulder, that the flood cannot reach: a
// patch of the old wall on the new background. Only the middle of the band
// (neckCoreHalfWidth) is certain; its outer parts are opened to the flood
// down to where the shoulder outline just outside the band begins.

// neckCoreHalfWidth is the half-width, in face sizes, of the part of the
// neck band that always stays person: well inside any neck.
const neckCoreHalfWidth = 0.1

// openNeckSides clears, in core (half size, w x h), the outer parts of the
// neck band below the chin and above the torso outline top of the first
// column outside the band on that side, so that the wall there can be
// flooded. Cells of the face ellipse (core 2) are left alone.
func openNeckSides(core []uint8, top []int32, w, h int, g geometry) {
	nh, inner := neckHalfWidth*g.s, neckCoreHalfWidth*g.s
	j0 := min(h, max(0, int(g.chinY/2)))
	for side := -1; side <= 1; side += 2 {
		// The first column outside the band on this side.
		out := -1
		for i := 0; i < w; i++ {
			d := float64(side) * (2*float64(i) + 1 - g.cx)
			if d >= nh {
				if out < 0 || float64(side)*float64(i-out) < 0 {
					out = i
				}
			}
		}
		if out < 0 {
			continue
		}
		end := min(h, int(top[out]))
		for i := 0; i < w; i++ {
			d := float64(side) * (2*float64(i) + 1 - g.cx)
			if d < inner || d >= nh {
				continue
			}
			for j := j0; j < end; j++ {
				if o := j*w + i; core[o] == 1 {
					core[o] = 0
				}
			}
		}
	}
}
