// Package wechattest is a loopback WeChat Pay v3 server for tests: the real
// provider (and gopay's real client code, crypto included) reaches it through
// Config.ProxyHost.
//
// It checks each request's Authorization signature with the merchant's
// public key, signs each response with a platform key (the Wechatpay-*
// headers gopay verifies), keeps the orders' states, and builds signed and
// encrypted payment notifications, genuine or not. All keys are generated at
// run time (and shared by the servers of one test process: each server has
// its own ids, APIv3 key and platform key id). It is not a _test package so that the HTTP tests of the server
// can use it too.
package wechattest

import (
	"bytes"
	"crypto"
	"crypto/aes"
	"crypto/cipher"
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
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gradphoto/server/payment/internal/keys"
	"gradphoto/server/payment/internal/testkeys"
	"gradphoto/server/payment/wechat"
)

// Trade states, as WeChat names them.
const (
	StateNotPay  = "NOTPAY"
	StateSuccess = "SUCCESS"
	StateClosed  = "CLOSED"
	StateRefund  = "REFUND"
)

var cst = time.FixedZone("CST", 8*3600)

// Order is what the server knows about one out_trade_no.
type Order struct {
	AppID, MchID  string
	OutTradeNo    string
	Description   string
	NotifyURL     string
	TradeType     string // JSAPI, MWEB (H5) or NATIVE
	OpenID        string
	ClientIP      string
	TimeExpire    string
	Amount        int64 // fen
	State         string
	TransactionID string
	PaidAt        time.Time
	Refunded      int64 // fen
}

// Refund is one refund the server accepted.
type Refund struct {
	RefundID, OutRefundNo, OutTradeNo, Reason, Status string
	Amount, Total                                     int64
}

// Server is the loopback WeChat Pay v3 server.
type Server struct {
	URL                 string // http://127.0.0.1:port
	AppID               string
	MchID               string
	MerchantSerialNo    string
	APIv3Key            string
	PlatformPublicKeyID string

	merchantKey *rsa.PrivateKey // the merchant's; the provider signs requests with it
	platformKey *rsa.PrivateKey // WeChat Pay's; signs responses and notifications
	forgerKey   *rsa.PrivateKey // nobody's; signs forgeries
	srv         *httptest.Server

	mu             sync.Mutex
	orders         map[string]*Order
	refunds        map[string]*Refund
	badSignatures  bool
	refundStatus   string
	rejected       []string
	seq            int
	authorizations int
}

// NewServer starts a server on 127.0.0.1 with fresh merchant ids and an
// APIv3 key; it is closed when tb's test ends.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{
		AppID:               "wx" + randHex(8),
		MchID:               "19" + strconv.Itoa(10000000+int(randUint32()%89999999)),
		MerchantSerialNo:    strings.ToUpper(randHex(20)),
		APIv3Key:            randHex(16), // 32 characters
		PlatformPublicKeyID: "PUB_KEY_ID_" + strings.ToUpper(randHex(16)),
		merchantKey:         testkeys.Get("wechat-merchant"),
		platformKey:         testkeys.Get("wechat-platform"),
		forgerKey:           testkeys.Get("forger"),
		orders:              map[string]*Order{},
		refunds:             map[string]*Refund{},
		refundStatus:        "SUCCESS",
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v3/pay/transactions/{kind}", s.prepay)
	mux.HandleFunc("GET /v3/pay/transactions/out-trade-no/{no}", s.query)
	mux.HandleFunc("POST /v3/pay/transactions/out-trade-no/{no}/close", s.close)
	mux.HandleFunc("POST /v3/refund/domestic/refunds", s.refund)
	s.srv = httptest.NewServer(s.authenticate(mux))
	s.URL = s.srv.URL
	tb.Cleanup(s.Close)
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Config is the provider configuration that talks to this server.
func (s *Server) Config() wechat.Config {
	return wechat.Config{
		AppID:                s.AppID,
		MchID:                s.MchID,
		SerialNo:             s.MerchantSerialNo,
		APIv3Key:             s.APIv3Key,
		PrivateKeyPEM:        keys.PrivatePEM(s.merchantKey),
		PlatformPublicKeyPEM: keys.PublicPEM(&s.platformKey.PublicKey),
		PlatformPublicKeyID:  s.PlatformPublicKeyID,
		ProxyHost:            s.URL,
		HTTPClient:           s.srv.Client(),
	}
}

