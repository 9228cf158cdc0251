package face

import (
	"math"
	"slices"
	"sort"

	pigo "github.com/esimov/pigo/core"
)

// pass is one run of the detector over the plane.
type pass struct {
	angle            float64 // pigo's: a fraction of a turn, counter-clockwise on screen
	minSize, maxSize int     // window sides in plane pixels
	shift, scale     float64
}

// candidate is a face before the passes are merged.
type candidate struct {
	Face
	upright bool // the geometry comes from the angle-0 pass
}

// scan runs one pass and returns its clusters in the caller's coordinates.
func (m *Models) scan(p plane, ps pass, iou float64) []candidate {
	rows := p.h
	if ps.angle != 0 {
		rows = p.side // see plane: the rotated classifier needs a square
	}
	dets := m.faces.run(pigo.CascadeParams{
		MinSize:     ps.minSize,
		MaxSize:     ps.maxSize,
		ShiftFactor: ps.shift,
		ScaleFactor: ps.scale,
		ImageParams: pigo.ImageParams{Pixels: p.pix, Rows: rows, Cols: p.w, Dim: p.side},
	}, ps.angle)
	// Q sums over the windows that fire on a face, so it grows with the
	// sampling density; weigh it back to the default sampling (shift 0.1,
	// scale 1.1) so that passes compare.
	weight := float32(ps.shift * ps.shift / 0.01 * math.Log(ps.scale) / math.Log(1.1))
	deg := 0.0
	if ps.angle != 0 {
		deg = math.Remainder(-360*ps.angle, 360) // clockwise, in (-180, 180]
	}
	f := float64(p.factor)
	var out []candidate
	for _, c := range cluster(dets, iou) {
		out = append(out, candidate{
			Face: Face{
				Center: Point{c.col*f + (f-1)/2, c.row*f + (f-1)/2},
				Size:   c.size * f,
				Q:      c.q * weight,
				Angle:  deg,
			},
			upright: ps.angle == 0,
		})
	}
	return out
}

// group is a cluster of detections: their mean box and summed score.
type group struct {
	row, col, size float64
	q              float32
}

// cluster groups detections greedily: the strongest detection not yet
// taken gathers every other one whose box overlaps its own by more than iou
// (intersection over union). Unlike pigo's ClusterDetections, a detection
// joins one cluster only, and the seeds go strongest first, so the result
// does not depend on the order RunCascade found them in.
func cluster(dets []pigo.Detection, iou float64) []group {
	sort.Sort(strongestFirst(dets))
	taken := make([]bool, len(dets))
	var out []group
	for i, seed := range dets {
		if taken[i] {
			continue
		}
		var g group
		n := 0
		for j := i; j < len(dets); j++ {
			d := dets[j]
			if taken[j] || overlap(float64(seed.Col), float64(seed.Row), float64(seed.Scale),
				float64(d.Col), float64(d.Row), float64(d.Scale)) <= iou {
				continue
			}
			taken[j] = true
			g.row += float64(d.Row)
			g.col += float64(d.Col)
			g.size += float64(d.Scale)
			g.q += d.Q
			n++
		}
		g.row /= float64(n)
		g.col /= float64(n)
		g.size /= float64(n)
		out = append(out, g)
	}
	return out
}

// strongestFirst orders detections by score, strongest first, then by
// size, row and column: a total order (no two detections of a pass share
// all three), so any sort gives the same result. (sort.Sort rather than
// slices.SortFunc: the browser module has sort's code already, and a
// generic sort of this type would add 12 KB to it.)
type strongestFirst []pigo.Detection

func (d strongestFirst) Len() int      { return len(d) }
func (d strongestFirst) Swap(i, j int) { d[i], d[j] = d[j], d[i] }
func (d strongestFirst) Less(i, j int) bool {
	a, b := d[i], d[j]
	if a.Q != b.Q {
		return a.Q > b.Q
	}
	if a.Scale != b.Scale {
		return a.Scale < b.Scale
	}
	if a.Row != b.Row {
		return a.Row < b.Row
	}
	return a.Col < b.Col
}

// overlap returns the intersection over union of two square boxes given
// by centre and side.
func overlap(x1, y1, s1, x2, y2, s2 float64) float64 {
	w := min(x1+s1/2, x2+s2/2) - max(x1-s1/2, x2-s2/2)
	h := min(y1+s1/2, y2+s2/2) - max(y1-s1/2, y2-s2/2)
	if w <= 0 || h <= 0 {
		return 0
	}
	return w * h / (s1*s1 + s2*s2 - w*h)
}

// sameFace says whether two boxes are the same face: they overlap by a
// third or more, or the centre of one lies inside the other (a cluster on
// part of a face, the nose and mouth, is the commonest leftover).
func sameFace(a, b Face) bool {
	if overlap(a.Center.X, a.Center.Y, a.Size, b.Center.X, b.Center.Y, b.Size) > 1.0/3 {
		return true
	}
	inside := func(p Point, f Face) bool {
		return math.Abs(p.X-f.Center.X) < f.Size/2 && math.Abs(p.Y-f.Center.Y) < f.Size/2
	}
	return inside(a.Center, b) || inside(b.Center, a)
}

// dedupe merges the candidates that are the same face, strongest first.
// A merged face keeps the best Q and that pass's angle, and takes its box
// from the upright pass when that pass found the same box: the upright
// pass samples finer and is the one the pupil search is tuned for.
func dedupe(cands []candidate) []candidate {
	// Stable, by insertion: a few dozen candidates at most.
	for i := 1; i < len(cands); i++ {
		for j := i; j > 0 && cands[j].Q > cands[j-1].Q; j-- {
			cands[j], cands[j-1] = cands[j-1], cands[j]
		}
	}
	var kept []candidate
	for _, c := range cands {
		i := slices.IndexFunc(kept, func(k candidate) bool { return sameFace(k.Face, c.Face) })
		if i < 0 {
			kept = append(kept, c)
			continue
		}
		k := &kept[i]
		if c.upright && !k.upright && overlap(k.Center.X, k.Center.Y, k.Size, c.Center.X, c.Center.Y, c.Size) > 1.0/3 {
			k.Center, k.Size, k.upright = c.Center, c.Size, true
		}
	}
	return kept
}
