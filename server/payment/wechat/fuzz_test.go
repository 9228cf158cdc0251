package wechat_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"gradphoto/server/payment/wechat"
	"gradphoto/server/payment/wechat/wechattest"
)

// FuzzParseNotification feeds arbitrary bodies and Wechatpay-* headers to
// ParseNotification: it must never panic, and must never accept a
// notification whose signature does not verify with the platform key.
func FuzzParseNotification(f *testing.F) {
	srv := wechattest.NewServer(f)
	p, err := wechat.New(srv.Config())
	if err != nil {
		f.Fatal(err)
	}
	seed := func(req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		h := req.Header
		f.Add(body, h.Get("Wechatpay-Timestamp"), h.Get("Wechatpay-Nonce"), h.Get("Wechatpay-Signature"), h.Get("Wechatpay-Serial"))
	}
	seed(srv.PaidNotification("GP20269001", 3500))
	seed(srv.ForgedNotification("GP20269002", 3500))
	n := srv.NotifyFor("GP20269003")
	n.MchID = "1900000109"
	seed(srv.Notification(n))
	f.Add([]byte(`{"resource":{"ciphertext":"","nonce":"x","associated_data":""}}`), "0", "", "", srv.PlatformPublicKeyID)
	f.Add([]byte(`{"resource":null}`), "", "", "", "")
	f.Add([]byte(`[]`), "", "", "!!", "")
	f.Add([]byte{}, "", "", "", "")

	f.Fuzz(func(t *testing.T, body []byte, ts, nonce, sig, serial string) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/payments/wechat/notify", bytes.NewReader(body))
		req.Header.Set("Wechatpay-Timestamp", ts)
		req.Header.Set("Wechatpay-Nonce", nonce)
		req.Header.Set("Wechatpay-Signature", sig)
		req.Header.Set("Wechatpay-Serial", serial)
		got, err := p.ParseNotification(req)
		if err != nil {
			if got.Paid || got.OutTradeNo != "" {
				t.Fatalf("error %v with a notification %+v", err, got)
			}
			return
		}
		if !srv.VerifyNotification(req.Header, body) {
			t.Fatalf("accepted a notification without a valid signature: %+v", got)
		}
	})
}
