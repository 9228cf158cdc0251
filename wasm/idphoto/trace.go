package idphoto

import (
	"image"

	"gradphoto/wasm/frame"
	"gradphoto/wasm/matte"
)

// trace is what the pipeline worked with on the way to one finished photo,
// for the tests that measure it against a synthetic scene's exact truth
// (synth_test.go): they carry the truth through the same geometry instead
// of repeating the pipeline. Production code never sets Options.observe.
type trace struct {
	// Decoded is the size the file was decoded to and Source its size in
	// the file (upright): they differ when decoding shrank the picture.
	Decoded, Source image.Point
	// Plan cut the work image out of the decoded picture.
	Plan frame.Plan
	// Matte is the matte of the work image (Alpha in its pixels).
	Matte *matte.Matte
	// Work is the work image after compositing onto the new background.
	Work *image.RGBA
	// Place put the output photo in the work image.
	Place frame.Placement
}
