package faceapi

import (
	"math"
	"strings"
	"testing"

	"gradphoto/wasm/face"
)

// theirFace is a face-api face of box width w centred on (cx, cy), 1.2 w
// tall, eyes 0.4 w apart on a level line and chin 0.5 w below them.
func theirFace(cx, cy, w float64) Face {
	return Face{
		Score:         0.99,
		Box:           Box{X: cx - w/2, Y: cy - 0.6*w, Width: w, Height: 1.2 * w},
		EyeImageLeft:  Point{cx - 0.2*w, cy - 0.1*w},
		EyeImageRight: Point{cx + 0.2*w, cy - 0.1*w},
		Chin:          Point{cx, cy + 0.4*w},
	}
}

// ourFace is one of our faces of side s centred on (cx, cy), pupils at
// the given picture positions (the subject's left eye on the right).
func ourFace(cx, cy, s float64, imageLeft, imageRight Point) face.Face {
	return face.Face{
		Center:    face.Point{X: cx, Y: cy},
		Size:      s,
		RightEye:  face.Point(imageLeft),
		LeftEye:   face.Point(imageRight),
		EyesFound: true,
	}
}

func TestCompare(t *testing.T) {
	t.Run("no faces", func(t *testing.T) {
		c := Compare(nil, nil)
		if !c.Agree || c.Ours != 0 || c.Theirs != 0 || len(c.Pairs) != 0 {
			t.Errorf("%+v, want agreement on nothing", c)
		}
	})
	t.Run("one face each", func(t *testing.T) {
		th := theirFace(200, 200, 100)
		// 10 px right and 10 px up, side 1.25 widths, pupils 3 and 4 px off.
		o := ourFace(210, 190, 125, Point{183, 190}, Point{220, 194})
		c := Compare([]face.Face{o}, []Face{th})
		if !c.Agree || len(c.Pairs) != 1 {
			t.Fatalf("%+v, want one pair", c)
		}
		p := c.Pairs[0]
		near := func(what string, got, want float64) {
			t.Helper()
			if math.Abs(got-want) > 1e-9 {
				t.Errorf("%s = %v, want %v", what, got, want)
			}
		}
		near("offset", p.Offset, math.Hypot(10, 10)/100)
		near("size ratio", p.SizeRatio, 1.25)
		near("pupil px", p.PupilPx, 4)
		near("pupil", p.Pupil, 4.0/40)
		near("chin", p.Chin, 50.0/125)
	})
	t.Run("swapped eyes", func(t *testing.T) {
		th := theirFace(200, 200, 100)
		o := ourFace(200, 200, 120, Point{220, 190}, Point{180, 190})
		c := Compare([]face.Face{o}, []Face{th})
		if len(c.Pairs) != 1 || math.Abs(c.Pairs[0].PupilPx-40) > 1e-9 {
			t.Errorf("%+v: a left/right mix-up must show as an error of the eye distance", c)
		}
	})
	t.Run("no eyes", func(t *testing.T) {
		o := ourFace(200, 200, 120, Point{}, Point{})
		o.EyesFound = false
		c := Compare([]face.Face{o}, []Face{theirFace(200, 200, 100)})
		if !c.Agree || !math.IsNaN(c.Pairs[0].Pupil) {
			t.Errorf("%+v: want agreement and no pupil error", c)
		}
	})
	for _, tc := range []struct {
		name string
		o    face.Face
	}{
		{"centre too far", ourFace(200+26, 200, 120, Point{}, Point{})},
		{"too small", ourFace(200, 200, 59, Point{}, Point{})},
		{"too large", ourFace(200, 200, 161, Point{}, Point{})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Compare([]face.Face{tc.o}, []Face{theirFace(200, 200, 100)})
			if c.Agree || len(c.Pairs) != 0 {
				t.Errorf("%+v, want no pair", c)
			}
		})
	}
	t.Run("counts differ", func(t *testing.T) {
		c := Compare([]face.Face{ourFace(200, 200, 120, Point{}, Point{})}, []Face{theirFace(200, 200, 100), theirFace(600, 200, 100)})
		if c.Agree || len(c.Pairs) != 1 || c.Pairs[0].Theirs != 0 {
			t.Errorf("%+v, want one pair and no agreement", c)
		}
	})
	t.Run("several faces pair closest first", func(t *testing.T) {
		// Our first face is nearer their first (0.14 widths) than their
		// second (0.16), but our second can only go with their first
		// (0.03; 0.27 from the other): closest first pairs both.
		ours := []face.Face{ourFace(214, 200, 120, Point{}, Point{}), ourFace(203, 200, 120, Point{}, Point{})}
		theirs := []Face{theirFace(200, 200, 100), theirFace(230, 200, 100)}
		c := Compare(ours, theirs)
		if !c.Agree || len(c.Pairs) != 2 || c.Pairs[0].Theirs != 1 || c.Pairs[1].Theirs != 0 {
			t.Errorf("%+v, want our 0 with their 1 and our 1 with their 0", c)
		}
	})
}

func TestReadOutput(t *testing.T) {
	out := `{"setup":{"faceapi":"1.7.15","tfjs":"4.22.0","backend":"wasm","simd":true,"threads":1,"sharp":"0.33.5","node":"20.20.2","runs":3,"maxSide":1600}}
{"photo":"a.jpg","format":"jpeg","orientation":6,"width":512,"height":715,"ms":501.66,"faces":[{"score":0.9943,"box":{"x":161.49,"y":128.39,"width":181.64,"height":223.86},"eyeImageLeft":{"x":212.19,"y":208.22},"eyeImageRight":{"x":298.9,"y":214.09},"chin":{"x":248.76,"y":352.24}}]}
{"photo":"b.jpg","format":"jpeg","orientation":1,"width":718,"height":478,"ms":262.04,"faces":[]}
`
	setup, photos, err := ReadOutput(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if setup.FaceAPI != "1.7.15" || setup.Backend != "wasm" || setup.Runs != 3 || setup.MaxSide != 1600 {
		t.Errorf("setup %+v", setup)
	}
	if len(photos) != 2 || photos[0].Photo != "a.jpg" || photos[0].Orientation != 6 || len(photos[0].Faces) != 1 || len(photos[1].Faces) != 0 {
		t.Fatalf("photos %+v", photos)
	}
	f := photos[0].Faces[0]
	if f.Box.Width != 181.64 || f.EyeImageRight.X != 298.9 || f.Chin.Y != 352.24 {
		t.Errorf("face %+v", f)
	}
	for _, bad := range []string{"", `{"photo":"a.jpg"}`, "{\"setup\":{}}\n{\"faces\":[]}\n", "{\"setup\":{}}\nnot json\n"} {
		if _, _, err := ReadOutput(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadOutput(%q) accepted it", bad)
		}
	}
}
