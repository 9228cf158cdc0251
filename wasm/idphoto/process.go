package idphoto

import (
	"errors"
	"image"
	"math"
	"sync"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/check"
	"gradphoto/wasm/face"
	"gradphoto/wasm/frame"
	"gradphoto/wasm/imageio"
	"gradphoto/wasm/matte"
)

// Process makes the standard photo from a file (JPEG, PNG or WebP,
// recognised by content). A photo that cannot be made compliant is not an
// error: the Result's report says why (OK false, Reasons). The error is for
// the engine failing (no cascades, a bug).
func Process(data []byte, opts Options) (*Result, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	sw := newStopwatch()
	sw.progress = opts.Progress
	dec, err := imageio.Decode(data, imageio.Options{MaxSide: opts.WorkingSide})
	sw.lap("decode")
	if err != nil {
		return refusedInput(err, opts, sw)
	}
	return process(dec, opts, sw)
}

// ProcessRGBA makes the standard photo from raw RGBA pixels, as a browser
// canvas hands them over (already oriented and scaled down).
func ProcessRGBA(pix []byte, width, height int, opts Options) (*Result, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	sw := newStopwatch()
	sw.progress = opts.Progress
	dec, err := imageio.FromRGBA(pix, width, height)
	sw.lap("decode")
	if err != nil {
		return refusedInput(err, opts, sw)
	}
	return process(dec, opts, sw)
}

// refusedInput reports an input that could not be read.
func refusedInput(err error, opts Options, sw *stopwatch) (*Result, error) {
	code := UnsupportedFormat
	if imageio.CodeOf(err) == imageio.TooLarge {
		code = TooLarge
	}
	var ie *imageio.Error
	if !errors.As(err, &ie) {
		return nil, err
	}
	return refused(opts, sw, nil, nil, code), nil
}

func refused(opts Options, sw *stopwatch, g *Geometry, bg *BackgroundStats, codes ...Code) *Result {
	r := Report{OK: false, Preset: opts.Preset.Name, Geometry: g, Background: bg, Warnings: []Message{}, Timings: sw.timings}
	for _, c := range codes {
		r.Reasons = append(r.Reasons, Msg(c))
	}
	return &Result{Report: r}
}

