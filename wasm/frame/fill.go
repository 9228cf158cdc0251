package frame

import (
	"image"
	"image/color"
	"math"
)

// Tuning of FillBelow, in work pixels.
const (
	// fillSample is how many rows above the picture's edge give each
	// column's clothing colour and coverage: enough to average noise
	// away, few enough to be the clothing just above the edge.
	fillSample = 12
	// The horizontal blur at d rows below the edge reaches fillBlur0 +
	// fillBlurGrowth*d columns either side: the further from what was
	// seen, the less detail is claimed, so stripes, folds and the collar
	// fade into the clothing's colour instead of running on as streaks.
	fillBlur0      = 2
	fillBlurGrowth = 2.0
	// fillFade is how many rows the picture's last row takes to give way
	// to the continuation: a seam would show where the texture stops.
	fillFade = 8
	// fillEdge is the width of the continued outline's soft edge, about
	// the matte's own.
	fillEdge = 3
	// fillOverlap is how many rows above the picture's edge are painted
	// over too: the matte's filters reach into the repeated rows below,
	// and its last rows can keep a sliver of wall as the person
	// (pigo_sample.jpg, a white line beside the shirt).
	fillOverlap = 6
)

// FillBelow paints over the rows of win (work pixels) below the input
// picture's bottom edge, where the warp repeated the picture's last row
// (and fillOverlap rows above it): in the clothing of a tightly framed
// photo those show as vertical streaks. work must already be composited onto bg with alpha (the matte
// over alphaRect, row by row).
//
// Each column goes on with the clothing just above the edge: the mean
// colour and coverage of its last fillSample rows, blurred across the
// columns more the further down the row is. The coverage, sharpened back
// to an edge fillEdge wide, continues the outline of the shoulders
// straight down instead of ending it in a horizontal line; the colour is
// averaged over the person only, so the new background does not bleed
// into the clothing. Grain the size and strength of the picture's own is
// added, so that the strip does not look painted. It is deterministic and
// costs a few operations a pixel.
func FillBelow(work *image.RGBA, alpha []float32, alphaRect image.Rectangle, bg color.RGBA, pl Plan, win image.Rectangle) {
	win = win.Intersect(work.Rect).Intersect(alphaRect)
	if win.Empty() || pl.Input.Y <= 0 || len(alpha) != alphaRect.Dx()*alphaRect.Dy() {
		return
	}
	f := filler{work: work, alpha: alpha, arect: alphaRect, win: win, bg: bg}
	if !f.findEdge(pl) {
		return
	}
	f.sampleAbove()
	f.makeGrain(max(1, float32(pl.Scale)))
	f.paint()
}

// filler holds FillBelow's work: per column i of win (x = win.Min.X + i).
type filler struct {
	work  *image.RGBA
	alpha []float32
	arect image.Rectangle
	win   image.Rectangle
	bg    color.RGBA

	start []int // the first row past the picture
	top   int   // the least of start

	// Running sums over the columns of each column's mean coverage and
	// mean premultiplied colour above the edge: sums[k][i] is the sum
	// over columns 0..i-1.
	sums [4][]float64
	// noise is the grain's strength: the median second difference of the
	// picture's luma down the columns of the clothing above the edge (a
	// second difference, unlike a step, hardly sees stripes and shading).
	noise float32
	grain []float32 // the grain below the edge, (y - top) * win.Dx() + i, scaled to noise
}

// findEdge sets start and top, and says whether any row of win needs
// painting. A work row lies past the picture once it samples below the
// centre of the picture's last row; painting starts up to fillOverlap
// rows before.
func (f *filler) findEdge(pl Plan) bool {
	n := f.win.Dx()
	f.start = make([]int, n)
	f.top = f.win.Max.Y
	last := float64(pl.Input.Y - 1)
	r0 := pl.rowOfInputRow(float64(f.win.Min.X), last)
	dr := pl.rowOfInputRow(float64(f.win.Min.X+1), last) - r0
	for i := range n {
		s := int(math.Floor(r0+dr*float64(i))) + 1
		// No more overlap than rows past the picture: a picture that
		// ends just below the window keeps its own last rows.
		s -= min(fillOverlap, max(0, f.win.Max.Y-s))
		// The rows sampled must be in the matte.
		s = min(max(s, f.arect.Min.Y+fillSample+1), f.win.Max.Y)
		f.start[i] = s
		f.top = min(f.top, s)
	}
	return f.top < f.win.Max.Y
}

// sampleAbove fills sums and noise from the fillSample rows above the row
// each column's fade starts from (start - 1).
func (f *filler) sampleAbove() {
	n := f.win.Dx()
	for k := range f.sums {
		f.sums[k] = make([]float64, n+1)
	}
	bg := [3]float32{float32(f.bg.R), float32(f.bg.G), float32(f.bg.B)}
	var steps absHistogram
	for i := range n {
		x := f.win.Min.X + i
		var m [4]float32
		var prev [2]float32 // the luma of the two rows above, -1 off the person
		prev[0], prev[1] = -1, -1
		for y := f.start[i] - 1 - fillSample; y < f.start[i]-1; y++ {
			a := f.alphaAt(x, y)
			p := f.work.Pix[f.work.PixOffset(x, y):]
			m[3] += a
			for c := range 3 {
				// The composite is a F + (1 - a) bg: a F is what is left.
				m[c] += max(0, float32(p[c])-(1-a)*bg[c])
			}
			luma := 0.299*float32(p[0]) + 0.587*float32(p[1]) + 0.114*float32(p[2])
			if a < 0.98 {
				luma = -1
			}
			if luma >= 0 && prev[0] >= 0 && prev[1] >= 0 {
				steps.add(luma - 2*prev[1] + prev[0])
			}
			prev[0], prev[1] = prev[1], luma
		}
		for k := range f.sums {
			f.sums[k][i+1] = f.sums[k][i] + float64(m[k]/fillSample)
		}
	}
	f.noise = steps.median()
}

