package frame

import (
	"encoding/binary"
	"image"
	"math"
	"runtime"

	"gradphoto/wasm/face"
)

// Straighten turns src by angleDeg (clockwise on screen, as face.Roll
// measures a tilt) about center, so that a line at that angle through
// center becomes level, and resamples the part of the turned picture inside
// crop to an outW x outH image, in one pass: only the pixels the result
// needs are read. crop is in the turned picture's coordinates, which equal
// src's at center. Resampling is bilinear, with 2x2 to 4x4 samples per
// pixel when the result is at half src's resolution or less; outside src
// the edge pixels are repeated.
func Straighten(src *image.RGBA, center face.Point, angleDeg float64, crop image.Rectangle, outW, outH int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, outW, outH))
	StraightenTo(dst, src, center, angleDeg, crop)
	return dst
}

// StraightenTo is Straighten writing into dst, whose bounds give the
// output size: a caller making one work image after another can keep its
// buffer (a fresh 720 x 960 image costs about a millisecond of page faults
// and zeroing, several on a busy machine).
func StraightenTo(dst, src *image.RGBA, center face.Point, angleDeg float64, crop image.Rectangle) {
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	sx := float64(crop.Dx()) / float64(w)
	sy := float64(crop.Dy()) / float64(h)
	origin := face.Point{
		X: float64(crop.Min.X) - 0.5 + 0.5*sx,
		Y: float64(crop.Min.Y) - 0.5 + 0.5*sy,
	}
	warp(dst, src, center, angleDeg, origin, sx, sy)
}

// Place cuts the output photo out of the work image as pl says: output
// pixel (x, y) is the work image at (pl.X + x/pl.Scale, pl.Y + y/pl.Scale).
func Place(work *image.RGBA, pl Placement, outW, outH int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, outW, outH))
	PlaceTo(dst, work, pl)
	return dst
}

// PlaceTo is Place writing into dst (every pixel of it), whose bounds
// give the output size.
func PlaceTo(dst, work *image.RGBA, pl Placement) {
	step := 1 / pl.Scale
	warp(dst, work, face.Point{}, 0, face.Point{X: pl.X, Y: pl.Y}, step, step)
}

// fixed-point positions: 16 fraction bits.
const (
	fracBits = 16
	fracOne  = 1 << fracBits
)

// warp sets dst's pixel (i, j) (counted from its top-left corner) to src
// at center + R(angle) (q - center), where q = origin + (i*sx, j*sy) in
// turned coordinates and R turns clockwise on screen.
func warp(dst, src *image.RGBA, center face.Point, angleDeg float64, origin face.Point, sx, sy float64) {
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	if w <= 0 || h <= 0 || sw <= 0 || sh <= 0 {
		return
	}
	pix := src.Pix[src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y):]
	stride := src.Stride

	sin, cos := math.Sincos(angleDeg * math.Pi / 180)
	// Source position of output pixel (0, 0), and its steps along an
	// output row (u) and down a column (v).
	ox, oy := origin.X-center.X, origin.Y-center.Y
	p0x := center.X + cos*ox - sin*oy
	p0y := center.Y + sin*ox + cos*oy
	ux, uy := cos*sx, sin*sx
	vx, vy := -sin*sy, cos*sy

	// n x n samples per pixel when shrinking by 2 or more, spread over
	// the pixel's footprint in the source.
	n := min(4, max(1, int(math.Max(sx, sy))))
	wp := warper{pix: pix, stride: stride, w: sw, h: sh, norm: uint64(fracOne / (n * n))}
	var reach [4]int // the taps' reach around a position: min and max dx, min and max dy
	for b := 0; b < n; b++ {
		for a := 0; a < n; a++ {
			fa := (float64(a)+0.5)/float64(n) - 0.5
			fb := (float64(b)+0.5)/float64(n) - 0.5
			t := tap{fixed(fa*ux + fb*vx), fixed(fa*uy + fb*vy)}
			wp.taps = append(wp.taps, t)
			reach[0], reach[1] = min(reach[0], t.dx), max(reach[1], t.dx)
			reach[2], reach[3] = min(reach[2], t.dy), max(reach[3], t.dy)
		}
	}

	dx, dy := fixed(ux), fixed(uy)
	lastX, lastY := (sw-1)<<fracBits-1, (sh-1)<<fracBits-1 // last positions with a right and a lower neighbour
	for j := 0; j < h; j++ {
		if j+touchAhead < h {
			wp.touch(fixed(p0x+float64(j+touchAhead)*vx), fixed(p0y+float64(j+touchAhead)*vy), dx, dy, w)
		}
		px := fixed(p0x + float64(j)*vx)
		py := fixed(p0y + float64(j)*vy)
		row := dst.PixOffset(dst.Rect.Min.X, dst.Rect.Min.Y+j)
		out := dst.Pix[row : row+4*w]

		// Pixels lo..hi-1 sample inside the picture, where nothing needs
		// clamping; the others repeat the edges.
		lo, hi := span(0, w, px+reach[0], px+reach[1], dx, lastX)
		lo, hi = span(lo, hi, py+reach[2], py+reach[3], dy, lastY)
		if lo >= hi {
			lo, hi = w, w
		}
		for i := 0; i < lo; i++ {
			wp.edge(out[4*i:], px+i*dx, py+i*dy)
		}
		wp.inside(out[4*lo:4*hi], px+lo*dx, py+lo*dy, dx, dy)
		for i := hi; i < w; i++ {
			wp.edge(out[4*i:], px+i*dx, py+i*dy)
		}
	}
}

