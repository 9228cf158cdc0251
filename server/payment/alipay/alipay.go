// Package alipay is the Alipay provider (github.com/go-pay/gopay's alipay
// client, public key mode, RSA2): QR code (alipay.trade.precreate) and
// phone-browser (alipay.trade.wap.pay) payments, payment notifications,
// query, close and refund. It is the only code that talks to Alipay.
//
// Notifications are verified with the Alipay public key and checked against
// our app_id and seller_id. Gateway answers to precreate, query, close and
// refund are verified with the same key (gopay's AutoVerifySign, which New
// switches on); Alipay's business-error answers carry no verified content and
// are only ever read as failures or as "no such trade".
//
// In the Worker build gopay gets its HTTP client through SetHttpClient
// (Config.HTTPClient). Never replace http.DefaultTransport with something
// that is not an *http.Transport: gopay's constructor clones it.
package alipay

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/go-pay/gopay"
	goalipay "github.com/go-pay/gopay/alipay"
	"github.com/go-pay/gopay/pkg/xhttp"

	"gradphoto/server/payment"
	"gradphoto/server/payment/internal/keys"
	"gradphoto/shared/apperr"
	"gradphoto/shared/money"
	"gradphoto/shared/order"
)

// Name is the provider's name, as order.Channel.Provider returns it.
const Name = "alipay"

// maxNotifyBody bounds the notification body read (Alipay's are about 2 KB).
const maxNotifyBody = 64 << 10

// timeLayout is how Alipay writes times, in China Standard Time.
const timeLayout = "2006-01-02 15:04:05"

// cst is China Standard Time. A fixed zone: parsing and formatting Alipay's
// times must not depend on the time zone database.
var cst = time.FixedZone("CST", 8*3600)

// Trade states, as Alipay names them.
const (
	waitBuyerPay  = "WAIT_BUYER_PAY"
	tradeSuccess  = "TRADE_SUCCESS"
	tradeFinished = "TRADE_FINISHED"
	tradeClosed   = "TRADE_CLOSED"
)

// Config is an Alipay app's configuration (public key mode).
type Config struct {
	AppID              string
	SellerID           string // the merchant's Alipay user id (2088...), checked in notifications
	PrivateKeyPEM      string // the app private key (PKCS#1 or PKCS#8, PEM or bare base64); secret
	AlipayPublicKeyPEM string // the Alipay public key (PEM or bare base64)
	// Production selects the real gateway; false is Alipay's sandbox.
	Production bool
	// HTTPClient, if set, is the client gopay sends with (the Worker's fetch
	// client, or a test gateway's). Nil keeps gopay's own.
	HTTPClient *http.Client
}

// Provider is the Alipay provider. It is safe for concurrent use.
type Provider struct {
	appID     string
	sellerID  string
	publicKey string // the Alipay public key as gopay's VerifySign wants it: bare base64 PKIX
	client    *goalipay.Client
}

var _ payment.Provider = (*Provider)(nil)

// New checks cfg and builds the provider. Its errors never quote keys.
func New(cfg Config) (*Provider, error) {
	if cfg.AppID == "" || cfg.SellerID == "" {
		return nil, errors.New("alipay: AppID and SellerID are required")
	}
	priv, err := keys.ParsePrivate(cfg.PrivateKeyPEM)
	if err != nil {
		return nil, fmt.Errorf("alipay: app %w", err)
	}
	pub, err := keys.ParsePublic(cfg.AlipayPublicKeyPEM)
	if err != nil {
		return nil, fmt.Errorf("alipay: Alipay %w", err)
	}
	// Every request carries a timestamp that Alipay compares with its clock
	// in China time; gopay formats it in the client's location.
	if _, err := time.LoadLocation("Asia/Shanghai"); err != nil {
		return nil, errors.New("alipay: no time zone data for Asia/Shanghai (import time/tzdata)")
	}
	// gopay wants the bare base64 of the keys (it adds the PEM armour).
	client, err := goalipay.NewClient(cfg.AppID, base64.StdEncoding.EncodeToString(x509.MarshalPKCS1PrivateKey(priv)), cfg.Production)
	if err != nil {
		// gopay's message quotes the private key: do not wrap it.
		return nil, errors.New("alipay: gopay refused the app configuration")
	}
	client.SetLocation("Asia/Shanghai")
	// Verification of the gateway's answers (public key mode works: gopay
	// reads the PEM with xpem.DecodePublicKey).
	client.AutoVerifySign([]byte(keys.PublicPEM(pub)))
	if cfg.HTTPClient != nil {
		hc := &xhttp.Client{HttpClient: cfg.HTTPClient}
		hc.SetBodySize(2) // MB; Alipay's answers are a few KB
		client.SetHttpClient(hc)
	}
	return &Provider{
		appID:     cfg.AppID,
		sellerID:  cfg.SellerID,
		publicKey: base64.StdEncoding.EncodeToString(keys.PublicDER(pub)),
		client:    client,
	}, nil
}

