package photospec

import (
	"encoding/binary"
	"errors"
	"image"
	"image/draw"
	"math"
	"math/bits"
	"sync"
)

// A baseline JPEG encoder built for the quality search: the picture is
// converted to YCbCr (4:2:0, as image/jpeg writes colour pictures) and
// transformed once; each quality then costs only quantising the
// coefficients and writing the entropy-coded data (about a millisecond
// for 480 x 640, against 5-7 ms for an image/jpeg encode). The Huffman
// tables are made for each picture and quality (optimal code lengths, at
// most 16 bits): baseline JPEG that every decoder reads, 10-25 % smaller
// than with the standard's example tables, which image/jpeg writes, so a
// photo lands in its byte range at a higher quality. The quantisation
// tables are the standard's example tables scaled by quality as the IJG
// library does (image/jpeg's, byte for byte), so the quality a checker
// estimates from them is the one asked for.

// coder holds a picture's DCT coefficients and the buffers of the
// encodes made from them.
type coder struct {
	w, h       int
	mcuW, mcuH int       // MCUs across and down (16 x 16 pixels each)
	coef       []float32 // per MCU: 4 Y blocks, then Cb and Cr; 64 coefficients a block, in zigzag order, unquantised and unscaled (see dctScale)
	reach      []uint8   // per block: beyond this zigzag index every coefficient quantises to 0 at MaxQuality and below
	syms       []uint32  // the last quantisation's symbols (see symbol)
	out        []byte
}

// StandardLuma and StandardChroma are the example quantisation tables of
// the JPEG standard (ITU T.81 Annex K.1), in natural (row by row) order,
// which libjpeg, Go's image/jpeg and this encoder scale by the quality
// factor; wasm/imageio estimates a file's quality against them.
var (
	StandardLuma = [64]uint8{
		16, 11, 10, 16, 24, 40, 51, 61,
		12, 12, 14, 19, 26, 58, 60, 55,
		14, 13, 16, 24, 40, 57, 69, 56,
		14, 17, 22, 29, 51, 87, 80, 62,
		18, 22, 37, 56, 68, 109, 103, 77,
		24, 35, 55, 64, 81, 104, 113, 92,
		49, 64, 78, 87, 103, 121, 120, 101,
		72, 92, 95, 98, 112, 100, 103, 99,
	}
	StandardChroma = [64]uint8{
		17, 18, 24, 47, 99, 99, 99, 99,
		18, 21, 26, 66, 99, 99, 99, 99,
		24, 26, 56, 99, 99, 99, 99, 99,
		47, 66, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
	}
)

// Zigzag[k] is the natural (row-major) index of the k-th coefficient in
// zigzag order, the order of coefficients and quantisation tables in a
// JPEG file: the anti-diagonals in turn, alternating direction.
var Zigzag = func() (z [64]uint8) {
	k := 0
	for d := 0; d < 15; d++ {
		lo, hi := max(0, d-7), min(d, 7)
		for i := lo; i <= hi; i++ {
			r := i // odd diagonals run down-left: row grows
			if d%2 == 0 {
				r = d - i // even ones run up-right: row shrinks
			}
			z[k] = uint8(r*8 + d - r)
			k++
		}
	}
	return z
}()

// dctScale[k] turns the output of fdctRows and fdctCols into the JPEG
// coefficient k of zigzag order: F(u,v) = C(u) C(v) / 4 * sum, with
// C(0) = 1/sqrt(2) and C(n) = 1 otherwise. The passes leave out the C
// factors and the quarter, and the coder keeps its coefficients so: the
// factor goes into the quantisation steps.
var dctScale = func() (s [64]float32) {
	c := func(n int) float64 {
		if n == 0 {
			return 1 / math.Sqrt2
		}
		return 1
	}
	for k, nat := range Zigzag {
		u, v := int(nat)/8, int(nat)%8
		s[k] = float32(c(u) * c(v) / 4)
	}
	return s
}()

