// Package alipaytest is a loopback Alipay gateway for tests, with an
// http.RoundTripper that sends gopay's requests for Alipay's gateway hosts to
// it (gopay's gateway URL is not configurable; the provider gets the client
// through Config.HTTPClient and SetHttpClient).
//
// It handles alipay.trade.precreate, query, close and refund: it checks each
// request's RSA2 sign with the app public key and its China-time timestamp,
// answers with RSA2-signed responses (the Alipay key is the gateway's test
// key), keeps the trades' states, checks the signed URLs of
// alipay.trade.wap.pay, and builds signed notification forms, genuine or
// not. All keys are generated at run time (and shared by the gateways of one
// test process: each gateway has its own app and seller ids). It is not a
// _test package so that the HTTP tests of the server can use it too.
package alipaytest

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"gradphoto/server/payment/alipay"
	"gradphoto/server/payment/internal/keys"
	"gradphoto/server/payment/internal/testkeys"
	"gradphoto/shared/money"
)

// Trade states, as Alipay names them. A precreated trade nobody scanned yet
// has no state: Alipay does not know it.
const (
	StateWaitBuyerPay = "WAIT_BUYER_PAY"
	StateSuccess      = "TRADE_SUCCESS"
	StateClosed       = "TRADE_CLOSED"
)

// Hosts are the gateway hosts the transport sends to the test gateway.
var Hosts = []string{"openapi.alipay.com", "openapi-sandbox.dl.alipaydev.com"}

const timeLayout = "2006-01-02 15:04:05"

var cst = time.FixedZone("CST", 8*3600)

// Trade is what the gateway knows about one out_trade_no.
type Trade struct {
	OutTradeNo  string
	TradeNo     string
	Subject     string
	Amount      money.Fen
	Method      string // alipay.trade.precreate or alipay.trade.wap.pay
	ProductCode string
	NotifyURL   string
	ReturnURL   string
	QuitURL     string
	TimeExpire  string
	State       string // "" until scanned or opened
	PaidAt      time.Time
	Refunded    money.Fen
}

// Gateway is the loopback Alipay gateway.
type Gateway struct {
	URL      string // http://127.0.0.1:port
	AppID    string
	SellerID string

	appKey    *rsa.PrivateKey // the app's; the provider signs requests with it
	alipayKey *rsa.PrivateKey // Alipay's; signs answers and notifications
	forgerKey *rsa.PrivateKey // nobody's; signs forgeries
	srv       *httptest.Server

	mu            sync.Mutex
	trades        map[string]*Trade
	refunds       map[string]map[string]any // by out_trade_no + " " + out_request_no
	badSignatures bool
	rejected      []string
	verified      int
	seq           int
}