// Name returns "alipay".
func (p *Provider) Name() string { return Name }

// with returns a copy of the client with the notify and return URLs of one
// request, so that concurrent requests do not share them.
func (p *Provider) with(notifyURL, returnURL string) *goalipay.Client {
	c := *p.client
	c.SetNotifyUrl(notifyURL)
	c.SetReturnUrl(returnURL)
	return &c
}

// Prepay places the order with Alipay on req.Channel:
//   - alipay_qr: alipay.trade.precreate; returns CodeURL, the qr_code to show
//     as a QR code;
//   - alipay_wap: alipay.trade.wap.pay; returns RedirectURL, the signed
//     gateway URL that opens Alipay's cashier in the phone's browser (no
//     request to Alipay is made: gopay signs the URL). req.ReturnURL is
//     where the browser comes back (return_url and quit_url).
//
// req.ExpiresAt becomes time_expire.
func (p *Provider) Prepay(ctx context.Context, req payment.PrepayRequest) (payment.Prepay, error) {
	if err := payment.CheckPrepay(req); err != nil {
		return payment.Prepay{}, apperr.Internalf("alipay prepay: %w", err)
	}
	if req.NotifyURL == "" {
		return payment.Prepay{}, apperr.Internalf("alipay prepay: no notify URL")
	}
	bm := make(gopay.BodyMap)
	bm.Set("out_trade_no", req.OutTradeNo).
		Set("total_amount", req.Amount.Yuan()).
		Set("subject", truncate(req.Description, 256))
	if !req.ExpiresAt.IsZero() {
		bm.Set("time_expire", req.ExpiresAt.In(cst).Format(timeLayout))
	}
	switch req.Channel {
	case order.AlipayQR:
		bm.Set("product_code", "FACE_TO_FACE_PAYMENT")
		rsp, err := p.with(req.NotifyURL, "").TradePrecreate(ctx, bm)
		if err != nil {
			return payment.Prepay{}, payment.Failed(Name, "precreate", err)
		}
		if rsp.Response == nil || rsp.Response.QrCode == "" || rsp.Response.OutTradeNo != req.OutTradeNo {
			return payment.Prepay{}, payment.Failed(Name, "precreate", errors.New("answer without qr_code"))
		}
		return payment.Prepay{CodeURL: rsp.Response.QrCode}, nil

	case order.AlipayWAP:
		if req.ReturnURL != "" {
			bm.Set("quit_url", req.ReturnURL)
		}
		u, err := p.with(req.NotifyURL, req.ReturnURL).TradeWapPay(ctx, bm)
		if err != nil {
			return payment.Prepay{}, payment.Failed(Name, "wap pay", err)
		}
		return payment.Prepay{RedirectURL: u}, nil
	}
	return payment.Prepay{}, apperr.Internalf("alipay prepay: channel %q is not Alipay's", req.Channel)
}