// Cosines of the 8-point DCT, cosK = cos(K pi / 16): constants, so that
// the transform's arithmetic takes them as immediates.
const (
	cos1 = 0.98078528040323044913
	cos2 = 0.92387953251128675613
	cos3 = 0.83146961230254523708
	cos4 = 0.70710678118654752440
	cos5 = 0.55557023301960222474
	cos6 = 0.38268343236508977173
	cos7 = 0.19509032201612826785
)

// The 8-point DCT, X[k] = sum_n x[n] cos((2n+1) k pi / 16), first along
// the rows of a block, then down its columns. The sums and differences of
// mirrored inputs split it into an even half (4 points, folded once more)
// and an odd half:
//
//	s_n = x_n + x_{7-n}, d_n = x_n - x_{7-n} (n < 4)
//	X[0] = (s0+s3) + (s1+s2), X[4] = ((s0+s3) - (s1+s2)) cos4
//	X[2] = (s0-s3) cos2 + (s1-s2) cos6, X[6] = (s0-s3) cos6 - (s1-s2) cos2
//	X[k odd] = sum_{n<4} d_n cos((2n+1) k pi / 16)
//
// The two passes are written out rather than shared through a function
// with a stride: the constant offsets let the compiler drop the bounds
// checks, and the encoder spends much of its time here.

func fdctRows(b *[64]float32) {
	for r := 0; r < 64; r += 8 {
		p := (*[8]float32)(b[r : r+8])
		s0, s1, s2, s3 := p[0]+p[7], p[1]+p[6], p[2]+p[5], p[3]+p[4]
		d0, d1, d2, d3 := p[0]-p[7], p[1]-p[6], p[2]-p[5], p[3]-p[4]
		e0, e1, o0, o1 := s0+s3, s1+s2, s0-s3, s1-s2
		p[0] = e0 + e1
		p[4] = (e0 - e1) * cos4
		p[2] = o0*cos2 + o1*cos6
		p[6] = o0*cos6 - o1*cos2
		p[1] = d0*cos1 + d1*cos3 + d2*cos5 + d3*cos7
		p[3] = d0*cos3 - d1*cos7 - d2*cos1 - d3*cos5
		p[5] = d0*cos5 - d1*cos1 + d2*cos7 + d3*cos3
		p[7] = d0*cos7 - d1*cos5 + d2*cos3 - d3*cos1
	}
}

func fdctCols(b *[64]float32) {
	for c := 0; c < 8; c++ {
		x0, x1, x2, x3 := b[c], b[c+8], b[c+16], b[c+24]
		x4, x5, x6, x7 := b[c+32], b[c+40], b[c+48], b[c+56]
		s0, s1, s2, s3 := x0+x7, x1+x6, x2+x5, x3+x4
		d0, d1, d2, d3 := x0-x7, x1-x6, x2-x5, x3-x4
		e0, e1, o0, o1 := s0+s3, s1+s2, s0-s3, s1-s2
		b[c] = e0 + e1
		b[c+32] = (e0 - e1) * cos4
		b[c+16] = o0*cos2 + o1*cos6
		b[c+48] = o0*cos6 - o1*cos2
		b[c+8] = d0*cos1 + d1*cos3 + d2*cos5 + d3*cos7
		b[c+24] = d0*cos3 - d1*cos7 - d2*cos1 - d3*cos5
		b[c+40] = d0*cos5 - d1*cos1 + d2*cos7 + d3*cos3
		b[c+56] = d0*cos7 - d1*cos5 + d2*cos3 - d3*cos1
	}
}