func process(dec *imageio.Decoded, opts Options, sw *stopwatch) (*Result, error) {
	p := opts.Preset
	geom := &Geometry{InputWidth: dec.SourceWidth, InputHeight: dec.SourceHeight}
	gray := face.Gray{Pix: dec.Gray.Pix, Stride: dec.Gray.Stride, Width: dec.Gray.Rect.Dx(), Height: dec.Gray.Rect.Dy()}
	found, err := opts.Models.Find(gray, face.Options{})
	sw.lap("face")
	if err != nil {
		return nil, err
	}
	switch {
	case found.Strong == 0:
		code, err := faceBeyondEdges(opts.Models, gray)
		sw.lap("face (padded)")
		if err != nil {
			return nil, err
		}
		return refused(opts, sw, geom, nil, code), nil
	case found.Strong > 1:
		return refused(opts, sw, geom, nil, MultipleFaces), nil
	}
	f := found.Faces[0]
	if code, bad := exposure(gray, f.Box()); bad {
		return refused(opts, sw, geom, nil, code), nil
	}

	plan, err := frame.PlanCrop(f, gray.Width, gray.Height, p)
	if err != nil {
		var fe *frame.Error
		if errors.As(err, &fe) {
			return refused(opts, sw, geom, nil, Code(fe.Problem)), nil
		}
		return nil, err
	}
	geom.Roll = plan.Angle
	work := spareRGBA(&spares.work, plan.Width, plan.Height)
	if opts.observe == nil { // an observer keeps the images past the call
		defer keepRGBA(&spares.work, work)
	}
	frame.StraightenTo(work, dec.RGBA, plan.Center, plan.Angle, plan.Crop) // plan.Apply, into the spare image
	sw.lap("straighten")
	{
		c := plan.ToWork(f.Center)
		half := f.Size * plan.Scale / 2
		if sharpness(work, image.Rect(int(c.X-half), int(c.Y-half), int(c.X+half), int(c.Y+half))) < minSharpness {
			return refused(opts, sw, geom, nil, Blurry), nil
		}
	}

	left, right := plan.ToWork(f.LeftEye), plan.ToWork(f.RightEye)
	c := plan.ToWork(f.Center)
	half := f.Size * plan.Scale / 2
	box := image.Rect(int(c.X-half), int(c.Y-half), int(c.X+half), int(c.Y+half))
	scene := matte.Scene{Img: work, Face: box}
	if f.EyesFound {
		scene.LeftEye, scene.RightEye = [2]float64{left.X, left.Y}, [2]float64{right.X, right.Y}
	} else {
		eyeY := c.Y - 0.08*f.Size*plan.Scale
		left, right = face.Point{X: c.X + 0.2*f.Size*plan.Scale, Y: eyeY}, face.Point{X: c.X - 0.2*f.Size*plan.Scale, Y: eyeY}
	}
	m, err := matte.Estimate(scene, matte.Options{})
	sw.lap("matte")
	var bgStats *BackgroundStats
	if m != nil {
		bgStats = &BackgroundStats{Mean: m.Stats.Mean, Residual: m.Stats.Residual, Plain: m.Stats.Plain}
	}
	if err != nil {
		if code := matte.RefusalCode(err); code != "" {
			return refused(opts, sw, geom, bgStats, Code(code)), nil
		}
		return nil, err
	}
	// A crown on the work image's top edge, where the input ended, means
	// the top of the head is cut off.
	if top := plan.FromWork(face.Point{X: c.X, Y: float64(m.Crown)}); m.Crown <= 1 || top.Y < 1 {
		return refused(opts, sw, geom, bgStats, HeadCropped), nil
	}

	eyeY := (left.Y + right.Y) / 2
	eyeMidX := (left.X + right.X) / 2
	width, widthSource := faceWidth(work, f, plan, left, right, box)
	sw.lap("width")
	place, err := frame.FitWithin(p, float64(m.Crown), eyeY, width, eyeMidX, plan.ChestEnd(eyeMidX))
	if err != nil {
		var fe *frame.FitError
		if !errors.As(err, &fe) {
			return nil, err
		}
		return refused(opts, sw, geom, bgStats, HeadCropped), nil
	}
	matte.Composite(work, m, opts.Background, work)
	sw.lap("composite")
	// Under a tightly framed chest the work image repeats the picture's
	// last row; with a turned picture the corners may need it even when
	// the middle does not.
	frame.FillBelow(work, m.Alpha, m.Rect, opts.Background, plan, place.Window(p.Width, p.Height))
	sw.lap("fill")
	if opts.observe != nil {
		opts.observe(&trace{Decoded: dec.RGBA.Rect.Size(), Source: image.Pt(dec.SourceWidth, dec.SourceHeight),
			Plan: plan, Matte: m, Work: work, Place: place})
	}
	out := spareRGBA(&spares.out, p.Width, p.Height)
	if opts.observe == nil {
		defer keepRGBA(&spares.out, out)
	}
	frame.PlaceTo(out, work, place)
	sw.lap("place")
	jpeg, quality, err := photospec.EncodeQuality(out, p)
	sw.lap("encode")
	if err != nil {
		return nil, err
	}
	// The engine holds its own output to the checker that the server and
	// staff use: file, pixels, dpi, bytes, the background band and the body
	// reaching the bottom edge (the head's geometry is the placement's).
	self, err := check.MeasureDecoded(jpeg, &imageio.Decoded{RGBA: out, Format: "jpeg", Scale: 1, Orientation: 1}, p, nil)
	sw.lap("check")
	if err != nil {
		return nil, err
	}
	if !self.OK {
		return refused(opts, sw, geom, bgStats, checkFailure(self)), nil
	}

	toOut := func(q face.Point) Point {
		return Point{X: (q.X - place.X) * place.Scale, Y: (q.Y - place.Y) * place.Scale}
	}
	ob := image.Rect(
		int((float64(box.Min.X)-place.X)*place.Scale), int((float64(box.Min.Y)-place.Y)*place.Scale),
		int((float64(box.Max.X)-place.X)*place.Scale), int((float64(box.Max.Y)-place.Y)*place.Scale))
	geom.FaceBox, geom.LeftPupil, geom.RightPupil = ob, toOut(left), toOut(right)
	geom.Crown, geom.EyeLine, geom.FaceWidth = iround(place.Crown), iround(place.EyeLine), iround(place.FaceWidth)
	geom.FaceWidthSource = widthSource
	geom.Scale = place.Scale * plan.Scale * dec.Scale

	r := Report{OK: true, Preset: p.Name, Reasons: []Message{}, Warnings: []Message{}, Geometry: geom, Background: bgStats}
	if math.Abs(plan.Angle) > 3 {
		r.Warnings = append(r.Warnings, Msg(HeadTilted))
	}
	if !f.EyesFound {
		r.Warnings = append(r.Warnings, Msg(EyesClosed))
	}
	r.Output = &OutputInfo{Width: p.Width, Height: p.Height, Bytes: len(jpeg), DPI: p.DPI, Quality: quality}
	r.Timings = sw.timings
	return &Result{JPEG: jpeg, Report: r}, nil
}

