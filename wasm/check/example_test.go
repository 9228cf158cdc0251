package check_test

import (
	"fmt"
	"image"
	"os"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/check"
)

// A face detector plugs in through FaceMeasurerFunc; here a stand-in that
// finds nothing.
func ExampleMeasure() {
	data, err := os.ReadFile("photo.jpg")
	if err != nil {
		return
	}
	p, _ := photospec.Lookup("chsi")
	faces := check.FaceMeasurerFunc(func(gray *image.Gray, _ *image.RGBA) (check.FaceGeometry, bool) {
		return check.FaceGeometry{}, false // a real detector measures gray here
	})
	rep, err := check.Measure(data, p, faces)
	if err != nil {
		fmt.Println(err) // an *imageio.Error: unsupported_format or too_large
		return
	}
	for _, f := range rep.Failures {
		fmt.Println(f.Code, f.ZH, f.EN)
	}
}