// SetBadResponseSignatures makes the server sign its responses with a key
// that is not the platform's (true) or with the platform key again (false).
func (s *Server) SetBadResponseSignatures(bad bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.badSignatures = bad
}

// SetRefundStatus sets the status refunds answer with (SUCCESS by default;
// PROCESSING, CLOSED, ABNORMAL).
func (s *Server) SetRefundStatus(status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refundStatus = status
}

// Rejected lists the requests refused for a bad Authorization signature.
func (s *Server) Rejected() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.rejected...)
}

// ForgetRejected empties the list of rejected requests.
func (s *Server) ForgetRejected() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejected = nil
}

// Authorized counts the requests whose Authorization signature verified.
func (s *Server) Authorized() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.authorizations
}

// Order returns a copy of the order, if the server has it.
func (s *Server) Order(outTradeNo string) (Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[outTradeNo]
	if !ok {
		return Order{}, false
	}
	return *o, true
}

// Refund returns a copy of a refund, if the server has it.
func (s *Server) Refund(outRefundNo string) (Refund, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.refunds[outRefundNo]
	if !ok {
		return Refund{}, false
	}
	return *r, true
}

// Pay is the payer paying an unpaid order: it becomes SUCCESS.
func (s *Server) Pay(outTradeNo string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[outTradeNo]
	if !ok {
		return fmt.Errorf("wechattest: no order %q", outTradeNo)
	}
	if o.State != StateNotPay {
		return fmt.Errorf("wechattest: order %q is %s", outTradeNo, o.State)
	}
	s.seq++
	o.State = StateSuccess
	o.TransactionID = fmt.Sprintf("4200%018d", s.seq)
	o.PaidAt = time.Now().In(cst).Truncate(time.Second)
	return nil
}

// ---------------------------------------------------------------------------
// Notifications

// Notify is the content of a payment notification.
type Notify struct {
	URL           string // where the request goes
	AppID, MchID  string
	OutTradeNo    string
	TransactionID string
	TradeType     string
	TradeState    string
	Amount        int64 // amount.total, fen
	Currency      string
	SuccessTime   time.Time
	OpenID        string
	// APIv3Key encrypts the resource; empty means the server's.
	APIv3Key string
}

// NotifyFor is a SUCCESS notification for the order as the server knows it
// (any out_trade_no works: unknown ones get the server's ids and amount 0).
func (s *Server) NotifyFor(outTradeNo string) Notify {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := Notify{
		URL:        "http://127.0.0.1/api/v1/payments/wechat/notify",
		AppID:      s.AppID,
		MchID:      s.MchID,
		OutTradeNo: outTradeNo,
		TradeType:  "NATIVE",
		TradeState: StateSuccess,
		Currency:   "CNY",
		OpenID:     "o" + randHex(13),
	}
	if o, ok := s.orders[outTradeNo]; ok {
		if o.NotifyURL != "" {
			n.URL = o.NotifyURL
		}
		n.TradeType, n.Amount, n.TransactionID, n.SuccessTime = o.TradeType, o.Amount, o.TransactionID, o.PaidAt
		if o.OpenID != "" {
			n.OpenID = o.OpenID
		}
	}
	if n.TransactionID == "" {
		s.seq++
		n.TransactionID = fmt.Sprintf("4200%018d", s.seq)
	}
	if n.SuccessTime.IsZero() {
		n.SuccessTime = time.Now().In(cst).Truncate(time.Second)
	}
	return n
}

