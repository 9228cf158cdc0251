// Package check measures any photo against a preset (photospec.Preset): the
// file (format, pixels, resolution, bytes, JPEG quality), the background
// along the top and side edges, and, when a face measurer is plugged in,
// where the head sits. Each row of the standard comes back with the
// measured value, the allowed range, whether it holds, and words in Chinese
// and English when it does not.
//
// The engine runs it on its own output, the server on uploads, and staff on
// the album photos students bring. The face geometry comes from elsewhere
// (the FaceMeasurer interface) so that this package stays small and a
// checker can be paired with a detector other than the engine's own: a
// checker that shares the engine's face box agrees with its mistakes.
package check

import (
	"fmt"
	"image"
	"math"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/imageio"
)

// FaceGeometry is one face measured in an upright gray image, in that
// image's pixels (rows from the top edge).
type FaceGeometry struct {
	Crown      float64 `json:"crown"`        // row of the top of the hair
	EyeLine    float64 `json:"eye_line"`     // row of the midpoint between the pupils
	EyeCenterX float64 `json:"eye_center_x"` // column of that midpoint
	FaceWidth  float64 `json:"face_width"`   // cheek to cheek
	// Tilt is how far the line through the pupils departs from level, in
	// degrees (either sign).
	Tilt float64 `json:"tilt"`
	// Faces is how many faces were found; 0 is read as 1.
	Faces int `json:"faces"`
}

// FaceMeasurer finds the face in an upright photo and measures it; ok is
// false when there is no face. gray and rgba are the same picture (a
// detector reads the gray one; the cheeks' edges need colour), tight
// (Stride = width), at most WorkingSide pixels on its longer side, and the
// same shape as the photo: the checker scales the answer to the preset's
// pixels itself.
type FaceMeasurer interface {
	Measure(gray *image.Gray, rgba *image.RGBA) (g FaceGeometry, ok bool)
}

// FaceMeasurerFunc adapts a function to FaceMeasurer.
type FaceMeasurerFunc func(gray *image.Gray, rgba *image.RGBA) (FaceGeometry, bool)

// Measure calls f.
func (f FaceMeasurerFunc) Measure(gray *image.Gray, rgba *image.RGBA) (FaceGeometry, bool) {
	return f(gray, rgba)
}

// Message is a failure (or a reason a row was not checked) in words.
type Message struct {
	Code string `json:"code"` // the row's name
	ZH   string `json:"zh"`
	EN   string `json:"en"`
}

// Row is one line of the standard as measured.
type Row struct {
	// Name is a stable key: format, pixels, dpi, bytes, quality,
	// orientation, background_colour, background_even, face, crown,
	// eye_line, face_width, center, tilt, body_bottom.
	Name    string `json:"name"`
	Value   string `json:"value"`   // what was measured, for display
	Allowed string `json:"allowed"` // what the standard allows, for display
	// Measured, Min and Max are the numbers behind Value and Allowed for
	// the numeric rows (in the preset's pixels for geometry).
	Measured float64 `json:"measured"`
	Min      float64 `json:"min"`
	Max      float64 `json:"max"`
	OK       bool    `json:"ok"`
	// Skipped rows were not measured (no face measurer, or a photo of
	// another shape); they count neither for nor against.
	Skipped bool     `json:"skipped,omitempty"`
	Message *Message `json:"message,omitempty"` // when not OK, or skipped
}

// FileInfo is what the file's headers say.
type FileInfo struct {
	Format       string  `json:"format"` // jpeg, png, webp
	Width        int     `json:"width"`  // as stored, before any EXIF turn
	Height       int     `json:"height"`
	Bytes        int     `json:"bytes"`
	DPI          int     `json:"dpi"`               // 0: not stated
	Quality      int     `json:"quality,omitempty"` // estimated from the JPEG tables
	Progressive  bool    `json:"progressive,omitempty"`
	Orientation  int     `json:"orientation"` // EXIF; 1 when none
	HadAlpha     bool    `json:"had_alpha,omitempty"`
	WorkingScale float64 `json:"working_scale"` // working pixels per stored pixel
}

