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
