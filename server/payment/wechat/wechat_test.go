package wechat_test

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"gradphoto/server/payment"
	"gradphoto/server/payment/internal/keys"
	"gradphoto/server/payment/internal/testkeys"
	"gradphoto/server/payment/wechat"
	"gradphoto/server/payment/wechat/wechattest"
	"gradphoto/shared/apperr"
	"gradphoto/shared/money"
	"gradphoto/shared/order"
)

const notifyURL = "https://pay.example.edu.cn/api/v1/payments/wechat/notify"

func setup(t *testing.T) (*wechattest.Server, *wechat.Provider) {
	t.Helper()
	srv := wechattest.NewServer(t)
	p, err := wechat.New(srv.Config())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if r := srv.Rejected(); len(r) > 0 {
			t.Errorf("server refused the merchant's signature: %v", r)
		}
	})
	return srv, p
}

func prepayReq(ch order.Channel, no string, amount money.Fen) payment.PrepayRequest {
	return payment.PrepayRequest{
		Channel:     ch,
		OutTradeNo:  no,
		Amount:      amount,
		Description: "毕业照 电子版 Graduation photo",
		ClientIP:    "203.0.113.7",
		OpenID:      "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
		NotifyURL:   notifyURL,
		ReturnURL:   "https://pay.example.edu.cn/orders/" + no,
		ExpiresAt:   time.Now().Add(30 * time.Minute),
	}
}

func TestPrepayJSAPI(t *testing.T) {
	srv, p := setup(t)
	pp, err := p.Prepay(context.Background(), prepayReq(order.WechatJSAPI, "GP20260001", 3500))
	if err != nil {
		t.Fatal(err)
	}
	if pp.CodeURL != "" || pp.RedirectURL != "" {
		t.Errorf("JSAPI prepay set other fields: %+v", pp)
	}
	j := pp.JSAPI
	if j["appId"] != srv.AppID || j["signType"] != "RSA" || !strings.HasPrefix(j["package"], "prepay_id=wx") ||
		j["timeStamp"] == "" || j["nonceStr"] == "" {
		t.Fatalf("JSAPI params %v", j)
	}
	// paySign is the merchant's RSA-SHA256 signature over appId, timeStamp,
	// nonceStr and package, as wx.requestPayment checks it.
	msg := j["appId"] + "\n" + j["timeStamp"] + "\n" + j["nonceStr"] + "\n" + j["package"] + "\n"
	sig, _ := base64.StdEncoding.DecodeString(j["paySign"])
	sum := sha256.Sum256([]byte(msg))
	pub := merchantPublicKey(t, srv)
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig); err != nil {
		t.Errorf("paySign does not verify: %v", err)
	}
	o, ok := srv.Order("GP20260001")
	if !ok || o.TradeType != "JSAPI" || o.Amount != 3500 || o.OpenID == "" || o.NotifyURL != notifyURL || o.TimeExpire == "" {
		t.Errorf("server order %+v", o)
	}
	if !strings.HasSuffix(o.TimeExpire, "+08:00") {
		t.Errorf("time_expire %q is not in China time", o.TimeExpire)
	}
}