// Report is a photo measured against one preset.
type Report struct {
	Preset     string        `json:"preset"`
	OK         bool          `json:"ok"` // every row that was checked holds
	Rows       []Row         `json:"rows"`
	Failures   []Message     `json:"failures"` // the failed rows' messages, in row order
	File       FileInfo      `json:"file"`
	Background Background    `json:"background"`
	Face       *FaceGeometry `json:"face,omitempty"` // in the preset's pixels, when measured
}

// Row returns the row called name.
func (r Report) Row(name string) (Row, bool) {
	for _, row := range r.Rows {
		if row.Name == name {
			return row, true
		}
	}
	return Row{}, false
}

// WorkingSide is the longest side the checker looks at: larger photos are
// shrunk as they are decoded, which keeps album photos cheap and changes no
// measurement that matters at a finished photo's size.
const WorkingSide = 1600

// ShapeTolerance is how far (relative) a photo's shape may differ from the
// preset's for its face geometry to be compared after scaling to the
// preset's pixels.
const ShapeTolerance = 0.02

// Measure checks data (a JPEG, PNG or WebP of any size) against p. faces
// may be nil: the face rows are then skipped. The error is an
// *imageio.Error when the photo cannot be read at all.
func Measure(data []byte, p photospec.Preset, faces FaceMeasurer) (Report, error) {
	return measure(data, p, faces, imageio.Options{MaxSide: WorkingSide})
}

func measure(data []byte, p photospec.Preset, faces FaceMeasurer, opts imageio.Options) (Report, error) {
	rep := Report{Preset: p.Name}
	format, w, h, err := imageio.DecodeConfig(data, opts)
	if err != nil {
		return rep, err
	}
	rep.File = FileInfo{Format: format, Width: w, Height: h, Bytes: len(data), Orientation: 1}
	var meta imageio.JPEGMeta
	if format == "jpeg" {
		meta, _ = imageio.ReadJPEGMeta(data)
		rep.File.DPI, rep.File.Quality, rep.File.Progressive = meta.DPI(), meta.Quality(), meta.Progressive()
		if meta.HasExif && meta.Exif.Orientation != 0 {
			rep.File.Orientation = meta.Exif.Orientation
		}
	}
	d, err := imageio.Decode(data, opts)
	if err != nil {
		return rep, err
	}
	return finish(rep, meta, d, p, faces), nil
}

// MeasureDecoded is Measure for a photo whose pixels the caller already
// has: the engine checks the file it wrote (headers, dpi, bytes) together
// with the picture it encoded, without decoding its own output again. d
// must be that picture, upright and at the file's size.
func MeasureDecoded(data []byte, d *imageio.Decoded, p photospec.Preset, faces FaceMeasurer) (Report, error) {
	rep := Report{Preset: p.Name}
	meta, err := imageio.ReadJPEGMeta(data)
	if err != nil {
		return rep, err
	}
	w, h := d.RGBA.Rect.Dx(), d.RGBA.Rect.Dy()
	rep.File = FileInfo{Format: "jpeg", Width: w, Height: h, Bytes: len(data), Orientation: 1,
		DPI: meta.DPI(), Quality: meta.Quality(), Progressive: meta.Progressive()}
	return finish(rep, meta, d, p, faces), nil
}

// MeasurePixels is Measure for a file whose picture was decoded elsewhere:
// the browser decodes a student's album photo with its native decoders, so
// that the engine's module need not carry Go's. d is the upright picture
// (at most WorkingSide on its longer side is plenty), d.SourceWidth x
// d.SourceHeight the upright size the browser decoded, and d.Scale the
// first over the second. The file's own headers still come from data: the
// format by content, and for a JPEG its stored size, dpi, quality and
// EXIF orientation. The error is an *imageio.Error for no photo or one over
// the pixel limit.
func MeasurePixels(data []byte, d *imageio.Decoded, p photospec.Preset, faces FaceMeasurer) (Report, error) {
	rep := Report{Preset: p.Name}
	format, err := imageio.CheckHeader(data, d.SourceWidth, d.SourceHeight)
	if err != nil {
		return rep, err
	}
	rep.File = FileInfo{Format: format, Width: d.SourceWidth, Height: d.SourceHeight, Bytes: len(data), Orientation: 1}
	var meta imageio.JPEGMeta
	if format == "jpeg" {
		meta, _ = imageio.ReadJPEGMeta(data)
		rep.File.DPI, rep.File.Quality, rep.File.Progressive = meta.DPI(), meta.Quality(), meta.Progressive()
		if meta.Width > 0 && meta.Height > 0 {
			rep.File.Width, rep.File.Height = meta.Width, meta.Height // as stored
		}
		if meta.HasExif && meta.Exif.Orientation != 0 {
			rep.File.Orientation = meta.Exif.Orientation
		}
	}
	return finish(rep, meta, d, p, faces), nil
}

