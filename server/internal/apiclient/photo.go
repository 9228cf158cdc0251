package apiclient

import (
	"image"
	"image/color"
	"math/rand"

	"gradphoto/shared/photospec"
)

// SamplePhoto renders a textured 480 x 640 picture and encodes it as a
// finished CHSI photo (size, dpi, bytes): what the engine on the phone
// uploads. Only its container is realistic, which is what the server checks.
func SamplePhoto(seed int64) ([]byte, error) {
	r := rand.New(rand.NewSource(seed))
	img := image.NewRGBA(image.Rect(0, 0, 480, 640))
	for y := 0; y < 640; y++ {
		for x := 0; x < 480; x++ {
			v := uint8((x*3 + y*2) % 200)
			img.Set(x, y, color.RGBA{v + uint8(r.Intn(40)), 120 + uint8(r.Intn(30)), 200 - v/2, 255})
		}
	}
	return photospec.Encode(img, photospec.CHSI)
}
