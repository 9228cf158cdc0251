package alipay_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"gradphoto/server/payment/alipay"
	"gradphoto/server/payment/alipay/alipaytest"
)

// FuzzParseNotification feeds arbitrary bodies, content types and URL queries
// to ParseNotification: it must never panic, and must never accept a
// notification whose form does not carry a valid Alipay signature.
func FuzzParseNotification(f *testing.F) {
	gw := alipaytest.NewGateway(f)
	p, err := alipay.New(gw.Config())
	if err != nil {
		f.Fatal(err)
	}
	const form = "application/x-www-form-urlencoded; charset=utf-8"
	seed := func(req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		f.Add(body, form, "")
	}
	seed(gw.PaidNotification("GP20269001", 3500))
	seed(gw.ForgedNotification("GP20269002", 3500))
	n := gw.NotifyFor("GP20269003")
	n.SellerID = "2088000000000000"
	seed(gw.Notification(n))
	f.Add([]byte("sign=&sign_type=RSA2&total_amount=1"), form, "app_id=x")
	f.Add([]byte("%zz"), form, "")
	f.Add([]byte(`{"a":1}`), "application/json", "")
	f.Add([]byte("--x\r\n"), "multipart/form-data; boundary=x", "")
	f.Add([]byte{}, "", "")

	f.Fuzz(func(t *testing.T, body []byte, contentType, query string) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/payments/alipay/notify", bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		req.URL.RawQuery = query
		got, err := p.ParseNotification(req)
		if err != nil {
			if got.Paid || got.OutTradeNo != "" {
				t.Fatalf("error %v with a notification %+v", err, got)
			}
			return
		}
		// Accepted: the parameters it read must carry a valid Alipay sign.
		values, qerr := url.ParseQuery(query)
		if qerr != nil {
			values = url.Values{}
		}
		if bodyValues, err := url.ParseQuery(string(body)); err == nil {
			for k, v := range bodyValues {
				values[k] = append(values[k], v...)
			}
		}
		single := url.Values{}
		for k, v := range values {
			if len(v) == 1 {
				single[k] = v
			}
		}
		if !gw.VerifyNotification(single) {
			t.Fatalf("accepted a notification without a valid signature: %+v", got)
		}
	})
}
