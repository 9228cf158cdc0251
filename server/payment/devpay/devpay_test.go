package devpay

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"gradphoto/server/payment"
	"gradphoto/shared/apperr"
	"gradphoto/shared/money"
	"gradphoto/shared/order"
)

var secret = []byte("0123456789abcdef0123456789abcdef-dev-only")

func newDev(t testing.TB, base string) *Provider {
	t.Helper()
	p, err := New("dev", secret, base)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNewRefusesAnythingButDev(t *testing.T) {
	for _, mode := range []string{"production", "prod", "", "Dev", "DEV", " dev", "dev ", "staging", "test"} {
		p, err := New(mode, secret, "http://127.0.0.1:9900")
		if !errors.Is(err, ErrNotDev) || p != nil {
			t.Errorf("mode %q: %v", mode, err)
		}
	}
	if _, err := New("dev", secret[:31], "http://127.0.0.1:9900"); err == nil {
		t.Error("short secret accepted")
	}
	for _, base := range []string{"", "127.0.0.1:9900", "ftp://x", "http://", "http://x/?a=1", "javascript:alert(1)"} {
		if _, err := New("dev", secret, base); err == nil {
			t.Errorf("base URL %q accepted", base)
		}
	}
	p, err := New("dev", secret, "http://127.0.0.1:8787/")
	if err != nil || p.base != "http://127.0.0.1:8787" {
		t.Errorf("%v %q", err, p.base)
	}
	// The secret is copied: changing the caller's slice changes nothing.
	s := append([]byte(nil), secret...)
	p, _ = New("dev", s, "http://x")
	s[0] ^= 1
	if !bytes.Equal(p.secret, secret) {
		t.Error("secret not copied")
	}
}

func prepayReq(no string, amount money.Fen) payment.PrepayRequest {
	return payment.PrepayRequest{
		Channel: order.Dev, OutTradeNo: no, Amount: amount, Description: "毕业照",
		NotifyURL: "http://127.0.0.1:9900" + NotifyPath, ReturnURL: "http://127.0.0.1:9900/orders/" + no,
	}
}

func TestPrepayLink(t *testing.T) {
	p := newDev(t, "http://127.0.0.1:9900")
	pp, err := p.Prepay(context.Background(), prepayReq("GP20262001", 3500))
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(pp.RedirectURL)
	if err != nil || u.Host != "127.0.0.1:9900" || u.Path != "/api/v1/dev-pay/GP20262001" || u.Query().Get("amount") != "3500" ||
		u.Query().Get("return") != "http://127.0.0.1:9900/orders/GP20262001" || len(u.Query().Get("sig")) != 64 {
		t.Errorf("link %q", pp.RedirectURL)
	}
	if pp.CodeURL != "" || pp.JSAPI != nil {
		t.Errorf("prepay %+v", pp)
	}
	for name, req := range map[string]payment.PrepayRequest{
		"wechat channel": func() payment.PrepayRequest {
			r := prepayReq("GP20262002", 1)
			r.Channel = order.WechatNative
			return r
		}(),
		"bad number":  prepayReq("bad no", 1),
		"zero amount": prepayReq("GP20262003", 0),
		"js return URL": func() payment.PrepayRequest {
			r := prepayReq("GP20262004", 1)
			r.ReturnURL = "javascript:alert(1)"
			return r
		}(),
	} {
		if _, err := p.Prepay(context.Background(), req); apperr.CodeOf(err) != apperr.Internal {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// server is a stand-in for the HTTP layer: the page handler, and the
// notification endpoint that parses, "marks paid" and acknowledges.
type server struct {
	p    *Provider
	mu   sync.Mutex
	paid []payment.Notification
}

func (s *server) notify(w http.ResponseWriter, r *http.Request) {
	n, err := s.p.ParseNotification(r)
	if err == nil {
		s.mu.Lock()
		s.paid = append(s.paid, n)
		s.mu.Unlock()
	}
	s.p.Acknowledge(w, err == nil)
}

func get(t *testing.T, h http.Handler, method, link string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, link, nil))
	return w
}

func TestPageAndConfirmInProcess(t *testing.T) {
	p := newDev(t, "http://127.0.0.1:9900")
	s := &server{p: p}
	h := p.Handler(http.HandlerFunc(s.notify))
	pp, _ := p.Prepay(context.Background(), prepayReq("GP20262010", 3550))

	w := get(t, h, http.MethodGet, pp.RedirectURL)
	body := w.Body.String()
	if w.Code != 200 || !strings.Contains(body, "开发环境模拟支付") || !strings.Contains(body, "Dev payment") ||
		!strings.Contains(body, "GP20262010") || !strings.Contains(body, "¥35.50") || !strings.Contains(body, `method="post"`) {
		t.Fatalf("page %d:\n%s", w.Code, body)
	}
	if len(s.paid) != 0 {
		t.Fatal("GET paid the order")
	}
	w = get(t, h, http.MethodPost, pp.RedirectURL)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "支付成功") || !strings.Contains(w.Body.String(), `href="http://127.0.0.1:9900/orders/GP20262010"`) {
		t.Fatalf("confirm %d:\n%s", w.Code, w.Body)
	}
	if len(s.paid) != 1 || s.paid[0].OutTradeNo != "GP20262010" || s.paid[0].Amount != 3550 || !s.paid[0].Paid ||
		!strings.HasPrefix(s.paid[0].TransactionID, "DEV") {
		t.Errorf("notifications %+v", s.paid)
	}
}

func TestPageRefusesForgedLinks(t *testing.T) {
	p := newDev(t, "http://127.0.0.1:9900")
	s := &server{p: p}
	h := p.Handler(http.HandlerFunc(s.notify))
	pp, _ := p.Prepay(context.Background(), prepayReq("GP20262020", 3550))
	u, _ := url.Parse(pp.RedirectURL)
	other := newDevWithSecret(t, []byte(strings.Repeat("x", 32)))
	otherPP, _ := other.Prepay(context.Background(), prepayReq("GP20262020", 1))
	forged := map[string]string{
		"amount":       strings.Replace(pp.RedirectURL, "amount=3550", "amount=1", 1),
		"number":       strings.Replace(pp.RedirectURL, "GP20262020", "GP20262021", 1),
		"return":       strings.Replace(pp.RedirectURL, "orders", "evil", 1),
		"no sig":       u.Path + "?amount=3550",
		"other secret": otherPP.RedirectURL,
	}
	for name, link := range forged {
		for _, m := range []string{http.MethodGet, http.MethodPost} {
			if w := get(t, h, m, link); w.Code != http.StatusForbidden {
				t.Errorf("%s %s: %d", name, m, w.Code)
			}
		}
	}
	if len(s.paid) != 0 {
		t.Errorf("forged links paid: %+v", s.paid)
	}
	if w := get(t, h, http.MethodPut, pp.RedirectURL); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("PUT: %d", w.Code)
	}
}

