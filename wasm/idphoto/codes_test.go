package idphoto

import (
	"testing"

	"gradphoto/wasm/frame"
	"gradphoto/wasm/imageio"
	"gradphoto/wasm/matte"
)

// The stages report refusals with their own constants; they must be the
// report's codes, spelled the same, since Process passes them on.
func TestStageCodesAreReportCodes(t *testing.T) {
	pairs := []struct {
		got  string
		want Code
	}{
		{matte.BackgroundNotPlain, BackgroundNotPlain},
		{matte.LowContrast, LowContrast},
		{matte.HeadCropped, HeadCropped},
		{string(frame.FaceTooSmall), FaceTooSmall},
		{string(frame.HeadCropped), HeadCropped},
		{string(imageio.UnsupportedFormat), UnsupportedFormat},
		{string(imageio.TooLarge), TooLarge},
	}
	for _, p := range pairs {
		if p.got != string(p.want) {
			t.Errorf("stage code %q, the report has %q", p.got, p.want)
		}
	}
	for code := range messages {
		if m := Msg(code); m.ZH == "" || m.EN == "" {
			t.Errorf("%s has no message", code)
		}
	}
}