// PaidNotification is a genuine (signed, encrypted) SUCCESS notification for
// the order saying amountFen was paid. Pass the order's amount for a normal
// payment, anything else for a wrong amount.
func (s *Server) PaidNotification(outTradeNo string, amountFen int64) *http.Request {
	n := s.NotifyFor(outTradeNo)
	n.Amount = amountFen
	return s.Notification(n)
}

// WrongAmountNotification is a genuine SUCCESS notification for the order
// saying one fen was paid.
func (s *Server) WrongAmountNotification(outTradeNo string) *http.Request {
	return s.PaidNotification(outTradeNo, 1)
}

// ForgedNotification is a SUCCESS notification that looks genuine (platform
// key id, valid encryption) but is signed with a key that is not the
// platform's.
func (s *Server) ForgedNotification(outTradeNo string, amountFen int64) *http.Request {
	n := s.NotifyFor(outTradeNo)
	n.Amount = amountFen
	return s.build(n, s.forgerKey)
}

// Notification is a notification with content n, signed with the platform key.
func (s *Server) Notification(n Notify) *http.Request {
	return s.build(n, s.platformKey)
}

func (s *Server) build(n Notify, signer *rsa.PrivateKey) *http.Request {
	tx := map[string]any{
		"appid":            n.AppID,
		"mchid":            n.MchID,
		"out_trade_no":     n.OutTradeNo,
		"transaction_id":   n.TransactionID,
		"trade_type":       n.TradeType,
		"trade_state":      n.TradeState,
		"trade_state_desc": "支付成功",
		"bank_type":        "OTHERS",
		"attach":           "",
		"success_time":     n.SuccessTime.In(cst).Format(time.RFC3339),
		"payer":            map[string]any{"openid": n.OpenID},
		"amount": map[string]any{
			"total": n.Amount, "payer_total": n.Amount,
			"currency": n.Currency, "payer_currency": n.Currency,
		},
	}
	plain, _ := json.Marshal(tx)
	key := n.APIv3Key
	if key == "" {
		key = s.APIv3Key
	}
	nonce := randHex(6) // 12 characters, the GCM nonce size
	ciphertext, err := seal([]byte(key), []byte(nonce), []byte("transaction"), plain)
	if err != nil {
		panic("wechattest: " + err.Error())
	}
	body, _ := json.Marshal(map[string]any{
		"id":            "EV-" + randHex(12),
		"create_time":   time.Now().In(cst).Format(time.RFC3339),
		"resource_type": "encrypt-resource",
		"event_type":    "TRANSACTION.SUCCESS",
		"summary":       "支付成功",
		"resource": map[string]any{
			"original_type":   "transaction",
			"algorithm":       "AEAD_AES_256_GCM",
			"ciphertext":      base64.StdEncoding.EncodeToString(ciphertext),
			"associated_data": "transaction",
			"nonce":           nonce,
		},
	})
	req, err := http.NewRequest(http.MethodPost, n.URL, bytes.NewReader(body))
	if err != nil {
		panic("wechattest: notification URL: " + err.Error())
	}
	req.Header.Set("Content-Type", "application/json")
	ts, nonceHdr := strconv.FormatInt(time.Now().Unix(), 10), strings.ToUpper(randHex(16))
	req.Header.Set("Wechatpay-Timestamp", ts)
	req.Header.Set("Wechatpay-Nonce", nonceHdr)
	req.Header.Set("Wechatpay-Serial", s.PlatformPublicKeyID)
	req.Header.Set("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048")
	req.Header.Set("Wechatpay-Signature", sign(signer, ts+"\n"+nonceHdr+"\n"+string(body)+"\n"))
	return req
}

// Send delivers a notification request to url (for servers listening on a
// real port; in-process handlers can be given the request directly).
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

