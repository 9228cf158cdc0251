package imageio

import (
	"errors"
	"fmt"

	"gradphoto/shared/apperr"
	"gradphoto/shared/photospec"
)

// Code is why a photo could not be read. The values are the engine's reason
// codes (wasm/idphoto), repeated here so that the engine can import this
// package without a cycle.
type Code string

const (
	// UnsupportedFormat: not a JPEG, PNG or WebP, or a damaged one.
	UnsupportedFormat Code = "unsupported_format"
	// TooLarge: the header declares more pixels than allowed.
	TooLarge Code = "too_large"
)

// Error is a photo that cannot be read, with what to tell the student in
// Chinese and English.
type Error struct {
	Code Code
	ZH   string
	EN   string
	// Width and Height are the size the header declared (0 if unknown).
	Width, Height int
	// Err is the decoder's own complaint, for the log.
	Err error
}

func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.EN
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// AppErr returns the error as the server answers it: too_large maps to
// apperr.TooLarge and everything else to apperr.Unsupported, about the field
// "photo".
func (e *Error) AppErr() *apperr.Error {
	code := apperr.Unsupported
	if e.Code == TooLarge {
		code = apperr.TooLarge
	}
	return apperr.New(code, e.ZH, e.EN).WithField("photo").WithCause(e.Err)
}

// CodeOf returns the code of an *Error in err's chain, or "" when there is none.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func unrecognised(cause error) *Error {
	return &Error{Code: UnsupportedFormat,
		ZH:  "无法识别的图片格式，请使用 JPEG、PNG 或 WebP 照片",
		EN:  "Unrecognised image: use a JPEG, PNG or WebP photo",
		Err: cause}
}

func damaged(format string, cause error) *Error {
	return &Error{Code: UnsupportedFormat,
		ZH:  fmt.Sprintf("%s 图片文件已损坏或不完整，无法读取，请换一张照片", formatLabel(format)),
		EN:  fmt.Sprintf("The %s file is damaged or incomplete and cannot be read: use another photo", formatLabel(format)),
		Err: cause}
}

func tooLarge(w, h, maxPixels int) *Error {
	return &Error{Code: TooLarge,
		ZH:    fmt.Sprintf("图片尺寸 %dx%d 过大（最多%d万像素）", w, h, maxPixels/10000),
		EN:    fmt.Sprintf("The image is %dx%d: at most %g megapixels are accepted", w, h, float64(maxPixels)/1e6),
		Width: w, Height: h}
}

func formatLabel(format string) string {
	switch format {
	case "jpeg":
		return "JPEG"
	case "png":
		return "PNG"
	case "webp":
		return "WebP"
	}
	return format
}

// CheckHeader is for a photo that something else decodes (a browser, whose
// decoders are native): it recognises data's format by content and refuses,
// as Decode would, what is no photo and sizes over the limit. w and h are
// the picture's size as the other decoder found it, or 0 when it could not
// decode it (then the file is damaged).
func CheckHeader(data []byte, w, h int) (format string, err error) {
	format = SniffFormat(data)
	switch {
	case format == "":
		return "", unrecognised(nil)
	case w <= 0 || h <= 0:
		return format, damaged(format, errors.New("imageio: the browser could not decode it"))
	case int64(w)*int64(h) > int64(photospec.MaxPixels):
		return format, tooLarge(w, h, photospec.MaxPixels)
	}
	return format, nil
}