func TestPrepayH5(t *testing.T) {
	srv, p := setup(t)
	req := prepayReq(order.WechatH5, "GP20260002", 6800)
	pp, err := p.Prepay(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(pp.RedirectURL)
	if err != nil || u.Host != "wx.tenpay.com" || u.Query().Get("prepay_id") == "" {
		t.Fatalf("h5 url %q", pp.RedirectURL)
	}
	if got := u.Query().Get("redirect_url"); got != req.ReturnURL {
		t.Errorf("redirect_url %q", got)
	}
	if o, _ := srv.Order("GP20260002"); o.TradeType != "MWEB" || o.ClientIP != "203.0.113.7" {
		t.Errorf("server order %+v", o)
	}
	// H5 without the payer's IP is a programming error, caught before sending.
	req.OutTradeNo, req.ClientIP = "GP20260003", ""
	if _, err := p.Prepay(context.Background(), req); apperr.CodeOf(err) != apperr.Internal {
		t.Errorf("H5 without IP: %v", err)
	}
}

func TestPrepayNative(t *testing.T) {
	srv, p := setup(t)
	pp, err := p.Prepay(context.Background(), prepayReq(order.WechatNative, "GP20260004", 3500))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(pp.CodeURL, "weixin://wxpay/bizpayurl?pr=") || pp.RedirectURL != "" || pp.JSAPI != nil {
		t.Errorf("native prepay %+v", pp)
	}
	if png, err := payment.QRPNG(pp.CodeURL, 256); err != nil || len(png) == 0 {
		t.Errorf("QR code: %v", err)
	}
	if o, _ := srv.Order("GP20260004"); o.TradeType != "NATIVE" {
		t.Errorf("server order %+v", o)
	}
	// Other providers' channels are refused.
	if _, err := p.Prepay(context.Background(), prepayReq(order.AlipayQR, "GP20260005", 3500)); err == nil {
		t.Error("alipay channel accepted")
	}
}

func TestPrepayRefusedByWeChat(t *testing.T) {
	srv, p := setup(t)
	ctx := context.Background()
	if _, err := p.Prepay(ctx, prepayReq(order.WechatNative, "GP20260006", 3500)); err != nil {
		t.Fatal(err)
	}
	if err := srv.Pay("GP20260006"); err != nil {
		t.Fatal(err)
	}
	_, err := p.Prepay(ctx, prepayReq(order.WechatNative, "GP20260006", 3500))
	if apperr.CodeOf(err) != apperr.PaymentFailed || !strings.Contains(err.Error(), "ORDERPAID") {
		t.Errorf("prepay of a paid order: %v", err)
	}
}

func TestNotificationPaid(t *testing.T) {
	srv, p := setup(t)
	if _, err := p.Prepay(context.Background(), prepayReq(order.WechatNative, "GP20260010", 3500)); err != nil {
		t.Fatal(err)
	}
	if err := srv.Pay("GP20260010"); err != nil {
		t.Fatal(err)
	}
	o, _ := srv.Order("GP20260010")
	req := srv.PaidNotification("GP20260010", 3500)
	if req.URL.String() != notifyURL {
		t.Errorf("notification goes to %s", req.URL)
	}
	n, err := p.ParseNotification(req)
	if err != nil {
		t.Fatal(err)
	}
	want := payment.Notification{OutTradeNo: "GP20260010", TransactionID: o.TransactionID, Paid: true, Amount: 3500}
	if n.OutTradeNo != want.OutTradeNo || n.TransactionID != want.TransactionID || !n.Paid || n.Amount != want.Amount {
		t.Errorf("notification %+v, want %+v", n, want)
	}
	if !n.PaidAt.Equal(o.PaidAt) {
		t.Errorf("paid at %v, want %v", n.PaidAt, o.PaidAt)
	}
}

func TestNotificationThroughHTTP(t *testing.T) {
	srv, p := setup(t)
	var got payment.Notification
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := p.ParseNotification(r)
		if err == nil {
			got = n
		}
		p.Acknowledge(w, err == nil)
	})
	hs := httptest.NewServer(h)
	defer hs.Close()
	resp, err := wechattest.Send(srv.PaidNotification("GP20260011", 990), hs.URL)
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]string
	_ = json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if resp.StatusCode != 200 || body["code"] != "SUCCESS" || got.Amount != 990 || !got.Paid {
		t.Errorf("status %d body %v notification %+v", resp.StatusCode, body, got)
	}
	resp, err = wechattest.Send(srv.ForgedNotification("GP20260011", 990), hs.URL)
	if err != nil {
		t.Fatal(err)
	}
	body = nil
	_ = json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if resp.StatusCode != 500 || body["code"] != "FAIL" || body["message"] == "" {
		t.Errorf("forged: status %d body %v", resp.StatusCode, body)
	}
}

func TestNotificationWrongAmountComesThrough(t *testing.T) {
	srv, p := setup(t)
	if _, err := p.Prepay(context.Background(), prepayReq(order.WechatNative, "GP20260012", 3500)); err != nil {
		t.Fatal(err)
	}
	// A genuine notification with another amount is passed on exactly: the
	// order logic compares it with the order and refuses it.
	for _, req := range []*http.Request{srv.WrongAmountNotification("GP20260012"), srv.PaidNotification("GP20260012", 3499)} {
		n, err := p.ParseNotification(req)
		if err != nil {
			t.Fatal(err)
		}
		if n.Amount == 3500 || n.Amount <= 0 {
			t.Errorf("amount %d", n.Amount)
		}
	}
	n, _ := p.ParseNotification(srv.PaidNotification("GP20260012", 3501))
	if n.Amount != 3501 {
		t.Errorf("amount %d, want 3501", n.Amount)
	}
}