// ParseNotification reads an asynchronous notification (a POSTed form:
// ParseNotifyToBodyMap), verifies its RSA2 signature with the Alipay public
// key (VerifySign) and checks that app_id and seller_id are ours.
// trade_status TRADE_SUCCESS or TRADE_FINISHED means Paid; Amount is
// total_amount read exactly (money.ParseYuan): the order logic compares it
// with the order.
func (p *Provider) ParseNotification(r *http.Request) (payment.Notification, error) {
	if r == nil || r.Body == nil {
		return payment.Notification{}, payment.RefuseNotification("alipay: no body")
	}
	if r.Method != http.MethodPost {
		return payment.Notification{}, payment.RefuseNotification("alipay: method %s", r.Method)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxNotifyBody+1))
	_ = r.Body.Close()
	if err != nil {
		return payment.Notification{}, payment.RefuseNotification("alipay: reading the body: %v", err)
	}
	if len(body) > maxNotifyBody {
		return payment.Notification{}, payment.RefuseNotification("alipay: body over %d bytes", maxNotifyBody)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	bm, err := goalipay.ParseNotifyToBodyMap(r)
	if err != nil {
		return payment.Notification{}, payment.RefuseNotification("alipay: malformed form")
	}
	if st := bm.GetString("sign_type"); st != "RSA2" {
		return payment.Notification{}, payment.RefuseNotification("alipay: sign_type %q", clip(st))
	}
	if bm.GetString("sign") == "" {
		return payment.Notification{}, payment.RefuseNotification("alipay: no sign")
	}
	if ok, err := goalipay.VerifySign(p.publicKey, bm); err != nil || !ok {
		return payment.Notification{}, payment.RefuseNotification("alipay: bad signature")
	}
	if id := bm.GetString("app_id"); id != p.appID {
		return payment.Notification{}, payment.RefuseNotification("alipay: app_id %q is not ours", clip(id))
	}
	if id := bm.GetString("seller_id"); id != p.sellerID {
		return payment.Notification{}, payment.RefuseNotification("alipay: seller_id %q is not ours", clip(id))
	}
	no := bm.GetString("out_trade_no")
	if !payment.ValidOutTradeNo(no) {
		return payment.Notification{}, payment.RefuseNotification("alipay: bad out_trade_no %q", clip(no))
	}
	amount, err := money.ParseYuan(bm.GetString("total_amount"))
	if err != nil {
		return payment.Notification{}, payment.RefuseNotification("alipay: total_amount %q", clip(bm.GetString("total_amount")))
	}
	status := bm.GetString("trade_status")
	n := payment.Notification{
		OutTradeNo:    no,
		TransactionID: bm.GetString("trade_no"),
		Paid:          status == tradeSuccess || status == tradeFinished,
		Amount:        amount,
	}
	if n.Paid {
		if t, err := time.ParseInLocation(timeLayout, bm.GetString("gmt_payment"), cst); err == nil {
			n.PaidAt = t
		} else {
			n.PaidAt = time.Now()
		}
	}
	return n, nil
}

// Acknowledge answers Alipay with the plain text "success" (stop retrying)
// or "fail" (retry later).
func (p *Provider) Acknowledge(w http.ResponseWriter, ok bool) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if ok {
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, "success")
		return
	}
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = io.WriteString(w, "fail")
}

