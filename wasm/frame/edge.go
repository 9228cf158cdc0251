package frame

import "gradphoto/wasm/face"

// Where the input picture ends in the work image. Below its bottom edge
// the warp repeats the last row, which is not the person: FillBelow paints
// those rows over.

// rowOfInputRow returns the work row, in column x, that samples input row
// y (both continuous, pixel-centre coordinates). FromWork is affine, so two
// rows of the column give the answer.
func (pl Plan) rowOfInputRow(x, y float64) float64 {
	y0 := pl.FromWork(face.Point{X: x, Y: 0}).Y
	y1 := pl.FromWork(face.Point{X: x, Y: 1}).Y
	return (y - y0) / (y1 - y0)
}
