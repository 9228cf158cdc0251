// Package imageio reads the photos students bring, by their content and
// never by their name: JPEG (its EXIF orientation applied), PNG and WebP.
// It refuses a header that declares too many pixels before decoding
// anything, and hands the photo pipeline what it needs: the upright picture
// as opaque RGBA, and a grayscale plane of the same size for face detection.
//
// For JPEG (and lossy WebP) the grayscale plane is the decoder's own Y
// plane, which costs nothing; for the other inputs it is computed with
// integer arithmetic. Huge inputs can be shrunk as they are read
// (Options.MaxSide), by area averaging, before any other work.
//
// Transparency: a PNG or WebP with alpha is composited onto white, and
// Decoded.HadAlpha says so. The pipeline wants an opaque photo; white is the
// most common standard background, a cut-out (already transparent
// background) becomes a plain white one that the background step replaces,
// and the report can tell the student that their transparent areas were
// read as white.
package imageio

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"

	"gradphoto/shared/photospec"
)

// Options tune Decode.
type Options struct {
	// MaxSide, when positive, shrinks the picture so that its longer side
	// is at most MaxSide pixels (about 1600 suits face detection and the
	// engine's crop); Decoded.Scale says by how much. 0 keeps full size.
	MaxSide int
	// MaxPixels refuses headers declaring more pixels (width x height).
	// 0, or anything above photospec.MaxPixels, means photospec.MaxPixels.
	MaxPixels int
}

func (o Options) maxPixels() int {
	if o.MaxPixels <= 0 || o.MaxPixels > photospec.MaxPixels {
		return photospec.MaxPixels
	}
	return o.MaxPixels
}

// Decoded is a photo ready for the pipeline.
type Decoded struct {
	// RGBA is the upright picture, opaque, tight (Stride = 4 x width), at
	// the working size: the source size times Scale.
	RGBA *image.RGBA
	// Gray is the luma of RGBA, the same size, tight (Stride = width): it
	// can be handed to a face detector as it is.
	Gray *image.Gray
	// Format is "jpeg", "png", "webp", or "rgba" for FromRGBA.
	Format string
	// SourceWidth and SourceHeight are the upright size of the full
	// picture in the file (after orientation, before shrinking).
	SourceWidth, SourceHeight int
	// Scale is working pixels per source pixel: 1 unless shrunk.
	Scale float64
	// Orientation is the EXIF orientation that was applied (1: none).
	Orientation int
	// AlphaChannel is set when the file carries transparency information
	// (an RGBA PNG, a palette with transparent entries, WebP with alpha),
	// whether or not any pixel uses it.
	AlphaChannel bool
	// HadAlpha is set when some pixel was not opaque: it was composited
	// onto white.
	HadAlpha bool
}

// SniffFormat names the format of data by its first bytes: "jpeg", "png",
// "webp", or "" for anything else.
func SniffFormat(data []byte) string {
	switch {
	case len(data) >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF:
		return "jpeg"
	case len(data) >= 8 && string(data[:8]) == "\x89PNG\r\n\x1a\n":
		return "png"
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "webp"
	}
	return ""
}

// DecodeConfig recognises data by content and returns its format and its
// stored size from the header alone, refusing (with an *Error) what Decode
// would refuse before decoding: unknown formats, unreadable headers, and
// headers declaring more than MaxPixels.
func DecodeConfig(data []byte, opts Options) (format string, w, h int, err error) {
	format = SniffFormat(data)
	var cfg image.Config
	r := bytes.NewReader(data)
	switch format {
	case "jpeg":
		cfg, err = jpeg.DecodeConfig(r)
	case "png":
		cfg, err = png.DecodeConfig(r)
	case "webp":
		if webpDecodeConfig == nil {
			return format, 0, 0, unrecognised(errNoWebP)
		}
		cfg, err = webpDecodeConfig(r)
	default:
		return "", 0, 0, unrecognised(nil)
	}
	if err != nil {
		return format, 0, 0, damaged(format, err)
	}
	w, h = cfg.Width, cfg.Height
	if w <= 0 || h <= 0 {
		return format, w, h, damaged(format, fmt.Errorf("imageio: header declares %dx%d", w, h))
	}
	if limit := opts.maxPixels(); int64(w)*int64(h) > int64(limit) {
		return format, w, h, tooLarge(w, h, limit)
	}
	return format, w, h, nil
}