// finish measures the rows of a decoded photo.
func finish(rep Report, meta imageio.JPEGMeta, d *imageio.Decoded, p photospec.Preset, faces FaceMeasurer) Report {
	rep.File.HadAlpha = d.HadAlpha
	rep.File.WorkingScale = d.Scale

	rep.fileRows(p, meta)
	rep.Background = measureBackground(d.RGBA, p)
	rep.backgroundRows(p)
	rep.faceRows(p, d, faces)
	rep.bodyRow(d.RGBA)

	rep.OK = true
	rep.Failures = []Message{}
	for _, row := range rep.Rows {
		if !row.OK && !row.Skipped {
			rep.OK = false
			if row.Message != nil {
				rep.Failures = append(rep.Failures, *row.Message)
			}
		}
	}
	return rep
}

func (r *Report) add(row Row) { r.Rows = append(r.Rows, row) }

// fail returns row marked failed with the given words.
func fail(row Row, zh, en string) Row {
	row.OK = false
	row.Message = &Message{Code: row.Name, ZH: zh, EN: en}
	return row
}

// skip returns row marked skipped with the given words.
func skip(row Row, zh, en string) Row {
	row.Skipped = true
	row.Message = &Message{Code: row.Name, ZH: zh, EN: en}
	return row
}

func (r *Report) fileRows(p photospec.Preset, meta imageio.JPEGMeta) {
	f := r.File
	// Format: baseline JPEG.
	value := formatName(f.Format)
	if f.Format == "jpeg" {
		switch {
		case meta.Baseline():
			value = "baseline JPEG"
		case meta.Progressive():
			value = "progressive JPEG"
		default:
			value = fmt.Sprintf("JPEG (SOF%d)", meta.SOF-0xC0)
		}
	}
	row := Row{Name: "format", Value: value, Allowed: "baseline JPEG", OK: f.Format == "jpeg" && meta.Baseline()}
	if !row.OK {
		row = fail(row, fmt.Sprintf("照片应为基线（baseline）JPEG 格式，实际为 %s", value),
			fmt.Sprintf("The photo must be a baseline JPEG; it is %s", value))
	}
	r.add(row)

	// Pixels, as stored: what the receiving system sees.
	row = Row{Name: "pixels", Value: fmt.Sprintf("%dx%d", f.Width, f.Height), Allowed: fmt.Sprintf("%dx%d", p.Width, p.Height),
		OK: f.Width == p.Width && f.Height == p.Height}
	if !row.OK {
		row = fail(row, fmt.Sprintf("照片尺寸应为 %dx%d 像素，实际为 %dx%d", p.Width, p.Height, f.Width, f.Height),
			fmt.Sprintf("The photo must be %dx%d pixels; it is %dx%d", p.Width, p.Height, f.Width, f.Height))
	}
	r.add(row)

	// Resolution.
	value = "none"
	if f.DPI > 0 {
		value = fmt.Sprintf("%d dpi", f.DPI)
	}
	allowed := fmt.Sprintf("%d dpi", p.DPI)
	if p.AnyDPI || p.DPI == 0 {
		allowed = "any"
	}
	row = Row{Name: "dpi", Value: value, Allowed: allowed, Measured: float64(f.DPI), Min: float64(p.DPI), Max: float64(p.DPI),
		OK: p.AnyDPI || p.DPI == 0 || f.DPI == p.DPI}
	if !row.OK {
		zhv := "未标注"
		if f.DPI > 0 {
			zhv = value
		}
		row = fail(row, fmt.Sprintf("照片分辨率应为 %d dpi，实际为%s", p.DPI, zhv),
			fmt.Sprintf("The photo must state %d dpi; it states %s", p.DPI, value))
	}
	r.add(row)

	// Bytes.
	kb := float64(f.Bytes) / 1024
	row = Row{Name: "bytes", Value: fmt.Sprintf("%.1f KB", kb), Allowed: p.ByteRangeEN(), Measured: float64(f.Bytes),
		Min: float64(p.MinBytes), Max: float64(p.MaxBytes), OK: p.BytesOK(f.Bytes)}
	if !row.OK {
		row = fail(row, fmt.Sprintf("照片文件大小应为 %s，实际为 %.1f KB", p.ByteRangeZH(), kb),
			fmt.Sprintf("The photo file must be %s; it is %.1f KB", p.ByteRangeEN(), kb))
	}
	r.add(row)

	// JPEG quality, when the standard sets a floor.
	if p.MinQuality > 0 && f.Format == "jpeg" && f.Quality > 0 {
		row = Row{Name: "quality", Value: fmt.Sprintf("about %d", f.Quality), Allowed: fmt.Sprintf(">= %d", p.MinQuality),
			Measured: float64(f.Quality), Min: float64(p.MinQuality), Max: 100, OK: f.Quality >= p.MinQuality}
		if !row.OK {
			row = fail(row, fmt.Sprintf("JPEG 压缩质量应不低于 %d，估计为 %d", p.MinQuality, f.Quality),
				fmt.Sprintf("The JPEG quality must be at least %d; it is about %d", p.MinQuality, f.Quality))
		}
		r.add(row)
	}

	// A finished photo must be upright in its pixels: receiving systems
	// ignore EXIF orientation.
	if f.Orientation != 1 {
		r.add(fail(Row{Name: "orientation", Value: fmt.Sprintf("EXIF %d", f.Orientation), Allowed: "upright pixels", Measured: float64(f.Orientation)},
			"照片靠 EXIF 方向标记才能正向显示，请保存为像素本身即为正向的照片",
			"The photo is only upright through its EXIF orientation tag: save it with upright pixels"))
	}
}

