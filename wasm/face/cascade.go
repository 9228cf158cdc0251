package face

import (
	"encoding/binary"
	"math"
	"sync"

	pigo "github.com/esimov/pigo/core"
)

// finder runs pigo's facefinder cascade with the same arithmetic as
// pigo's RunCascade, and so finds the same windows with the same scores,
// in about two thirds of the time (the detection stage's largest part).
// Two things make the difference:
//
//   - The windows of one row go through the cascade together, a tree at a
//     time. A window's walk down a tree is a chain of dependent steps
//     (node, its two pixels, the comparison, the next node) that waits on
//     memory at every step; the walks of several windows, interleaved,
//     overlap in the processor instead of waiting one after another.
//   - For each window size, the trees that many windows reach get their
//     nodes' pixel positions worked out once, as offsets in memory from
//     the window's centre; pigo recomputes them at every node of every
//     window (for turned windows with four clamps as well).
//
// A cascade is a sequence of trees of the same depth. Each inner node
// compares the pixels at two points given in 1/256 of the window size
// (int8 row and column pairs); the leaf reached adds its value to the
// window's score, and the window is dropped as soon as the score falls to
// the tree's threshold or below.
type finder struct {
	depth  int // levels of comparisons
	trees  int
	codes  []byte    // per tree, 4 int8 per node: row1, col1, row2, col2; nodes 1 to 2^depth-1 (node 0 unused)
	leaves []float32 // per tree, 2^depth
	thresh []float32 // per tree
}

// newFinder reads a facefinder file (checked by checkFacefinder).
func newFinder(b []byte) *finder {
	d := int(binary.LittleEndian.Uint32(b[8:]))
	n := int(binary.LittleEndian.Uint32(b[12:]))
	nodes := 1 << d
	f := &finder{depth: d, trees: n,
		codes:  make([]byte, n*4*nodes),
		leaves: make([]float32, n*nodes),
		thresh: make([]float32, n)}
	pos := 16
	for t := range n {
		pos += copy(f.codes[4*t*nodes+4:4*(t+1)*nodes], b[pos:])
		pos += readFloats(f.leaves[t*nodes:(t+1)*nodes], b[pos:])
		f.thresh[t] = math.Float32frombits(binary.LittleEndian.Uint32(b[pos:]))
		pos += 4
	}
	return f
}

// pigo's quantised turns, 1/32 of a full turn apart: 256 sin and 256 cos.
var (
	turnCos = [33]int{256, 251, 236, 212, 181, 142, 97, 49, 0, -49, -97, -142, -181, -212, -236, -251, -256, -251, -236, -212, -181, -142, -97, -49, 0, 49, 97, 142, 181, 212, 236, 251, 256}
	turnSin = [33]int{0, 49, 97, 142, 181, 212, 236, 251, 256, 251, 236, 212, 181, 142, 97, 49, 0, -49, -97, -142, -181, -212, -236, -251, -256, -251, -236, -212, -181, -142, -97, -49, 0}
)

// window is one window size and turn of a pass.
type window struct {
	f          *finder
	s          int  // side
	turned     bool // pigo's rotated path (angle > 0)
	qcos, qsin int  // s * 256 cos, s * 256 sin of the turn
	dim        int
	reach      int // turned windows: no point is further than this from the centre, in rows or columns
}

func (f *finder) window(s int, turn float64, dim int) window {
	w := window{f: f, s: s, dim: dim}
	if turn > 0 {
		a := int(32.0 * min(turn, 1))
		w.turned, w.qcos, w.qsin = true, s*turnCos[a], s*turnSin[a]
		// |256 (cos, sin) . (row, col)| <= 256 * 128 * sqrt 2: under
		// 0.71 s pixels from the centre, floors included.
		w.reach = s*181/256 + 2
	}
	return w
}

