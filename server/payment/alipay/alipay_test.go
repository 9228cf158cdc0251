package alipay_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"gradphoto/server/payment"
	"gradphoto/server/payment/alipay"
	"gradphoto/server/payment/alipay/alipaytest"
	"gradphoto/server/payment/internal/keys"
	"gradphoto/server/payment/internal/testkeys"
	"gradphoto/shared/apperr"
	"gradphoto/shared/money"
	"gradphoto/shared/order"
)

const notifyURL = "https://pay.example.edu.cn/api/v1/payments/alipay/notify"

var cst = time.FixedZone("CST", 8*3600)

func setup(t *testing.T) (*alipaytest.Gateway, *alipay.Provider) {
	t.Helper()
	gw := alipaytest.NewGateway(t)
	p, err := alipay.New(gw.Config())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if r := gw.Rejected(); len(r) > 0 {
			t.Errorf("gateway refused the app's requests: %v", r)
		}
	})
	return gw, p
}

func prepayReq(ch order.Channel, no string, amount money.Fen) payment.PrepayRequest {
	return payment.PrepayRequest{
		Channel:     ch,
		OutTradeNo:  no,
		Amount:      amount,
		Description: "毕业照 纸质版 Graduation photo, printed",
		ClientIP:    "203.0.113.7",
		NotifyURL:   notifyURL,
		ReturnURL:   "https://pay.example.edu.cn/orders/" + no,
		ExpiresAt:   time.Date(2030, 6, 1, 12, 30, 0, 0, time.UTC),
	}
}

func TestPrepayQR(t *testing.T) {
	gw, p := setup(t)
	pp, err := p.Prepay(context.Background(), prepayReq(order.AlipayQR, "GP20261001", 3550))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(pp.CodeURL, "https://qr.alipay.com/") || pp.RedirectURL != "" || pp.JSAPI != nil {
		t.Fatalf("precreate %+v", pp)
	}
	tr, ok := gw.Trade("GP20261001")
	if !ok || tr.Amount != 3550 || tr.NotifyURL != notifyURL || tr.Method != "alipay.trade.precreate" ||
		tr.Subject == "" || tr.ProductCode != "FACE_TO_FACE_PAYMENT" {
		t.Errorf("gateway trade %+v", tr)
	}
	if tr.TimeExpire != "2030-06-01 20:30:00" {
		t.Errorf("time_expire %q is not China time", tr.TimeExpire)
	}
	if gw.Verified() == 0 {
		t.Error("the gateway verified no request")
	}
}

