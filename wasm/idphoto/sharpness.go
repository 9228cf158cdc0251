package idphoto

import (
	"image"
	"math"
)

// minSharpness is the least sharpness a photo needs. Calibrated on
// ../shared/photos: sharp faces measure 0.33-0.57 (the low end is a small
// 320 x 400 photo, soft from being enlarged), the same photos blurred
// (three box passes of radius 2-3 px) 0.19-0.25. The limit refuses clear
// blur and nothing a person would call sharp.
const minSharpness = 0.23

// sharpness measures how sharp the face is in the work image: the mean
// absolute difference between pixels two apart (across and down), relative
// to the face's contrast (the standard deviation of its luma). Blur lowers
// the differences while the contrast stays, so the ratio falls; a face
// scaled to the work image's size makes it comparable across photos.
func sharpness(img *image.RGBA, face image.Rectangle) float64 {
	// The middle of the face: eyes, nose, mouth; not the hair or the wall.
	c := face.Min.Add(face.Max).Div(2)
	h := face.Dx() * 3 / 10
	r := image.Rect(c.X-h, c.Y-h, c.X+h, c.Y+h).Intersect(img.Rect.Inset(2))
	if r.Dx() < 8 || r.Dy() < 8 {
		return math.Inf(1)
	}
	luma := func(off int) float64 {
		p := img.Pix[off : off+3 : off+3]
		return 0.299*float64(p[0]) + 0.587*float64(p[1]) + 0.114*float64(p[2])
	}
	var grad, sum, sq, n float64
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			o := img.PixOffset(x, y)
			v := luma(o)
			grad += math.Abs(luma(o+8)-luma(o-8)) + math.Abs(luma(o+2*img.Stride)-luma(o-2*img.Stride))
			sum += v
			sq += v * v
			n++
		}
	}
	mean := sum / n
	std := math.Sqrt(math.Max(sq/n-mean*mean, 1))
	return grad / n / std
}
