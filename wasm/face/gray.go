package face

import (
	"errors"
	"image"
)

// Gray is an 8-bit grayscale plane: the pixel at (x, y) is
// Pix[y*Stride+x]. A JPEG's Y plane is one for free (GrayFromYCbCr); RGBA
// pixels are converted by GrayFromRGBA.
type Gray struct {
	Pix           []uint8
	Stride        int // bytes from one row to the next; 0 means Width
	Width, Height int
}

// stride returns the row stride, Width when Stride is unset.
func (g Gray) stride() int {
	if g.Stride == 0 {
		return g.Width
	}
	return g.Stride
}

// check says whether g's fields describe its pixels.
func (g Gray) check() error {
	st := g.stride()
	switch {
	case g.Width <= 0 || g.Height <= 0:
		return errors.New("face: empty image")
	case st < g.Width:
		return errors.New("face: stride shorter than a row")
	case len(g.Pix) < (g.Height-1)*st+g.Width:
		return errors.New("face: fewer pixels than width and height say")
	}
	return nil
}

// GrayFromYCbCr returns img's luma plane as a Gray without copying it.
func GrayFromYCbCr(img *image.YCbCr) Gray {
	b := img.Rect
	return Gray{
		Pix:    img.Y[img.YOffset(b.Min.X, b.Min.Y):],
		Stride: img.YStride,
		Width:  b.Dx(),
		Height: b.Dy(),
	}
}

// GrayFromRGBA converts img to luma with the BT.601 weights a JPEG encoder
// uses (Y = 0.299 R + 0.587 G + 0.114 B). It writes into dst when dst is
// large enough, so a caller converting video frames can reuse one buffer.
func GrayFromRGBA(img *image.RGBA, dst []uint8) Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if cap(dst) < w*h {
		dst = make([]uint8, w*h)
	}
	dst = dst[:w*h]
	for y := 0; y < h; y++ {
		src := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y):]
		src = src[:4*w]
		row := dst[y*w : y*w+w]
		for x := range row {
			s := src[4*x : 4*x+3 : 4*x+3]
			row[x] = uint8((19595*uint32(s[0]) + 38470*uint32(s[1]) + 7471*uint32(s[2]) + 1<<15) >> 16)
		}
	}
	return Gray{Pix: dst, Stride: w, Width: w, Height: h}
}

// plane is the picture the face detector scans: the caller's plane, halved
// while it stays large (the detector's cost depends on the face size
// relative to the picture, not on the pixel count, but small planes stay in
// cache), copied into a square buffer of side max(w, h) and stride side.
//
// The square is for pigo's rotated classifier, which clamps column
// positions with the row count: with as many rows as columns, and a row
// stride of at least the row count, every position it computes stays inside
// the buffer and inside its own row.
type plane struct {
	pix    []uint8
	w, h   int // the picture inside the square
	side   int // the square: rows, and the stride
	factor int // caller's pixels per plane pixel: 1, 2, 4...
}

// halveWhile is the size below which the detection plane is not halved:
// the plane is halved while its shorter side stays at least this large, so
// the smallest face the default settings look for (0.15 of it) keeps 60 or
// more pixels.
const halveWhile = 400

// halveRow sets each pixel of row to the mean of the 2 x 2 pixels of r0
// and r1 under it. A function of its own, called row by row, so that a
// wasm engine that optimises a function only after it has run a while
// (V8) swaps the optimised code in during the first photo.
func halveRow(row, r0, r1 []uint8) {
	r0, r1 = r0[:2*len(row)], r1[:2*len(row)]
	for x := range row {
		a, b := r0[2*x:2*x+2:2*x+2], r1[2*x:2*x+2:2*x+2]
		row[x] = uint8((uint32(a[0]) + uint32(a[1]) + uint32(b[0]) + uint32(b[1]) + 2) >> 2)
	}
}

// newPlane prepares g for the detector.
func newPlane(g Gray) plane {
	w, h, factor := g.Width, g.Height, 1
	for min(w, h)/2 >= halveWhile {
		w, h, factor = w/2, h/2, factor*2
	}
	side := max(w, h)
	p := plane{pix: make([]uint8, side*side), w: w, h: h, side: side, factor: factor}
	st := g.stride()
	switch factor {
	case 1:
		for y := 0; y < h; y++ {
			copy(p.pix[y*side:y*side+w], g.Pix[y*st:y*st+w])
		}
	case 2: // the browser's 1200 x 1600: the general loop below, unrolled
		for y := 0; y < h; y++ {
			halveRow(p.pix[y*side:y*side+w], g.Pix[2*y*st:][:2*w], g.Pix[(2*y+1)*st:][:2*w])
		}
	default:
		// Box-average factor x factor blocks in two steps: sum each
		// block's rows into acc, then divide once per pixel (a shift).
		shift := uint(0)
		for f := factor; f > 1; f >>= 1 {
			shift += 2
		}
		acc := make([]uint32, w)
		for y := 0; y < h; y++ {
			clear(acc)
			for dy := 0; dy < factor; dy++ {
				src := g.Pix[(y*factor+dy)*st:]
				src = src[:w*factor]
				for x := range acc {
					var s uint32
					for _, v := range src[x*factor : x*factor+factor] {
						s += uint32(v)
					}
					acc[x] += s
				}
			}
			row := p.pix[y*side : y*side+w]
			half := uint32(1) << (shift - 1)
			for x, s := range acc {
				row[x] = uint8((s + half) >> shift)
			}
		}
	}
	// Mid grey outside the picture: no face there, and no hard edge for
	// the detector to take for one.
	for y := 0; y < side; y++ {
		lo := w
		if y >= h {
			lo = 0
		}
		row := p.pix[y*side+lo : y*side+side]
		for i := range row {
			row[i] = 128
		}
	}
	return p
}