func TestPrepayWAP(t *testing.T) {
	gw, p := setup(t)
	req := prepayReq(order.AlipayWAP, "GP20261002", 6800)
	pp, err := p.Prepay(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if pp.CodeURL != "" || !strings.HasPrefix(pp.RedirectURL, "https://openapi.alipay.com/gateway.do?") {
		t.Fatalf("wap %+v", pp)
	}
	// The buyer's browser opens it: the gateway checks the URL's sign.
	tr, err := gw.OpenWapURL(pp.RedirectURL)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Amount != 6800 || tr.NotifyURL != notifyURL || tr.ReturnURL != req.ReturnURL || tr.QuitURL != req.ReturnURL ||
		tr.State != alipaytest.StateWaitBuyerPay {
		t.Errorf("gateway trade %+v", tr)
	}
	// A tampered URL is refused.
	u, _ := url.Parse(pp.RedirectURL)
	q := u.Query()
	q.Set("biz_content", strings.Replace(q.Get("biz_content"), "68.00", "0.01", 1))
	u.RawQuery = q.Encode()
	if _, err := gw.OpenWapURL(u.String()); err == nil {
		t.Error("tampered wap URL accepted")
	}
	// The sandbox gateway when not in production.
	cfg := gw.Config()
	cfg.Production = false
	sp, err := alipay.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	pp, err = sp.Prepay(context.Background(), prepayReq(order.AlipayWAP, "GP20261003", 6800))
	if err != nil || !strings.HasPrefix(pp.RedirectURL, "https://openapi-sandbox.dl.alipaydev.com/gateway.do?") {
		t.Errorf("sandbox wap %+v %v", pp, err)
	}
}

func TestPrepayRefusesOtherChannels(t *testing.T) {
	_, p := setup(t)
	if _, err := p.Prepay(context.Background(), prepayReq(order.WechatNative, "GP20261004", 3500)); apperr.CodeOf(err) != apperr.Internal {
		t.Errorf("wechat channel: %v", err)
	}
	if _, err := p.Prepay(context.Background(), prepayReq(order.AlipayQR, "bad no", 3500)); apperr.CodeOf(err) != apperr.Internal {
		t.Errorf("bad out_trade_no: %v", err)
	}
}

// TestConcurrentPrepayURLs: the per-request notify and return URLs do not
// leak between requests.
func TestConcurrentPrepayURLs(t *testing.T) {
	gw, p := setup(t)
	done := make(chan error)
	for i := 0; i < 8; i++ {
		go func(i int) {
			no := "GP2026110" + string(rune('0'+i))
			req := prepayReq(order.AlipayQR, no, 100)
			req.NotifyURL = notifyURL + "?n=" + no
			_, err := p.Prepay(context.Background(), req)
			if err == nil {
				if tr, _ := gw.Trade(no); tr.NotifyURL != req.NotifyURL {
					err = errors.New("notify URL of " + no + " is " + tr.NotifyURL)
				}
			}
			done <- err
		}(i)
	}
	for i := 0; i < 8; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func TestNotificationPaid(t *testing.T) {
	gw, p := setup(t)
	if _, err := p.Prepay(context.Background(), prepayReq(order.AlipayQR, "GP20261010", 3550)); err != nil {
		t.Fatal(err)
	}
	if err := gw.Pay("GP20261010"); err != nil {
		t.Fatal(err)
	}
	tr, _ := gw.Trade("GP20261010")
	req := gw.PaidNotification("GP20261010", 3550)
	if req.URL.String() != notifyURL {
		t.Errorf("notification goes to %s", req.URL)
	}
	n, err := p.ParseNotification(req)
	if err != nil {
		t.Fatal(err)
	}
	if n.OutTradeNo != "GP20261010" || n.TransactionID != tr.TradeNo || !n.Paid || n.Amount != 3550 || !n.PaidAt.Equal(tr.PaidAt) {
		t.Errorf("notification %+v, trade %+v", n, tr)
	}
	// TRADE_FINISHED is paid too; WAIT_BUYER_PAY and TRADE_CLOSED are not.
	for status, paid := range map[string]bool{"TRADE_FINISHED": true, "WAIT_BUYER_PAY": false, "TRADE_CLOSED": false} {
		nt := gw.NotifyFor("GP20261010")
		nt.TradeStatus = status
		n, err := p.ParseNotification(gw.Notification(nt))
		if err != nil || n.Paid != paid {
			t.Errorf("%s: %+v %v", status, n, err)
		}
	}
}

func TestNotificationThroughHTTP(t *testing.T) {
	gw, p := setup(t)
	var got payment.Notification
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := p.ParseNotification(r)
		if err == nil {
			got = n
		}
		p.Acknowledge(w, err == nil)
	}))
	defer hs.Close()
	for _, c := range []struct {
		req  *http.Request
		want string
	}{
		{gw.PaidNotification("GP20261011", 1990), "success"},
		{gw.ForgedNotification("GP20261011", 1990), "fail"},
	} {
		resp, err := alipaytest.Send(c.req, hs.URL)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != c.want || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
			t.Errorf("answer %q (%s), want %q", b, resp.Header.Get("Content-Type"), c.want)
		}
	}
	if got.Amount != 1990 || !got.Paid {
		t.Errorf("notification %+v", got)
	}
}