// fdct transforms a block (level-shifted samples, row-major) and writes
// its coefficients in zigzag order, unscaled (see dctScale), to out. It
// returns the zigzag index of the last coefficient at least thr[k] in
// magnitude (0 when none is), thr holding the bits of non-negative
// float32s.
func fdct(b *[64]float32, out []float32, thr *[64]uint32) uint8 {
	out = out[:64:64]
	flat := true
	for _, v := range b[1:] {
		if v != b[0] {
			flat = false
			break
		}
	}
	if flat { // the new background: only the mean is left
		clear(out)
		out[0] = 64 * b[0]
		return 0
	}
	fdctRows(b)
	fdctCols(b)
	reach := 0
	for k, nat := range Zigzag {
		v := b[nat&63]
		out[k] = v
		// |v| >= thr[k], compared as bits: the bits of non-negative
		// floats order as the floats do, and no branch mispredicts.
		if math.Float32bits(v)&0x7FFFFFFF >= thr[k] {
			reach = k
		}
	}
	return uint8(reach)
}

// spare keeps one coder's buffers (about 2 MB for 480 x 640) from one
// photo to the next: the browser module and the command line encode one
// photo after another. (A sync.Pool would lose them: it empties at every
// garbage collection, and a photo takes several.)
var spare struct {
	sync.Mutex
	e *coder
}

// getCoder returns the spare coder, or a new one.
func getCoder() *coder {
	spare.Lock()
	e := spare.e
	spare.e = nil
	spare.Unlock()
	if e == nil {
		e = new(coder)
	}
	return e
}

// release hands e's buffers back for the next photo; e is not to be used
// afterwards.
func (e *coder) release() {
	spare.Lock()
	spare.e = e
	spare.Unlock()
}

// newCoder converts img and transforms it.
func newCoder(img image.Image) (*coder, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 || w > 0xFFFF || h > 0xFFFF {
		return nil, errors.New("photospec: cannot encode a picture of that size")
	}
	rgba, ok := img.(*image.RGBA)
	if !ok {
		rgba = image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(rgba, rgba.Rect, img, b.Min, draw.Src)
		b = rgba.Rect
	}
	e := getCoder()
	e.w, e.h, e.mcuW, e.mcuH = w, h, (w+15)/16, (h+15)/16
	blocks := e.mcuW * e.mcuH * 6
	if cap(e.coef) < blocks*64 {
		e.coef = make([]float32, blocks*64)
	}
	e.coef = e.coef[:blocks*64] // every block is written below
	if cap(e.reach) < blocks {
		e.reach = make([]uint8, 0, blocks)
	}
	e.reach = e.reach[:0]
	// A coefficient under half its step at MaxQuality quantises to 0 at
	// every quality Encode tries (steps only grow as quality falls); a
	// little under half, for the rounding of float32.
	var thr [2][64]uint32
	for i, base := range [2]*[64]uint8{&StandardLuma, &StandardChroma} {
		t := quantTable(base, MaxQuality)
		for k, q := range t {
			thr[i][k] = math.Float32bits(0.49 * float32(q) / dctScale[k])
		}
	}

	// One MCU row at a time: the 16 rows of pixels as Y (level-shifted),
	// and 8 rows of Cb and Cr at half resolution, the edges repeated out
	// to whole MCUs. Y is BT.601 luma in 16.16 fixed point, which float32
	// holds exactly; Cb and Cr are taken of the mean R, G and B of each
	// 2 x 2 pixels (the same as the mean of their Cb and Cr: the
	// conversion is linear), a quarter of the arithmetic.
	pw, cw := e.mcuW*16, e.mcuW*8
	ys := make([]float32, 16*pw)
	cbs := make([]float32, 8*cw)
	crs := make([]float32, 8*cw)
	var blk [64]float32
	out := e.coef
	for my := 0; my < e.mcuH; my++ {
		convertRows(rgba, b.Min.X, b.Min.Y, w, h, my*16, ys, cbs, crs, pw, cw)
		for mx := 0; mx < e.mcuW; mx++ {
			x0 := mx * 16
			for i := 0; i < 4; i++ {
				bx, by := x0+(i&1)*8, (i>>1)*8
				for r := 0; r < 8; r++ {
					copy(blk[r*8:r*8+8], ys[(by+r)*pw+bx:])
				}
				e.reach = append(e.reach, fdct(&blk, out, &thr[0]))
				out = out[64:]
			}
			for _, plane := range [2][]float32{cbs, crs} {
				for r := 0; r < 8; r++ {
					copy(blk[r*8:r*8+8], plane[r*cw+mx*8:])
				}
				e.reach = append(e.reach, fdct(&blk, out, &thr[1]))
				out = out[64:]
			}
		}
	}
	return e, nil
}