// VerifyNotification reports whether req carries a valid platform signature
// over its body. Fuzz tests use it as an oracle; it leaves the body readable.
func (s *Server) VerifyNotification(header http.Header, body []byte) bool {
	msg := header.Get("Wechatpay-Timestamp") + "\n" + header.Get("Wechatpay-Nonce") + "\n" + string(body) + "\n"
	sig, err := base64.StdEncoding.DecodeString(header.Get("Wechatpay-Signature"))
	if err != nil {
		return false
	}
	sum := sha256.Sum256([]byte(msg))
	return rsa.VerifyPKCS1v15(&s.platformKey.PublicKey, crypto.SHA256, sum[:], sig) == nil
}

// ---------------------------------------------------------------------------
// The API

// authenticate checks the merchant's Authorization signature:
// WECHATPAY2-SHA256-RSA2048 mchid="",nonce_str="",timestamp="",serial_no="",signature=""
// over method, URL (path and query), timestamp, nonce and body.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			s.fail(w, http.StatusBadRequest, "PARAM_ERROR", "cannot read the body")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		if why := s.checkAuthorization(r, body); why != "" {
			s.mu.Lock()
			s.rejected = append(s.rejected, r.Method+" "+r.URL.RequestURI()+": "+why)
			s.mu.Unlock()
			s.fail(w, http.StatusUnauthorized, "SIGN_ERROR", why)
			return
		}
		s.mu.Lock()
		s.authorizations++
		s.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func (s *Server) checkAuthorization(r *http.Request, body []byte) string {
	const scheme = "WECHATPAY2-SHA256-RSA2048 "
	auth := r.Header.Get("Authorization")
	if !strings.HasPrefix(auth, scheme) {
		return "no WECHATPAY2-SHA256-RSA2048 Authorization"
	}
	f := map[string]string{}
	for _, part := range strings.Split(strings.TrimPrefix(auth, scheme), ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
			return "malformed Authorization"
		}
		f[k] = v[1 : len(v)-1]
	}
	if f["mchid"] != s.MchID {
		return "mchid " + f["mchid"]
	}
	if f["serial_no"] != s.MerchantSerialNo {
		return "serial_no " + f["serial_no"]
	}
	ts, err := strconv.ParseInt(f["timestamp"], 10, 64)
	if err != nil || time.Since(time.Unix(ts, 0)).Abs() > 5*time.Minute {
		return "stale timestamp"
	}
	if f["nonce_str"] == "" {
		return "no nonce"
	}
	if got := r.Header.Get("Wechatpay-Serial"); got != s.PlatformPublicKeyID {
		return "Wechatpay-Serial " + got + " is not the platform public key id"
	}
	msg := r.Method + "\n" + r.URL.RequestURI() + "\n" + f["timestamp"] + "\n" + f["nonce_str"] + "\n" + string(body) + "\n"
	sig, err := base64.StdEncoding.DecodeString(f["signature"])
	if err != nil {
		return "signature is not base64"
	}
	sum := sha256.Sum256([]byte(msg))
	if rsa.VerifyPKCS1v15(&s.merchantKey.PublicKey, crypto.SHA256, sum[:], sig) != nil {
		return "bad signature"
	}
	return ""
}

type prepayRequest struct {
	AppID       string `json:"appid"`
	MchID       string `json:"mchid"`
	Description string `json:"description"`
	OutTradeNo  string `json:"out_trade_no"`
	NotifyURL   string `json:"notify_url"`
	TimeExpire  string `json:"time_expire"`
	Amount      struct {
		Total    int64  `json:"total"`
		Currency string `json:"currency"`
	} `json:"amount"`
	Payer *struct {
		OpenID string `json:"openid"`
	} `json:"payer"`
	SceneInfo *struct {
		PayerClientIP string `json:"payer_client_ip"`
		H5Info        *struct {
			Type string `json:"type"`
		} `json:"h5_info"`
	} `json:"scene_info"`
}

