package app

import (
	"encoding/json"
	"errors"

	"golang.org/x/image/webp"

	"gradphoto/shared/apperr"
	"gradphoto/shared/photospec"
	"gradphoto/wasm/check"
	"gradphoto/wasm/imageio"
)

// The server measures every photo it is sent with the engine's own checker
// (wasm/check), the one definition of the standard: the phone's report is
// the student's word, this is ours. It runs without a face measurer: face
// detection would add the detector and its cascades to the Worker and a
// second of CPU per upload, while the phone has placed the head already and
// staff look at every album photo. So the file (format, pixels, dpi, bytes,
// quality), the background band and the body reaching the bottom edge are
// what the server holds a camera photo to.

// Students' album photos may be WebP: importing x/image/webp registers it
// for photospec.Sniff (the image package's registry), and the checker
// decodes with imageio, which has no WebP of its own in a js build (the
// Worker) unless given one.
func init() { imageio.UseWebP(webp.Decode, webp.DecodeConfig) }

// checkCamera measures a finished camera photo against p and refuses it,
// with the first failed row's words, unless every measured row holds.
func checkCamera(data []byte, p photospec.Preset) (check.Report, error) {
	if _, err := photospec.CheckFinished(data, p); err != nil {
		return check.Report{}, err // container, size and byte range: cheap, before decoding
	}
	rep, err := measure(data, p)
	if err != nil {
		return rep, err
	}
	if !rep.OK {
		f := rep.Failures[0]
		return rep, apperr.New(apperr.Invalid, "照片不符合标准："+f.ZH, "The photo does not meet the standard: "+f.EN).WithField("photo")
	}
	return rep, nil
}

// checkAlbum measures a student's own photo for the staff who review it;
// only a photo that cannot be read at all is refused.
func checkAlbum(data []byte, p photospec.Preset) (check.Report, error) {
	return measure(data, p)
}

func measure(data []byte, p photospec.Preset) (check.Report, error) {
	rep, err := check.Measure(data, p, nil)
	var ie *imageio.Error
	if errors.As(err, &ie) {
		return rep, ie.AppErr()
	}
	return rep, err
}

// reportJSON encodes a check report for storage; a report always encodes.
func reportJSON(rep check.Report) json.RawMessage {
	b, err := json.Marshal(rep)
	if err != nil {
		return nil
	}
	return b
}
