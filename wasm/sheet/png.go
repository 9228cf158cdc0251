package sheet

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/png"
	"math"
)

// PNG renders the sheet (see Render) and encodes it as PNG with the page's
// resolution in a pHYs chunk, so the printer prints it at its true size.
func PNG(photo image.Image, opts Options) ([]byte, error) {
	img, err := Render(photo, opts)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return SetPNGDPI(buf.Bytes(), opts.Page.DPI)
}

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// SetPNGDPI returns the PNG file b with a pHYs chunk saying dpi in both
// directions, in pixels per metre as PNG counts them (300 dpi is 11811),
// placed right after IHDR; a pHYs chunk b already had is dropped. image/png
// writes none.
func SetPNGDPI(b []byte, dpi int) ([]byte, error) {
	if dpi <= 0 {
		return nil, errors.New("sheet: dpi must be above 0")
	}
	if !bytes.HasPrefix(b, pngSignature) {
		return nil, errors.New("sheet: not a PNG file")
	}
	ppm := uint32(math.Round(float64(dpi) / 0.0254))
	var data [9]byte
	binary.BigEndian.PutUint32(data[0:], ppm)
	binary.BigEndian.PutUint32(data[4:], ppm)
	data[8] = 1 // the unit is the metre
	phys := chunk("pHYs", data[:])

	out := make([]byte, 0, len(b)+len(phys))
	out = append(out, pngSignature...)
	for rest := b[len(pngSignature):]; len(rest) > 0; {
		if len(rest) < 12 {
			return nil, errors.New("sheet: truncated PNG chunk")
		}
		n := binary.BigEndian.Uint32(rest)
		if uint64(n) > uint64(len(rest)-12) {
			return nil, errors.New("sheet: truncated PNG chunk")
		}
		c, typ := rest[:12+n], string(rest[4:8])
		rest = rest[12+n:]
		if typ == "pHYs" {
			continue
		}
		out = append(out, c...)
		if typ == "IHDR" {
			out = append(out, phys...)
		}
	}
	return out, nil
}

// chunk builds a PNG chunk: length, type, data and the CRC-32 of type and
// data.
func chunk(typ string, data []byte) []byte {
	c := make([]byte, 0, 12+len(data))
	c = binary.BigEndian.AppendUint32(c, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}