func newDevWithSecret(t *testing.T, s []byte) *Provider {
	p, err := New("dev", s, "http://127.0.0.1:9900")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestConfirmOverHTTP: with no in-process handler the page POSTs the
// notification to the server's own notify URL.
func TestConfirmOverHTTP(t *testing.T) {
	mux := http.NewServeMux()
	hs := httptest.NewServer(mux)
	defer hs.Close()
	p := newDev(t, hs.URL)
	s := &server{p: p}
	mux.Handle(PagePath, p.Handler(nil))
	mux.HandleFunc("POST "+NotifyPath, s.notify)

	pp, _ := p.Prepay(context.Background(), prepayReq("GP20262030", 990))
	resp, err := http.PostForm(pp.RedirectURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "Payment confirmed") {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.paid) != 1 || s.paid[0].Amount != 990 {
		t.Errorf("notifications %+v", s.paid)
	}
}

func TestConfirmRefusedByServer(t *testing.T) {
	p := newDev(t, "http://127.0.0.1:9900")
	h := p.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { p.Acknowledge(w, false) }))
	pp, _ := p.Prepay(context.Background(), prepayReq("GP20262031", 990))
	if w := get(t, h, http.MethodPost, pp.RedirectURL); w.Code != http.StatusBadGateway || !strings.Contains(w.Body.String(), "500") {
		t.Errorf("%d %s", w.Code, w.Body)
	}
}

