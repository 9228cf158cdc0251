package photospec

import (
	"fmt"
	"image"
)

// Qualities Encode searches: the standard asks for a quality factor of at
// least 60; above 95 a JPEG only grows.
const (
	MinQuality   = 60
	MaxQuality   = 95
	firstQuality = 88 // where most 480 x 640 photos land in 20-40 KB
)

// Encode writes img as a baseline JPEG for p, with p's dpi in the JFIF
// header, at a quality whose file lands in p's byte range.
func Encode(img image.Image, p Preset) ([]byte, error) {
	b, _, err := EncodeQuality(img, p)
	return b, err
}

// EncodeQuality is Encode that also returns the quality it chose: the
// highest one it tried whose file fits the range. It starts where most
// photos land and bisects from there. The picture is converted and
// transformed once; each quality tried costs only the quantisation and the
// entropy coding (see coder).
func EncodeQuality(img image.Image, p Preset) ([]byte, int, error) {
	e, err := newCoder(img)
	if err != nil {
		return nil, 0, err
	}
	defer e.release()
	fits := func(n int) (tooSmall, tooBig bool) {
		return n < p.MinBytes, p.MaxBytes > 0 && n > p.MaxBytes
	}
	var best []byte
	bestQ := 0
	lo, hi := MinQuality, MaxQuality
	for q := firstQuality; lo <= hi; q = (lo + hi) / 2 {
		b := e.encode(q, p.DPI)
		small, big := fits(len(b))
		switch {
		case big:
			hi = q - 1
		case small:
			lo = q + 1
		default:
			best, bestQ = append([]byte(nil), b...), q
			// In range: a higher quality may fit too, but only look a
			// little way up; the range is met.
			lo = q + 1
			hi = min(hi, q+4)
		}
	}
	if best == nil {
		if hi < MinQuality {
			return nil, 0, fmt.Errorf("photospec: even quality %d exceeds %d bytes", MinQuality, p.MaxBytes)
		}
		return nil, 0, fmt.Errorf("photospec: no quality from %d to %d gives %d-%d bytes", MinQuality, MaxQuality, p.MinBytes, p.MaxBytes)
	}
	return best, bestQ, nil
}