// Decode reads a JPEG, PNG or WebP photo. Errors are *Error with code
// UnsupportedFormat (unknown or damaged) or TooLarge (refused from the
// header, before any pixel memory is allocated).
func Decode(data []byte, opts Options) (*Decoded, error) {
	format, w, h, err := DecodeConfig(data, opts)
	if err != nil {
		return nil, err
	}
	orientation := 1
	var img image.Image
	r := bytes.NewReader(data)
	switch format {
	case "jpeg":
		if meta, _ := ReadJPEGMeta(data); meta.HasExif && meta.Exif.Orientation != 0 {
			orientation = meta.Exif.Orientation
		}
		img, err = jpeg.Decode(r)
	case "png":
		img, err = png.Decode(r)
	case "webp":
		img, err = webpDecode(r)
	}
	if err != nil {
		return nil, damaged(format, err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		return nil, damaged(format, fmt.Errorf("imageio: decoded %v, header said %dx%d", b, w, h))
	}
	d := build(img, orientation, opts.MaxSide)
	d.Format = format
	return d, nil
}

// build turns a decoded image into a Decoded: shrunk (when asked), its
// gray plane made, then turned upright. Shrinking first makes every later
// step cheaper.
func build(img image.Image, orientation, maxSide int) *Decoded {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	tw, th := targetSize(w, h, maxSide)
	var rgba, gray []byte
	var alpha bool
	switch m := img.(type) {
	case *image.YCbCr:
		rgba, gray = fromYCbCr(m, tw, th)
	case *image.Gray:
		gray = plane(m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], w, h, m.Stride, tw, th)
		rgba = grayToRGBA(gray)
	default:
		var full *image.RGBA
		full, alpha = toRGBA(img)
		rgba = full.Pix
		if tw != w || th != h {
			rgba = shrinkRGBA(full.Pix, w, h, full.Stride, tw, th)
		}
		gray = make([]byte, tw*th)
		grayRow(gray, rgba)
	}
	gray, _, _ = orientGray(gray, tw, th, orientation)
	rgba, ow, oh := orientRGBA(rgba, tw, th, orientation)
	sw, sh := orientedSize(w, h, orientation)
	return &Decoded{
		RGBA:         &image.RGBA{Pix: rgba, Stride: 4 * ow, Rect: image.Rect(0, 0, ow, oh)},
		Gray:         &image.Gray{Pix: gray, Stride: ow, Rect: image.Rect(0, 0, ow, oh)},
		SourceWidth:  sw,
		SourceHeight: sh,
		Scale:        float64(ow) / float64(sw),
		Orientation:  orientation,
		AlphaChannel: alphaChannel(img),
		HadAlpha:     alpha,
	}
}

// alphaChannel reports whether a decoded image's type carries alpha: the
// types image/png and x/image/webp return for inputs with transparency.
func alphaChannel(img image.Image) bool {
	switch m := img.(type) {
	case *image.NRGBA, *image.NRGBA64, *image.NYCbCrA:
		return true
	case *image.Paletted:
		for _, c := range m.Palette {
			if _, _, _, a := c.RGBA(); a != 0xFFFF {
				return true
			}
		}
	}
	return false
}

