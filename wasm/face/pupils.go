package face

import (
	"encoding/binary"
	"math"
	"math/rand"
	"sort"
)

// pupilFinder runs pigo's puploc cascade as pigo's RunDetector does,
// with the same arithmetic and the same draws from math/rand, and so finds
// the same pupils; it works out the window's row, column and size once per
// stage rather than at every node (pigo rounds the size four times a
// node), and skips the clamping while the window is inside the picture.
//
// A run starts from a window (row, column, size) and moves it: each stage
// of trees adds up the row and column shifts its trees' leaves give (in
// units of the window size), moves the window by them, and shrinks it.
// RunDetector makes one run per perturbed start and takes the medians.
type pupilFinder struct {
	stages, trees, depth int
	shrink               float32   // the window's size is multiplied by it after each stage
	codes                []byte    // per tree, 4 int8 per inner node: row1, col1, row2, col2
	leaves               []float32 // per tree, 2 per leaf: row and column shift
}

// newPupilFinder reads a puploc file (checked by checkPuploc).
func newPupilFinder(b []byte) *pupilFinder {
	p := &pupilFinder{
		stages: int(binary.LittleEndian.Uint32(b[0:])),
		shrink: math.Float32frombits(binary.LittleEndian.Uint32(b[4:])),
		trees:  int(binary.LittleEndian.Uint32(b[8:])),
		depth:  int(binary.LittleEndian.Uint32(b[12:])),
	}
	n, leaves := p.stages*p.trees, 1<<p.depth
	p.codes = make([]byte, n*4*(leaves-1))
	p.leaves = make([]float32, n*2*leaves)
	pos := 16
	for t := range n {
		pos += copy(p.codes[t*4*(leaves-1):(t+1)*4*(leaves-1)], b[pos:])
		pos += readFloats(p.leaves[t*2*leaves:(t+1)*2*leaves], b[pos:])
	}
	return p
}

// locate is one run from the window at (r, c) of size s: pigo's
// classifyRegion, unflipped.
func (p *pupilFinder) locate(g Gray, r, c, s float32) (float32, float32) {
	rows, cols, dim := g.Height, g.Width, g.stride()
	inner, leaves := 1<<p.depth-1, 1<<p.depth
	codes, preds := p.codes, p.leaves
	for range p.stages {
		var dr, dc float32
		// pigo: (256 int(r) + code round(s)) >> 8 = int(r) + (code round(s)) >> 8,
		// clamped to the picture; the points lie within half the rounded
		// size (and a pixel) of int(r), int(c).
		R, C, rs := int(r), int(c), int(math.Round(float64(s)))
		inside := R-rs/2-1 >= 0 && R+rs/2+1 <= rows-1 && C-rs/2-1 >= 0 && C+rs/2+1 <= cols-1
		for range p.trees {
			k := codes[: 4*inner : 4*inner]
			idx := 0
			for range p.depth {
				n := k[4*idx : 4*idx+4 : 4*idx+4]
				r1, c1 := R+int(int8(n[0]))*rs>>8, C+int(int8(n[1]))*rs>>8
				r2, c2 := R+int(int8(n[2]))*rs>>8, C+int(int8(n[3]))*rs>>8
				if !inside {
					r1, c1 = min(rows-1, max(0, r1)), min(cols-1, max(0, c1))
					r2, c2 = min(rows-1, max(0, r2)), min(cols-1, max(0, c2))
				}
				bit := 0
				if g.Pix[r1*dim+c1] > g.Pix[r2*dim+c2] {
					bit = 1
				}
				idx = 2*idx + 1 + bit
			}
			leaf := preds[2*(idx-inner) : 2*(idx-inner)+2 : 2*(idx-inner)+2]
			dr += leaf[0]
			dc += leaf[1]
			codes, preds = codes[4*inner:], preds[2*leaves:]
		}
		r += dr * s
		c += dc * s
		s *= p.shrink
	}
	return r, c
}

// run is pigo's RunDetector at angle 0, unflipped: perturbs runs from
// starts perturbed with math/rand's global source (three draws each, as
// pigo draws them), and the median row and column.
func (p *pupilFinder) run(g Gray, row, col int, scale float32, perturbs int) Point {
	rs := make([]float32, perturbs)
	cs := make([]float32, perturbs)
	for i := range perturbs {
		r := float32(row) + scale*0.15*(0.5-rand.Float32())
		c := float32(col) + scale*0.15*(0.5-rand.Float32())
		s := scale * (0.925 + 0.15*rand.Float32())
		rs[i], cs[i] = p.locate(g, r, c, s)
	}
	sort.Sort(float32s(rs))
	sort.Sort(float32s(cs))
	mid := int(math.Round(float64(perturbs) / 2))
	return Point{X: float64(int(cs[mid])), Y: float64(int(rs[mid]))}
}

type float32s []float32

func (f float32s) Len() int           { return len(f) }
func (f float32s) Less(i, j int) bool { return f[i] < f[j] }
func (f float32s) Swap(i, j int)      { f[i], f[j] = f[j], f[i] }

// readFloats fills f with little-endian float32s from b and returns the
// bytes read. A call per tree rather than one loop over the whole file,
// for wasm (see halveRow).
func readFloats(f []float32, b []byte) int {
	b = b[:4*len(f)]
	for i := range f {
		f[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return 4 * len(f)
}
