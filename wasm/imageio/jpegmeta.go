package imageio

import (
	"encoding/binary"
	"errors"
	"math"

	"gradphoto/shared/photospec"
)

// JPEGMeta is what a JPEG's markers say before its first scan, read without
// decoding any pixel: the frame, the JFIF and EXIF headers and the luminance
// quantisation table.
type JPEGMeta struct {
	Width, Height int  // from the frame header, as stored (before orientation)
	Components    int  // 1 gray, 3 YCbCr, 4 CMYK/YCCK
	SOF           byte // frame marker: 0xC0 baseline, 0xC1 extended, 0xC2 progressive, ...

	HasJFIF                    bool
	JFIFUnits                  byte // 0 aspect ratio only, 1 dots per inch, 2 dots per cm
	JFIFXDensity, JFIFYDensity int

	HasExif bool
	Exif    Exif

	// LumaQuant is quantisation table 0 in the file's (zigzag) order; nil
	// when the file defines none before its first scan.
	LumaQuant []uint16
}

// Baseline reports whether the frame is baseline sequential (SOF0), which
// is what the photo standards ask for.
func (m JPEGMeta) Baseline() bool { return m.SOF == 0xC0 }

// Progressive reports a progressive frame (SOF2, or SOF6/10/14).
func (m JPEGMeta) Progressive() bool {
	return m.SOF == 0xC2 || m.SOF == 0xC6 || m.SOF == 0xCA || m.SOF == 0xCE
}

// DPI returns the horizontal resolution in dots per inch: the JFIF density
// when it has units, else the EXIF XResolution, else 0.
func (m JPEGMeta) DPI() int {
	if m.HasJFIF && m.JFIFXDensity > 0 {
		switch m.JFIFUnits {
		case 1:
			return m.JFIFXDensity
		case 2:
			return int(math.Round(float64(m.JFIFXDensity) * 2.54))
		}
	}
	if m.HasExif && m.Exif.XResolution > 0 && m.Exif.XResolution < 1e6 {
		switch m.Exif.ResolutionUnit {
		case 0, 2: // 2 (inches) is the TIFF default
			return int(math.Round(m.Exif.XResolution))
		case 3:
			return int(math.Round(m.Exif.XResolution * 2.54))
		}
	}
	return 0
}

// Quality estimates the quality factor (1-100) the file was saved with, on
// the libjpeg scale that Go's encoder also uses, from how much coarser its
// luminance table is than the standard one it was scaled from. Entries
// clamped to 1 or 255 say nothing about the scale and are left out. 0 means
// unknown. Encoders with tables of their own get the quality whose tables
// are as coarse as theirs.
func (m JPEGMeta) Quality() int {
	if len(m.LumaQuant) != 64 {
		return 0
	}
	var sum, base float64
	ones, maxed := 0, 0
	for k, q := range m.LumaQuant {
		switch {
		case q <= 1:
			ones++
		case q >= 255:
			maxed++
		default:
			sum += float64(q)
			base += float64(photospec.StandardLuma[photospec.Zigzag[k]])
		}
	}
	switch {
	case ones == 64:
		return 100
	case maxed == 64:
		return 1
	case base == 0: // only ones and 255s
		return 50
	}
	scale := 100 * sum / base // libjpeg: scale = 5000/q below 50, 200-2q from 50
	var q float64
	if scale <= 100 {
		q = (200 - scale) / 2
	} else {
		q = 5000 / scale
	}
	return int(min(100, max(1, math.Round(q))))
}

var (
	errNotJPEG  = errors.New("imageio: not a JPEG")
	errNoFrame  = errors.New("imageio: JPEG without a frame header")
	errBadJPEG  = errors.New("imageio: malformed JPEG marker segment")
	errBadFrame = errors.New("imageio: malformed JPEG frame header")
)

// ReadJPEGMeta walks a JPEG's marker segments up to its first scan. It
// reads nothing beyond data and allocates only the quantisation table.
func ReadJPEGMeta(data []byte) (JPEGMeta, error) {
	var m JPEGMeta
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return m, errNotJPEG
	}
	for i := 2; ; {
		// Find the next marker, skipping stray bytes and 0xFF fill bytes as
		// decoders do.
		for i < len(data) && data[i] != 0xFF {
			i++
		}
		for i < len(data) && data[i] == 0xFF {
			i++
		}
		if i >= len(data) {
			break
		}
		marker := data[i]
		i++
		switch {
		case marker == 0x00 || marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7):
			continue // no length: a stuffed zero, SOI, TEM, RSTn
		case marker == 0xD9: // EOI
			return m, m.done()
		}
		if i+2 > len(data) {
			return m, errBadJPEG
		}
		n := int(binary.BigEndian.Uint16(data[i:]))
		if n < 2 || i+n > len(data) {
			return m, errBadJPEG
		}
		seg := data[i+2 : i+n]
		i += n
		switch {
		case marker == 0xDA: // SOS: the pixels start
			return m, m.done()
		case marker == 0xE0:
			m.readJFIF(seg)
		case marker == 0xE1:
			if !m.HasExif && len(seg) >= 6 && string(seg[:4]) == "Exif" && seg[4] == 0 {
				m.Exif, m.HasExif = ParseExif(seg[6:]), true
			}
		case marker == 0xDB:
			m.readDQT(seg)
		case marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
			if m.SOF != 0 {
				return m, errBadFrame // a second frame: decoders refuse it too
			}
			if len(seg) < 6 {
				return m, errBadFrame
			}
			m.SOF = marker
			m.Height = int(binary.BigEndian.Uint16(seg[1:]))
			m.Width = int(binary.BigEndian.Uint16(seg[3:]))
			m.Components = int(seg[5])
		}
	}
	return m, m.done()
}