func TestNotificationRefused(t *testing.T) {
	srv, p := setup(t)
	other := wechattest.NewServer(t) // another merchant (ids, APIv3 key, key id)
	cases := map[string]*http.Request{
		"forged signature": srv.ForgedNotification("GP20260020", 3500),
		"wrong mchid": func() *http.Request {
			n := srv.NotifyFor("GP20260020")
			n.MchID = "1900000109"
			return srv.Notification(n)
		}(),
		"wrong appid": func() *http.Request {
			n := srv.NotifyFor("GP20260020")
			n.AppID = "wx0000000000000000"
			return srv.Notification(n)
		}(),
		"wrong APIv3 key": func() *http.Request {
			n := srv.NotifyFor("GP20260020")
			n.APIv3Key = strings.Repeat("k", 32)
			return srv.Notification(n)
		}(),
		"bad out_trade_no": func() *http.Request {
			n := srv.NotifyFor("x")
			return srv.Notification(n)
		}(),
		"another merchant's notification": other.PaidNotification("GP20260020", 3500),
		"tampered body": func() *http.Request {
			req := srv.PaidNotification("GP20260020", 3500)
			var m map[string]any
			_ = json.NewDecoder(req.Body).Decode(&m)
			m["summary"] = "x"
			b, _ := json.Marshal(m)
			r2 := httptest.NewRequest(http.MethodPost, notifyURL, strings.NewReader(string(b)))
			r2.Header = req.Header
			return r2
		}(),
		"no signature": func() *http.Request {
			req := srv.PaidNotification("GP20260020", 3500)
			req.Header.Del("Wechatpay-Signature")
			return req
		}(),
		"unknown serial": func() *http.Request {
			req := srv.PaidNotification("GP20260020", 3500)
			req.Header.Set("Wechatpay-Serial", "PUB_KEY_ID_0000")
			return req
		}(),
		"GET": func() *http.Request {
			req := srv.PaidNotification("GP20260020", 3500)
			req.Method = http.MethodGet
			return req
		}(),
		"no body": httptest.NewRequest(http.MethodPost, notifyURL, nil),
	}
	for name, req := range cases {
		n, err := p.ParseNotification(req)
		if err == nil || n.Paid {
			t.Errorf("%s: accepted: %+v", name, n)
			continue
		}
		if !errors.Is(err, payment.ErrNotification) {
			t.Errorf("%s: error %v does not wrap ErrNotification", name, err)
		}
		if len(err.Error()) > 200 {
			t.Errorf("%s: long error %q", name, err)
		}
	}
}

func TestNotificationNotSuccess(t *testing.T) {
	srv, p := setup(t)
	n := srv.NotifyFor("GP20260021")
	n.TradeState = "PAYERROR"
	got, err := p.ParseNotification(srv.Notification(n))
	if err != nil || got.Paid {
		t.Errorf("PAYERROR: %+v %v", got, err)
	}
}

func TestAcknowledge(t *testing.T) {
	_, p := setup(t)
	w := httptest.NewRecorder()
	p.Acknowledge(w, true)
	if w.Code != 200 || strings.TrimSpace(w.Body.String()) != `{"code":"SUCCESS"}` {
		t.Errorf("ok: %d %s", w.Code, w.Body)
	}
	w = httptest.NewRecorder()
	p.Acknowledge(w, false)
	var body map[string]string
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != 500 || body["code"] != "FAIL" || body["message"] == "" {
		t.Errorf("fail: %d %s", w.Code, w.Body)
	}
}

func TestQuery(t *testing.T) {
	srv, p := setup(t)
	ctx := context.Background()
	// Unknown to WeChat: neither paid nor closed.
	s, err := p.Query(ctx, "GP20260030")
	if err != nil || s.Paid || s.Closed || s.OutTradeNo != "GP20260030" {
		t.Errorf("unknown: %+v %v", s, err)
	}
	if _, err := p.Prepay(ctx, prepayReq(order.WechatJSAPI, "GP20260030", 3500)); err != nil {
		t.Fatal(err)
	}
	s, err = p.Query(ctx, "GP20260030")
	if err != nil || s.Paid || s.Closed || s.Amount != 3500 {
		t.Errorf("unpaid: %+v %v", s, err)
	}
	if err := srv.Pay("GP20260030"); err != nil {
		t.Fatal(err)
	}
	o, _ := srv.Order("GP20260030")
	s, err = p.Query(ctx, "GP20260030")
	if err != nil || !s.Paid || s.Closed || s.Amount != 3500 || s.TransactionID != o.TransactionID || !s.PaidAt.Equal(o.PaidAt) {
		t.Errorf("paid: %+v %v", s, err)
	}
}

