package imageio_test

import (
	"testing"

	"gradphoto/wasm/idphoto"
	"gradphoto/wasm/imageio"
)

// The reasons imageio gives are the engine's reason codes, so that the
// engine can pass them on unchanged.
func TestImageioCodesAreEngineCodes(t *testing.T) {
	if string(imageio.UnsupportedFormat) != string(idphoto.UnsupportedFormat) || string(imageio.TooLarge) != string(idphoto.TooLarge) {
		t.Fatalf("imageio %q/%q, idphoto %q/%q", imageio.UnsupportedFormat, imageio.TooLarge, idphoto.UnsupportedFormat, idphoto.TooLarge)
	}
}
