package photospec

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // album photos may be PNG
	"strings"

	"gradphoto/shared/apperr"
)

// MaxPixels is the largest image accepted: larger headers are refused before
// decoding, since a small file can declare a memory bomb.
const MaxPixels = 50_000_000

// MaxAlbumBytes is the largest original a student may upload for review.
const MaxAlbumBytes = 10 << 20

// Info is what a check found out about a file.
type Info struct {
	Format string `json:"format"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Bytes  int    `json:"bytes"`
	DPI    int    `json:"dpi,omitempty"` // JPEG only; 0 if the header has none
}

// Sniff recognises an image by its content (not its name), checks its
// declared size, and returns its header facts without decoding the pixels.
func Sniff(data []byte) (Info, error) {
	info := Info{Bytes: len(data)}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return info, apperr.New(apperr.Unsupported, "无法识别的图片格式，请上传 JPEG、PNG 或 WebP 照片",
			"Unrecognised image: upload a JPEG, PNG or WebP photo").WithField("photo")
	}
	info.Format, info.Width, info.Height = format, cfg.Width, cfg.Height
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return info, apperr.New(apperr.TooLarge,
			fmt.Sprintf("图片尺寸 %dx%d 过大（最多5000万像素）", cfg.Width, cfg.Height),
			fmt.Sprintf("The image is %dx%d: at most 50 megapixels are accepted", cfg.Width, cfg.Height)).WithField("photo")
	}
	if format == "jpeg" {
		info.DPI = jfifDPI(data)
	}
	return info, nil
}

// CheckFinished checks that data is a finished photo for p: a JPEG of exactly
// p's pixels, p's dpi (unless p.AnyDPI), within p's byte range, that decodes
// completely.
func CheckFinished(data []byte, p Preset) (Info, error) {
	info, err := Sniff(data)
	if err != nil {
		return info, err
	}
	field := func(zh, en string) error { return apperr.Field("photo", zh, en) }
	if info.Format != "jpeg" {
		return info, field("照片必须是 JPEG 格式", "The photo must be a JPEG")
	}
	if info.Width != p.Width || info.Height != p.Height {
		return info, field(
			fmt.Sprintf("照片尺寸应为 %dx%d 像素，实际为 %dx%d", p.Width, p.Height, info.Width, info.Height),
			fmt.Sprintf("The photo must be %dx%d pixels; it is %dx%d", p.Width, p.Height, info.Width, info.Height))
	}
	if !p.BytesOK(info.Bytes) {
		return info, field(
			fmt.Sprintf("照片文件大小应为 %s，实际为 %.1f KB", p.ByteRangeZH(), float64(info.Bytes)/1024),
			fmt.Sprintf("The photo file must be %s; it is %.1f KB", p.ByteRangeEN(), float64(info.Bytes)/1024))
	}
	if p.DPI != 0 && !p.AnyDPI && info.DPI != p.DPI {
		return info, field(
			fmt.Sprintf("照片分辨率应为 %d dpi，实际为 %d dpi", p.DPI, info.DPI),
			fmt.Sprintf("The photo must be %d dpi; it is %d dpi", p.DPI, info.DPI))
	}
	if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
		return info, field("照片文件已损坏，无法完整读取", "The photo file is damaged and cannot be read completely")
	}
	return info, nil
}

// jfifDPI returns the horizontal density of a JPEG's JFIF APP0 segment in
// dots per inch, or 0 when there is none.
func jfifDPI(data []byte) int {
	// SOI, then APP0: FF E0, length, "JFIF\0", version(2), units(1), Xdensity(2), Ydensity(2).
	if len(data) < 20 || data[0] != 0xFF || data[1] != 0xD8 || data[2] != 0xFF || data[3] != 0xE0 {
		return 0
	}
	if string(data[6:11]) != "JFIF\x00" {
		return 0
	}
	units, x := data[13], int(binary.BigEndian.Uint16(data[14:16]))
	switch units {
	case 1:
		return x
	case 2: // dots per cm
		return int(float64(x)*2.54 + 0.5)
	}
	return 0
}

// SetJFIFDPI returns a copy of a JPEG whose JFIF header says dpi, inserting
// the header when the encoder wrote none (Go's image/jpeg writes none).
func SetJFIFDPI(data []byte, dpi int) ([]byte, error) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil, fmt.Errorf("photospec: not a JPEG")
	}
	app0 := []byte{0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 1, 0, 0, 0, 0, 0, 0}
	binary.BigEndian.PutUint16(app0[12:], uint16(dpi))
	binary.BigEndian.PutUint16(app0[14:], uint16(dpi))
	rest := data[2:]
	if len(rest) >= 4 && rest[0] == 0xFF && rest[1] == 0xE0 {
		n := int(binary.BigEndian.Uint16(rest[2:4]))
		if 2+n > len(rest) {
			return nil, fmt.Errorf("photospec: truncated APP0 segment")
		}
		rest = rest[2+n:]
	}
	out := make([]byte, 0, len(data)+len(app0))
	out = append(out, 0xFF, 0xD8)
	out = append(out, app0...)
	return append(out, rest...), nil
}

// BytesOK reports whether a file of n bytes is within p's byte range
// (MaxBytes 0: no upper limit).
func (p Preset) BytesOK(n int) bool {
	return n >= p.MinBytes && (p.MaxBytes == 0 || n <= p.MaxBytes)
}

// ByteRangeZH and ByteRangeEN say p's byte range in words: "20-40 KB",
// "不超过 10 KB" / "at most 10 KB", "至少 14 KB" / "at least 14 KB".
func (p Preset) ByteRangeZH() string {
	switch {
	case p.MaxBytes == 0 && p.MinBytes == 0:
		return "任意大小"
	case p.MaxBytes == 0:
		return "至少 " + kb(p.MinBytes)
	case p.MinBytes == 0:
		return "不超过 " + kb(p.MaxBytes)
	}
	return strings.TrimSuffix(kb(p.MinBytes), " KB") + "-" + kb(p.MaxBytes)
}

// ByteRangeEN: see ByteRangeZH.
func (p Preset) ByteRangeEN() string {
	switch {
	case p.MaxBytes == 0 && p.MinBytes == 0:
		return "any size"
	case p.MaxBytes == 0:
		return "at least " + kb(p.MinBytes)
	case p.MinBytes == 0:
		return "at most " + kb(p.MaxBytes)
	}
	return strings.TrimSuffix(kb(p.MinBytes), " KB") + "-" + kb(p.MaxBytes)
}

// kb formats a byte count: whole megabytes as "10 MB", anything else in KB
// ("20 KB", "12.5 KB").
func kb(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	if n%1024 == 0 {
		return fmt.Sprintf("%d KB", n/1024)
	}
	return fmt.Sprintf("%.1f KB", float64(n)/1024)
}
