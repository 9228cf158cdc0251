// Package photospec describes the photo standards (presets) a finished photo
// must meet and checks a file's container against one: format, pixels,
// resolution and bytes. The engine in wasm/ measures the picture itself
// (background, face geometry); the server uses this package to refuse an
// upload that cannot be a finished photo before storing it.
package photospec

import "image/color"

// Preset is one photo standard.
type Preset struct {
	Name       string     `json:"name"`
	LabelZH    string     `json:"label_zh"`
	LabelEN    string     `json:"label_en"`
	Width      int        `json:"width"`  // pixels
	Height     int        `json:"height"` // pixels
	DPI        int        `json:"dpi"`    // written in the JFIF header
	MinBytes   int        `json:"min_bytes"`
	MaxBytes   int        `json:"max_bytes"`
	Background color.RGBA `json:"-"`
}

// Background colours the CHSI standard accepts.
var (
	LightBlue = color.RGBA{100, 197, 255, 255}
	White     = color.RGBA{255, 255, 255, 255}
	LightGrey = color.RGBA{240, 240, 240, 255}
)

// CHSI is the graduation photo registered with 学信网: 480 x 640, 300 dpi,
// 20-40 KB, light blue background.
var CHSI = Preset{
	Name: "chsi", LabelZH: "学信网毕业照", LabelEN: "CHSI graduation photo",
	Width: 480, Height: 640, DPI: 300,
	MinBytes: 20 * 1024, MaxBytes: 40 * 1024,
	Background: LightBlue,
}
