//go:build !js

package imageio

import "golang.org/x/image/webp"

// WebP files are decoded natively and in wasip1. The browser module (js)
// leaves WebP out: the browser decodes photos itself and hands over pixels,
// and the decoder would cost 30 KB of its 1.5 MB budget.
func init() {
	webpDecode, webpDecodeConfig = webp.Decode, webp.DecodeConfig
}