func formatName(f string) string {
	switch f {
	case "png":
		return "PNG"
	case "webp":
		return "WebP"
	case "jpeg":
		return "JPEG"
	}
	return f
}

func (r *Report) faceRows(p photospec.Preset, d *imageio.Decoded, faces FaceMeasurer) {
	g := p.Geometry
	names := []string{"crown", "eye_line", "face_width", "center", "tilt"}
	skipAll := func(zh, en string) {
		for _, n := range names {
			r.add(skip(Row{Name: n}, zh, en))
		}
	}
	if faces == nil {
		skipAll("未测量人脸位置", "The face position was not measured")
		return
	}
	fg, ok := faces.Measure(d.Gray, d.RGBA)
	if ok && !finite(fg.Crown, fg.EyeLine, fg.EyeCenterX, fg.FaceWidth, fg.Tilt) {
		ok = false // a measurer's NaN is no measurement
	}
	switch {
	case !ok:
		r.add(fail(Row{Name: "face", Value: "0", Allowed: "1"}, "没有检测到人脸", "No face was found"))
		skipAll("没有人脸，无法测量位置", "No face: the position cannot be measured")
		return
	case fg.Faces > 1:
		r.add(fail(Row{Name: "face", Value: fmt.Sprint(fg.Faces), Allowed: "1", Measured: float64(fg.Faces), Min: 1, Max: 1},
			fmt.Sprintf("检测到 %d 张人脸，照片中只能有一个人", fg.Faces),
			fmt.Sprintf("%d faces were found: only one person may be in the photo", fg.Faces)))
		skipAll("多张人脸，无法测量位置", "Several faces: the position cannot be measured")
		return
	}
	r.add(Row{Name: "face", Value: "1", Allowed: "1", Measured: 1, Min: 1, Max: 1, OK: true})

	// From working pixels to the preset's pixels, when the shapes agree.
	ww, wh := float64(d.Gray.Rect.Dx()), float64(d.Gray.Rect.Dy())
	fx, fy := float64(p.Width)/ww, float64(p.Height)/wh
	if math.Abs(fx/fy-1) > ShapeTolerance {
		for _, n := range names[:4] {
			r.add(skip(Row{Name: n},
				fmt.Sprintf("照片比例（%dx%d）与规格（%dx%d）不同，无法比较头部位置", d.SourceWidth, d.SourceHeight, p.Width, p.Height),
				fmt.Sprintf("The photo's shape (%dx%d) differs from the preset's (%dx%d): the head position cannot be compared", d.SourceWidth, d.SourceHeight, p.Width, p.Height)))
		}
		r.add(tiltRow(fg.Tilt, g.MaxTilt))
		return
	}
	scaled := FaceGeometry{Crown: fg.Crown * fy, EyeLine: fg.EyeLine * fy, EyeCenterX: fg.EyeCenterX * fx,
		FaceWidth: fg.FaceWidth * fx, Tilt: fg.Tilt, Faces: max(1, fg.Faces)}
	r.Face = &scaled

	r.add(rangeRow("crown", scaled.Crown, g.CrownMin, g.CrownMax,
		"头顶（发际）应距上边缘 %s 像素，实际为 %.0f 像素", "The top of the head must be %s px below the top edge; it is %.0f px"))
	r.add(rangeRow("eye_line", scaled.EyeLine, g.EyeMin, g.EyeMax,
		"眼睛应距上边缘 %s 像素，实际为 %.0f 像素", "The eyes must be %s px below the top edge; they are %.0f px"))
	r.add(rangeRow("face_width", scaled.FaceWidth, g.FaceWidthMin, g.FaceWidthMax,
		"脸部宽度应为 %s 像素，实际为 %.0f 像素", "The face must be %s px wide; it is %.0f px"))
	off := scaled.EyeCenterX - float64(p.Width)/2
	row := Row{Name: "center", Value: fmt.Sprintf("%+.0f px", off), Allowed: fmt.Sprintf("within %d px", g.CenterTolerance),
		Measured: off, Min: -float64(g.CenterTolerance), Max: float64(g.CenterTolerance), OK: g.CenterTolerance == 0 || math.Abs(off) <= float64(g.CenterTolerance)}
	if !row.OK {
		side, sideEN := "右", "right"
		if off < 0 {
			side, sideEN = "左", "left"
		}
		row = fail(row, fmt.Sprintf("脸部应左右居中（偏差不超过 %d 像素），现在偏%s %.0f 像素", g.CenterTolerance, side, math.Abs(off)),
			fmt.Sprintf("The face must be centred within %d px; it is %.0f px to the %s", g.CenterTolerance, math.Abs(off), sideEN))
	}
	r.add(row)
	r.add(tiltRow(fg.Tilt, g.MaxTilt))
}

