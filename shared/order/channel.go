package order

import "gradphoto/shared/apperr"

// Channel is how a student pays: the provider and the flow that fits where
// the student is (mini-program, phone browser, desktop).
type Channel string

const (
	WechatJSAPI  Channel = "wechat_jsapi"  // inside the WeChat mini-program
	WechatH5     Channel = "wechat_h5"     // phone browser outside WeChat
	WechatNative Channel = "wechat_native" // QR code to scan (desktop)
	AlipayWAP    Channel = "alipay_wap"    // phone browser
	AlipayQR     Channel = "alipay_qr"     // QR code to scan (desktop)
	Dev          Channel = "dev"           // the local dev provider; dev mode only
)

// Provider names the payment provider behind a channel.
func (c Channel) Provider() string {
	switch c {
	case WechatJSAPI, WechatH5, WechatNative:
		return "wechat"
	case AlipayWAP, AlipayQR:
		return "alipay"
	case Dev:
		return "dev"
	}
	return ""
}

// ParseChannel validates a channel sent by a client.
func ParseChannel(s string) (Channel, error) {
	c := Channel(s)
	if c.Provider() == "" {
		return "", apperr.Field("channel", "不支持的支付方式", "Unsupported payment method")
	}
	return c, nil
}