// spares keeps the work image (720 x 960 for CHSI) and the output image
// from one photo to the next: the browser module makes one photo after
// another, and fresh images cost their zeroing and, as wasm, new memory
// and garbage collection. One of each; concurrent calls make their own.
var spares struct {
	sync.Mutex
	work, out *image.RGBA
}

// spareRGBA takes the image kept in *slot if it is w x h, or makes one.
// Its pixels are left as they are: the callers write every one.
func spareRGBA(slot **image.RGBA, w, h int) *image.RGBA {
	spares.Lock()
	img := *slot
	*slot = nil
	spares.Unlock()
	if img == nil || img.Rect != image.Rect(0, 0, w, h) {
		img = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	return img
}

// keepRGBA puts img back in *slot for the next photo.
func keepRGBA(slot **image.RGBA, img *image.RGBA) {
	spares.Lock()
	*slot = img
	spares.Unlock()
}

// exposure measures the face's brightness: a face too dark or burnt out
// cannot be made into a usable photo.
func exposure(g face.Gray, box image.Rectangle) (Code, bool) {
	box = box.Intersect(image.Rect(0, 0, g.Width, g.Height))
	if box.Empty() {
		return "", false
	}
	var sum, clipped, n int
	for y := box.Min.Y; y < box.Max.Y; y += 2 {
		row := g.Pix[y*g.Stride+box.Min.X : y*g.Stride+box.Max.X]
		for x := 0; x < len(row); x += 2 {
			v := int(row[x])
			sum += v
			if v >= 250 {
				clipped++
			}
			n++
		}
	}
	mean := float64(sum) / float64(n)
	switch {
	case mean < 40:
		return TooDark, true
	case mean > 235 || float64(clipped) > 0.3*float64(n):
		return TooBright, true
	}
	return "", false
}

// faceBeyondEdges looks again, on the picture padded with grey on every
// side, for a face too large or too near an edge for the detector to see
// whole: such a photo is a close-up with the head cut off (head_cropped),
// not one without a face.
func faceBeyondEdges(m *face.Models, g face.Gray) (Code, error) {
	pad := max(g.Width, g.Height) * 3 / 10
	w, h := g.Width+2*pad, g.Height+2*pad
	pix := make([]uint8, w*h)
	for i := range pix {
		pix[i] = 128
	}
	for y := 0; y < g.Height; y++ {
		copy(pix[(y+pad)*w+pad:], g.Pix[y*g.Stride:y*g.Stride+g.Width])
	}
	found, err := m.Find(face.Gray{Pix: pix, Stride: w, Width: w, Height: h}, face.Options{SkipSmall: true})
	if err != nil {
		return "", err
	}
	if found.Strong == 0 {
		return NoFace, nil
	}
	inner := image.Rect(pad, pad, pad+g.Width, pad+g.Height)
	if !found.Faces[0].Box().In(inner) {
		return HeadCropped, nil
	}
	return NoFace, nil
}

// checkFailure names the reason for a finished photo the checker refused:
// a background band that is not the standard colour means wall was left;
// a body that does not reach the bottom edge means the clothing went with
// the wall.
func checkFailure(r check.Report) Code {
	for _, row := range r.Rows {
		if row.OK || row.Skipped {
			continue
		}
		switch row.Name {
		case "background_colour", "background_even":
			return BackgroundNotPlain
		case "body_bottom":
			return LowContrast
		}
	}
	return HeadCropped
}

func iround(v float64) int { return int(math.Floor(v + 0.5)) }
