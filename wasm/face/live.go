package face

import "math"

// Light describes the brightness of a video frame and of the face in it,
// as luma from 0 to 255, for live guidance ("too dark", "light from one
// side").
type Light struct {
	Frame   float64 // mean over the frame
	Face    float64 // mean over the middle of the strongest face's box (skin, not hair or wall); 0 without a face
	Clipped float64 // share of that region at 250 or more: blown highlights
	Sides   float64 // mean of the region's right half (on screen) minus its left half: light from one side
}

// Live is what Detect saw in a video frame.
type Live struct {
	Result
	Light Light
}

// liveOptions trade reach for speed on live frames: the head is meant to
// fill about half the guidance frame, so faces under a fifth of the
// shorter side are not looked for; no tilted, small-face or pupil passes.
var liveOptions = Options{MinSize: 0.2, Shift: 0.12, SkipTilted: true, SkipSmall: true, SkipEyes: true}

// Detect is Find for live guidance on small frames (320 x 240): upright
// faces of a fifth of the shorter side or more, no pupils, and the frame's
// light. It answers in a few milliseconds, where Find takes several times
// longer.
func (m *Models) Detect(g Gray) (Live, error) {
	res, err := m.Find(g, liveOptions)
	if err != nil {
		return Live{}, err
	}
	live := Live{Result: res, Light: Light{Frame: meanLuma(g)}}
	if res.Strong > 0 {
		faceLight(g, res.Faces[0], &live.Light)
	}
	return live, nil
}

// meanLuma averages every other pixel of every other row.
func meanLuma(g Gray) float64 {
	st := g.stride()
	var sum, n uint64
	for y := 0; y < g.Height; y += 2 {
		row := g.Pix[y*st : y*st+g.Width]
		for x := 0; x < len(row); x += 2 {
			sum += uint64(row[x])
		}
		n += uint64(len(row)+1) / 2
	}
	return float64(sum) / float64(n)
}

// faceLight measures the middle 60 % of f's box, inside the picture.
func faceLight(g Gray, f Face, l *Light) {
	h := 0.3 * f.Size
	x0 := max(0, int(math.Round(f.Center.X-h)))
	x1 := min(g.Width, int(math.Round(f.Center.X+h)))
	y0 := max(0, int(math.Round(f.Center.Y-h)))
	y1 := min(g.Height, int(math.Round(f.Center.Y+h)))
	mid := int(math.Round(f.Center.X))
	if x0 >= x1 || y0 >= y1 || mid <= x0 || mid >= x1 {
		return
	}
	st := g.stride()
	var left, right, clipped uint64
	for y := y0; y < y1; y++ {
		row := g.Pix[y*st : y*st+x1]
		for _, v := range row[x0:mid] {
			left += uint64(v)
			if v >= 250 {
				clipped++
			}
		}
		for _, v := range row[mid:x1] {
			right += uint64(v)
			if v >= 250 {
				clipped++
			}
		}
	}
	rows := uint64(y1 - y0)
	nl, nr := rows*uint64(mid-x0), rows*uint64(x1-mid)
	l.Face = float64(left+right) / float64(nl+nr)
	l.Clipped = float64(clipped) / float64(nl+nr)
	l.Sides = float64(right)/float64(nr) - float64(left)/float64(nl)
}
