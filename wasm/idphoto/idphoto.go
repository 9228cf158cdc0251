// Package idphoto turns a photo into a standard ID photo, or says clearly
// why it cannot. It is the photo engine's one API: the command-line tool,
// the browser module and the tests are thin callers of Process.
//
// The pipeline: decode by content (EXIF orientation applied, headers over
// 50 megapixels refused) → find the one face and its pupils → level the
// eyes and cut a work image around the preset's frame → separate the person
// from the wall → place crown, eye line and face width in the preset's
// ranges → paint the new background → encode a JPEG with the preset's dpi
// in its byte range → check the result. Every refusal is a reason with a
// message in Chinese and English, never a blotchy photo.
package idphoto

import (
	"errors"
	"image/color"
	"time"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/face"
)

// Options choose the standard and the background.
type Options struct {
	// Preset is the standard to meet; the zero value means CHSI.
	Preset photospec.Preset
	// Background is the new wall colour; zero means the preset's default.
	Background color.RGBA
	// Models are the face cascades: face.DefaultModels() natively and in
	// wasip1 (embedded), the files the browser downloaded in the browser.
	// Process does not load them itself, so that the browser module does
	// not carry 1.4 MB of cascades inside it.
	Models *face.Models
	// WorkingSide is the longest side the photo is shrunk to as it is
	// decoded (default 1600): more adds time, not quality, at 480 x 640.
	WorkingSide int
	// Progress, when set, is called as each stage of the pipeline ends,
	// with the stage's name and its time in milliseconds (the report's
	// timings, as they happen): the browser module forwards it to the
	// page, which shows the student that something is happening.
	Progress func(stage string, ms float64)

	// observe, when set, is handed the intermediate results of each photo
	// that is made (see trace); tests only.
	observe func(*trace)
}

// Result is the finished photo (nil when refused) and the report.
type Result struct {
	JPEG   []byte
	Report Report
}

func (o Options) withDefaults() (Options, error) {
	if o.Preset.Width == 0 {
		o.Preset = photospec.CHSI
	}
	if o.Background.A == 0 {
		o.Background = o.Preset.Background
	}
	if o.WorkingSide <= 0 {
		o.WorkingSide = 1600
	}
	if o.Models == nil {
		return o, errors.New("idphoto: no face models (Options.Models)")
	}
	return o, nil
}

// stopwatch records the time of each stage for the report.
type stopwatch struct {
	last     time.Time
	timings  []Timing
	progress func(stage string, ms float64)
}

func newStopwatch() *stopwatch { return &stopwatch{last: time.Now()} }

func (s *stopwatch) lap(stage string) {
	now := time.Now()
	d := now.Sub(s.last)
	s.last = now
	t := Timing{Stage: stage, Took: d, MS: float64(d.Microseconds()) / 1000}
	s.timings = append(s.timings, t)
	if s.progress != nil {
		s.progress(stage, t.MS)
	}
}
