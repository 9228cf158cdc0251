package frame

import "image"

// streakiness measures how much a patch looks like vertical streaks: the
// mean luma step between neighbouring columns over the mean step between
// neighbouring rows. A photo's clothing, grain and all, is about as
// restless across as down (about 1; diagonal stripes a little more);
// repeating a row keeps every step across and has none down, which tends
// to infinity. Both means get a quarter of a luma step, too little to
// see, so that a flat patch is 1.
func streakiness(img *image.RGBA, r image.Rectangle) float64 {
	r = r.Intersect(img.Rect)
	var across, down float64
	n := 0
	for y := r.Min.Y + 1; y < r.Max.Y; y++ {
		for x := r.Min.X + 1; x < r.Max.X; x++ {
			l := lumaAt(img, x, y)
			across += abs(l - lumaAt(img, x-1, y))
			down += abs(l - lumaAt(img, x, y-1))
			n++
		}
	}
	const eps = 0.25
	return (across + eps*float64(n)) / (down + eps*float64(n))
}

func lumaAt(img *image.RGBA, x, y int) float64 {
	p := img.Pix[img.PixOffset(x, y):]
	return 0.299*float64(p[0]) + 0.587*float64(p[1]) + 0.114*float64(p[2])
}

func abs(v float64) float64 { return max(v, -v) }
