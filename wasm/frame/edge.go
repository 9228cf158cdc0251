package frame

import (
	"math"

	"gradphoto/wasm/face"
)

// Where the input picture ends in the work image. Below its bottom edge
// the warp repeats the last row, which is not the person: Fit keeps those
// rows few (FitWithin) and FillBelow paints them over.

// ChestEnd returns the work row at which the picture ends under the eye
// midpoint, at column eyeMidX: the middle of the chest. When the picture
// is turned its edge runs at a slant, and the middle is the mean of how
// much is made up across the chest. +Inf when the plan has no input size.
func (pl Plan) ChestEnd(eyeMidX float64) float64 {
	if pl.Input.Y <= 0 {
		return math.Inf(1)
	}
	return pl.rowOfInputRow(eyeMidX, float64(pl.Input.Y)-0.5)
}

// rowOfInputRow returns the work row, in column x, that samples input row
// y (both continuous, pixel-centre coordinates). FromWork is affine, so two
// rows of the column give the answer.
func (pl Plan) rowOfInputRow(x, y float64) float64 {
	y0 := pl.FromWork(face.Point{X: x, Y: 0}).Y
	y1 := pl.FromWork(face.Point{X: x, Y: 1}).Y
	return (y - y0) / (y1 - y0)
}
