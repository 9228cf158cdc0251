// Package synth renders synthetic head-and-shoulders scenes with exact ground
// truth, so the photo engine (face detection, framing, matting) can be
// measured objectively: the true coverage of the person at every pixel, the
// pupils, the crown, the face box and the head's roll are known, not guessed.
//
// A scene is what a phone camera would see in front of a wall: a gradient
// wall with vignetting and the person's soft shadow, a face with eyes, brows,
// nose, mouth and ears under a hair cap with fine flyaway strands, a neck and
// shoulders in clothing reaching the bottom edge, sensor noise and a JPEG round
// trip. Before noise, every pixel is exactly Alpha*F + (1-Alpha)*B, F being
// the person's mean colour over the pixel and B the wall's (Scene.Clean and
// Scene.Wall).
//
// Coordinates are continuous: pixel (x, y) covers [x, x+1) x [y, y+1), so
// the centre of the top-left pixel is (0.5, 0.5). Rows grow downwards.
package synth

import "image/color"

// Direction is the way the wall's gradient runs.
type Direction int

const (
	// TopToBottom runs from Background[0] at the top row to Background[1]
	// at the bottom row: light from above, the usual indoor wall.
	TopToBottom Direction = iota
	// LeftToRight runs from Background[0] at the left to Background[1] at
	// the right: a window to one side.
	LeftToRight
)

// Shadow is the person's soft shadow on the wall: the silhouette moved by
// (DX, DY), blurred, and darkening the wall by Strength where it is full.
type Shadow struct {
	DX, DY   float64 // offset in pixels (positive: right, down)
	Blur     float64 // Gaussian sigma in pixels
	Strength float64 // 0..1: the share of light the full shadow takes from the wall
}

// Params describe one scene. Lengths are pixels of the rendered image and
// colours 8-bit sRGB. A colour whose A is 0 is unset and takes Plain's value
// (an unset Background[1] repeats Background[0]: a flat wall); a zero
// HeadSize, HeadCenter or ShouldersWidth is derived from the image size.
type Params struct {
	Width, Height int
	// Seed drives everything random: hair strands, the hair outline's
	// wobble, the direction of the clothing's colour difference, noise.
	Seed int64

	// Background is the wall at the two ends of the gradient.
	Background [2]color.RGBA
	Gradient   Direction
	// Vignetting darkens towards the corners: the corners get 1-Vignetting
	// of the light in the centre, falling off with the squared distance.
	Vignetting float64
	// Noise is the sigma of Gaussian noise added to each channel, in 0-255
	// units, after vignetting and before the JPEG round trip.
	Noise  float64
	Shadow Shadow

	// ClothingDeltaE sets the clothing's colour as a CIE76 colour difference
	// from the wall behind the shoulders (2 is hard to see, 10 is clear);
	// used when Clothing is unset, and 0 means 10. The direction in Lab is
	// drawn from Seed; Truth says the colour and the exact difference.
	ClothingDeltaE float64
	// Clothing is an explicit clothing colour; it wins over ClothingDeltaE.
	Clothing  color.RGBA
	SkinTone  color.RGBA
	HairColor color.RGBA
	// HairStrands is the number of fine flyaway strands sticking out of the
	// hair's outline, 0.3-0.8 px wide: they only partly cover their pixels.
	HairStrands int

	// Roll tilts the head about the top of the neck, in degrees, clockwise
	// as seen in the image: positive lowers the subject's left eye (on the
	// image's right). Shoulders stay level.
	Roll float64
	// HeadCenter is where the midpoint of the pupils is at Roll 0.
	HeadCenter [2]float64
	// HeadSize is the height of the head from the chin to the top of the
	// hair (within the 1-2 % wobble of the hair's outline). The face is
	// 0.68 HeadSize wide and the eye line 0.47 HeadSize below the crown.
	HeadSize float64
	// ShouldersWidth is the width across the rounded shoulders.
	ShouldersWidth float64

	// JPEGQuality is the quality of the JPEG round trip the image takes, as
	// a phone's camera file would; 0 means no JPEG. The presets use 85.
	JPEGQuality int
}

// Walls and tones the presets use.
var (
	wallGrey   = [2]color.RGBA{{236, 234, 230, 255}, {214, 212, 207, 255}}
	wallWhite  = [2]color.RGBA{{250, 250, 248, 255}, {236, 236, 233, 255}}
	wallBlue   = [2]color.RGBA{{112, 200, 252, 255}, {96, 186, 244, 255}}
	skinLight  = color.RGBA{232, 190, 160, 255}
	skinMedium = color.RGBA{205, 160, 125, 255}
	hairBlack  = color.RGBA{28, 24, 22, 255}
	hairBrown  = color.RGBA{92, 64, 42, 255}
	hairBlonde = color.RGBA{200, 170, 120, 255}
	navy       = color.RGBA{38, 48, 82, 255}
)

