package apiclient

import (
	"testing"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/check"
)

// The server measures camera uploads with wasm/check; the sample the
// end-to-end tests upload must pass it, whatever the seed.
func TestSamplePhotoMeetsTheServersCheck(t *testing.T) {
	for seed := int64(0); seed < 4; seed++ {
		data, err := SamplePhoto(seed)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := check.Measure(data, photospec.CHSI, nil)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if !rep.OK {
			t.Errorf("seed %d: the checker refuses the sample: %+v", seed, rep.Failures)
		}
	}
}