// convertRows converts the 16 rows of pixels from row y0 (the picture,
// w x h, starting at x0, y0 in rgba) into ys, and their 2 x 2 means into
// cbs and crs (see newCoder). A function of its own, called MCU row by
// MCU row: see quantiseBlock.
func convertRows(rgba *image.RGBA, x0, top, w, h, y0 int, ys, cbs, crs []float32, pw, cw int) {
	for r := 0; r < 16; r += 2 {
		row := func(y int) []byte {
			y = min(y, h-1)
			return rgba.Pix[rgba.PixOffset(x0, top+y):][:4*w]
		}
		s0, s1 := row(y0+r), row(y0+r+1)
		y0r, y1r := ys[r*pw:(r+1)*pw], ys[(r+1)*pw:(r+2)*pw]
		cb, cr := cbs[r/2*cw:(r/2+1)*cw], crs[r/2*cw:(r/2+1)*cw]
		for cx := range cw {
			var p, q uint64 // two pixels of each row
			if 2*cx+1 < w {
				p = binary.LittleEndian.Uint64(s0[8*cx:])
				q = binary.LittleEndian.Uint64(s1[8*cx:])
			} else { // past the right edge: repeat the last pixel
				a, b := min(2*cx, w-1), min(2*cx+1, w-1)
				p = uint64(binary.LittleEndian.Uint32(s0[4*a:])) | uint64(binary.LittleEndian.Uint32(s0[4*b:]))<<32
				q = uint64(binary.LittleEndian.Uint32(s1[4*a:])) | uint64(binary.LittleEndian.Uint32(s1[4*b:]))<<32
			}
			r0, g0, b0 := uint32(p)&0xFF, uint32(p>>8)&0xFF, uint32(p>>16)&0xFF
			r1, g1, b1 := uint32(p>>32)&0xFF, uint32(p>>40)&0xFF, uint32(p>>48)&0xFF
			r2, g2, b2 := uint32(q)&0xFF, uint32(q>>8)&0xFF, uint32(q>>16)&0xFF
			r3, g3, b3 := uint32(q>>32)&0xFF, uint32(q>>40)&0xFF, uint32(q>>48)&0xFF
			a, c := y0r[2*cx:2*cx+2:2*cx+2], y1r[2*cx:2*cx+2:2*cx+2]
			a[0] = float32(19595*r0+38470*g0+7471*b0)*(1.0/65536) - 128
			a[1] = float32(19595*r1+38470*g1+7471*b1)*(1.0/65536) - 128
			c[0] = float32(19595*r2+38470*g2+7471*b2)*(1.0/65536) - 128
			c[1] = float32(19595*r3+38470*g3+7471*b3)*(1.0/65536) - 128
			R, G, B := float32(r0+r1+r2+r3), float32(g0+g1+g2+g3), float32(b0+b1+b2+b3)
			cb[cx] = -0.042184*R - 0.082816*G + 0.125*B // a quarter of -0.168736, -0.331264, 0.5
			cr[cx] = 0.125*R - 0.104672*G - 0.020328*B  // a quarter of 0.5, -0.418688, -0.081312
		}
	}
}

// quantTable returns base scaled for quality q (1-100) as the IJG library
// scales it, in zigzag order.
func quantTable(base *[64]uint8, q int) (t [64]uint8) {
	q = min(100, max(1, q))
	scale := 200 - 2*q
	if q < 50 {
		scale = 5000 / q
	}
	for k, nat := range Zigzag {
		t[k] = uint8(min(255, max(1, (int(base[nat])*scale+50)/100)))
	}
	return t
}

// The four Huffman tables: DC and AC of luma, DC and AC of chroma.
const (
	lumaDC = iota
	lumaAC
	chromaDC
	chromaAC
)

