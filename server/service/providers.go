package service

import (
	"crypto/hmac"
	"crypto/sha256"

	"gradphoto/server/app"
	"gradphoto/server/config"
	"gradphoto/server/httpapi"
	"gradphoto/server/payment"
	"gradphoto/server/payment/alipay"
	"gradphoto/server/payment/devpay"
	"gradphoto/server/payment/wechat"
	"gradphoto/server/workerhttp"
)

// addProviders switches on the payment providers the configuration has
// credentials for, and the dev provider in dev mode only: devpay.New itself
// refuses any other mode, so production configuration cannot enable it.
func addProviders(cfg config.Config, key []byte, a *app.App, api *httpapi.Server) error {
	a.Providers = map[string]payment.Provider{}
	client := workerhttp.HTTPClient()
	if w := cfg.Wechat; w.Enabled() {
		p, err := wechat.New(wechat.Config{
			AppID: w.AppID, MchID: w.MchID, SerialNo: w.SerialNo, APIv3Key: w.APIv3Key, PrivateKeyPEM: w.PrivateKeyPEM,
			PlatformPublicKeyPEM: w.PlatformPublicKeyPEM, PlatformPublicKeyID: w.PlatformPublicKeyID, HTTPClient: client,
		})
		if err != nil {
			return err
		}
		a.Providers[p.Name()] = p
	}
	if al := cfg.Alipay; al.Enabled() {
		p, err := alipay.New(alipay.Config{
			AppID: al.AppID, SellerID: al.SellerID, PrivateKeyPEM: al.PrivateKeyPEM, AlipayPublicKeyPEM: al.AlipayPublicKeyPEM,
			Production: !al.Sandbox, HTTPClient: client,
		})
		if err != nil {
			return err
		}
		a.Providers[p.Name()] = p
	}
	if cfg.Mode == config.Dev {
		secret := cfg.DevPaySecret
		if len(secret) == 0 {
			secret = derive(key, "gradphoto/devpay")
		}
		p, err := devpay.New(string(cfg.Mode), secret, cfg.BaseURL)
		if err != nil {
			return err
		}
		a.Providers[p.Name()] = p
		// Confirming on the dev page delivers the notification to the API's
		// own notify route, the path real notifications take.
		api.DevPay = p.Handler(api)
	}
	return nil
}

// derive makes a sub-key of the data key for one purpose.
func derive(key []byte, label string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	return m.Sum(nil)
}
