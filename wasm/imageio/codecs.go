package imageio

import (
	"errors"
	"image"
	"io"
)

// The WebP decoder, where the build has one (see webp.go).
var (
	webpDecode       func(io.Reader) (image.Image, error)
	webpDecodeConfig func(io.Reader) (image.Config, error)
)

var errNoWebP = errors.New("imageio: this build reads no WebP (the browser decodes it)")

// UseWebP gives a build its WebP decoder. Native and wasip1 builds have one
// already (webp.go); the browser module has none on purpose (the browser
// decodes); a js program other than the engine, such as the server as a
// Worker, which measures students' WebP album photos, passes x/image/webp's.
func UseWebP(decode func(io.Reader) (image.Image, error), config func(io.Reader) (image.Config, error)) {
	webpDecode, webpDecodeConfig = decode, config
}
