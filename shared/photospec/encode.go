package photospec

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
)

// Encode writes img as a baseline JPEG for p: the highest quality whose file
// fits p's byte range, found by bisection, with p's dpi in the JFIF header.
func Encode(img image.Image, p Preset) ([]byte, error) {
	encode := func(q int) ([]byte, error) {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
			return nil, err
		}
		return SetJFIFDPI(buf.Bytes(), p.DPI)
	}
	const minQuality, maxQuality = 60, 98 // the standard asks for quality >= 60
	var best []byte
	lo, hi := minQuality, maxQuality
	for lo <= hi {
		q := (lo + hi) / 2
		b, err := encode(q)
		if err != nil {
			return nil, err
		}
		if p.MaxBytes == 0 || len(b) <= p.MaxBytes {
			best, lo = b, q+1
		} else {
			hi = q - 1
		}
	}
	if best == nil {
		return nil, fmt.Errorf("photospec: even quality %d exceeds %d bytes", minQuality, p.MaxBytes)
	}
	if len(best) < p.MinBytes {
		return nil, fmt.Errorf("photospec: even quality %d gives only %d bytes, below %d", maxQuality, len(best), p.MinBytes)
	}
	return best, nil
}