func TestNotificationHMAC(t *testing.T) {
	p := newDev(t, "http://127.0.0.1:9900")
	ctx := context.Background()
	req, err := p.Confirm(ctx, "GP20262040", 3500)
	if err != nil {
		t.Fatal(err)
	}
	if req.URL.String() != "http://127.0.0.1:9900"+NotifyPath || req.Method != http.MethodPost {
		t.Errorf("request %s %s", req.Method, req.URL)
	}
	body, _ := io.ReadAll(req.Body)
	sig := req.Header.Get(SignatureHeader)
	mk := func(b []byte, sig string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, NotifyPath, bytes.NewReader(b))
		r.Header.Set(SignatureHeader, sig)
		return r
	}
	n, err := p.ParseNotification(mk(body, sig))
	if err != nil || !n.Paid || n.Amount != 3500 || n.OutTradeNo != "GP20262040" {
		t.Fatalf("genuine: %+v %v", n, err)
	}
	other := newDevWithSecret(t, []byte(strings.Repeat("y", 40)))
	oreq, _ := other.Confirm(ctx, "GP20262040", 3500)
	obody, _ := io.ReadAll(oreq.Body)
	refused := map[string]*http.Request{
		"tampered amount": mk(bytes.Replace(body, []byte(`"amount":3500`), []byte(`"amount":1`), 1), sig),
		"no signature":    mk(body, ""),
		"bad hex":         mk(body, "zz"+sig[2:]),
		"other secret":    mk(obody, oreq.Header.Get(SignatureHeader)),
		"page signature":  mk(body, p.pageSig("GP20262040", 3500, "")),
		"GET": func() *http.Request {
			r := mk(body, sig)
			r.Method = http.MethodGet
			return r
		}(),
		"extra field": func() *http.Request {
			b := bytes.Replace(body, []byte(`{`), []byte(`{"paid":false,`), 1)
			return mk(b, p.notifySig(b))
		}(),
		"signed zero amount": func() *http.Request {
			b := bytes.Replace(body, []byte(`"amount":3500`), []byte(`"amount":0`), 1)
			return mk(b, p.notifySig(b))
		}(),
	}
	for name, r := range refused {
		if n, err := p.ParseNotification(r); err == nil || n.Paid || !errors.Is(err, payment.ErrNotification) {
			t.Errorf("%s: %+v %v", name, n, err)
		}
	}
}

func TestNotificationExpiry(t *testing.T) {
	p := newDev(t, "http://127.0.0.1:9900")
	base := time.Date(2026, 6, 20, 10, 0, 0, 0, time.UTC)
	p.now = func() time.Time { return base }
	req, _ := p.Confirm(context.Background(), "GP20262050", 3500)
	body, _ := io.ReadAll(req.Body)
	sig := req.Header.Get(SignatureHeader)
	for _, c := range []struct {
		after time.Duration
		ok    bool
	}{
		{0, true},
		{MaxAge - time.Second, true},
		{MaxAge, true},
		{MaxAge + time.Second, false},
		{time.Hour, false},
		{-maxSkew, true},
		{-maxSkew - time.Second, false}, // from the future
	} {
		p.now = func() time.Time { return base.Add(c.after) }
		r := httptest.NewRequest(http.MethodPost, NotifyPath, bytes.NewReader(body))
		r.Header.Set(SignatureHeader, sig)
		n, err := p.ParseNotification(r)
		if (err == nil) != c.ok {
			t.Errorf("%s later: %+v %v", c.after, n, err)
		}
		if err == nil && !n.PaidAt.Equal(base) {
			t.Errorf("paid at %v", n.PaidAt)
		}
	}
}

func TestNoMemory(t *testing.T) {
	p := newDev(t, "http://127.0.0.1:9900")
	ctx := context.Background()
	s, err := p.Query(ctx, "GP20262060")
	if err != nil || s.Paid || s.Closed || s.OutTradeNo != "GP20262060" {
		t.Errorf("query %+v %v", s, err)
	}
	if err := p.Close(ctx, "GP20262060"); err != nil {
		t.Error(err)
	}
	r, err := p.Refund(ctx, payment.RefundRequest{OutTradeNo: "GP20262060", OutRefundNo: "RF20262060", Amount: 100, Total: 100})
	if err != nil || !r.Done || r.RefundID != "DEV-RF20262060" {
		t.Errorf("refund %+v %v", r, err)
	}
	if _, err := p.Refund(ctx, payment.RefundRequest{OutTradeNo: "GP20262060", OutRefundNo: "RF20262061", Amount: 101, Total: 100}); err == nil {
		t.Error("over-refund accepted")
	}
	if p.Name() != "dev" || order.Dev.Provider() != p.Name() {
		t.Error("name")
	}
}

func FuzzParseNotification(f *testing.F) {
	p := newDev(f, "http://127.0.0.1:9900")
	req, _ := p.Confirm(context.Background(), "GP20269001", 3500)
	body, _ := io.ReadAll(req.Body)
	f.Add(body, req.Header.Get(SignatureHeader))
	f.Add(body, "")
	f.Add([]byte(`{"out_trade_no":"GP20269001","amount":1,"timestamp":0}`), strings.Repeat("0", 64))
	f.Add([]byte{}, "")
	f.Fuzz(func(t *testing.T, body []byte, sig string) {
		r := httptest.NewRequest(http.MethodPost, NotifyPath, bytes.NewReader(body))
		r.Header.Set(SignatureHeader, sig)
		n, err := p.ParseNotification(r)
		if err != nil {
			if n.Paid {
				t.Fatal("error with Paid")
			}
			return
		}
		m := hmac.New(sha256.New, secret)
		m.Write([]byte("devpay-notify\n"))
		m.Write(body)
		if got, _ := hex.DecodeString(sig); !hmac.Equal(got, m.Sum(nil)) {
			t.Fatalf("accepted without a valid HMAC: %+v", n)
		}
	})
}