// A symbol of the entropy-coded data, as quantise makes them: the table
// (2 bits), the Huffman symbol (8 bits), the count of extra bits (4 bits)
// and the extra bits (up to 11).
func symbol(table int, sym, nbits, extra uint32) uint32 {
	return uint32(table)<<30 | sym<<16 | nbits<<12 | extra
}

// magnitude returns JPEG's size category of v and its extra bits.
func magnitude(v int32) (uint32, uint32) {
	a := v
	if a < 0 {
		a = -a
		v--
	}
	n := uint32(bits.Len32(uint32(a)))
	return n, uint32(v) & (1<<n - 1)
}

// roundShift makes every quantised coefficient positive before it is
// truncated.
const roundShift = 4096

// quantise turns the coefficients into symbols for quality (whose tables
// are lq and cq), counting how often each symbol of each table occurs.
func (e *coder) quantise(quality int, lq, cq *[64]uint8, freq *[4][256]uint32) {
	var inv [2][64]float32
	for k := range 64 {
		inv[0][k] = dctScale[k] / float32(lq[k])
		inv[1][k] = dctScale[k] / float32(cq[k])
	}
	*freq = [4][256]uint32{}
	syms := e.syms[:0]
	var pred [3]int32
	coef, reach := e.coef, e.reach
	for range e.mcuW * e.mcuH {
		for blk := 0; blk < 6; blk++ {
			comp, chroma := 0, 0
			if blk >= 4 {
				comp, chroma = blk-3, 1
			}
			last := 63
			if quality <= MaxQuality {
				last = int(reach[0])
			}
			syms = quantiseBlock(syms, coef[:64:64], &inv[chroma], last, chroma, &pred[comp], freq)
			coef, reach = coef[64:], reach[1:]
		}
	}
	e.syms = syms
}

// quantiseBlock appends the symbols of one block (coefficients c, steps'
// inverses iv, nothing but zeros after last) to syms; pred is the
// component's previous DC. A function of its own, called block by block,
// so that a wasm engine that optimises a function only after it has run
// a while can swap the optimised code in during the first photo.
func quantiseBlock(syms []uint32, c []float32, iv *[64]float32, last, chroma int, pred *int32, freq *[4][256]uint32) []uint32 {
	c = c[:64:64]
	var q [64]int32
	// Rounded to the nearest integer without a branch on the sign:
	// shifted positive first (|v| <= 1024 / 1 + rounding), truncated,
	// shifted back.
	for k := range last + 1 {
		q[k] = int32(c[k]*iv[k]+roundShift+0.5) - roundShift
	}
	for last > 0 && q[last] == 0 {
		last--
	}
	dcTab, acTab := lumaDC+2*chroma, lumaAC+2*chroma
	dc := min(1023, max(-1023, q[0])) // 8-bit samples: |DC| <= 1024
	n, x := magnitude(dc - *pred)
	*pred = dc
	syms = append(syms, symbol(dcTab, n, n, x))
	freq[dcTab][n]++
	run := uint32(0)
	for k := 1; k <= last; k++ {
		v := q[k]
		if v == 0 {
			run++
			continue
		}
		for run >= 16 {
			syms = append(syms, symbol(acTab, 0xF0, 0, 0))
			freq[acTab][0xF0]++
			run -= 16
		}
		n, x := magnitude(min(1023, max(-1023, v)))
		s := run<<4 | n
		syms = append(syms, symbol(acTab, s, n, x))
		freq[acTab][s]++
		run = 0
	}
	if last < 63 {
		syms = append(syms, symbol(acTab, 0, 0, 0))
		freq[acTab][0]++
	}
	return syms
}

// huffman is one table: its code for every symbol, and its DHT counts and
// values.
type huffman struct {
	code   [256]uint16
	length [256]uint8
	counts [16]uint8 // codes of 1 to 16 bits
	values []uint8   // symbols by code length
}