func (s *Server) prepay(w http.ResponseWriter, r *http.Request) {
	var req prepayRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		s.fail(w, http.StatusBadRequest, "PARAM_ERROR", "body: "+err.Error())
		return
	}
	kind := r.PathValue("kind")
	tradeType := map[string]string{"jsapi": "JSAPI", "h5": "MWEB", "native": "NATIVE"}[kind]
	switch {
	case tradeType == "":
		s.fail(w, http.StatusNotFound, "NOT_FOUND", "no such API")
		return
	case req.AppID != s.AppID || req.MchID != s.MchID:
		s.fail(w, http.StatusBadRequest, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配")
		return
	case req.Description == "" || len(req.Description) > 127:
		s.fail(w, http.StatusBadRequest, "PARAM_ERROR", "description")
		return
	case !validNo(req.OutTradeNo):
		s.fail(w, http.StatusBadRequest, "PARAM_ERROR", "out_trade_no")
		return
	case !validURL(req.NotifyURL):
		s.fail(w, http.StatusBadRequest, "PARAM_ERROR", "notify_url")
		return
	case req.Amount.Total <= 0 || (req.Amount.Currency != "" && req.Amount.Currency != "CNY"):
		s.fail(w, http.StatusBadRequest, "PARAM_ERROR", "amount")
		return
	}
	if req.TimeExpire != "" {
		if _, err := time.Parse(time.RFC3339, req.TimeExpire); err != nil {
			s.fail(w, http.StatusBadRequest, "PARAM_ERROR", "time_expire")
			return
		}
	}
	o := &Order{
		AppID: req.AppID, MchID: req.MchID, OutTradeNo: req.OutTradeNo, Description: req.Description,
		NotifyURL: req.NotifyURL, TradeType: tradeType, TimeExpire: req.TimeExpire, Amount: req.Amount.Total, State: StateNotPay,
	}
	switch kind {
	case "jsapi":
		if req.Payer == nil || req.Payer.OpenID == "" || req.SceneInfo != nil {
			s.fail(w, http.StatusBadRequest, "PARAM_ERROR", "payer.openid")
			return
		}
		o.OpenID = req.Payer.OpenID
	case "h5":
		if req.SceneInfo == nil || req.SceneInfo.PayerClientIP == "" || req.SceneInfo.H5Info == nil || req.SceneInfo.H5Info.Type == "" {
			s.fail(w, http.StatusBadRequest, "PARAM_ERROR", "scene_info")
			return
		}
		o.ClientIP = req.SceneInfo.PayerClientIP
	case "native":
		if req.Payer != nil {
			s.fail(w, http.StatusBadRequest, "PARAM_ERROR", "payer")
			return
		}
	}
	s.mu.Lock()
	if old, ok := s.orders[o.OutTradeNo]; ok {
		same := old.Amount == o.Amount && old.TradeType == o.TradeType && old.Description == o.Description
		switch {
		case old.State == StateSuccess || old.State == StateRefund:
			s.mu.Unlock()
			s.fail(w, http.StatusBadRequest, "ORDERPAID", "该订单已支付")
			return
		case old.State == StateClosed:
			s.mu.Unlock()
			s.fail(w, http.StatusBadRequest, "ORDER_CLOSED", "该订单已关闭")
			return
		case !same:
			s.mu.Unlock()
			s.fail(w, http.StatusBadRequest, "INVALID_REQUEST", "201 商户订单号重复")
			return
		}
	} else {
		s.orders[o.OutTradeNo] = o
	}
	s.seq++
	prepayID := fmt.Sprintf("wx%s%010d", time.Now().In(cst).Format("02150405"), s.seq)
	s.mu.Unlock()
	switch kind {
	case "jsapi":
		s.reply(w, http.StatusOK, map[string]any{"prepay_id": prepayID})
	case "h5":
		s.reply(w, http.StatusOK, map[string]any{"h5_url": "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=" + prepayID + "&package=" + strconv.Itoa(int(randUint32()))})
	case "native":
		s.reply(w, http.StatusOK, map[string]any{"code_url": "weixin://wxpay/bizpayurl?pr=" + randHex(5)})
	}
}