// classifyEdge scores the turned window centred at row r, column c of
// pixels whose points may fall outside the picture: they are clamped to
// it, rows and columns alike to the row count (pigo's
// classifyRotatedRegion, whose arithmetic the square plane keeps inside
// the buffer). It returns a score <= 0 for windows the cascade rejects.
func (w *window) classifyEdge(pix []uint8, r, c, rows int) float32 {
	f := w.f
	nodes := 1 << f.depth
	dim, qc, qs := w.dim, w.qcos, w.qsin
	var score float32
	for tree := range f.trees {
		codes := f.codes[4*tree*nodes : 4*(tree+1)*nodes]
		idx := 1
		for range f.depth {
			k := codes[4*idx : 4*idx+4 : 4*idx+4]
			r1, c1, r2, c2 := int(int8(k[0])), int(int8(k[1])), int(int8(k[2])), int(int8(k[3]))
			y1 := min(rows-1, max(0, r+(qc*r1-qs*c1)>>16))
			x1 := min(rows-1, max(0, c+(qs*r1+qc*c1)>>16))
			y2 := min(rows-1, max(0, r+(qc*r2-qs*c2)>>16))
			x2 := min(rows-1, max(0, c+(qs*r2+qc*c2)>>16))
			b := 0
			if pix[y1*dim+x1] <= pix[y2*dim+x2] {
				b = 1
			}
			idx = 2*idx + b
		}
		score += f.leaves[tree*nodes+idx-nodes]
		if score <= f.thresh[tree] {
			return -1
		}
	}
	return score - f.thresh[f.trees-1]
}

// interior says whether every point of the turned window centred at (r,
// c) lies inside the picture, so that none needs clamping.
func (w *window) interior(r, c, rows int) bool {
	return r >= w.reach && c >= w.reach && r+w.reach <= rows-1 && c+w.reach <= rows-1
}

// rowBatch is the scratch of classifyRow, kept for a whole pass.
type rowBatch struct {
	centre []int     // windows still in the cascade: centre in memory,
	col    []int     // column,
	score  []float32 // and score so far
	idx    []int

	// Node offsets in memory of the current window size, per tree once
	// enough windows reached it: two per node, from the window's centre.
	tab   []int32
	built []bool
	seen  []int
}

// tablesAfter is how many windows of one size evaluate a tree before its
// node offsets are worked out once for all the others.
const tablesAfter = 48

// newSize readies b for windows of another size.
func (b *rowBatch) newSize(f *finder) {
	nodes := 1 << f.depth
	if len(b.tab) != 2*f.trees*nodes {
		b.tab = make([]int32, 2*f.trees*nodes)
		b.built = make([]bool, f.trees)
		b.seen = make([]int, f.trees)
	}
	clear(b.built)
	clear(b.seen)
}

// build works out the node offsets of a tree for w's windows.
func (w *window) build(b *rowBatch, tree int) {
	f := w.f
	nodes := 1 << f.depth
	codes := f.codes[4*tree*nodes : 4*(tree+1)*nodes]
	tab := b.tab[2*tree*nodes : 2*(tree+1)*nodes]
	s, dim, qc, qs := w.s, w.dim, w.qcos, w.qsin
	for n := 1; n < nodes; n++ {
		k := codes[4*n : 4*n+4 : 4*n+4]
		r1, c1, r2, c2 := int(int8(k[0])), int(int8(k[1])), int(int8(k[2])), int(int8(k[3]))
		if w.turned {
			tab[2*n] = int32(((qc*r1-qs*c1)>>16)*dim + (qs*r1+qc*c1)>>16)
			tab[2*n+1] = int32(((qc*r2-qs*c2)>>16)*dim + (qs*r2+qc*c2)>>16)
		} else {
			tab[2*n] = int32((r1*s>>8)*dim + c1*s>>8)
			tab[2*n+1] = int32((r2*s>>8)*dim + c2*s>>8)
		}
	}
	b.built[tree] = true
}