// NewGateway starts a gateway on 127.0.0.1 with fresh app and seller ids;
// it is closed when tb's test ends.
func NewGateway(tb testing.TB) *Gateway {
	tb.Helper()
	g := &Gateway{
		AppID:     fmt.Sprintf("20210%011d", randN(1e11)),
		SellerID:  fmt.Sprintf("2088%012d", randN(1e12)),
		appKey:    testkeys.Get("alipay-app"),
		alipayKey: testkeys.Get("alipay-gateway"),
		forgerKey: testkeys.Get("forger"),
		trades:    map[string]*Trade{},
		refunds:   map[string]map[string]any{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /gateway.do", g.gateway)
	g.srv = httptest.NewServer(mux)
	g.URL = g.srv.URL
	tb.Cleanup(g.Close)
	return g
}

// Close stops the gateway.
func (g *Gateway) Close() { g.srv.Close() }

// Client is an HTTP client whose requests to Alipay's gateway hosts go to
// this gateway; requests to any other host fail.
func (g *Gateway) Client() *http.Client {
	target, _ := url.Parse(g.URL)
	return &http.Client{Timeout: 10 * time.Second, Transport: &Rewriter{Target: target, Hosts: Hosts, Base: g.srv.Client().Transport}}
}

// Config is the provider configuration that talks to this gateway.
func (g *Gateway) Config() alipay.Config {
	return alipay.Config{
		AppID:              g.AppID,
		SellerID:           g.SellerID,
		PrivateKeyPEM:      keys.PrivatePEM(g.appKey),
		AlipayPublicKeyPEM: keys.PublicPEM(&g.alipayKey.PublicKey),
		Production:         true,
		HTTPClient:         g.Client(),
	}
}

// Rewriter sends requests for Hosts to Target and refuses any other host, so
// that a test can never reach the real Alipay.
type Rewriter struct {
	Target *url.URL
	Hosts  []string
	Base   http.RoundTripper // nil: http.DefaultTransport
}

// RoundTrip rewrites the request's scheme and host.
func (rw *Rewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	known := false
	for _, h := range rw.Hosts {
		if req.URL.Hostname() == h {
			known = true
		}
	}
	if !known {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, fmt.Errorf("alipaytest: refusing to reach %s", req.URL.Host)
	}
	out := req.Clone(req.Context())
	out.URL.Scheme, out.URL.Host, out.Host = rw.Target.Scheme, rw.Target.Host, ""
	base := rw.Base
	if base == nil {
		base = http.DefaultTransport
	}
	return base.RoundTrip(out)
}

// SetBadResponseSignatures makes the gateway sign its answers with a key
// that is not the Alipay key (true) or with the Alipay key again (false).
func (g *Gateway) SetBadResponseSignatures(bad bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.badSignatures = bad
}

// Rejected lists the requests refused for a bad sign, app_id or timestamp.
func (g *Gateway) Rejected() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.rejected...)
}

// ForgetRejected empties the list of rejected requests.
func (g *Gateway) ForgetRejected() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.rejected = nil
}

// Verified counts the requests whose sign verified.
func (g *Gateway) Verified() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.verified
}

// Trade returns a copy of the trade, if the gateway has it.
func (g *Gateway) Trade(outTradeNo string) (Trade, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	t, ok := g.trades[outTradeNo]
	if !ok {
		return Trade{}, false
	}
	return *t, true
}

// Scan is the buyer scanning a precreated QR code: Alipay now knows the
// trade, waiting for payment.
func (g *Gateway) Scan(outTradeNo string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	t, ok := g.trades[outTradeNo]
	if !ok || t.State != "" {
		return fmt.Errorf("alipaytest: no unscanned trade %q", outTradeNo)
	}
	t.State = StateWaitBuyerPay
	return nil
}

// Pay is the buyer paying: the trade becomes TRADE_SUCCESS.
func (g *Gateway) Pay(outTradeNo string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	t, ok := g.trades[outTradeNo]
	if !ok || (t.State != "" && t.State != StateWaitBuyerPay) {
		return fmt.Errorf("alipaytest: no payable trade %q", outTradeNo)
	}
	t.State = StateSuccess
	t.PaidAt = time.Now().In(cst).Truncate(time.Second)
	return nil
}

