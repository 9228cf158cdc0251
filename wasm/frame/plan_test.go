package frame

import (
	"errors"
	"image"
	"math"
	"testing"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/face"
)

// level returns a face whose box is centred at (x, y) with side s and
// whose pupils are level, 0.36 s apart, 0.08 s above the centre, the line
// through them then turned by roll degrees about their midpoint.
func level(x, y, s, roll float64) face.Face {
	sin, cos := math.Sincos(roll * math.Pi / 180)
	mid := face.Point{X: x, Y: y - 0.08*s}
	d := 0.18 * s
	return face.Face{
		Center:    face.Point{X: x, Y: y},
		Size:      s,
		LeftEye:   face.Point{X: mid.X + d*cos, Y: mid.Y + d*sin},
		RightEye:  face.Point{X: mid.X - d*cos, Y: mid.Y - d*sin},
		EyesFound: true,
	}
}

func TestPlanCrop(t *testing.T) {
	tests := []struct {
		name      string
		f         face.Face
		w, h      int
		problem   Problem
		scale     float64 // output pixels per input pixel the plan chose; 0: not checked
		above     float64 // or a floor for it
		whole     bool    // the whole frame is inside the input
		eyeRow    float64 // output row of the eye line; 0: not checked
		wantAngle float64
	}{
		// Box 400: face about 344 wide, crown about 320 above the eyes.
		// Face width 240 (scale 240/344) puts the crown 223.3 above the
		// eyes; eye rows 273.3-300 keep both in range: the eyes go to
		// 286.6.
		{name: "room all round", f: level(600, 700, 400, 0), w: 1200, h: 1600, whole: true,
			scale: 240.0 / 344, eyeRow: (50 + 320*240.0/344 + 300) / 2},
		{name: "tilted", f: level(600, 700, 400, 8), w: 1200, h: 1600, whole: true,
			scale: 240.0 / 344, eyeRow: (50 + 320*240.0/344 + 300) / 2, wantAngle: 8},
		// Little room below the eyes: the frame only fits with a face
		// larger than the middle 240 px (a larger scale makes the frame
		// smaller in the input).
		{name: "tight below", f: level(387, 277, 334, 0), w: 720, h: 576, above: 240 / (0.86 * 334)},
		// Box 100: face 86 wide; 180 px would take 2.1x.
		{name: "small face", f: level(600, 700, 100, 0), w: 1200, h: 1600, problem: FaceTooSmall},
		// The top of the head, 0.75 s above the eyes, is 218 px above
		// the picture; the frame above it could be made of wall, the head
		// cannot.
		{name: "head at the top", f: level(600, 150, 400, 0), w: 1200, h: 1600, problem: HeadCropped},
		// Room above the head for the eyes but not for the frame's top
		// margin: the frame reaches past the top, which is wall.
		{name: "frame past the top", f: level(600, 360, 400, 0), w: 1200, h: 1600},
		{name: "head at the side", f: level(150, 800, 400, 0), w: 1200, h: 1600, problem: HeadCropped},
		{name: "shoulder at the side", f: level(230, 800, 400, 0), w: 1200, h: 1600, problem: HeadCropped},
		// The chest cannot reach the frame's bottom even with the largest
		// face and the lowest eyes.
		{name: "body cut at the bottom", f: level(600, 1400, 400, 0), w: 1200, h: 1600, problem: HeadCropped},
		{name: "head filling the picture", f: level(300, 300, 500, 0), w: 600, h: 600, problem: HeadCropped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl, err := PlanCrop(tt.f, tt.w, tt.h, photospec.CHSI)
			if tt.problem != "" {
				var fe *Error
				if !errors.As(err, &fe) || fe.Problem != tt.problem {
					t.Fatalf("err = %v, want %s", err, tt.problem)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("plan %+v", pl)
			if pl.Width != 720 || pl.Height != 960 {
				t.Errorf("work image %dx%d, want 720x960", pl.Width, pl.Height)
			}
			if math.Abs(pl.Angle-tt.wantAngle) > 1e-9 {
				t.Errorf("angle %g, want %g", pl.Angle, tt.wantAngle)
			}
			// The frame is the work image less a tenth of the frame on
			// each side: 600 x 800 at (60, 80).
			if want := image.Rect(60, 80, 660, 880); !within(pl.Frame, want, 1) {
				t.Errorf("frame %v, want %v", pl.Frame, want)
			}
			// Both pupils land on one row, symmetric about the centre line.
			l, r := pl.ToWork(tt.f.LeftEye), pl.ToWork(tt.f.RightEye)
			if math.Abs(l.Y-r.Y) > 1e-6 || math.Abs((l.X+r.X)/2-359.5) > 0.7 {
				t.Errorf("pupils at %v and %v in the work image", l, r)
			}
			// Output pixels per input pixel: the work image holds the
			// frame at 600/480 of the output size.
			scale := pl.Scale * 480 / 600
			if tt.scale != 0 && math.Abs(scale-tt.scale) > 0.002 {
				t.Errorf("scale %.4f, want %.4f", scale, tt.scale)
			}
			if tt.whole && pl.BottomFill != 0 {
				t.Errorf("%.1f rows filled at the bottom, want none", pl.BottomFill)
			}
			if scale <= tt.above {
				t.Errorf("scale %.4f, want more than %.4f", scale, tt.above)
			}
			if tt.eyeRow != 0 {
				if row := (l.Y - float64(pl.Frame.Min.Y) + 0.5) * 480 / 600; math.Abs(row-tt.eyeRow-0.5) > 1 {
					t.Errorf("eye row %.1f in the output, want %.1f", row-0.5, tt.eyeRow)
				}
			}
			// The chest under the face reaches the frame's bottom (less
			// EdgeSlack); with room all round, the whole frame is inside.
			corners := []face.Point{{X: 359.5, Y: float64(pl.Frame.Max.Y) - EdgeSlack*800}}
			if tt.whole {
				corners = append(corners,
					face.Point{X: float64(pl.Frame.Min.X), Y: float64(pl.Frame.Min.Y)},
					face.Point{X: float64(pl.Frame.Max.X), Y: float64(pl.Frame.Max.Y)},
					face.Point{X: float64(pl.Frame.Min.X), Y: float64(pl.Frame.Max.Y)},
					face.Point{X: float64(pl.Frame.Max.X), Y: float64(pl.Frame.Min.Y)})
			}
			for _, c := range corners {
				p := pl.FromWork(c)
				if p.X < -1 || p.Y < -1 || p.X > float64(tt.w) || p.Y > float64(tt.h) {
					t.Errorf("work point %v is %v in the input, outside %dx%d", c, p, tt.w, tt.h)
				}
			}
			// ToWork and FromWork undo each other.
			p := face.Point{X: 123.25, Y: 456.5}
			if q := pl.FromWork(pl.ToWork(p)); math.Hypot(q.X-p.X, q.Y-p.Y) > 1e-9 {
				t.Errorf("FromWork(ToWork(%v)) = %v", p, q)
			}
		})
	}
}

func TestPlanCropWithoutEyes(t *testing.T) {
	f := level(600, 700, 400, 12)
	f.EyesFound = false
	pl, err := PlanCrop(f, 1200, 1600, photospec.CHSI)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Angle != 0 || pl.Center != (face.Point{X: 600, Y: 700 + eyesPerBox*400}) {
		t.Errorf("without eyes: angle %g centre %v, want upright about the box's eye line", pl.Angle, pl.Center)
	}
}

func within(a, b image.Rectangle, tol int) bool {
	d := func(x, y int) bool { return x-y <= tol && y-x <= tol }
	return d(a.Min.X, b.Min.X) && d(a.Min.Y, b.Min.Y) && d(a.Max.X, b.Max.X) && d(a.Max.Y, b.Max.Y)
}