// rangeRow checks min <= v <= max (a zero range is not checked).
func rangeRow(name string, v float64, lo, hi int, zh, en string) Row {
	allowed := fmt.Sprintf("%d-%d", lo, hi)
	row := Row{Name: name, Value: fmt.Sprintf("%.0f px", v), Allowed: allowed + " px", Measured: v, Min: float64(lo), Max: float64(hi),
		OK: (lo == 0 && hi == 0) || (v >= float64(lo) && v <= float64(hi))}
	if !row.OK {
		row = fail(row, fmt.Sprintf(zh, allowed, v), fmt.Sprintf(en, allowed, v))
	}
	return row
}

func tiltRow(tilt, maxTilt float64) Row {
	row := Row{Name: "tilt", Value: fmt.Sprintf("%.1f°", tilt), Allowed: fmt.Sprintf("within %.0f°", maxTilt),
		Measured: tilt, Min: -maxTilt, Max: maxTilt, OK: maxTilt == 0 || math.Abs(tilt) <= maxTilt}
	if !row.OK {
		row = fail(row, fmt.Sprintf("双眼应保持水平（倾斜不超过 %.0f°），现在倾斜 %.1f°", maxTilt, math.Abs(tilt)),
			fmt.Sprintf("The eyes must be level within %.0f°; they are tilted %.1f°", maxTilt, math.Abs(tilt)))
	}
	return row
}

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
