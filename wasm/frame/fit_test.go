package frame

import (
	"errors"
	"math"
	"slices"
	"testing"

	"gradphoto/shared/photospec"
)

func TestFit(t *testing.T) {
	half := photospec.Preset{Name: "half", Width: 240, Height: 320} // CHSI's layout halved: crown 25-55, eyes 100-150, face 90-150
	tests := []struct {
		name                      string
		p                         photospec.Preset
		crownY, eyeY, fw, eyeMidX float64
		chestEnd                  float64 // the picture's last row under the chest; 0: it goes on
		want                      Placement
		misses                    []Measure
	}{
		// Face width 240 at scale 1 is the middle of 180-300. With the
		// crown 200 above the eyes, eye rows 250-300 keep both in range:
		// the eyes go to 275 and the crown to 75.
		{name: "all in range", p: photospec.CHSI, crownY: 100, eyeY: 300, fw: 240, eyeMidX: 360,
			want: Placement{Scale: 1, X: 360 - 239.5, Y: 25, Crown: 75, EyeLine: 275, FaceWidth: 240, EyeMidX: 239.5}},
		// Crown 300 above the eyes: the face would be 240 at scale 1,
		// but crown and eyes fit only up to scale 250/300, and with Fit's
		// margin (crown 4, eyes 3 px inside) up to 243/300; the face comes
		// out at 194.4, crown and eyes just inside their ranges.
		{name: "tall head, smaller face", p: photospec.CHSI, crownY: 0, eyeY: 300, fw: 240, eyeMidX: 200,
			want: Placement{Scale: 243.0 / 300, X: 200 - 239.5*300/243, Y: 300 - 297*300/243.0, Crown: 54, EyeLine: 297, FaceWidth: 194.4, EyeMidX: 239.5}},
		// Crown 320 above the eyes: with the margin the face would be
		// below 186 px; without it, crown and eyes fit up to scale
		// 250/320 and land on the edge of their ranges.
		{name: "taller head, on the edges", p: photospec.CHSI, crownY: 0, eyeY: 320, fw: 240, eyeMidX: 200,
			want: Placement{Scale: 250.0 / 320, X: 200 - 239.5*320/250, Y: 320 - 300*320/250.0, Crown: 50, EyeLine: 300, FaceWidth: 187.5, EyeMidX: 239.5}},
		// Crown 400 above the eyes: even the smallest face (scale 0.75)
		// puts it at 300 px; the eyes stay at the bottom of their range
		// and the crown misses.
		{name: "very tall head", p: photospec.CHSI, crownY: 0, eyeY: 400, fw: 240, eyeMidX: 300,
			want:   Placement{Scale: 0.75, X: 300 - 239.5/0.75, Y: 0, Crown: 0, EyeLine: 300, FaceWidth: 180, EyeMidX: 239.5},
			misses: []Measure{Crown}},
		// Crown 50 above the eyes: the largest face (scale 1.25) leaves
		// it 62.5 above; the eyes at the top of their range, the crown at
		// 137.5, too low.
		{name: "very short head", p: photospec.CHSI, crownY: 250, eyeY: 300, fw: 240, eyeMidX: 300,
			want:   Placement{Scale: 1.25, X: 300 - 239.5/1.25, Y: 300 - 200/1.25, Crown: 137.5, EyeLine: 200, FaceWidth: 300, EyeMidX: 239.5},
			misses: []Measure{Crown}},
		{name: "derived layout", p: half, crownY: 100, eyeY: 200, fw: 120, eyeMidX: 100,
			want: Placement{Scale: 1, X: 100 - 119.5, Y: 200 - 137.5, Crown: 37.5, EyeLine: 137.5, FaceWidth: 120, EyeMidX: 119.5}},
		// "All in range" with the picture ending 354.5 below the eyes:
		// the eyes go down to the middle of 285-296 (296: 4 px inside
		// the range) so that the chest reaches the bottom edge.
		{name: "chest short", p: photospec.CHSI, crownY: 100, eyeY: 300, fw: 240, eyeMidX: 360, chestEnd: 654.5,
			want: Placement{Scale: 1, X: 360 - 239.5, Y: 300 - 290.5, Crown: 90.5, EyeLine: 290.5, FaceWidth: 240, EyeMidX: 239.5}},
		// Only 200 below the eyes: the largest face with margins (276,
		// scale 1.15) and the eyes on 296 leave 113.5 rows to make up,
		// more than EdgeSlack (108.8).
		{name: "chest far short", p: photospec.CHSI, crownY: 100, eyeY: 300, fw: 240, eyeMidX: 360, chestEnd: 500,
			want:   Placement{Scale: 1.15, X: 360 - 239.5/1.15, Y: 300 - 296/1.15, Crown: 66, EyeLine: 296, FaceWidth: 276, EyeMidX: 239.5, Fill: 113.5},
			misses: []Measure{Chest}},
	}
	for _, tt := range tests {
		end := tt.chestEnd
		if end == 0 {
			end = math.Inf(1)
		}
		got, err := FitWithin(tt.p, tt.crownY, tt.eyeY, tt.fw, tt.eyeMidX, end)
		var fe *FitError
		if tt.misses == nil && err != nil || tt.misses != nil && (!errors.As(err, &fe) || !slices.Equal(fe.Misses, tt.misses)) {
			t.Errorf("%s: err = %v, want misses %v", tt.name, err, tt.misses)
		}
		if !near(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
		// What the placement says must be where the points land.
		if crown := (tt.crownY - got.Y) * got.Scale; math.Abs(crown-got.Crown) > 1e-9 {
			t.Errorf("%s: crown lands on %g, placement says %g", tt.name, crown, got.Crown)
		}
		if x := (tt.eyeMidX - got.X) * got.Scale; math.Abs(x-got.EyeMidX) > 1e-9 {
			t.Errorf("%s: eye midpoint lands on %g, placement says %g", tt.name, x, got.EyeMidX)
		}
	}
}

func TestFitRejectsNonsense(t *testing.T) {
	for _, c := range [][4]float64{{100, 300, 0, 200}, {300, 300, 240, 200}, {400, 300, 240, 200}} {
		if _, err := Fit(photospec.CHSI, c[0], c[1], c[2], c[3]); err == nil {
			t.Errorf("Fit(%v) accepted", c)
		}
	}
	if _, err := Fit(photospec.Preset{Name: "empty"}, 100, 300, 240, 200); err == nil {
		t.Error("Fit accepted a preset without a size")
	}
}

func near(a, b Placement) bool {
	const eps = 1e-9
	for _, d := range []float64{a.Scale - b.Scale, a.X - b.X, a.Y - b.Y, a.Crown - b.Crown,
		a.EyeLine - b.EyeLine, a.FaceWidth - b.FaceWidth, a.EyeMidX - b.EyeMidX, a.Fill - b.Fill} {
		if math.Abs(d) > eps {
			return false
		}
	}
	return true
}
