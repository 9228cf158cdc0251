package payment

import (
	"errors"
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// QR code sizes QRPNG accepts, in pixels.
const (
	QRMinSize = 128
	QRMaxSize = 1024
)

// QRPNG renders content (a WeChat Native code_url or an Alipay qr_code) as a
// PNG QR code of size x size pixels, with medium error correction.
func QRPNG(content string, size int) ([]byte, error) {
	if content == "" {
		return nil, errors.New("payment: empty QR code content")
	}
	if size < QRMinSize || size > QRMaxSize {
		return nil, fmt.Errorf("payment: QR code size %d outside [%d, %d]", size, QRMinSize, QRMaxSize)
	}
	png, err := qrcode.Encode(content, qrcode.Medium, size)
	if err != nil {
		return nil, fmt.Errorf("payment: QR code: %w", err)
	}
	return png, nil
}