// classifyRow scores the windows centred at row r and the columns cols
// (every one of them interior, for a turned window) as pigo's
// classifyRegion and classifyRotatedRegion do, a tree at a time (see
// finder), and appends the ones the cascade accepts to dets.
func (w *window) classifyRow(pix []uint8, r int, cols []int, b *rowBatch, dets []pigo.Detection) []pigo.Detection {
	f := w.f
	nodes := 1 << f.depth
	s, dim := w.s, w.dim
	b.centre, b.col, b.score, b.idx = b.centre[:0], b.col[:0], b.score[:0], b.idx[:0]
	for _, c := range cols {
		b.centre = append(b.centre, r*dim+c)
		b.col = append(b.col, c)
		b.score = append(b.score, 0)
		b.idx = append(b.idx, 1)
	}
	qc, qs := w.qcos, w.qsin
	for tree := 0; tree < f.trees && len(b.centre) > 0; tree++ {
		codes := f.codes[4*tree*nodes : 4*(tree+1)*nodes]
		centre, idx := b.centre, b.idx[:len(b.centre)]
		for i := range idx {
			idx[i] = 1
		}
		if !b.built[tree] {
			if b.seen[tree] += len(centre); b.seen[tree] >= tablesAfter {
				w.build(b, tree)
			}
		}
		if b.built[tree] {
			tab := b.tab[2*tree*nodes : 2*(tree+1)*nodes]
			for range f.depth {
				for i, ctr := range centre {
					o := tab[2*idx[i] : 2*idx[i]+2 : 2*idx[i]+2]
					bit := 0
					if pix[ctr+int(o[0])] <= pix[ctr+int(o[1])] {
						bit = 1
					}
					idx[i] = 2*idx[i] + bit
				}
			}
		}
		for d := 0; d < f.depth && !b.built[tree]; d++ {
			if !w.turned {
				for i, ctr := range centre {
					// pigo: ((256 r + code s) >> 8) = r + (code s >> 8).
					k := codes[4*idx[i] : 4*idx[i]+4 : 4*idx[i]+4]
					p1 := ctr + (int(int8(k[0]))*s>>8)*dim + int(int8(k[1]))*s>>8
					p2 := ctr + (int(int8(k[2]))*s>>8)*dim + int(int8(k[3]))*s>>8
					bit := 0
					if pix[p1] <= pix[p2] {
						bit = 1
					}
					idx[i] = 2*idx[i] + bit
				}
				continue
			}
			for i, ctr := range centre {
				// pigo: (65536 r + qcos row - qsin col) >> 16 = r + (qcos row - qsin col) >> 16,
				// and the column with (qsin row + qcos col).
				k := codes[4*idx[i] : 4*idx[i]+4 : 4*idx[i]+4]
				r1, c1, r2, c2 := int(int8(k[0])), int(int8(k[1])), int(int8(k[2])), int(int8(k[3]))
				p1 := ctr + ((qc*r1-qs*c1)>>16)*dim + (qs*r1+qc*c1)>>16
				p2 := ctr + ((qc*r2-qs*c2)>>16)*dim + (qs*r2+qc*c2)>>16
				bit := 0
				if pix[p1] <= pix[p2] {
					bit = 1
				}
				idx[i] = 2*idx[i] + bit
			}
		}
		// Add the leaves; keep the windows above the tree's threshold.
		leaves, thr := f.leaves[tree*nodes:(tree+1)*nodes], f.thresh[tree]
		n := 0
		for i := range centre {
			sc := b.score[i] + leaves[idx[i]-nodes]
			if sc <= thr {
				continue
			}
			b.centre[n], b.col[n], b.score[n] = b.centre[i], b.col[i], sc
			n++
		}
		b.centre, b.col, b.score = b.centre[:n], b.col[:n], b.score[:n]
	}
	last := f.thresh[f.trees-1]
	for i, c := range b.col {
		if q := b.score[i] - last; q > 0 {
			dets = append(dets, pigo.Detection{Row: r, Col: c, Scale: s, Q: q})
		}
	}
	return dets
}

// batches keeps rowBatches from one pass to the next.
var batches sync.Pool

// run is pigo's RunCascade: every window of every size from MinSize to
// MaxSize, on the same grid, with the same scores (in another order).
func (f *finder) run(cp pigo.CascadeParams, turn float64) []pigo.Detection {
	var dets []pigo.Detection
	batch, _ := batches.Get().(*rowBatch) // its tables are 240 KB
	if batch == nil {
		batch = new(rowBatch)
	}
	var cols []int
	for s := cp.MinSize; s <= cp.MaxSize; {
		w := f.window(s, turn, cp.Dim)
		batch.newSize(f)
		step := int(math.Max(cp.ShiftFactor*float64(s), 1))
		offset := s/2 + 1
		for r := offset; r <= cp.Rows-offset; r += step {
			cols = cols[:0]
			for c := offset; c <= cp.Cols-offset; c += step {
				if w.turned && !w.interior(r, c, cp.Rows) {
					if q := w.classifyEdge(cp.Pixels, r, c, cp.Rows); q > 0 {
						dets = append(dets, pigo.Detection{Row: r, Col: c, Scale: s, Q: q})
					}
					continue
				}
				cols = append(cols, c)
			}
			dets = w.classifyRow(cp.Pixels, r, cols, batch, dets)
		}
		s = int(float64(s) + math.Max(2, float64(s)*cp.ScaleFactor-float64(s)))
	}
	batches.Put(batch)
	return dets
}