// makeGrain fills grain for the rows below the edge, scaled so that its
// median second difference down the columns is the picture's (measured
// on every third column: the median does not need them all).
func (f *filler) makeGrain(spacing float32) {
	n := f.win.Dx()
	f.grain = make([]float32, n*(f.win.Max.Y-f.top))
	var steps absHistogram
	for y := f.top; y < f.win.Max.Y; y++ {
		o := (y - f.top) * n
		grainRow(f.grain[o:o+n], f.win.Min.X, y, spacing)
		if y < f.top+2 {
			continue
		}
		for i := 0; i < n; i += 3 {
			if y > f.start[i]+1 {
				steps.add(f.grain[o+i] - 2*f.grain[o-n+i] + f.grain[o-2*n+i])
			}
		}
	}
	k := float32(0)
	if m := steps.median(); m > 0 {
		k = f.noise / m
	}
	for i := range f.grain {
		f.grain[i] *= k
	}
}

// paint writes the continuation below the edge.
func (f *filler) paint() {
	n := f.win.Dx()
	bg := [3]float32{float32(f.bg.R), float32(f.bg.G), float32(f.bg.B)}
	pix, stride := f.work.Pix, f.work.Stride
	x0 := (f.win.Min.X - f.work.Rect.Min.X) * 4
	sr, sg, sb, sa := f.sums[0], f.sums[1], f.sums[2], f.sums[3]
	for y := f.top; y < f.win.Max.Y; y++ {
		grain := f.grain[(y-f.top)*n : (y-f.top+1)*n]
		row := pix[(y-f.work.Rect.Min.Y)*stride+x0:]
		for i := range n {
			s := f.start[i]
			if y < s {
				continue
			}
			d := y - s + 1
			r := fillBlur0 + int(fillBlurGrowth*float32(d))
			var m [4]float64 // the sums of the column means over i-r..i+r
			if i-r >= 0 && i+r < n {
				lo, hi := i-r, i+r+1
				m = [4]float64{sr[hi] - sr[lo], sg[hi] - sg[lo], sb[hi] - sb[lo], sa[hi] - sa[lo]}
			} else {
				m = f.window(i, r)
			}
			// The coverage blurred over the window, sharpened back to an
			// edge fillEdge wide where it crosses one half.
			width := float32(2*r + 1)
			a := 0.5 + (float32(m[3])/width-0.5)*width/fillEdge
			a = min(max(a, 0), 1)
			out := bg
			if m[3] > 1e-6 {
				inv := 1 / m[3]
				g := grain[i]
				out[0] = a*(float32(m[0]*inv)+g) + (1-a)*bg[0]
				out[1] = a*(float32(m[1]*inv)+g) + (1-a)*bg[1]
				out[2] = a*(float32(m[2]*inv)+g) + (1-a)*bg[2]
			}
			if d < fillFade {
				w := 1 - float32(d)/fillFade
				q := pix[(s-1-f.work.Rect.Min.Y)*stride+x0+4*i:]
				for c := range 3 {
					out[c] = w*float32(q[c]) + (1-w)*out[c]
				}
			}
			p := row[4*i : 4*i+4 : 4*i+4]
			p[0] = uint8(min(max(out[0]+0.5, 0), 255))
			p[1] = uint8(min(max(out[1]+0.5, 0), 255))
			p[2] = uint8(min(max(out[2]+0.5, 0), 255))
			p[3] = 255
		}
	}
}

// window returns the sums of the columns' means over columns i-r..i+r,
// the first and last column standing in for those beyond win: clipping
// the window instead would let the person spread into the background at
// the sides, or the background into the person.
func (f *filler) window(i, r int) [4]float64 {
	n := len(f.start)
	lo, hi := max(0, i-r), min(n, i+r+1)
	left, right := float64(lo-(i-r)), float64(i+r+1-hi)
	var out [4]float64
	for k, s := range f.sums {
		out[k] = s[hi] - s[lo] + left*(s[1]-s[0]) + right*(s[n]-s[n-1])
	}
	return out
}

func (f *filler) alphaAt(x, y int) float32 {
	return f.alpha[(y-f.arect.Min.Y)*f.arect.Dx()+x-f.arect.Min.X]
}

// absHistogram finds the median of absolute values in quarter steps up
// to 64: a count per step, not a sort of the values.
type absHistogram struct {
	bins [256]int
	n    int
}

func (h *absHistogram) add(v float32) {
	k := int(min(max(v, -v)*4, 255))
	h.bins[k]++
	h.n++
}

// median returns the median, to the middle of its step (0 without values).
func (h *absHistogram) median() float32 {
	if h.n == 0 {
		return 0
	}
	seen := 0
	for k, c := range h.bins {
		seen += c
		if 2*seen >= h.n {
			return (float32(k) + 0.5) / 4
		}
	}
	return 64
}