// buildHuffman makes a code of at most 16 bits per symbol with the
// shortest total length for these frequencies (or close to it when the
// limit bites), in which no code is all ones.
func buildHuffman(freq *[256]uint32) huffman {
	// The symbols in use, and a reserved one (256) that takes the last
	// code of the longest length: all ones, which JPEG forbids.
	type node struct {
		freq  uint64
		sym   int // leaves: the symbol; inner nodes: -1
		left  int
		right int
	}
	var nodes []node
	for s, f := range freq {
		if f > 0 {
			nodes = append(nodes, node{freq: uint64(f), sym: s})
		}
	}
	if len(nodes) == 0 { // a table nothing uses still needs a code
		nodes = append(nodes, node{freq: 1, sym: 0})
	}
	nodes = append(nodes, node{freq: 1, sym: 256})
	leaves := len(nodes)

	// Huffman's merge with two queues: the leaves sorted by frequency
	// (insertion sort: at most 257 of them, mostly in order already), and
	// the merged nodes, which come out in order of frequency.
	order := make([]int, leaves)
	for i := range order {
		j := i
		for ; j > 0 && nodes[order[j-1]].freq > nodes[i].freq; j-- {
			order[j] = order[j-1]
		}
		order[j] = i
	}
	var merged []int
	pop := func() int {
		if len(merged) == 0 || (len(order) > 0 && nodes[order[0]].freq <= nodes[merged[0]].freq) {
			i := order[0]
			order = order[1:]
			return i
		}
		i := merged[0]
		merged = merged[1:]
		return i
	}
	for len(order)+len(merged) > 1 {
		a := pop()
		b := pop()
		nodes = append(nodes, node{freq: nodes[a].freq + nodes[b].freq, sym: -1, left: a, right: b})
		merged = append(merged, len(nodes)-1)
	}
	// Depths, from the root down.
	depth := make([]int, len(nodes))
	lengths := make([]int, 257)
	for i := len(nodes) - 1; i >= 0; i-- {
		n := nodes[i]
		if n.sym >= 0 {
			lengths[n.sym] = max(1, depth[i])
			continue
		}
		depth[n.left], depth[n.right] = depth[i]+1, depth[i]+1
	}

	// At most 16 bits: cut the long codes to 16, then, while the code
	// space is overfull (Kraft sum above 1, in units of 2^-16), lengthen
	// the rarest of the longest codes still under 16 bits.
	const limit = 16
	kraft := 0
	for s, l := range lengths {
		if l > limit {
			lengths[s] = limit
		}
		if lengths[s] > 0 {
			kraft += 1 << (limit - lengths[s])
		}
	}
	for kraft > 1<<limit {
		best := -1
		for s, l := range lengths {
			if l == 0 || l >= limit {
				continue
			}
			if best < 0 || l > lengths[best] || (l == lengths[best] && symFreq(freq, s) < symFreq(freq, best)) {
				best = s
			}
		}
		kraft -= 1 << (limit - lengths[best] - 1)
		lengths[best]++
	}

	// Canonical codes, shortest first, by symbol within a length; the
	// reserved symbol goes last at the longest length, so that the all
	// ones code, if the space is full, is its.
	var h huffman
	code := uint16(0)
	for l := 1; l <= limit; l++ {
		for s := range 256 {
			if lengths[s] != l {
				continue
			}
			h.code[s], h.length[s] = code, uint8(l)
			h.counts[l-1]++
			h.values = append(h.values, uint8(s))
			code++
		}
		code <<= 1
	}
	return h
}

// symFreq is the frequency of symbol s, the reserved 256 counting 1.
func symFreq(freq *[256]uint32, s int) uint32 {
	if s == 256 {
		return 1
	}
	return freq[s]
}

