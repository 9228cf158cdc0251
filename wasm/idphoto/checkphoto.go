package idphoto

import (
	"errors"
	"image"
	"sort"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/check"
	"gradphoto/wasm/face"
	"gradphoto/wasm/frame"
	"gradphoto/wasm/imageio"
)

// Check measures a finished photo (a student's own, or one made elsewhere)
// against p with the engine's face detector: the file, the background band
// and, when a face is found, crown, eye line, face width, centring and tilt.
// It is how the app checks an album photo on the spot, before staff review
// it; the error is an *imageio.Error when the photo cannot be read.
func Check(data []byte, p photospec.Preset, m *face.Models) (check.Report, error) {
	if m == nil {
		return check.Report{}, errors.New("idphoto: no face models")
	}
	if p.Width == 0 {
		p = photospec.CHSI
	}
	return check.Measure(data, p, FaceMeasurer(m))
}

// CheckPixels is Check for a photo the browser decoded (its decoders are
// native, and Go's need not ship in the module): rgba is the upright
// picture, w x h, shrunk from srcW x srcH, its upright size in the file.
// rgba is nil when the browser could not decode the file: the answer is
// then why (not a photo, or damaged). See check.MeasurePixels.
func CheckPixels(data, rgba []byte, w, h, srcW, srcH int, p photospec.Preset, m *face.Models) (check.Report, error) {
	if m == nil {
		return check.Report{}, errors.New("idphoto: no face models")
	}
	if p.Width == 0 {
		p = photospec.CHSI
	}
	if rgba == nil {
		return check.MeasurePixels(data, &imageio.Decoded{}, p, nil)
	}
	d, err := imageio.FromRGBA(rgba, w, h)
	if err != nil {
		return check.Report{}, err
	}
	if srcW <= 0 || srcH <= 0 {
		srcW, srcH = w, h
	}
	d.SourceWidth, d.SourceHeight, d.Scale = srcW, srcH, float64(w)/float64(srcW)
	return check.MeasurePixels(data, d, p, FaceMeasurer(m))
}

// FaceMeasurer returns a check.FaceMeasurer that finds faces with m. The
// crown is the first row, scanning down above the face, where the middle of
// the picture stops being the wall: a finished photo's wall is flat, so a
// tenth of the face box's width differing from the wall's gray marks the
// top of the hair (a few stray strands do not). The face width is measured
// on the cheeks as the engine does (the eyes must be level, as they are in
// a finished photo), else estimated from the box.
func FaceMeasurer(m *face.Models) check.FaceMeasurer {
	return check.FaceMeasurerFunc(func(gray *image.Gray, rgba *image.RGBA) (check.FaceGeometry, bool) {
		g := face.Gray{Pix: gray.Pix, Stride: gray.Stride, Width: gray.Rect.Dx(), Height: gray.Rect.Dy()}
		found, err := m.Find(g, face.Options{})
		if err != nil || found.Strong == 0 {
			return check.FaceGeometry{}, false
		}
		f := found.Faces[0]
		mid := f.Center
		mid.Y += eyeLineFromBoxCentre * f.Size
		var tilt float64
		width := frame.EstimateFaceWidth(f)
		if f.EyesFound {
			mid, tilt = f.EyeMid(), face.Roll(f.LeftEye, f.RightEye)
			if w := face.MeasureWidth(rgba, f.LeftEye, f.RightEye, f.Box()); w.Reliable() {
				width = w.Width
			}
		}
		return check.FaceGeometry{
			Crown:      float64(crownBelowWall(gray, f)),
			EyeLine:    mid.Y,
			EyeCenterX: mid.X,
			FaceWidth:  width,
			Tilt:       tilt,
			Faces:      found.Strong,
		}, true
	})
}

// eyeLineFromBoxCentre places the eyes when puploc misses them: the face
// box's centre is about 0.08 of its side below the eye line.
const eyeLineFromBoxCentre = -0.08

// crownBelowWall is the first row above the face whose middle (the face box's
// width) differs from the wall in a tenth of its pixels or more.
func crownBelowWall(gray *image.Gray, f face.Face) int {
	w := gray.Rect.Dx()
	wall := wallGray(gray)
	x0, x1 := max(0, int(f.Center.X-f.Size/2)), min(w, int(f.Center.X+f.Size/2))
	need := max(3, (x1-x0)/10)
	for y := 0; y < int(f.Center.Y) && y < gray.Rect.Dy(); y++ {
		row := gray.Pix[y*gray.Stride:]
		n := 0
		for x := x0; x < x1; x++ {
			if d := int(row[x]) - wall; d > wallGrayTolerance || d < -wallGrayTolerance {
				n++
			}
		}
		if n >= need {
			return y
		}
	}
	return int(f.Center.Y)
}

// wallGrayTolerance is how far from the wall's gray a pixel must be to be
// hair: JPEG noise on a flat wall stays well inside it, dark or fair hair on
// a light wall is far outside.
const wallGrayTolerance = 24

// wallGray is the median gray of the top row's two outer quarters, which
// in a finished photo are wall.
func wallGray(gray *image.Gray) int {
	w := gray.Rect.Dx()
	var vs []int
	for x := 0; x < w/4; x++ {
		vs = append(vs, int(gray.Pix[x]), int(gray.Pix[w-1-x]))
	}
	if len(vs) == 0 {
		return 0
	}
	sort.Ints(vs)
	return vs[len(vs)/2]
}