// Plain is the easy case: a person in dark clothing upright in front of a
// light grey wall with a gentle gradient, little noise, no shadow, a few
// strands, 1024 x 1280 (a phone photo scaled as the browser would), JPEG 85.
// The face is 0.68 x 380 = 258 px wide: well inside pigo's search range.
func Plain() Params {
	return Params{
		Width: 1024, Height: 1280, Seed: 1,
		Background: wallGrey, Vignetting: 0.08, Noise: 1.5,
		Clothing: navy, SkinTone: skinLight, HairColor: hairBlack,
		HairStrands: 12,
		HeadCenter:  [2]float64{512, 470}, HeadSize: 380, ShouldersWidth: 800,
		JPEGQuality: 85,
	}
}

// Hard is Plain with clothing only 2 ΔE from the wall (a white shirt on a
// white wall) and blonde hair on that white wall: colour distance sees
// almost nothing along the shoulders and little along the hair.
func Hard() Params {
	p := Plain()
	p.Seed = 2
	p.Background = wallWhite
	p.Clothing = color.RGBA{}
	p.ClothingDeltaE = 2
	p.HairColor = hairBlonde
	p.HairStrands = 40
	return p
}

// Tilted is Plain with the head rolled 8 degrees (the subject's left eye
// lower) and a little off centre, for straightening and framing.
func Tilted() Params {
	p := Plain()
	p.Seed = 3
	p.Roll = 8
	p.HeadCenter = [2]float64{540, 480}
	p.SkinTone = skinMedium
	p.HairColor = hairBrown
	return p
}

// Flyaways is brown hair with many fine strands on a light blue wall: the
// matte must stay soft in the hair, not cut the strands off or keep the
// blue between them.
func Flyaways() Params {
	p := Plain()
	p.Seed = 4
	p.Background = wallBlue
	p.HairColor = hairBrown
	p.HairStrands = 150
	p.Clothing = color.RGBA{}
	p.ClothingDeltaE = 10
	return p
}

// Messy has everything at once: a side-lit wall (left to right gradient),
// strong vignetting, a hard shadow to the right, visible noise, clothing 5
// ΔE from the wall, strands and a slight roll the other way.
func Messy() Params {
	p := Plain()
	p.Seed = 5
	p.Background = [2]color.RGBA{{228, 226, 220, 255}, {188, 186, 180, 255}}
	p.Gradient = LeftToRight
	p.Vignetting = 0.25
	p.Noise = 4
	p.Shadow = Shadow{DX: 40, DY: 25, Blur: 18, Strength: 0.35}
	p.Clothing = color.RGBA{}
	p.ClothingDeltaE = 5
	p.SkinTone = skinMedium
	p.HairStrands = 60
	p.Roll = -4
	p.HeadCenter = [2]float64{490, 500}
	return p
}

// Preset is a named set of parameters.
type Preset struct {
	Name   string
	Params Params
}

// Presets lists every named preset, for table tests.
func Presets() []Preset {
	return []Preset{
		{"plain", Plain()},
		{"hard", Hard()},
		{"tilted", Tilted()},
		{"flyaways", Flyaways()},
		{"messy", Messy()},
	}
}

// Scaled returns p for an image of w x h pixels: positions scale with the
// width and the height, lengths (head, shoulders, shadow) with the width.
func (p Params) Scaled(w, h int) Params {
	sx := float64(w) / float64(p.Width)
	sy := float64(h) / float64(p.Height)
	p.Width, p.Height = w, h
	p.HeadCenter = [2]float64{p.HeadCenter[0] * sx, p.HeadCenter[1] * sy}
	p.HeadSize *= sx
	p.ShouldersWidth *= sx
	p.Shadow.DX *= sx
	p.Shadow.DY *= sx
	p.Shadow.Blur *= sx
	return p
}

// withDefaults fills unset fields as the Params doc says.
func (p Params) withDefaults() Params {
	d := Plain()
	if p.Background[0].A == 0 {
		p.Background[0] = d.Background[0]
	}
	if p.Background[1].A == 0 {
		p.Background[1] = p.Background[0]
	}
	if p.SkinTone.A == 0 {
		p.SkinTone = d.SkinTone
	}
	if p.HairColor.A == 0 {
		p.HairColor = d.HairColor
	}
	if p.HeadSize <= 0 {
		p.HeadSize = 0.3 * float64(p.Height)
	}
	if p.HeadCenter == [2]float64{} {
		p.HeadCenter = [2]float64{float64(p.Width) / 2, 0.37 * float64(p.Height)}
	}
	if p.ShouldersWidth <= 0 {
		p.ShouldersWidth = 2.1 * p.HeadSize
	}
	return p
}
