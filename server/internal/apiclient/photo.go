package apiclient

import (
	"image"
	"image/color"
	"math"
	"math/rand"

	"gradphoto/shared/photospec"
)

// SamplePhoto renders a 480 x 640 picture shaped like a finished CHSI photo
// and encodes it as one (size, dpi, bytes): the standard light blue wall,
// and a head over shoulders in a knitted jumper that reaches the bottom edge.
// It passes what the server measures (wasm/check without a face detector);
// it is not a face, which the server does not look for. seed varies the
// jumper's texture, so that two photos differ.
func SamplePhoto(seed int64) ([]byte, error) {
	r := rand.New(rand.NewSource(seed))
	wall := photospec.CHSI.Background
	img := image.NewRGBA(image.Rect(0, 0, 480, 640))
	for y := 0; y < 640; y++ {
		for x := 0; x < 480; x++ {
			c := wall
			switch {
			case inEllipse(x, y, 240, 250, 110, 140): // head
				c = color.RGBA{205 + uint8(r.Intn(20)), 160 + uint8(r.Intn(20)), 130 + uint8(r.Intn(20)), 255}
			case y > 400 && math.Abs(float64(x-240)) < 120+0.8*float64(y-400): // shoulders widening downwards
				v := uint8((x*7 + y*5) % 40)
				c = color.RGBA{40 + v + uint8(r.Intn(30)), 40 + uint8(r.Intn(30)), 60 + v/2, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return photospec.Encode(img, photospec.CHSI)
}

func inEllipse(x, y, cx, cy, rx, ry int) bool {
	dx, dy := float64(x-cx)/float64(rx), float64(y-cy)/float64(ry)
	return dx*dx+dy*dy <= 1
}