func TestClose(t *testing.T) {
	srv, p := setup(t)
	ctx := context.Background()
	if _, err := p.Prepay(ctx, prepayReq(order.WechatNative, "GP20260040", 3500)); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(ctx, "GP20260040"); err != nil {
		t.Fatal(err)
	}
	if o, _ := srv.Order("GP20260040"); o.State != wechattest.StateClosed {
		t.Errorf("state %s", o.State)
	}
	s, err := p.Query(ctx, "GP20260040")
	if err != nil || !s.Closed || s.Paid {
		t.Errorf("closed: %+v %v", s, err)
	}
	// Closing again, or closing what WeChat never saw, is fine.
	if err := p.Close(ctx, "GP20260040"); err != nil {
		t.Error(err)
	}
	if err := p.Close(ctx, "GP20260041"); err != nil {
		t.Error(err)
	}
	// A paid one cannot be closed.
	if _, err := p.Prepay(ctx, prepayReq(order.WechatNative, "GP20260042", 3500)); err != nil {
		t.Fatal(err)
	}
	_ = srv.Pay("GP20260042")
	if err := p.Close(ctx, "GP20260042"); !errors.Is(err, payment.ErrAlreadyPaid) {
		t.Errorf("closing a paid order: %v", err)
	}
}

func TestRefund(t *testing.T) {
	srv, p := setup(t)
	ctx := context.Background()
	if _, err := p.Prepay(ctx, prepayReq(order.WechatNative, "GP20260050", 3500)); err != nil {
		t.Fatal(err)
	}
	req := payment.RefundRequest{OutTradeNo: "GP20260050", OutRefundNo: "RF20260050", Amount: 1000, Total: 3500, Reason: "重复下单"}
	if _, err := p.Refund(ctx, req); apperr.CodeOf(err) != apperr.PaymentFailed {
		t.Errorf("refund of an unpaid order: %v", err)
	}
	_ = srv.Pay("GP20260050")
	r, err := p.Refund(ctx, req)
	if err != nil || !r.Done || r.RefundID == "" {
		t.Fatalf("refund: %+v %v", r, err)
	}
	if o, _ := srv.Order("GP20260050"); o.Refunded != 1000 || o.State != wechattest.StateRefund {
		t.Errorf("server order %+v", o)
	}
	if rf, _ := srv.Refund("RF20260050"); rf.Reason != "重复下单" || rf.Amount != 1000 || rf.Total != 3500 {
		t.Errorf("server refund %+v", rf)
	}
	// Still paid, as far as a query goes.
	if s, err := p.Query(ctx, "GP20260050"); err != nil || !s.Paid {
		t.Errorf("query after refund: %+v %v", s, err)
	}
	// More than what is left.
	if _, err := p.Refund(ctx, payment.RefundRequest{OutTradeNo: "GP20260050", OutRefundNo: "RF20260051", Amount: 2600, Total: 3500}); err == nil {
		t.Error("over-refund accepted")
	}
	srv.SetRefundStatus("PROCESSING")
	r, err = p.Refund(ctx, payment.RefundRequest{OutTradeNo: "GP20260050", OutRefundNo: "RF20260052", Amount: 2500, Total: 3500})
	if err != nil || r.Done || r.RefundID == "" {
		t.Errorf("processing refund: %+v %v", r, err)
	}
	srv.SetRefundStatus("ABNORMAL")
	if _, err := p.Prepay(ctx, prepayReq(order.WechatNative, "GP20260053", 100)); err != nil {
		t.Fatal(err)
	}
	_ = srv.Pay("GP20260053")
	if _, err := p.Refund(ctx, payment.RefundRequest{OutTradeNo: "GP20260053", OutRefundNo: "RF20260053", Amount: 100, Total: 100}); err == nil {
		t.Error("ABNORMAL refund accepted")
	}
}