func (s *Server) query(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("mchid") != s.MchID {
		s.fail(w, http.StatusBadRequest, "PARAM_ERROR", "mchid")
		return
	}
	s.mu.Lock()
	o, ok := s.orders[r.PathValue("no")]
	var c Order
	if ok {
		c = *o
	}
	s.mu.Unlock()
	if !ok {
		s.fail(w, http.StatusNotFound, "ORDER_NOT_EXIST", "订单不存在")
		return
	}
	resp := map[string]any{
		"appid": c.AppID, "mchid": c.MchID, "out_trade_no": c.OutTradeNo,
		"trade_type": c.TradeType, "trade_state": c.State, "trade_state_desc": c.State, "attach": "",
		"amount": map[string]any{"total": c.Amount, "currency": "CNY"},
	}
	if c.State == StateSuccess || c.State == StateRefund {
		resp["transaction_id"] = c.TransactionID
		resp["success_time"] = c.PaidAt.Format(time.RFC3339)
		resp["bank_type"] = "OTHERS"
		resp["amount"] = map[string]any{"total": c.Amount, "payer_total": c.Amount, "currency": "CNY", "payer_currency": "CNY"}
		if c.OpenID != "" {
			resp["payer"] = map[string]any{"openid": c.OpenID}
		}
	}
	s.reply(w, http.StatusOK, resp)
}