// fromYCbCr makes tw x th RGBA and gray planes from a YCbCr image. The gray
// plane is the Y plane (shrunk when asked). When shrinking, the chroma
// planes are brought to the target size on their own (area-averaged, or
// sampled when they are already smaller than it, as a decoder does) and
// converted at the small size: the full-size RGBA never exists.
func fromYCbCr(m *image.YCbCr, tw, th int) (rgba, gray []byte) {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	ys := m.Y[m.YOffset(m.Rect.Min.X, m.Rect.Min.Y):]
	gray = plane(ys, w, h, m.YStride, tw, th)
	if tw == w && th == h {
		full := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(full, full.Rect, m, m.Rect.Min, draw.Src) // image/draw's YCbCr fast path
		return full.Pix, gray
	}
	cw, ch := chromaSize(m)
	c := m.COffset(m.Rect.Min.X, m.Rect.Min.Y)
	chroma := func(p []byte) []byte {
		if tw <= cw && th <= ch {
			return plane(p[c:], cw, ch, m.CStride, tw, th)
		}
		return samplePlane(p[c:], cw, ch, m.CStride, tw, th)
	}
	rgba = make([]byte, 4*tw*th)
	ycbcrToRGBA(rgba, gray, chroma(m.Cb), chroma(m.Cr))
	return rgba, gray
}

// samplePlane resizes a w x h plane (rows stride apart) to a tight tw x th
// one by taking, for each output pixel, the source pixel under its centre.
// It is for chroma planes that are smaller than the target: smooth already,
// and what image.YCbCr itself does.
func samplePlane(src []byte, w, h, stride, tw, th int) []byte {
	dst := make([]byte, tw*th)
	xs := make([]int, tw)
	for x := range xs {
		xs[x] = min(w-1, (2*x+1)*w/(2*tw))
	}
	for y := range th {
		sy := min(h-1, (2*y+1)*h/(2*th))
		row, out := src[sy*stride:sy*stride+w], dst[y*tw:y*tw+tw]
		for x, sx := range xs {
			out[x] = row[sx]
		}
	}
	return dst
}

// plane returns a tight tw x th copy of a w x h plane whose rows are stride
// apart, shrunk when the sizes differ. A tight plane at full size is
// returned as it is, without copying.
func plane(src []byte, w, h, stride, tw, th int) []byte {
	if tw != w || th != h {
		return shrinkPlane(src, w, h, stride, tw, th)
	}
	if stride == w {
		return src[: w*h : w*h]
	}
	dst := make([]byte, w*h)
	for y := range h {
		copy(dst[y*w:y*w+w], src[y*stride:])
	}
	return dst
}

// grayToRGBA spreads a gray plane into opaque RGBA pixels.
func grayToRGBA(gray []byte) []byte {
	rgba := make([]byte, 4*len(gray))
	for i, v := range gray {
		p := rgba[4*i : 4*i+4 : 4*i+4]
		p[0], p[1], p[2], p[3] = v, v, v, 0xFF
	}
	return rgba
}

var errPixelCount = errors.New("imageio: pixel data does not match the size")

// FromRGBA takes the raw RGBA pixels the browser produced (canvas
// getImageData: non-premultiplied, 4 bytes a pixel, rows without padding)
// and makes a Decoded of them. It takes ownership of pix: transparent
// pixels are composited onto white in place and RGBA.Pix is pix itself.
func FromRGBA(pix []byte, w, h int) (*Decoded, error) {
	// w > MaxPixels/h, not w*h > MaxPixels: the product of two huge
	// sizes wraps around.
	if w > 0 && h > 0 && w > photospec.MaxPixels/h {
		return nil, tooLarge(w, h, photospec.MaxPixels)
	}
	if w <= 0 || h <= 0 || int64(len(pix)) != 4*int64(w)*int64(h) {
		return nil, &Error{Code: UnsupportedFormat,
			ZH:    "图片像素数据与尺寸不符，无法读取",
			EN:    "The image's pixel data does not match its size",
			Width: w, Height: h,
			Err: fmt.Errorf("%w: %d bytes for %dx%d", errPixelCount, len(pix), w, h)}
	}
	gray := image.NewGray(image.Rect(0, 0, w, h))
	alpha := false
	for y := range h { // a row a call: see flattenGray
		alpha = flattenGray(gray.Pix[y*w:(y+1)*w], pix[4*y*w:4*(y+1)*w]) || alpha
	}
	rgba := &image.RGBA{Pix: pix, Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
	return &Decoded{
		RGBA: rgba, Gray: gray, Format: "rgba",
		SourceWidth: w, SourceHeight: h, Scale: 1, Orientation: 1,
		AlphaChannel: true, HadAlpha: alpha,
	}, nil
}