// OpenWapURL is the buyer's browser opening the URL alipay.trade.wap.pay
// gave: it checks the URL's host, sign, app_id and timestamp and registers
// the trade as waiting for payment.
func (g *Gateway) OpenWapURL(payURL string) (Trade, error) {
	u, err := url.Parse(payURL)
	if err != nil {
		return Trade{}, err
	}
	if u.Scheme != "https" || (u.Host != Hosts[0] && u.Host != Hosts[1]) || u.Path != "/gateway.do" {
		return Trade{}, fmt.Errorf("alipaytest: %s is not the gateway", u.Host)
	}
	params := u.Query()
	if why := g.checkRequest(params); why != "" {
		return Trade{}, fmt.Errorf("alipaytest: refused: %s", why)
	}
	if m := params.Get("method"); m != "alipay.trade.wap.pay" {
		return Trade{}, fmt.Errorf("alipaytest: method %q", m)
	}
	var biz struct {
		OutTradeNo  string `json:"out_trade_no"`
		TotalAmount string `json:"total_amount"`
		Subject     string `json:"subject"`
		ProductCode string `json:"product_code"`
		QuitURL     string `json:"quit_url"`
		TimeExpire  string `json:"time_expire"`
	}
	if err := json.Unmarshal([]byte(params.Get("biz_content")), &biz); err != nil {
		return Trade{}, fmt.Errorf("alipaytest: biz_content: %v", err)
	}
	amount, err := money.ParseYuan(biz.TotalAmount)
	if err != nil || amount <= 0 || biz.Subject == "" || biz.ProductCode != "QUICK_WAP_WAY" || params.Get("notify_url") == "" {
		return Trade{}, fmt.Errorf("alipaytest: bad wap pay request %s", params.Get("biz_content"))
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	t, ok := g.trades[biz.OutTradeNo]
	if ok && (t.State != StateWaitBuyerPay || t.Amount != amount) {
		return Trade{}, fmt.Errorf("alipaytest: trade %q is %s", biz.OutTradeNo, t.State)
	}
	if !ok {
		g.seq++
		t = &Trade{
			OutTradeNo: biz.OutTradeNo, TradeNo: g.tradeNo(), Subject: biz.Subject, Amount: amount,
			Method: "alipay.trade.wap.pay", ProductCode: biz.ProductCode, NotifyURL: params.Get("notify_url"),
			ReturnURL: params.Get("return_url"), QuitURL: biz.QuitURL, TimeExpire: biz.TimeExpire, State: StateWaitBuyerPay,
		}
		g.trades[t.OutTradeNo] = t
	}
	return *t, nil
}

// ---------------------------------------------------------------------------
// Notifications

// Notify is the content of an asynchronous notification.
type Notify struct {
	URL         string // where the request goes
	AppID       string
	SellerID    string
	OutTradeNo  string
	TradeNo     string
	TradeStatus string
	TotalAmount string // yuan, as Alipay writes it
	Subject     string
	GmtPayment  time.Time
	SignType    string // RSA2 unless set
}

// NotifyFor is a TRADE_SUCCESS notification for the trade as the gateway
// knows it (any out_trade_no works: unknown ones get the gateway's ids and
// amount 0.00).
func (g *Gateway) NotifyFor(outTradeNo string) Notify {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := Notify{
		URL:         "http://127.0.0.1/api/v1/payments/alipay/notify",
		AppID:       g.AppID,
		SellerID:    g.SellerID,
		OutTradeNo:  outTradeNo,
		TradeStatus: StateSuccess,
		TotalAmount: "0.00",
		Subject:     "test",
		GmtPayment:  time.Now().In(cst).Truncate(time.Second),
		SignType:    "RSA2",
	}
	if t, ok := g.trades[outTradeNo]; ok {
		n.URL, n.TradeNo, n.TotalAmount, n.Subject = t.NotifyURL, t.TradeNo, t.Amount.Yuan(), t.Subject
		if !t.PaidAt.IsZero() {
			n.GmtPayment = t.PaidAt
		}
	}
	if n.TradeNo == "" {
		g.seq++
		n.TradeNo = g.tradeNo()
	}
	return n
}

// PaidNotification is a genuine (RSA2-signed) TRADE_SUCCESS notification for
// the trade saying amountFen was paid. Pass the trade's amount for a normal
// payment, anything else for a wrong amount.
func (g *Gateway) PaidNotification(outTradeNo string, amountFen int64) *http.Request {
	n := g.NotifyFor(outTradeNo)
	n.TotalAmount = money.Fen(amountFen).Yuan()
	return g.Notification(n)
}

// WrongAmountNotification is a genuine TRADE_SUCCESS notification for the
// trade saying 0.01 yuan was paid.
func (g *Gateway) WrongAmountNotification(outTradeNo string) *http.Request {
	return g.PaidNotification(outTradeNo, 1)
}

// ForgedNotification is a TRADE_SUCCESS notification signed with a key that
// is not the Alipay key.
func (g *Gateway) ForgedNotification(outTradeNo string, amountFen int64) *http.Request {
	n := g.NotifyFor(outTradeNo)
	n.TotalAmount = money.Fen(amountFen).Yuan()
	return g.build(n, g.forgerKey)
}

// Notification is a notification with content n, signed with the Alipay key.
func (g *Gateway) Notification(n Notify) *http.Request { return g.build(n, g.alipayKey) }

func (g *Gateway) build(n Notify, signer *rsa.PrivateKey) *http.Request {
	now := time.Now().In(cst)
	f := url.Values{
		"notify_time":      {now.Format(timeLayout)},
		"notify_type":      {"trade_status_sync"},
		"notify_id":        {randHex(16)},
		"charset":          {"utf-8"},
		"version":          {"1.0"},
		"app_id":           {n.AppID},
		"auth_app_id":      {n.AppID},
		"seller_id":        {n.SellerID},
		"trade_no":         {n.TradeNo},
		"out_trade_no":     {n.OutTradeNo},
		"buyer_id":         {"2088102" + fmt.Sprintf("%09d", randN(1e9))},
		"trade_status":     {n.TradeStatus},
		"total_amount":     {n.TotalAmount},
		"receipt_amount":   {n.TotalAmount},
		"buyer_pay_amount": {n.TotalAmount},
		"invoice_amount":   {n.TotalAmount},
		"point_amount":     {"0.00"},
		"subject":          {n.Subject},
		"gmt_create":       {n.GmtPayment.Add(-time.Minute).In(cst).Format(timeLayout)},
		"gmt_payment":      {n.GmtPayment.In(cst).Format(timeLayout)},
		"fund_bill_list":   {`[{"amount":"` + n.TotalAmount + `","fundChannel":"ALIPAYACCOUNT"}]`},
	}
	f.Set("sign", signParams(signer, f))
	f.Set("sign_type", n.SignType)
	req, err := http.NewRequest(http.MethodPost, n.URL, strings.NewReader(f.Encode()))
	if err != nil {
		panic("alipaytest: notification URL: " + err.Error())
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	return req
}

// VerifyNotification reports whether form carries a valid Alipay RSA2 sign.
// Fuzz tests use it as an oracle.
func (g *Gateway) VerifyNotification(form url.Values) bool {
	sig, err := base64.StdEncoding.DecodeString(form.Get("sign"))
	if err != nil {
		return false
	}
	sum := sha256.Sum256([]byte(signString(without(form, "sign", "sign_type"))))
	return rsa.VerifyPKCS1v15(&g.alipayKey.PublicKey, crypto.SHA256, sum[:], sig) == nil
}

// Send delivers a notification request to url.
func Send(req *http.Request, url string) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	out, err := http.NewRequestWithContext(req.Context(), req.Method, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	out.Header = req.Header.Clone()
	return http.DefaultClient.Do(out)
}

// ---------------------------------------------------------------------------
// The gateway

func (g *Gateway) gateway(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	params := r.PostForm // the signed parameters; charset=utf-8 rides in the URL
	method := params.Get("method")
	if why := g.checkRequest(params); why != "" {
		g.mu.Lock()
		g.rejected = append(g.rejected, method+": "+why)
		g.mu.Unlock()
		g.answer(w, method, bizError("40002", "Invalid Arguments", "isv.invalid-signature", why))
		return
	}
	var biz map[string]any
	if err := json.Unmarshal([]byte(params.Get("biz_content")), &biz); err != nil {
		g.answer(w, method, bizError("40002", "Invalid Arguments", "isv.invalid-biz-content", "biz_content"))
		return
	}
	str := func(k string) string { s, _ := biz[k].(string); return s }
	g.mu.Lock()
	defer g.mu.Unlock()
	switch method {
	case "alipay.trade.precreate":
		g.answerLocked(w, method, g.precreate(params, str))
	case "alipay.trade.query":
		g.answerLocked(w, method, g.query(str("out_trade_no")))
	case "alipay.trade.close":
		g.answerLocked(w, method, g.closeTrade(str("out_trade_no")))
	case "alipay.trade.refund":
		g.answerLocked(w, method, g.refund(str))
	default:
		g.answerLocked(w, method, bizError("40004", "Business Failed", "isv.invalid-method", "不存在的方法名"))
	}
}

// checkRequest checks the public parameters and the RSA2 sign of a request.
func (g *Gateway) checkRequest(params url.Values) string {
	switch {
	case params.Get("app_id") != g.AppID:
		return "app_id " + params.Get("app_id")
	case params.Get("sign_type") != "RSA2":
		return "sign_type " + params.Get("sign_type")
	case params.Get("charset") != "utf-8" || params.Get("version") != "1.0" || params.Get("format") != "JSON":
		return "public parameters"
	}
	ts, err := time.ParseInLocation(timeLayout, params.Get("timestamp"), cst)
	if err != nil || time.Since(ts).Abs() > 10*time.Minute {
		return "timestamp " + params.Get("timestamp") + " is not China time now"
	}
	sig, err := base64.StdEncoding.DecodeString(params.Get("sign"))
	if err != nil {
		return "sign is not base64"
	}
	sum := sha256.Sum256([]byte(signString(without(params, "sign"))))
	if rsa.VerifyPKCS1v15(&g.appKey.PublicKey, crypto.SHA256, sum[:], sig) != nil {
		return "bad sign"
	}
	g.mu.Lock()
	g.verified++
	g.mu.Unlock()
	return ""
}

func (g *Gateway) precreate(params url.Values, str func(string) string) map[string]any {
	no := str("out_trade_no")
	amount, err := money.ParseYuan(str("total_amount"))
	if !validNo(no) || err != nil || amount <= 0 || str("subject") == "" || params.Get("notify_url") == "" {
		return bizError("40004", "Business Failed", "ACQ.INVALID_PARAMETER", "参数无效")
	}
	if te := str("time_expire"); te != "" {
		if _, err := time.ParseInLocation(timeLayout, te, cst); err != nil {
			return bizError("40004", "Business Failed", "ACQ.INVALID_PARAMETER", "time_expire")
		}
	}
	t, ok := g.trades[no]
	switch {
	case ok && t.State == StateSuccess:
		return bizError("40004", "Business Failed", "ACQ.TRADE_HAS_SUCCESS", "交易已被支付")
	case ok && t.State == StateClosed:
		return bizError("40004", "Business Failed", "ACQ.TRADE_HAS_CLOSE", "交易已经关闭")
	case ok && t.Amount != amount:
		return bizError("40004", "Business Failed", "ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改")
	case !ok:
		g.seq++
		t = &Trade{
			OutTradeNo: no, TradeNo: g.tradeNo(), Subject: str("subject"), Amount: amount,
			Method: "alipay.trade.precreate", ProductCode: str("product_code"),
			NotifyURL: params.Get("notify_url"), TimeExpire: str("time_expire"),
		}
		g.trades[no] = t
	}
	return map[string]any{"code": "10000", "msg": "Success", "out_trade_no": no, "qr_code": "https://qr.alipay.com/bax0" + randHex(10)}
}

func (g *Gateway) query(no string) map[string]any {
	t, ok := g.trades[no]
	if !ok || t.State == "" {
		return bizError("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在")
	}
	r := map[string]any{
		"code": "10000", "msg": "Success", "trade_no": t.TradeNo, "out_trade_no": t.OutTradeNo,
		"buyer_logon_id": "159****5620", "trade_status": t.State, "total_amount": t.Amount.Yuan(),
		"buyer_user_id": "2088101117955611",
	}
	if !t.PaidAt.IsZero() {
		r["send_pay_date"] = t.PaidAt.In(cst).Format(timeLayout)
		r["buyer_pay_amount"] = t.Amount.Yuan()
		r["receipt_amount"] = t.Amount.Yuan()
	}
	return r
}

func (g *Gateway) closeTrade(no string) map[string]any {
	t, ok := g.trades[no]
	switch {
	case !ok || t.State == "":
		return bizError("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在")
	case t.State != StateWaitBuyerPay:
		return bizError("40004", "Business Failed", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
	}
	t.State = StateClosed
	return map[string]any{"code": "10000", "msg": "Success", "trade_no": t.TradeNo, "out_trade_no": t.OutTradeNo}
}

func (g *Gateway) refund(str func(string) string) map[string]any {
	no, reqNo := str("out_trade_no"), str("out_request_no")
	amount, err := money.ParseYuan(str("refund_amount"))
	if !validNo(no) || err != nil || amount <= 0 {
		return bizError("40004", "Business Failed", "ACQ.INVALID_PARAMETER", "参数无效")
	}
	t, ok := g.trades[no]
	if !ok || t.State == "" {
		return bizError("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在")
	}
	key := no + " " + reqNo
	if prev, ok := g.refunds[key]; ok {
		again := map[string]any{}
		for k, v := range prev {
			again[k] = v
		}
		again["fund_change"] = "N"
		return again
	}
	switch {
	case t.State != StateSuccess:
		return bizError("40004", "Business Failed", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
	case amount > t.Amount-t.Refunded:
		return bizError("40004", "Business Failed", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限")
	}
	t.Refunded += amount
	if t.Refunded == t.Amount {
		t.State = StateClosed
	}
	r := map[string]any{
		"code": "10000", "msg": "Success", "trade_no": t.TradeNo, "out_trade_no": t.OutTradeNo,
		"buyer_logon_id": "159****5620", "fund_change": "Y", "refund_fee": t.Refunded.Yuan(),
		"gmt_refund_pay": time.Now().In(cst).Format(timeLayout), "send_back_fee": amount.Yuan(),
	}
	g.refunds[key] = r
	return r
}

// Refunded is how much of the trade has been refunded.
func (g *Gateway) Refunded(outTradeNo string) money.Fen {
	g.mu.Lock()
	defer g.mu.Unlock()
	if t, ok := g.trades[outTradeNo]; ok {
		return t.Refunded
	}
	return 0
}

func bizError(code, msg, subCode, subMsg string) map[string]any {
	return map[string]any{"code": code, "msg": msg, "sub_code": subCode, "sub_msg": subMsg}
}

func (g *Gateway) answer(w http.ResponseWriter, method string, v map[string]any) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.answerLocked(w, method, v)
}

// answerLocked writes {"<method>_response":{...},"sign":"..."} with the RSA2
// sign over the exact bytes of the inner object, as Alipay does.
func (g *Gateway) answerLocked(w http.ResponseWriter, method string, v map[string]any) {
	inner, _ := json.Marshal(v)
	signer := g.alipayKey
	if g.badSignatures {
		signer = g.forgerKey
	}
	name := strings.ReplaceAll(method, ".", "_") + "_response"
	if method == "" {
		name = "error_response"
	}
	var b bytes.Buffer
	b.WriteString(`{"` + name + `":`)
	b.Write(inner)
	b.WriteString(`,"sign":"` + signBytes(signer, inner) + `"}`)
	w.Header().Set("Content-Type", "text/html;charset=utf-8")
	_, _ = w.Write(b.Bytes())
}

// ---------------------------------------------------------------------------
// Helpers

// signString is Alipay's string to sign: the parameters with a non-empty
// value, sorted by name, joined as k=v with &. Requests sign every parameter
// but sign; notifications every one but sign and sign_type.
func signString(params url.Values) string {
	ks := make([]string, 0, len(params))
	for k, v := range params {
		if len(v) > 0 && v[0] != "" {
			ks = append(ks, k)
		}
	}
	sort.Strings(ks)
	var b strings.Builder
	for i, k := range ks {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k + "=" + params.Get(k))
	}
	return b.String()
}

// signParams signs a notification's parameters (all but sign and sign_type).
func signParams(k *rsa.PrivateKey, params url.Values) string {
	return signBytes(k, []byte(signString(without(params, "sign", "sign_type"))))
}

// without is a copy of params without the named ones.
func without(params url.Values, names ...string) url.Values {
	out := url.Values{}
	for k, v := range params {
		out[k] = v
	}
	for _, n := range names {
		delete(out, n)
	}
	return out
}

func signBytes(k *rsa.PrivateKey, msg []byte) string {
	sum := sha256.Sum256(msg)
	sig, err := rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, sum[:])
	if err != nil {
		panic("alipaytest: " + err.Error())
	}
	return base64.StdEncoding.EncodeToString(sig)
}

func (g *Gateway) tradeNo() string {
	return time.Now().In(cst).Format("20060102") + fmt.Sprintf("22001%015d", g.seq)
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func randN(n int64) int64 {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return int64(v % uint64(n))
}

func validNo(s string) bool {
	if len(s) < 6 || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
