package matte

import (
	"image"
	"image/color"
)

// Clear is the alpha below which Composite writes exactly the new colour.
const Clear = 0.02

// Composite paints the new background colour bg behind the person of img
// into dst. Where the alpha is below Clear it writes exactly bg; elsewhere
// it takes the old wall B (the fitted surface, corrected for shadows next
// to the person) out of each pixel I,
//
//	F = (I - (1 - alpha) B) / alpha,
//
// and writes alpha F + (1 - alpha) bg. A plain blend of I would leave a
// fringe of the old wall around hair and ears.
//
// img must be the image m was estimated on (m from Estimate, without a
// refusal); dst may be img itself. Only the pixels of dst's bounds that lie
// in m.Rect are written, so a caller can composite just the output frame of
// the work image.
//
// Resampling: composite on the work image, then downsample the RGB result
// to the output size. The alpha was estimated at this size against these
// very pixels, so the de-spill is exact here, and the work image has to be
// resampled anyway; a resampler whose weights sum to one keeps the flat new
// wall flat. Resampling the alpha and the image first and compositing at
// the output size would de-spill pixels whose alpha and colour were each
// blurred on their own.
func Composite(img *image.RGBA, m *Matte, bg color.RGBA, dst *image.RGBA) {
	r := dst.Bounds().Intersect(m.Rect).Intersect(img.Bounds())
	if r.Empty() || len(m.Alpha) != m.Rect.Dx()*m.Rect.Dy() || m.wall.w != (m.Rect.Dx()+1)/2 || m.wall.h != (m.Rect.Dy()+1)/2 {
		return
	}
	w := m.Rect.Dx()
	const inv255 = 1.0 / 255
	nr, ng, nb := float32(bg.R)*inv255, float32(bg.G)*inv255, float32(bg.B)*inv255
	u0, du := m.Background.gridU(1)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		ay := y - m.Rect.Min.Y
		arow := m.Alpha[ay*w : (ay+1)*w]
		src := img.Pix[img.PixOffset(r.Min.X, y):]
		out := dst.Pix[dst.PixOffset(r.Min.X, y):]
		p := m.Background.rowPoly(float64(ay) + 0.5)
		wrow := min(ay>>1, m.wall.h-1) * m.wall.w
		for x, i := r.Min.X, 0; x < r.Max.X; x, i = x+1, i+4 {
			ax := x - m.Rect.Min.X
			a := arow[ax]
			if a < Clear {
				out[i], out[i+1], out[i+2], out[i+3] = bg.R, bg.G, bg.B, 255
				continue
			}
			if a >= 1 {
				out[i], out[i+1], out[i+2], out[i+3] = src[i], src[i+1], src[i+2], 255
				continue
			}
			u := u0 + float32(ax)*du
			o := wrow + min(ax>>1, m.wall.w-1)
			br := p.a[0] + u*(p.b[0]+u*p.c[0]) + m.wall.r[o]
			bgc := p.a[1] + u*(p.b[1]+u*p.c[1]) + m.wall.g[o]
			bb := p.a[2] + u*(p.b[2]+u*p.c[2]) + m.wall.b[o]
			ia := 1 / a
			k := 1 - a
			fr := clamp01((float32(src[i])*inv255 - k*br) * ia)
			fg := clamp01((float32(src[i+1])*inv255 - k*bgc) * ia)
			fb := clamp01((float32(src[i+2])*inv255 - k*bb) * ia)
			out[i] = uint8((a*fr+k*nr)*255 + 0.5)
			out[i+1] = uint8((a*fg+k*ng)*255 + 0.5)
			out[i+2] = uint8((a*fb+k*nb)*255 + 0.5)
			out[i+3] = 255
		}
	}
}