// TestResponseSignatureVerified proves verification of the answers is on:
// with the server signing with another key, every call fails.
func TestResponseSignatureVerified(t *testing.T) {
	srv, p := setup(t)
	ctx := context.Background()
	if _, err := p.Prepay(ctx, prepayReq(order.WechatJSAPI, "GP20260060", 3500)); err != nil {
		t.Fatal(err)
	}
	_ = srv.Pay("GP20260060")
	srv.SetBadResponseSignatures(true)
	for ch, no := range map[order.Channel]string{order.WechatJSAPI: "GP20260061", order.WechatH5: "GP20260062", order.WechatNative: "GP20260063"} {
		if _, err := p.Prepay(ctx, prepayReq(ch, no, 3500)); apperr.CodeOf(err) != apperr.PaymentFailed || !strings.Contains(err.Error(), "verify signature") {
			t.Errorf("%s prepay with a bad response signature: %v", ch, err)
		}
	}
	if _, err := p.Query(ctx, "GP20260060"); err == nil || !strings.Contains(err.Error(), "verify signature") {
		t.Errorf("query with a bad response signature: %v", err)
	}
	_, err := p.Refund(ctx, payment.RefundRequest{OutTradeNo: "GP20260060", OutRefundNo: "RF20260060", Amount: 1, Total: 3500})
	if err == nil || !strings.Contains(err.Error(), "verify signature") {
		t.Errorf("refund with a bad response signature: %v", err)
	}
	srv.SetBadResponseSignatures(false)
	if _, err := p.Prepay(ctx, prepayReq(order.WechatNative, "GP20260068", 1)); err != nil {
		t.Errorf("with good signatures again: %v", err)
	}
}

// TestCloseSignatureVerified: the 204 of close has an empty body, signed too.
func TestCloseSignatureVerified(t *testing.T) {
	srv, p := setup(t)
	ctx := context.Background()
	if _, err := p.Prepay(ctx, prepayReq(order.WechatNative, "GP20260070", 3500)); err != nil {
		t.Fatal(err)
	}
	srv.SetBadResponseSignatures(true)
	if err := p.Close(ctx, "GP20260070"); err == nil || !strings.Contains(err.Error(), "verify signature") {
		t.Errorf("close with a bad response signature: %v", err)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	srv := wechattest.NewServer(t)
	good := srv.Config()
	for name, mutate := range map[string]func(*wechat.Config){
		"no appid":           func(c *wechat.Config) { c.AppID = "" },
		"short APIv3 key":    func(c *wechat.Config) { c.APIv3Key = "short" },
		"bad private key":    func(c *wechat.Config) { c.PrivateKeyPEM = strings.Replace(c.PrivateKeyPEM, "MII", "MIX", 1) },
		"no platform key":    func(c *wechat.Config) { c.PlatformPublicKeyPEM = "" },
		"no platform key id": func(c *wechat.Config) { c.PlatformPublicKeyID = "" },
	} {
		c := good
		mutate(&c)
		_, err := wechat.New(c)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if strings.Contains(err.Error(), "PRIVATE KEY") || strings.Contains(err.Error(), c.APIv3Key) || len(err.Error()) > 120 {
			t.Errorf("%s: error quotes secrets: %v", name, err)
		}
	}
}

func merchantPublicKey(t *testing.T, srv *wechattest.Server) *rsa.PublicKey {
	k, err := keys.ParsePrivate(srv.Config().PrivateKeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	return &k.PublicKey
}

// TestServerChecksMerchantSignature proves the test server is not a pushover:
// a provider signing with another merchant key is refused, and the
// provider's real requests were checked.
func TestServerChecksMerchantSignature(t *testing.T) {
	srv, p := setup(t)
	if _, err := p.Prepay(context.Background(), prepayReq(order.WechatNative, "GP20260080", 3500)); err != nil {
		t.Fatal(err)
	}
	if srv.Authorized() == 0 {
		t.Fatal("no request was authenticated")
	}
	cfg := srv.Config()
	cfg.PrivateKeyPEM = keys.PrivatePEM(testkeys.Get("wechat-other-merchant"))
	bad, err := wechat.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	before := len(srv.Rejected())
	if _, err := bad.Prepay(context.Background(), prepayReq(order.WechatNative, "GP20260081", 3500)); err == nil {
		t.Error("prepay signed with another key succeeded")
	}
	rejected := srv.Rejected()
	if len(rejected) != before+1 || !strings.Contains(rejected[len(rejected)-1], "bad signature") {
		t.Errorf("rejected: %v", rejected)
	}
	if _, ok := srv.Order("GP20260081"); ok {
		t.Error("the server kept the order")
	}
	// The expected rejection is not a failure of this test.
	srv.ForgetRejected()
}
