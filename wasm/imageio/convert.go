package imageio

import (
	"encoding/binary"
	"image"
	"image/color"
	"image/draw"
)

// GrayFromRGBA returns the luma of an RGBA image (ITU-R BT.601, the weights
// JPEG uses for Y) as a tight gray image: integer arithmetic only, one pass.
func GrayFromRGBA(img *image.RGBA) *image.Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		src := img.Pix[img.PixOffset(b.Min.X, b.Min.Y+y):][:4*w]
		grayRow(g.Pix[y*w:y*w+w], src)
	}
	return g
}

// grayRow writes the luma of the RGBA pixels src into dst.
func grayRow(dst, src []byte) {
	for i := range dst {
		p := src[4*i : 4*i+3 : 4*i+3]
		dst[i] = uint8((19595*uint32(p[0]) + 38470*uint32(p[1]) + 7471*uint32(p[2]) + 1<<15) >> 16)
	}
}

// ycbcrToRGBA converts equally sized tight Y, Cb and Cr planes (JFIF full
// range, as JPEG and WebP use) into opaque RGBA pixels.
func ycbcrToRGBA(dst, ys, cbs, crs []byte) {
	cbs, crs = cbs[:len(ys)], crs[:len(ys)]
	dst = dst[:4*len(ys)]
	for i, y := range ys {
		// 16.16 fixed point: R = Y + 1.402 Cr', G = Y - 0.344136 Cb' - 0.714136 Cr', B = Y + 1.772 Cb'.
		yy := int32(y)<<16 + 1<<15
		cb, cr := int32(cbs[i])-128, int32(crs[i])-128
		o := dst[4*i : 4*i+4 : 4*i+4]
		o[0] = clamp8((yy + 91881*cr) >> 16)
		o[1] = clamp8((yy - 22554*cb - 46802*cr) >> 16)
		o[2] = clamp8((yy + 116130*cb) >> 16)
		o[3] = 0xFF
	}
}

func clamp8(v int32) uint8 {
	if uint32(v) <= 255 {
		return uint8(v)
	}
	if v < 0 {
		return 0
	}
	return 255
}

// div255 returns v/255 rounded, for v <= 255*255.
func div255(v uint32) uint8 {
	v += 128
	return uint8((v + v>>8) >> 8)
}

// flattenNRGBA composites non-premultiplied RGBA pixels onto white in
// place and reports whether any pixel was not opaque.
func flattenNRGBA(pix []byte) bool {
	seen := false
	for i := 0; i+4 <= len(pix); i += 4 {
		p := pix[i : i+4 : i+4]
		a := uint32(p[3])
		if a == 255 {
			continue
		}
		seen = true
		white := 255 * (255 - a)
		p[0] = div255(uint32(p[0])*a + white)
		p[1] = div255(uint32(p[1])*a + white)
		p[2] = div255(uint32(p[2])*a + white)
		p[3] = 255
	}
	return seen
}

// flattenGray is flattenNRGBA and grayRow in one pass over the pixels:
// it composites the non-premultiplied RGBA pixels src onto white in place,
// writes their luma into gray, and reports whether any pixel was not
// opaque. Two pixels at a time, read as one 64-bit word: as wasm this
// takes half the time of the two passes. FromRGBA calls it a row at a
// time: a wasm engine that optimises a function only after it has run a
// while (V8) then swaps the optimised code in during the first photo,
// rather than running all of it unoptimised.
func flattenGray(gray, src []byte) bool {
	src = src[:4*len(gray)]
	const opaque = 0xFF000000FF000000
	seen := false
	i := 0
	for ; i+2 <= len(gray); i += 2 {
		v := binary.LittleEndian.Uint64(src[4*i:])
		if v&opaque != opaque {
			seen = flattenNRGBA(src[4*i:4*i+8]) || seen
			v = binary.LittleEndian.Uint64(src[4*i:])
		}
		g := gray[i : i+2 : i+2]
		g[0] = luma(uint32(v))
		g[1] = luma(uint32(v >> 32))
	}
	if i < len(gray) {
		seen = flattenNRGBA(src[4*i:]) || seen
		gray[i] = luma(binary.LittleEndian.Uint32(src[4*i:]))
	}
	return seen
}

// luma is the BT.601 luma of a pixel read as a little-endian word (R in
// the low byte), as grayRow computes it.
func luma(p uint32) uint8 {
	return uint8((19595*(p&0xFF) + 38470*(p>>8&0xFF) + 7471*(p>>16&0xFF) + 1<<15) >> 16)
}

// flattenRGBA composites premultiplied RGBA pixels onto white in place
// and reports whether any pixel was not opaque.
func flattenRGBA(pix []byte) bool {
	seen := false
	for i := 0; i+4 <= len(pix); i += 4 {
		p := pix[i : i+4 : i+4]
		if p[3] == 255 {
			continue
		}
		seen = true
		white := 255 - p[3]
		// Premultiplied: c <= a, so c + (255 - a) <= 255.
		p[0] = min(255, p[0]+white)
		p[1] = min(255, p[1]+white)
		p[2] = min(255, p[2]+white)
		p[3] = 255
	}
	return seen
}

// toRGBA returns a tight, opaque RGBA copy of any image (or img itself when
// it already is one, composited in place), with transparent areas on
// white, and whether any pixel was not opaque.
func toRGBA(img image.Image) (*image.RGBA, bool) {
	b := img.Bounds()
	switch m := img.(type) {
	case *image.RGBA:
		if m.Stride == 4*b.Dx() && b.Min == (image.Point{}) {
			return m, flattenRGBA(m.Pix)
		}
	case *image.NRGBA:
		if m.Stride == 4*b.Dx() && b.Min == (image.Point{}) {
			alpha := flattenNRGBA(m.Pix)
			return &image.RGBA{Pix: m.Pix, Stride: m.Stride, Rect: m.Rect}, alpha
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	switch img.(type) {
	case *image.YCbCr, *image.Gray, *image.CMYK:
		// Opaque types: image/draw has fast paths for the first two.
		draw.Draw(dst, dst.Rect, img, b.Min, draw.Src)
		return dst, false
	}
	draw.Draw(dst, dst.Rect, image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(dst, dst.Rect, img, b.Min, draw.Over)
	// Whether anything showed through: the alpha of the source, read once.
	alpha := false
	if o, ok := img.(interface{ Opaque() bool }); ok {
		alpha = !o.Opaque()
	}
	return dst, alpha
}

// chromaSize returns the size of m's Cb and Cr planes.
func chromaSize(m *image.YCbCr) (int, int) {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio422:
		return (w + 1) / 2, h
	case image.YCbCrSubsampleRatio420:
		return (w + 1) / 2, (h + 1) / 2
	case image.YCbCrSubsampleRatio440:
		return w, (h + 1) / 2
	case image.YCbCrSubsampleRatio411:
		return (w + 3) / 4, h
	case image.YCbCrSubsampleRatio410:
		return (w + 3) / 4, (h + 1) / 2
	}
	return w, h
}
