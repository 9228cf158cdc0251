package matte

import "math"

// The wall beside the torso. The torso outline holds one row per column,
// falling away from the neck, and a faint shoulder follows its mirror
// image: where one shoulder reaches the image's side and the other drops
// away before it (a body turned a little, arms hanging), the columns past
// the lower shoulder keep the mirror's row, and a block of the old wall
// stays beside that shoulder down to the bottom edge (hivision_test4). In
// those rows the wall is read across: from the side edge inward, a run of
// cells near the wall model (coarse alpha below one half) and close to the
// colour at the edge, that ends at a clear step to the person well out
// from the neck, is wall; so is a row between such rows, as far as the
// shorter of theirs. (A white shirt on a white wall gives no step there
// and keeps its prior; clothing that runs out of the frame is not near
// the model.)

const (
	// sideMinOut is the least distance of the step from the face's centre
	// line, in face sizes: well past the neck, out on the shoulder.
	sideMinOut = 0.5
	// sideStepCells is how many half-size cells inward of the run must all
	// be clearly the person.
	sideStepCells = 3
	// sideRun is how close to the wall at the row's edge (a share of the
	// wall threshold t0) the run's cells are, sideStep how far the cells
	// of the step: a cream shirt on a beige wall is 1.5-3 t0 from it, a
	// white one on a white wall a fifth of t0.
	sideRun, sideStep = 0.5, 1.0
	// sideGap is how far past the run, in face sizes, the step may lie.
	sideGap = 0.05
)

// carvedWall marks in the body prior the cells carveSides found to be wall.
const carvedWall = 3

// carveSides marks, in the body prior core (half size, w x h), the torso
// cells below the chin found to be wall as above with carvedWall, and
// returns how many.
func carveSides(core []uint8, d *differences, g geometry, w, h int) int {
	j0 := min(h, max(0, int(g.chinY/2)))
	if j0 >= h {
		return 0
	}
	t02 := sideRun * sideRun * d.t0 * d.t0
	lim2 := sideStep * sideStep * d.t0 * d.t0
	minOut := sideMinOut * g.s / 2
	gap := max(1, iround(sideGap*g.s/2))
	c := g.cx / 2
	// run[side][j-j0]: how many cells from the side edge are wall in row
	// j, 0 where the row shows no run ending at a step.
	var run [2][]int
	for side := range run {
		run[side] = make([]int, h-j0)
	}
	for j := j0; j < h; j++ {
		row := j * w
		for side := range run {
			// i runs from the side edge inward.
			i, step := 0, 1
			if side == 1 {
				i, step = w-1, -1
			}
			start := i
			// The wall at the edge of this row is the reference: below the
			// sampled wall the model drifts, the wall beside the torso
			// follows the edge.
			// Its cells must be near the model too (coarse alpha below one
			// half): clothing that runs out of the frame is no wall.
			ref := row + i
			for ; i >= 0 && i < w && d.wall[row+i] != 0 && d.across(row+i, ref) < t02; i += step {
			}
			if i == start || i < 0 || i >= w || math.Abs(float64(i)-c) < minOut {
				continue
			}
			// A clear step to the person within gap cells of the run's end
			// (the wall's own shade by the person lies between).
			found := false
			for e := i; !found && (e-i)*step < gap && e >= 0 && e < w; e += step {
				found = true
				for k := 0; k < sideStepCells; k++ {
					q := e + k*step
					if q < 0 || q >= w || d.across(row+q, ref) < lim2 {
						found = false
						break
					}
				}
			}
			if found {
				run[side][j-j0] = (i - start) * step
			}
		}
	}
	// A row between rows with runs (within gap) whose own run failed (a
	// fold of shade, a speck of texture) takes the shorter of theirs.
	n := 0
	for side := range run {
		r := run[side]
		for k := range r {
			length := r[k]
			if length == 0 {
				up, down := 0, 0
				for m := k - 1; m >= 0 && m >= k-gap; m-- {
					if r[m] > 0 {
						up = r[m]
						break
					}
				}
				for m := k + 1; m < len(r) && m <= k+gap; m++ {
					if r[m] > 0 {
						down = r[m]
						break
					}
				}
				length = min(up, down)
			}
			row := (j0 + k) * w
			for q := 0; q < length; q++ {
				o := row + q
				if side == 1 {
					o = row + w - 1 - q
				}
				if core[o] == 1 {
					core[o] = carvedWall
					n++
				}
			}
		}
	}
	return n
}

// across is the squared wall distance of cell o's 3 x 3 mean from cell
// ref's.
func (d *differences) across(o, ref int) float32 {
	return d.sm.d2(d.near.r[o]-d.near.r[ref], d.near.g[o]-d.near.g[ref], d.near.b[o]-d.near.b[ref])
}