// tap is one sample's offset from a pixel's position, in 16.16.
type tap struct{ dx, dy int }

// warper samples one picture.
type warper struct {
	pix    []uint8
	stride int
	w, h   int
	taps   []tap
	norm   uint64 // 1/len(taps) in 16.16
}

// touchAhead is how many output rows ahead warp touches the source rows
// a row will read.
const touchAhead = 2

// touch reads one byte every 8 pixels along a w-pixel output row starting
// at the 16.16 position (px, py), in both source rows the row's samples
// use. When the picture is turned, each output row crosses the source rows
// diagonally and reads a new source row's worth of memory that the
// processor does not see coming; the row's own loads then wait for memory
// one after another, between hundreds of instructions of arithmetic. These
// independent loads, issued back to back, wait together instead, and
// leave the memory in cache for the row. (This halves the time of a turned
// 720 x 960 work image.)
func (wp *warper) touch(px, py, dx, dy, w int) {
	var sink uint8
	last := len(wp.pix) - 1
	for i := 0; i < w; i += 8 {
		k := (py>>fracBits)*wp.stride + (px>>fracBits)*4
		if k >= 0 && k+wp.stride <= last {
			sink |= wp.pix[k] | wp.pix[k+wp.stride]
		}
		px += 8 * dx
		py += 8 * dy
	}
	runtime.KeepAlive(sink) // the loads are the point
}

// inside fills out, four bytes a pixel, from the 16.16 position (px, py)
// in steps of (dx, dy); every tap of every pixel must be inside.
//
// The loops spell bilinear out: called, it is not inlined, and a call per
// sample costs more than the arithmetic (the spilled registers above all).
func (wp *warper) inside(out []uint8, px, py, dx, dy int) {
	pix, stride := wp.pix, wp.stride
	if len(wp.taps) == 1 {
		for i := 0; i+4 <= len(out); i += 4 {
			k := (py>>fracBits)*stride + (px>>fracBits)*4
			fx, fy := uint64(px>>8)&0xff, uint64(py>>8)&0xff
			a := binary.LittleEndian.Uint64(pix[k:])
			b := binary.LittleEndian.Uint64(pix[k+stride:])
			top := lerp(spread(uint32(a)), spread(uint32(a>>32)), fx)
			bot := lerp(spread(uint32(b)), spread(uint32(b>>32)), fx)
			put(out[i:], pack(lerp(top, bot, fy)))
			px += dx
			py += dy
		}
		return
	}
	taps := wp.taps
	for i := 0; i+4 <= len(out); i += 4 {
		var sum uint64 // at most 16 samples of at most 255 a lane: no carry
		for _, t := range taps {
			qx, qy := px+t.dx, py+t.dy
			k := (qy>>fracBits)*stride + (qx>>fracBits)*4
			fx, fy := uint64(qx>>8)&0xff, uint64(qy>>8)&0xff
			a := binary.LittleEndian.Uint64(pix[k:])
			b := binary.LittleEndian.Uint64(pix[k+stride:])
			top := lerp(spread(uint32(a)), spread(uint32(a>>32)), fx)
			bot := lerp(spread(uint32(b)), spread(uint32(b>>32)), fx)
			sum += lerp(top, bot, fy)
		}
		put(out[i:], average(sum, wp.norm))
		px += dx
		py += dy
	}
}

// edge sets the pixel at out from the 16.16 position (px, py), clamping.
func (wp *warper) edge(out []uint8, px, py int) {
	var sum uint64
	for _, t := range wp.taps {
		sum += sample(wp.pix, wp.stride, wp.w, wp.h, px+t.dx, py+t.dy)
	}
	if len(wp.taps) == 1 {
		put(out, pack(sum))
		return
	}
	put(out, average(sum, wp.norm))
}