// encode writes the JPEG for quality q with dpi in its JFIF header, into
// the coder's buffer (valid until the next encode).
func (e *coder) encode(q, dpi int) []byte {
	lq, cq := quantTable(&StandardLuma, q), quantTable(&StandardChroma, q)
	var freq [4][256]uint32
	e.quantise(q, &lq, &cq, &freq)
	var tabs [4]huffman
	for i := range tabs {
		tabs[i] = buildHuffman(&freq[i])
	}

	out := e.out[:0]
	out = append(out, 0xFF, 0xD8)
	// JFIF 1.01, density in dots per inch, no thumbnail.
	out = append(out, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 1)
	out = binary.BigEndian.AppendUint16(out, uint16(dpi))
	out = binary.BigEndian.AppendUint16(out, uint16(dpi))
	out = append(out, 0, 0)
	// Quantisation tables 0 (luma) and 1 (chroma), 8-bit, zigzag order.
	out = append(out, 0xFF, 0xDB, 0, 2+2*65, 0x00)
	out = append(out, lq[:]...)
	out = append(out, 0x01)
	out = append(out, cq[:]...)
	// Baseline frame: Y sampled 2 x 2, Cb and Cr 1 x 1.
	out = append(out, 0xFF, 0xC0, 0, 17, 8)
	out = binary.BigEndian.AppendUint16(out, uint16(e.h))
	out = binary.BigEndian.AppendUint16(out, uint16(e.w))
	out = append(out, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1)
	// Huffman tables: class (0 DC, 1 AC) and id (0 luma, 1 chroma).
	n := 2
	for _, t := range tabs {
		n += 17 + len(t.values)
	}
	out = append(out, 0xFF, 0xC4)
	out = binary.BigEndian.AppendUint16(out, uint16(n))
	for i, tc := range [4]byte{0x00, 0x10, 0x01, 0x11} {
		out = append(out, tc)
		out = append(out, tabs[i].counts[:]...)
		out = append(out, tabs[i].values...)
	}
	// One scan of the three components.
	out = append(out, 0xFF, 0xDA, 0, 12, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0)

	// The entropy-coded data, a few thousand symbols a call (see
	// quantiseBlock).
	var w bitWriter
	w.out = out
	for syms := e.syms; len(syms) > 0; {
		n := min(len(syms), 4096)
		w.write(syms[:n], &tabs)
		syms = syms[n:]
	}
	out = w.flush()
	out = append(out, 0xFF, 0xD9)
	e.out = out
	return out
}

// bitWriter writes entropy-coded data: bits gather at the bottom of acc,
// nbits of them; whole bytes leave from the top, a 0 stuffed after each
// 0xFF.
type bitWriter struct {
	out   []byte
	acc   uint64
	nbits uint
}

// write appends the codes of syms.
func (w *bitWriter) write(syms []uint32, tabs *[4]huffman) {
	out, acc, nbits := w.out, w.acc, w.nbits
	for _, s := range syms {
		t := &tabs[s>>30]
		sym := s >> 16 & 0xFF
		xn := uint(s >> 12 & 0xF)
		l := uint(t.length[sym])
		acc = acc<<(l+xn) | uint64(t.code[sym])<<xn | uint64(s&0xFFF)
		nbits += l + xn
		if nbits >= 32 {
			// Four bytes at once, unless one of them is 0xFF.
			v := uint32(acc >> (nbits - 32))
			if (^v-0x01010101)&v&0x80808080 == 0 { // no byte of v is 0xFF
				out = binary.BigEndian.AppendUint32(out, v)
			} else {
				for sh := 24; sh >= 0; sh -= 8 {
					b := byte(v >> sh)
					out = append(out, b)
					if b == 0xFF {
						out = append(out, 0)
					}
				}
			}
			nbits -= 32
		}
	}
	w.out, w.acc, w.nbits = out, acc, nbits
}

// flush pads the last bits with ones and returns the data.
func (w *bitWriter) flush() []byte {
	out, acc, nbits := w.out, w.acc, w.nbits
	if nbits > 0 {
		pad := (8 - nbits%8) % 8
		acc = acc<<pad | (1<<pad - 1)
		nbits += pad
		for nbits > 0 {
			nbits -= 8
			b := byte(acc >> nbits)
			out = append(out, b)
			if b == 0xFF {
				out = append(out, 0)
			}
		}
	}
	return out
}
