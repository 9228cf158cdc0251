package idphoto

import (
	"fmt"
	"math"

	"gradphoto/wasm/face"
)

// Guidance is what the camera preview tells the student before the shot.
type Guidance struct {
	Face    *GuideFace `json:"face,omitempty"` // the strongest face, in the frame's pixels
	Faces   int        `json:"faces"`
	Ready   bool       `json:"ready"` // nothing to fix: take the photo
	Hints   []Message  `json:"hints"`
	Light   float64    `json:"light"` // mean luma of the face (or the frame) 0-255
	WallStd float64    `json:"wall_std"`
	MS      float64    `json:"ms"`
}

// GuideFace is a face box in the preview frame.
type GuideFace struct {
	X, Y, Size float64
}

// Hints the preview shows (codes beyond the report's reasons).
const (
	MoveCloser  Code = "move_closer"
	MoveBack    Code = "move_back"
	CenterFace  Code = "center_face"
	LightOnSide Code = "light_on_side"
)

// Guide looks at one small preview frame (about 320 x 240, raw RGBA) and
// says what to fix: fast enough for 15+ frames a second as wasm. The face
// should fill about half the frame's height, centred, with plain wall
// above and beside it.
func Guide(m *face.Models, pix []byte, width, height int) (Guidance, error) {
	sw := newStopwatch()
	if width <= 0 || height <= 0 || len(pix) != 4*width*height {
		return Guidance{}, fmt.Errorf("idphoto: %d bytes are not %d x %d RGBA pixels", len(pix), width, height)
	}
	gray := make([]uint8, width*height)
	for i := range gray {
		r, g, b := int(pix[4*i]), int(pix[4*i+1]), int(pix[4*i+2])
		gray[i] = uint8((r*77 + g*150 + b*29) >> 8)
	}
	g := face.Gray{Pix: gray, Stride: width, Width: width, Height: height}
	live, err := m.Detect(g)
	if err != nil {
		return Guidance{}, err
	}
	out := Guidance{Faces: live.Strong, Hints: []Message{}, Light: live.Light.Frame, WallStd: wallSpread(g)}
	hint := func(c Code) { out.Hints = append(out.Hints, Msg(c)) }
	switch {
	case live.Strong == 0:
		hint(NoFace)
	case live.Strong > 1:
		hint(MultipleFaces)
	default:
		f := live.Faces[0]
		out.Face = &GuideFace{X: f.Center.X, Y: f.Center.Y, Size: f.Size}
		out.Light = live.Light.Face
		h := float64(height)
		switch {
		case f.Size < 0.28*h:
			hint(MoveCloser)
		case f.Size > 0.6*h || f.Center.Y-0.9*f.Size < 0:
			hint(MoveBack)
		}
		if math.Abs(f.Center.X-float64(width)/2) > 0.12*float64(width) {
			hint(CenterFace)
		}
		switch {
		case live.Light.Face < 60:
			hint(TooDark)
		case live.Light.Clipped > 0.2:
			hint(TooBright)
		case math.Abs(live.Light.Sides) > 35:
			hint(LightOnSide)
		}
	}
	if out.WallStd > 28 {
		hint(BackgroundNotPlain)
	}
	out.Ready = len(out.Hints) == 0
	sw.lap("guide")
	out.MS = sw.timings[0].MS
	return out, nil
}

// wallSpread is the standard deviation of luma in the top eighth of the
// frame, where the wall should be: a rough "is the wall plain" for the
// preview (the engine fits the wall properly on the shot).
func wallSpread(g face.Gray) float64 {
	rows := max(1, g.Height/8)
	var sum, sq, n float64
	for y := 0; y < rows; y++ {
		row := g.Pix[y*g.Stride : y*g.Stride+g.Width]
		for x := 0; x < len(row); x += 2 {
			v := float64(row[x])
			sum += v
			sq += v * v
			n++
		}
	}
	mean := sum / n
	return math.Sqrt(max(0, sq/n-mean*mean))
}
