package payment

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
)

func TestQRPNG(t *testing.T) {
	for _, size := range []int{QRMinSize, 256, 300, QRMaxSize} {
		b, err := QRPNG("weixin://wxpay/bizpayurl?pr=abc123XYZ", size)
		if err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("size %d: not a PNG: %v", size, err)
		}
		if bd := img.Bounds(); bd.Dx() != size || bd.Dy() != size {
			t.Errorf("size %d: image is %dx%d", size, bd.Dx(), bd.Dy())
		}
		// Quiet zone: the top-left pixel is white, some pixel is black.
		if r, g, bl, _ := img.At(0, 0).RGBA(); r != 0xffff || g != 0xffff || bl != 0xffff {
			t.Errorf("size %d: corner pixel is not white", size)
		}
		dark := false
		for y := 0; y < size && !dark; y++ {
			for x := 0; x < size; x++ {
				if r, _, _, _ := img.At(x, y).RGBA(); r == 0 {
					dark = true
					break
				}
			}
		}
		if !dark {
			t.Errorf("size %d: no dark module", size)
		}
	}
}

func TestQRPNGRefuses(t *testing.T) {
	if _, err := QRPNG("", 256); err == nil {
		t.Error("empty content accepted")
	}
	for _, size := range []int{0, -5, QRMinSize - 1, QRMaxSize + 1} {
		if _, err := QRPNG("x", size); err == nil {
			t.Errorf("size %d accepted", size)
		}
	}
	// More than a QR code can hold.
	if _, err := QRPNG(strings.Repeat("x", 5000), 256); err == nil {
		t.Error("oversized content accepted")
	}
}