func (m *JPEGMeta) done() error {
	if m.SOF == 0 {
		return errNoFrame
	}
	return nil
}

func (m *JPEGMeta) readJFIF(seg []byte) {
	if m.HasJFIF || len(seg) < 12 || string(seg[:5]) != "JFIF\x00" {
		return
	}
	m.HasJFIF = true
	m.JFIFUnits = seg[7]
	m.JFIFXDensity = int(binary.BigEndian.Uint16(seg[8:]))
	m.JFIFYDensity = int(binary.BigEndian.Uint16(seg[10:]))
}

// readDQT keeps the first definition of table 0.
func (m *JPEGMeta) readDQT(seg []byte) {
	for len(seg) > 0 {
		precision, id := seg[0]>>4, seg[0]&0x0F
		size := 64
		if precision != 0 {
			size = 128
		}
		if precision > 1 || len(seg) < 1+size {
			return
		}
		if id == 0 && m.LumaQuant == nil {
			q := make([]uint16, 64)
			for k := range q {
				if precision == 0 {
					q[k] = uint16(seg[1+k])
				} else {
					q[k] = binary.BigEndian.Uint16(seg[1+2*k:])
				}
			}
			m.LumaQuant = q
		}
		seg = seg[1+size:]
	}
}

// Exif holds the few EXIF IFD0 fields the photo pipeline uses.
type Exif struct {
	// Orientation is how the stored pixels must be turned to show the
	// picture upright (TIFF tag 0x0112): 1 upright, 2 mirrored, 3 turned
	// 180, 4 mirrored top to bottom, 5 transposed, 6 turned 90 clockwise to
	// show, 7 transversed, 8 turned 90 anticlockwise to show. 0: absent or
	// not one of these.
	Orientation int
	// XResolution is pixels per ResolutionUnit (tag 0x011A); 0 when absent.
	XResolution float64
	// ResolutionUnit is 1 for no absolute unit (XResolution is then only
	// an aspect ratio), 2 for inches, 3 for centimetres (tag 0x0128); 0
	// when absent (inches by the TIFF default).
	ResolutionUnit int
}

// TIFF tags and types read from IFD0.
const (
	tagOrientation    = 0x0112
	tagXResolution    = 0x011A
	tagResolutionUnit = 0x0128
	typeShort         = 3
	typeLong          = 4
	typeRational      = 5
)

// ParseExif reads IFD0 of the TIFF structure that follows "Exif\0\0" in a
// JPEG's APP1 segment. It never reads outside tiff and ignores what it does
// not understand: a damaged EXIF block yields the zero Exif.
func ParseExif(tiff []byte) Exif {
	var x Exif
	if len(tiff) < 8 {
		return x
	}
	var bo binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return x
	}
	if bo.Uint16(tiff[2:]) != 42 {
		return x
	}
	ifd := uint64(bo.Uint32(tiff[4:]))
	if ifd+2 > uint64(len(tiff)) {
		return x
	}
	count := int(bo.Uint16(tiff[ifd:]))
	entries := tiff[ifd+2:]
	count = min(count, len(entries)/12) // a truncated directory: read what is there
	for k := range count {
		e := entries[12*k : 12*k+12]
		tag, typ, n := bo.Uint16(e), bo.Uint16(e[2:]), bo.Uint32(e[4:])
		if n != 1 {
			continue
		}
		switch tag {
		case tagOrientation:
			if v := shortOrLong(bo, typ, e[8:]); v >= 1 && v <= 8 {
				x.Orientation = int(v)
			}
		case tagResolutionUnit:
			if v := shortOrLong(bo, typ, e[8:]); v >= 1 && v <= 3 {
				x.ResolutionUnit = int(v)
			}
		case tagXResolution:
			if typ != typeRational {
				continue
			}
			off := uint64(bo.Uint32(e[8:]))
			if off+8 > uint64(len(tiff)) {
				continue
			}
			num, den := bo.Uint32(tiff[off:]), bo.Uint32(tiff[off+4:])
			if den != 0 {
				x.XResolution = float64(num) / float64(den)
			}
		}
	}
	return x
}

// shortOrLong reads a one-value SHORT or LONG field from its 4-byte value slot.
func shortOrLong(bo binary.ByteOrder, typ uint16, v []byte) uint32 {
	switch typ {
	case typeShort:
		return uint32(bo.Uint16(v))
	case typeLong:
		return bo.Uint32(v)
	}
	return 0
}

// ExifOrientation returns the EXIF orientation of a JPEG (1-8), or 1 when
// it has none or data is not a JPEG.
func ExifOrientation(data []byte) int {
	m, _ := ReadJPEGMeta(data)
	if m.HasExif && m.Exif.Orientation != 0 {
		return m.Exif.Orientation
	}
	return 1
}