func TestNotificationWrongAmountComesThrough(t *testing.T) {
	gw, p := setup(t)
	if _, err := p.Prepay(context.Background(), prepayReq(order.AlipayQR, "GP20261012", 3550)); err != nil {
		t.Fatal(err)
	}
	for req, want := range map[*http.Request]money.Fen{
		gw.WrongAmountNotification("GP20261012"):  1,
		gw.PaidNotification("GP20261012", 3549):   3549,
		gw.PaidNotification("GP20261012", 355000): 355000,
	} {
		n, err := p.ParseNotification(req)
		if err != nil || n.Amount != want {
			t.Errorf("amount %d (%v), want %d", n.Amount, err, want)
		}
	}
	// Amounts that are not exact yuan with at most two places are refused.
	for _, amt := range []string{"35.501", "-35.50", "3.55e1", "", "35,50"} {
		nt := gw.NotifyFor("GP20261012")
		nt.TotalAmount = amt
		if n, err := p.ParseNotification(gw.Notification(nt)); err == nil {
			t.Errorf("total_amount %q accepted as %d", amt, n.Amount)
		}
	}
}

func TestNotificationRefused(t *testing.T) {
	gw, p := setup(t)
	other := alipaytest.NewGateway(t) // another app and seller
	mod := func(f func(*alipaytest.Notify)) *http.Request {
		n := gw.NotifyFor("GP20261020")
		n.TotalAmount = "35.00"
		f(&n)
		return gw.Notification(n)
	}
	cases := map[string]*http.Request{
		"forged signature": gw.ForgedNotification("GP20261020", 3500),
		"wrong app_id":     mod(func(n *alipaytest.Notify) { n.AppID = "2021000000000000" }),
		"wrong seller_id":  mod(func(n *alipaytest.Notify) { n.SellerID = "2088000000000000" }),
		"RSA (SHA-1)":      mod(func(n *alipaytest.Notify) { n.SignType = "RSA" }),
		"bad out_trade_no": mod(func(n *alipaytest.Notify) { n.OutTradeNo = "a b" }),
		"another app's":    other.PaidNotification("GP20261020", 3500),
		"tampered amount": func() *http.Request {
			req := gw.PaidNotification("GP20261020", 3500)
			b, _ := io.ReadAll(req.Body)
			f, _ := url.ParseQuery(string(b))
			f.Set("total_amount", "0.01")
			r := httptest.NewRequest(http.MethodPost, notifyURL, strings.NewReader(f.Encode()))
			r.Header = req.Header
			return r
		}(),
		"extra parameter": func() *http.Request {
			req := gw.PaidNotification("GP20261020", 3500)
			req.URL.RawQuery = "refund_fee=35.00"
			return req
		}(),
		"no sign": func() *http.Request {
			req := gw.PaidNotification("GP20261020", 3500)
			b, _ := io.ReadAll(req.Body)
			f, _ := url.ParseQuery(string(b))
			f.Del("sign")
			r := httptest.NewRequest(http.MethodPost, notifyURL, strings.NewReader(f.Encode()))
			r.Header = req.Header
			return r
		}(),
		"GET": func() *http.Request {
			req := gw.PaidNotification("GP20261020", 3500)
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
	}
}

func TestAcknowledge(t *testing.T) {
	_, p := setup(t)
	for ok, want := range map[bool]string{true: "success", false: "fail"} {
		w := httptest.NewRecorder()
		p.Acknowledge(w, ok)
		if w.Body.String() != want {
			t.Errorf("%v: %q", ok, w.Body)
		}
	}
}

func TestQuery(t *testing.T) {
	gw, p := setup(t)
	ctx := context.Background()
	if _, err := p.Prepay(ctx, prepayReq(order.AlipayQR, "GP20261030", 3550)); err != nil {
		t.Fatal(err)
	}
	// Not scanned yet: Alipay does not know it.
	s, err := p.Query(ctx, "GP20261030")
	if err != nil || s.Paid || s.Closed {
		t.Errorf("unscanned: %+v %v", s, err)
	}
	_ = gw.Scan("GP20261030")
	s, err = p.Query(ctx, "GP20261030")
	if err != nil || s.Paid || s.Closed || s.Amount != 3550 {
		t.Errorf("unpaid: %+v %v", s, err)
	}
	_ = gw.Pay("GP20261030")
	tr, _ := gw.Trade("GP20261030")
	s, err = p.Query(ctx, "GP20261030")
	if err != nil || !s.Paid || s.Closed || s.Amount != 3550 || s.TransactionID != tr.TradeNo || !s.PaidAt.Equal(tr.PaidAt) {
		t.Errorf("paid: %+v %v", s, err)
	}
}

func TestClose(t *testing.T) {
	gw, p := setup(t)
	ctx := context.Background()
	for _, no := range []string{"GP20261040", "GP20261041", "GP20261042"} {
		if _, err := p.Prepay(ctx, prepayReq(order.AlipayQR, no, 3550)); err != nil {
			t.Fatal(err)
		}
	}
	// Scanned, unpaid: closed.
	_ = gw.Scan("GP20261040")
	if err := p.Close(ctx, "GP20261040"); err != nil {
		t.Fatal(err)
	}
	if tr, _ := gw.Trade("GP20261040"); tr.State != alipaytest.StateClosed {
		t.Errorf("state %q", tr.State)
	}
	if s, err := p.Query(ctx, "GP20261040"); err != nil || !s.Closed || s.Paid {
		t.Errorf("closed: %+v %v", s, err)
	}
	// Closing it again is fine.
	if err := p.Close(ctx, "GP20261040"); err != nil {
		t.Errorf("closing again: %v", err)
	}
	// Never scanned: nothing to close at Alipay.
	if err := p.Close(ctx, "GP20261041"); err != nil {
		t.Errorf("unscanned: %v", err)
	}
	// Paid: refused.
	_ = gw.Pay("GP20261042")
	if err := p.Close(ctx, "GP20261042"); !errors.Is(err, payment.ErrAlreadyPaid) {
		t.Errorf("paid: %v", err)
	}
}

func TestRefund(t *testing.T) {
	gw, p := setup(t)
	ctx := context.Background()
	if _, err := p.Prepay(ctx, prepayReq(order.AlipayQR, "GP20261050", 3550)); err != nil {
		t.Fatal(err)
	}
	req := payment.RefundRequest{OutTradeNo: "GP20261050", OutRefundNo: "RF20261050", Amount: 1050, Total: 3550, Reason: "重复下单"}
	if _, err := p.Refund(ctx, req); apperr.CodeOf(err) != apperr.PaymentFailed {
		t.Errorf("refund of an unpaid trade: %v", err)
	}
	_ = gw.Pay("GP20261050")
	r, err := p.Refund(ctx, req)
	if err != nil || !r.Done || r.RefundID != "RF20261050" {
		t.Fatalf("refund %+v %v", r, err)
	}
	if got := gw.Refunded("GP20261050"); got != 1050 {
		t.Errorf("refunded %d", got)
	}
	// Retrying the same refund does not pay twice.
	r, err = p.Refund(ctx, req)
	if err != nil || r.Done {
		t.Errorf("retried refund %+v %v", r, err)
	}
	if got := gw.Refunded("GP20261050"); got != 1050 {
		t.Errorf("refunded %d after a retry", got)
	}
	if _, err := p.Refund(ctx, payment.RefundRequest{OutTradeNo: "GP20261050", OutRefundNo: "RF20261051", Amount: 2501, Total: 3550}); err == nil {
		t.Error("over-refund accepted")
	}
	r, err = p.Refund(ctx, payment.RefundRequest{OutTradeNo: "GP20261050", OutRefundNo: "RF20261052", Amount: 2500, Total: 3550})
	if err != nil || !r.Done {
		t.Errorf("rest refund %+v %v", r, err)
	}
	// Refunded in full: Alipay closes the trade.
	if s, err := p.Query(ctx, "GP20261050"); err != nil || !s.Closed {
		t.Errorf("after full refund: %+v %v", s, err)
	}
}

// TestResponseSignatureVerified proves verification of the gateway's answers
// is on: with the gateway signing with another key, every call fails.
func TestResponseSignatureVerified(t *testing.T) {
	gw, p := setup(t)
	ctx := context.Background()
	if _, err := p.Prepay(ctx, prepayReq(order.AlipayQR, "GP20261060", 3550)); err != nil {
		t.Fatal(err)
	}
	_ = gw.Pay("GP20261060")
	gw.SetBadResponseSignatures(true)
	_, err := p.Prepay(ctx, prepayReq(order.AlipayQR, "GP20261061", 3550))
	if apperr.CodeOf(err) != apperr.PaymentFailed || !strings.Contains(err.Error(), "verify signature") {
		t.Errorf("precreate: %v", err)
	}
	if _, err := p.Query(ctx, "GP20261060"); err == nil || !strings.Contains(err.Error(), "verify signature") {
		t.Errorf("query: %v", err)
	}
	_, err = p.Refund(ctx, payment.RefundRequest{OutTradeNo: "GP20261060", OutRefundNo: "RF20261060", Amount: 1, Total: 3550})
	if err == nil || !strings.Contains(err.Error(), "verify signature") {
		t.Errorf("refund: %v", err)
	}
	gw.SetBadResponseSignatures(false)
	if _, err := p.Prepay(ctx, prepayReq(order.AlipayQR, "GP20261063", 3550)); err != nil {
		t.Fatal(err)
	}
	_ = gw.Scan("GP20261063")
	gw.SetBadResponseSignatures(true)
	if err := p.Close(ctx, "GP20261063"); err == nil || !strings.Contains(err.Error(), "verify signature") {
		t.Errorf("close: %v", err)
	}
}

// TestGatewayChecksTheApp proves the gateway is not a pushover: a request
// signed with another app key is refused.
func TestGatewayChecksTheApp(t *testing.T) {
	gw := alipaytest.NewGateway(t)
	cfg := gw.Config()
	cfg.PrivateKeyPEM = keys.PrivatePEM(testkeys.Get("alipay-other-app"))
	p, err := alipay.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Prepay(context.Background(), prepayReq(order.AlipayQR, "GP20261070", 3550)); err == nil {
		t.Error("precreate signed with another key succeeded")
	}
	if r := gw.Rejected(); len(r) != 1 || !strings.Contains(r[0], "bad sign") {
		t.Errorf("rejected %v", r)
	}
	if _, ok := gw.Trade("GP20261070"); ok {
		t.Error("the gateway kept the trade")
	}
}

// TestTransportRefusesOtherHosts: the rewriting transport never lets a
// request out to anything but the test gateway.
func TestTransportRefusesOtherHosts(t *testing.T) {
	gw := alipaytest.NewGateway(t)
	resp, err := gw.Client().Get("https://example.com/")
	if err == nil {
		resp.Body.Close()
		t.Fatal("request to another host went through")
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	gw := alipaytest.NewGateway(t)
	good := gw.Config()
	for name, mutate := range map[string]func(*alipay.Config){
		"no app id":       func(c *alipay.Config) { c.AppID = "" },
		"no seller id":    func(c *alipay.Config) { c.SellerID = "" },
		"bad private key": func(c *alipay.Config) { c.PrivateKeyPEM = strings.Replace(c.PrivateKeyPEM, "MII", "MIX", 1) },
		"no Alipay key":   func(c *alipay.Config) { c.AlipayPublicKeyPEM = "" },
		"garbage Alipay key": func(c *alipay.Config) {
			c.AlipayPublicKeyPEM = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"
		},
	} {
		c := good
		mutate(&c)
		_, err := alipay.New(c)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if strings.Contains(err.Error(), "PRIVATE KEY") || len(err.Error()) > 120 {
			t.Errorf("%s: error quotes secrets: %v", name, err)
		}
	}
	// Bare base64 keys, as Alipay's key tool prints them, are fine.
	c := good
	c.PrivateKeyPEM = pemBody(c.PrivateKeyPEM)
	c.AlipayPublicKeyPEM = pemBody(c.AlipayPublicKeyPEM)
	p, err := alipay.New(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Prepay(context.Background(), prepayReq(order.AlipayQR, "GP20261080", 100)); err != nil {
		t.Error(err)
	}
}

func pemBody(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(l, "-----") {
			b.WriteString(l)
		}
	}
	return b.String()
}