// Query asks Alipay for the trade's state (alipay.trade.query). A trade
// Alipay does not know (ACQ.TRADE_NOT_EXIST: nobody scanned the QR code or
// opened the cashier yet) is neither paid nor closed. TRADE_SUCCESS and
// TRADE_FINISHED are Paid; TRADE_CLOSED (unpaid and closed, or refunded in
// full) is Closed.
func (p *Provider) Query(ctx context.Context, outTradeNo string) (payment.Status, error) {
	if !payment.ValidOutTradeNo(outTradeNo) {
		return payment.Status{}, apperr.Internalf("alipay query: invalid out_trade_no %q", outTradeNo)
	}
	bm := make(gopay.BodyMap)
	bm.Set("out_trade_no", outTradeNo)
	rsp, err := p.client.TradeQuery(ctx, bm)
	if err != nil {
		if be, ok := goalipay.IsBizError(err); ok && be.SubCode == "ACQ.TRADE_NOT_EXIST" {
			return payment.Status{OutTradeNo: outTradeNo}, nil
		}
		return payment.Status{}, payment.Failed(Name, "query", err)
	}
	t := rsp.Response
	if t == nil || t.OutTradeNo != outTradeNo {
		return payment.Status{}, payment.Failed(Name, "query", errors.New("answer about another trade"))
	}
	s := payment.Status{OutTradeNo: outTradeNo, TransactionID: t.TradeNo}
	switch t.TradeStatus {
	case tradeSuccess, tradeFinished:
		s.Paid = true
	case tradeClosed:
		s.Closed = true
	case waitBuyerPay:
	default:
		return payment.Status{}, payment.Failed(Name, "query", fmt.Errorf("trade_status %q", clip(t.TradeStatus)))
	}
	if t.TotalAmount != "" {
		if s.Amount, err = money.ParseYuan(t.TotalAmount); err != nil {
			return payment.Status{}, payment.Failed(Name, "query", err)
		}
	}
	if s.Paid {
		if pt, err := time.ParseInLocation(timeLayout, t.SendPayDate, cst); err == nil {
			s.PaidAt = pt
		}
	}
	return s, nil
}

// Close closes an unpaid trade (alipay.trade.close). A trade Alipay does not
// know yet (QR code never scanned) cannot be closed and Close returns nil:
// it stays payable until its time_expire, so a notification may still come
// for an order closed on our side. If the trade has been paid, the error
// wraps payment.ErrAlreadyPaid.
func (p *Provider) Close(ctx context.Context, outTradeNo string) error {
	if !payment.ValidOutTradeNo(outTradeNo) {
		return apperr.Internalf("alipay close: invalid out_trade_no %q", outTradeNo)
	}
	bm := make(gopay.BodyMap)
	bm.Set("out_trade_no", outTradeNo)
	_, err := p.client.TradeClose(ctx, bm)
	if err == nil {
		return nil
	}
	be, ok := goalipay.IsBizError(err)
	switch {
	case ok && be.SubCode == "ACQ.TRADE_NOT_EXIST":
		return nil
	case ok && be.SubCode == "ACQ.TRADE_STATUS_ERROR":
		// Paid, or closed already: ask.
		s, qerr := p.Query(ctx, outTradeNo)
		switch {
		case qerr != nil:
			return qerr
		case s.Paid:
			return payment.Failed(Name, "close", payment.ErrAlreadyPaid)
		case s.Closed:
			return nil
		}
	}
	return payment.Failed(Name, "close", err)
}

// Refund gives back req.Amount (alipay.trade.refund, out_request_no =
// req.OutRefundNo, so a retried refund is not paid twice). Done is true when
// Alipay answers fund_change "Y". Alipay has no refund id: RefundID is our
// OutRefundNo.
func (p *Provider) Refund(ctx context.Context, req payment.RefundRequest) (payment.RefundResult, error) {
	if err := payment.CheckRefund(req); err != nil {
		return payment.RefundResult{}, apperr.Internalf("alipay refund: %w", err)
	}
	bm := make(gopay.BodyMap)
	bm.Set("out_trade_no", req.OutTradeNo).
		Set("refund_amount", req.Amount.Yuan()).
		Set("out_request_no", req.OutRefundNo)
	if req.Reason != "" {
		bm.Set("refund_reason", truncate(req.Reason, 256))
	}
	rsp, err := p.client.TradeRefund(ctx, bm)
	if err != nil {
		return payment.RefundResult{}, payment.Failed(Name, "refund", err)
	}
	if rsp.Response == nil || rsp.Response.OutTradeNo != req.OutTradeNo {
		return payment.RefundResult{}, payment.Failed(Name, "refund", errors.New("answer about another trade"))
	}
	return payment.RefundResult{RefundID: req.OutRefundNo, Done: rsp.Response.FundChange == "Y"}, nil
}

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// clip bounds a value from outside before it goes into an error message.
func clip(s string) string {
	if len(s) <= 64 {
		return s
	}
	n := 64
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