// span narrows [lo, hi) to the steps i at which both p0 + i*d and
// p1 + i*d (p0 <= p1) lie in [0, last].
func span(lo, hi, p0, p1, d, last int) (int, int) {
	switch {
	case d > 0:
		lo = max(lo, ceilDiv(-p0, d))
		hi = min(hi, floorDiv(last-p1, d)+1)
	case d < 0:
		lo = max(lo, ceilDiv(last-p1, d))
		hi = min(hi, floorDiv(-p0, d)+1)
	case p0 < 0 || p1 > last:
		return lo, lo
	}
	return lo, hi
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func ceilDiv(a, b int) int { return -floorDiv(-a, b) }

// bilinear returns the sample at the 16.16 position (px, py), in lanes;
// its four neighbours must be inside the picture.
func bilinear(pix []uint8, stride, px, py int) uint64 {
	k := (py>>fracBits)*stride + (px>>fracBits)*4
	fx := uint64(px>>8) & 0xff
	fy := uint64(py>>8) & 0xff
	a := binary.LittleEndian.Uint64(pix[k:])
	b := binary.LittleEndian.Uint64(pix[k+stride:])
	top := lerp(spread(uint32(a)), spread(uint32(a>>32)), fx)
	bot := lerp(spread(uint32(b)), spread(uint32(b>>32)), fx)
	return lerp(top, bot, fy)
}

// average divides the lanes of a sum of samples by their count (norm is
// 1/count in 16.16) and packs the pixel.
func average(sum, norm uint64) uint32 {
	var v uint64
	for l := 0; l < 64; l += 16 {
		v |= ((sum>>l&0xffff)*norm + 1<<15) >> 16 << l
	}
	return pack(v)
}

func put(b []uint8, v uint32) { binary.LittleEndian.PutUint32(b, v) }

// Bilinear interpolation works on all four channels of a pixel at once:
// spread puts R, G, B, A in 16-bit lanes of a uint64 (R, B, G, A from the
// bottom), where a channel times an 8-bit weight cannot carry into the
// next lane, and pack undoes it.
const (
	laneMask = 0x00ff00ff00ff00ff
	laneHalf = 0x0080008000800080 // 0.5 in each lane, for rounding
)

func spread(p uint32) uint64 { return uint64(p&0x00ff00ff) | uint64(p>>8&0x00ff00ff)<<32 }

func pack(v uint64) uint32 { return uint32(v&0x00ff00ff) | uint32(v>>32&0x00ff00ff)<<8 }

// lerp mixes a and b lane by lane: a*(256-f)/256 + b*f/256, f in 0..256.
func lerp(a, b, f uint64) uint64 { return (a*(256-f) + b*f + laneHalf) >> 8 & laneMask }

// fixed converts to 16.16 fixed point.
func fixed(v float64) int { return int(math.Round(v * fracOne)) }

// sample returns the bilinear sample at the 16.16 position (px, py), in
// lanes (see spread), repeating the edge pixels outside the picture.
func sample(pix []uint8, stride, w, h, px, py int) uint64 {
	x0, y0 := px>>fracBits, py>>fracBits
	fx := uint64(px>>8) & 0xff
	fy := uint64(py>>8) & 0xff
	x1, y1 := x0+1, y0+1
	if x0 < 0 {
		x0, x1, fx = 0, 0, 0
	} else if x1 >= w {
		x0, x1, fx = w-1, w-1, 0
	}
	if y0 < 0 {
		y0, y1, fy = 0, 0, 0
	} else if y1 >= h {
		y0, y1, fy = h-1, h-1, 0
	}
	top := lerp(spread(binary.LittleEndian.Uint32(pix[y0*stride+4*x0:])), spread(binary.LittleEndian.Uint32(pix[y0*stride+4*x1:])), fx)
	bot := lerp(spread(binary.LittleEndian.Uint32(pix[y1*stride+4*x0:])), spread(binary.LittleEndian.Uint32(pix[y1*stride+4*x1:])), fx)
	return lerp(top, bot, fy)
}

// Window returns the work pixels PlaceTo reads for a w x h output: the
// bilinear neighbours of every output pixel's position.
func (pl Placement) Window(w, h int) image.Rectangle {
	x1 := pl.X + float64(w-1)/pl.Scale
	y1 := pl.Y + float64(h-1)/pl.Scale
	return image.Rect(int(math.Floor(pl.X)), int(math.Floor(pl.Y)), int(math.Floor(x1))+2, int(math.Floor(y1))+2)
}