func (s *Server) close(w http.ResponseWriter, r *http.Request) {
	var req struct {
		MchID string `json:"mchid"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.MchID != s.MchID {
		s.fail(w, http.StatusBadRequest, "PARAM_ERROR", "mchid")
		return
	}
	s.mu.Lock()
	o, ok := s.orders[r.PathValue("no")]
	state := ""
	if ok {
		state = o.State
		if state == StateNotPay {
			o.State = StateClosed
		}
	}
	s.mu.Unlock()
	switch {
	case !ok:
		s.fail(w, http.StatusNotFound, "ORDER_NOT_EXIST", "订单不存在")
	case state == StateSuccess || state == StateRefund:
		s.fail(w, http.StatusBadRequest, "ORDERPAID", "订单已支付")
	default:
		s.reply(w, http.StatusNoContent, nil)
	}
}

func (s *Server) refund(w http.ResponseWriter, r *http.Request) {
	var req struct {
		OutTradeNo  string `json:"out_trade_no"`
		OutRefundNo string `json:"out_refund_no"`
		Reason      string `json:"reason"`
		NotifyURL   string `json:"notify_url"`
		Amount      struct {
			Refund   int64  `json:"refund"`
			Total    int64  `json:"total"`
			Currency string `json:"currency"`
		} `json:"amount"`
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil || !validNo(req.OutTradeNo) || !validNo(req.OutRefundNo) ||
		req.Amount.Refund <= 0 || req.Amount.Currency != "CNY" {
		s.fail(w, http.StatusBadRequest, "PARAM_ERROR", "refund request")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if rf, ok := s.refunds[req.OutRefundNo]; ok {
		if rf.OutTradeNo != req.OutTradeNo || rf.Amount != req.Amount.Refund {
			s.failLocked(w, http.StatusBadRequest, "INVALID_REQUEST", "out_refund_no reused")
			return
		}
		s.replyLocked(w, http.StatusOK, s.refundJSON(rf))
		return
	}
	o, ok := s.orders[req.OutTradeNo]
	switch {
	case !ok:
		s.failLocked(w, http.StatusNotFound, "RESOURCE_NOT_EXISTS", "订单不存在")
		return
	case o.State != StateSuccess && o.State != StateRefund:
		s.failLocked(w, http.StatusBadRequest, "INVALID_REQUEST", "订单未支付")
		return
	case req.Amount.Total != o.Amount:
		s.failLocked(w, http.StatusBadRequest, "PARAM_ERROR", "订单金额或退款金额与之前请求不一致")
		return
	case req.Amount.Refund > o.Amount-o.Refunded:
		s.failLocked(w, http.StatusForbidden, "NOT_ENOUGH", "退款金额超过可退金额")
		return
	}
	s.seq++
	rf := &Refund{
		RefundID: fmt.Sprintf("5030%018d", s.seq), OutRefundNo: req.OutRefundNo, OutTradeNo: req.OutTradeNo,
		Reason: req.Reason, Status: s.refundStatus, Amount: req.Amount.Refund, Total: req.Amount.Total,
	}
	if rf.Status == "SUCCESS" || rf.Status == "PROCESSING" {
		o.Refunded += rf.Amount
		o.State = StateRefund
	}
	s.refunds[rf.OutRefundNo] = rf
	s.replyLocked(w, http.StatusOK, s.refundJSON(rf))
}

func (s *Server) refundJSON(rf *Refund) map[string]any {
	o := s.orders[rf.OutTradeNo]
	now := time.Now().In(cst).Format(time.RFC3339)
	return map[string]any{
		"refund_id": rf.RefundID, "out_refund_no": rf.OutRefundNo, "transaction_id": o.TransactionID,
		"out_trade_no": rf.OutTradeNo, "channel": "ORIGINAL", "user_received_account": "支付用户零钱",
		"success_time": now, "create_time": now, "status": rf.Status, "funds_account": "AVAILABLE",
		"amount": map[string]any{
			"total": rf.Total, "refund": rf.Amount, "payer_total": rf.Total, "payer_refund": rf.Amount,
			"settlement_refund": rf.Amount, "settlement_total": rf.Total, "discount_refund": 0,
			"currency": "CNY", "from": []any{},
		},
	}
}

// ---------------------------------------------------------------------------
// Signed responses

func (s *Server) fail(w http.ResponseWriter, status int, code, message string) {
	s.reply(w, status, map[string]any{"code": code, "message": message})
}

func (s *Server) failLocked(w http.ResponseWriter, status int, code, message string) {
	s.replyLocked(w, status, map[string]any{"code": code, "message": message})
}

func (s *Server) reply(w http.ResponseWriter, status int, v any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replyLocked(w, status, v)
}

// replyLocked writes v as JSON (nothing for nil) with the Wechatpay-*
// signature headers over timestamp, nonce and body.
func (s *Server) replyLocked(w http.ResponseWriter, status int, v any) {
	var body []byte
	if v != nil {
		body, _ = json.Marshal(v)
	}
	signer := s.platformKey
	if s.badSignatures {
		signer = s.forgerKey
	}
	ts, nonce := strconv.FormatInt(time.Now().Unix(), 10), strings.ToUpper(randHex(16))
	h := w.Header()
	h.Set("Request-Id", "08"+randHex(16))
	h.Set("Wechatpay-Timestamp", ts)
	h.Set("Wechatpay-Nonce", nonce)
	h.Set("Wechatpay-Serial", s.PlatformPublicKeyID)
	h.Set("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048")
	h.Set("Wechatpay-Signature", sign(signer, ts+"\n"+nonce+"\n"+string(body)+"\n"))
	if body != nil {
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// ---------------------------------------------------------------------------
// Helpers

func sign(k *rsa.PrivateKey, msg string) string {
	sum := sha256.Sum256([]byte(msg))
	sig, err := rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, sum[:])
	if err != nil {
		panic("wechattest: " + err.Error())
	}
	return base64.StdEncoding.EncodeToString(sig)
}

// seal encrypts with AEAD_AES_256_GCM, the tag appended, as WeChat does.
func seal(key, nonce, ad, plain []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return gcm.Seal(nil, nonce, plain, ad), nil
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func randUint32() uint32 {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func validNo(s string) bool {
	if len(s) < 6 || len(s) > 32 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-' || c == '*') {
			return false
		}
	}
	return true
}

func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
