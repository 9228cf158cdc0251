package idphoto

import (
	"image"

	"gradphoto/wasm/face"
	"gradphoto/wasm/frame"
)

// WidthSource says where the report's face width came from.
type WidthSource string

// The face width's sources.
const (
	// WidthFromCheeks: measured on the cheeks in the work image
	// (face.MeasureWidth).
	WidthFromCheeks WidthSource = "cheeks"
	// WidthFromBox: estimated from the face box (frame.EstimateFaceWidth),
	// because the cheeks could not be measured: pupils not found, hair
	// over the cheeks, skin the colour of what surrounds it. Not a
	// warning: the box's estimate is within about 10 % on most faces.
	WidthFromBox WidthSource = "box"
)

// faceWidth returns the width of face f, cheek to cheek, in the work
// image's pixels: measured in the (upright) work image when its pupils were
// found and the measurement is reliable, else estimated from the box (of
// the input, plan.Scale work pixels to an input pixel). left, right and box
// are the pupils and the face box in the work image.
func faceWidth(work *image.RGBA, f face.Face, plan frame.Plan, left, right face.Point, box image.Rectangle) (float64, WidthSource) {
	if f.EyesFound {
		if w := face.MeasureWidth(work, left, right, box); w.Reliable() {
			return w.Width, WidthFromCheeks
		}
	}
	return frame.EstimateFaceWidth(f) * plan.Scale, WidthFromBox
}
