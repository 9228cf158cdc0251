// Package wechat is the WeChat Pay v3 provider (github.com/go-pay/gopay's
// wechat/v3 client): JSAPI/mini-program, H5 and Native payments, payment
// notifications, query, close and refund. It is the only code that talks to
// WeChat Pay.
//
// Every successful response from WeChat Pay is verified against the platform
// public key (gopay's AutoVerifySignByPublicKey; New fails if it cannot be
// switched on), and every notification is verified with that key, decrypted
// with the APIv3 key and checked against our mchid and appid. (gopay checks
// the signature of successful answers only: error answers are only ever read
// as failures, or as "no such order" by Query and Close.)
//
// In the Worker build gopay gets its HTTP client through SetHttpClient
// (Config.HTTPClient). Never replace http.DefaultTransport with something
// that is not an *http.Transport: gopay's constructor clones it.
package wechat

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
	"unicode/utf8"

	"github.com/go-pay/gopay"
	"github.com/go-pay/gopay/pkg/xhttp"
	wxv3 "github.com/go-pay/gopay/wechat/v3"

	"gradphoto/server/payment"
	"gradphoto/server/payment/internal/keys"
	"gradphoto/shared/apperr"
	"gradphoto/shared/money"
	"gradphoto/shared/order"
)

// Name is the provider's name, as order.Channel.Provider returns it.
const Name = "wechat"

// maxNotifyBody bounds the notification body read (WeChat's are about 1 KB).
const maxNotifyBody = 64 << 10

// cst is China Standard Time, the zone of WeChat's timestamps. A fixed zone:
// the Worker has no time zone database.
var cst = time.FixedZone("CST", 8*3600)

// Config is a merchant's WeChat Pay v3 configuration. AppID is the
// mini-program's (or official account's) appid bound to the merchant.
type Config struct {
	AppID                string
	MchID                string
	SerialNo             string // serial number of the merchant API certificate
	APIv3Key             string // 32 bytes; secret
	PrivateKeyPEM        string // merchant API private key (apiclient_key.pem); secret
	PlatformPublicKeyPEM string // the WeChat Pay public key (微信支付公钥)
	PlatformPublicKeyID  string // its id, "PUB_KEY_ID_..."
	// ProxyHost sends every request to this base URL instead of
	// https://api.mch.weixin.qq.com. For tests only (wechattest).
	ProxyHost string
	// HTTPClient, if set, is the client gopay sends with (the Worker's fetch
	// client). Nil keeps gopay's own.
	HTTPClient *http.Client
}

// Provider is the WeChat Pay provider. It is safe for concurrent use.
type Provider struct {
	appID    string
	mchID    string
	apiV3Key string
	client   *wxv3.ClientV3
}

var _ payment.Provider = (*Provider)(nil)

// New checks cfg and builds the provider. Its errors never quote keys.
func New(cfg Config) (*Provider, error) {
	switch {
	case cfg.AppID == "", cfg.MchID == "", cfg.SerialNo == "":
		return nil, errors.New("wechat: AppID, MchID and SerialNo are required")
	case len(cfg.APIv3Key) != 32:
		return nil, errors.New("wechat: APIv3Key must be 32 bytes")
	case cfg.PlatformPublicKeyID == "":
		return nil, errors.New("wechat: PlatformPublicKeyID is required")
	}
	if _, err := keys.ParsePrivate(cfg.PrivateKeyPEM); err != nil {
		return nil, fmt.Errorf("wechat: merchant %w", err)
	}
	if _, err := keys.ParsePublic(cfg.PlatformPublicKeyPEM); err != nil {
		return nil, fmt.Errorf("wechat: platform %w", err)
	}
	client, err := wxv3.NewClientV3(cfg.MchID, cfg.SerialNo, cfg.APIv3Key, cfg.PrivateKeyPEM)
	if err != nil {
		// gopay's message quotes the private key: do not wrap it.
		return nil, errors.New("wechat: gopay refused the merchant configuration")
	}
	// Response signature verification: without this gopay verifies nothing.
	if err := client.AutoVerifySignByPublicKey([]byte(cfg.PlatformPublicKeyPEM), cfg.PlatformPublicKeyID); err != nil {
		return nil, errors.New("wechat: gopay refused the platform public key")
	}
	if cfg.ProxyHost != "" {
		client.SetProxyHost(cfg.ProxyHost)
	}
	if cfg.HTTPClient != nil {
		hc := &xhttp.Client{HttpClient: cfg.HTTPClient}
		hc.SetBodySize(2) // MB; WeChat's answers are a few KB
		client.SetHttpClient(hc)
	}
	return &Provider{appID: cfg.AppID, mchID: cfg.MchID, apiV3Key: cfg.APIv3Key, client: client}, nil
}

// Name returns "wechat".
func (p *Provider) Name() string { return Name }

// Prepay places the order with WeChat Pay on req.Channel:
//   - wechat_jsapi: needs req.OpenID; returns JSAPI, the signed parameters
//     for wx.requestPayment (appId, timeStamp, nonceStr, package, signType,
//     paySign);
//   - wechat_h5: needs req.ClientIP; returns RedirectURL, the h5_url (valid
//     about 5 minutes), with redirect_url=req.ReturnURL appended if set;
//   - wechat_native: returns CodeURL, to show as a QR code.
func (p *Provider) Prepay(ctx context.Context, req payment.PrepayRequest) (payment.Prepay, error) {
	if err := payment.CheckPrepay(req); err != nil {
		return payment.Prepay{}, apperr.Internalf("wechat prepay: %w", err)
	}
	if req.NotifyURL == "" {
		return payment.Prepay{}, apperr.Internalf("wechat prepay: no notify URL")
	}
	bm := make(gopay.BodyMap)
	bm.Set("appid", p.appID).
		Set("mchid", p.mchID).
		Set("description", truncate(req.Description, 127)).
		Set("out_trade_no", req.OutTradeNo).
		Set("notify_url", req.NotifyURL).
		SetBodyMap("amount", func(b gopay.BodyMap) {
			b.Set("total", int64(req.Amount)).Set("currency", "CNY")
		})
	if !req.ExpiresAt.IsZero() {
		bm.Set("time_expire", req.ExpiresAt.In(cst).Format(time.RFC3339))
	}
	switch req.Channel {
	case order.WechatJSAPI:
		if req.OpenID == "" {
			return payment.Prepay{}, apperr.Internalf("wechat prepay: JSAPI needs the payer's openid")
		}
		bm.SetBodyMap("payer", func(b gopay.BodyMap) { b.Set("openid", req.OpenID) })
		rsp, err := p.client.V3TransactionJsapi(ctx, bm)
		if err != nil {
			return payment.Prepay{}, payment.Failed(Name, "jsapi prepay", err)
		}
		if rsp.Code != wxv3.Success || rsp.Response == nil || rsp.Response.PrepayId == "" {
			return payment.Prepay{}, payment.Failed(Name, "jsapi prepay", refusal(rsp.Code, rsp.ErrResponse))
		}
		ps, err := p.client.PaySignOfApplet(p.appID, rsp.Response.PrepayId)
		if err != nil {
			return payment.Prepay{}, payment.Failed(Name, "jsapi pay sign", err)
		}
		return payment.Prepay{JSAPI: map[string]string{
			"appId":     ps.AppId,
			"timeStamp": ps.TimeStamp,
			"nonceStr":  ps.NonceStr,
			"package":   ps.Package,
			"signType":  ps.SignType,
			"paySign":   ps.PaySign,
		}}, nil

	case order.WechatH5:
		if req.ClientIP == "" {
			return payment.Prepay{}, apperr.Internalf("wechat prepay: H5 needs the payer's IP")
		}
		bm.SetBodyMap("scene_info", func(b gopay.BodyMap) {
			b.Set("payer_client_ip", req.ClientIP).
				SetBodyMap("h5_info", func(h gopay.BodyMap) { h.Set("type", "Wap") })
		})
		rsp, err := p.client.V3TransactionH5(ctx, bm)
		if err != nil {
			return payment.Prepay{}, payment.Failed(Name, "h5 prepay", err)
		}
		if rsp.Code != wxv3.Success || rsp.Response == nil || rsp.Response.H5Url == "" {
			return payment.Prepay{}, payment.Failed(Name, "h5 prepay", refusal(rsp.Code, rsp.ErrResponse))
		}
		u := rsp.Response.H5Url
		if req.ReturnURL != "" {
			u += "&redirect_url=" + url.QueryEscape(req.ReturnURL)
		}
		return payment.Prepay{RedirectURL: u}, nil

	case order.WechatNative:
		rsp, err := p.client.V3TransactionNative(ctx, bm)
		if err != nil {
			return payment.Prepay{}, payment.Failed(Name, "native prepay", err)
		}
		if rsp.Code != wxv3.Success || rsp.Response == nil || rsp.Response.CodeUrl == "" {
			return payment.Prepay{}, payment.Failed(Name, "native prepay", refusal(rsp.Code, rsp.ErrResponse))
		}
		return payment.Prepay{CodeURL: rsp.Response.CodeUrl}, nil
	}
	return payment.Prepay{}, apperr.Internalf("wechat prepay: channel %q is not WeChat's", req.Channel)
}

// ParseNotification reads a payment notification (V3ParseNotify), verifies
// its signature with the platform public key (over timestamp, nonce and body
// from the Wechatpay-* headers), decrypts it with the APIv3 key and checks
// that mchid and appid are ours. trade_state SUCCESS means Paid; Amount is
// amount.total in fen, as WeChat sent it: the order logic compares it with
// the order. The notification's timestamp is not checked for freshness: a
// replayed genuine notification changes nothing (paid orders stay paid).
func (p *Provider) ParseNotification(r *http.Request) (payment.Notification, error) {
	if r == nil || r.Body == nil {
		return payment.Notification{}, payment.RefuseNotification("wechat: no body")
	}
	if r.Method != http.MethodPost {
		return payment.Notification{}, payment.RefuseNotification("wechat: method %s", r.Method)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxNotifyBody+1))
	_ = r.Body.Close()
	if err != nil {
		return payment.Notification{}, payment.RefuseNotification("wechat: reading the body: %v", err)
	}
	if len(body) > maxNotifyBody {
		return payment.Notification{}, payment.RefuseNotification("wechat: body over %d bytes", maxNotifyBody)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	nr, err := wxv3.V3ParseNotify(r)
	if err != nil {
		// gopay's message quotes the whole body: keep it out of logs.
		return payment.Notification{}, payment.RefuseNotification("wechat: malformed notification")
	}
	if err := nr.VerifySignByPKMap(p.client.WxPublicKeyMap()); err != nil {
		return payment.Notification{}, payment.RefuseNotification("wechat: bad signature (serial %q)", clip(nr.SignInfo.HeaderSerial))
	}
	if nr.Resource == nil {
		return payment.Notification{}, payment.RefuseNotification("wechat: no resource")
	}
	res, err := nr.DecryptPayCipherText(p.apiV3Key)
	if err != nil {
		return payment.Notification{}, payment.RefuseNotification("wechat: cannot decrypt the resource")
	}
	if res.Mchid != p.mchID {
		return payment.Notification{}, payment.RefuseNotification("wechat: mchid %q is not ours", clip(res.Mchid))
	}
	if res.Appid != p.appID {
		return payment.Notification{}, payment.RefuseNotification("wechat: appid %q is not ours", clip(res.Appid))
	}
	if !payment.ValidOutTradeNo(res.OutTradeNo) {
		return payment.Notification{}, payment.RefuseNotification("wechat: bad out_trade_no %q", clip(res.OutTradeNo))
	}
	n := payment.Notification{
		OutTradeNo:    res.OutTradeNo,
		TransactionID: res.TransactionId,
		Paid:          res.TradeState == wxv3.TradeStateSuccess,
	}
	if res.Amount != nil {
		if res.Amount.Currency != "" && res.Amount.Currency != "CNY" {
			return payment.Notification{}, payment.RefuseNotification("wechat: currency %q", clip(res.Amount.Currency))
		}
		n.Amount = money.Fen(res.Amount.Total)
	} else if n.Paid {
		return payment.Notification{}, payment.RefuseNotification("wechat: paid notification without an amount")
	}
	if t, err := time.Parse(time.RFC3339, res.SuccessTime); err == nil {
		n.PaidAt = t
	} else if n.Paid {
		n.PaidAt = time.Now()
	}
	return n, nil
}

// Acknowledge answers WeChat: 200 {"code":"SUCCESS"} stops the retries;
// 500 {"code":"FAIL",...} makes WeChat send the notification again.
func (p *Provider) Acknowledge(w http.ResponseWriter, ok bool) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if ok {
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"code":"SUCCESS"}`)
		return
	}
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = io.WriteString(w, `{"code":"FAIL","message":"失败"}`)
}

// Query asks WeChat for the payment's state (V3TransactionQueryOrder by
// out_trade_no). An order WeChat does not know is neither paid nor closed.
// SUCCESS and REFUND (paid, then refunded) are Paid; CLOSED, REVOKED and
// PAYERROR are Closed.
func (p *Provider) Query(ctx context.Context, outTradeNo string) (payment.Status, error) {
	if !payment.ValidOutTradeNo(outTradeNo) {
		return payment.Status{}, apperr.Internalf("wechat query: invalid out_trade_no %q", outTradeNo)
	}
	rsp, err := p.client.V3TransactionQueryOrder(ctx, wxv3.OutTradeNo, outTradeNo)
	if err != nil {
		return payment.Status{}, payment.Failed(Name, "query", err)
	}
	if rsp.Code == http.StatusNotFound && rsp.ErrResponse.Code == "ORDER_NOT_EXIST" {
		return payment.Status{OutTradeNo: outTradeNo}, nil
	}
	if rsp.Code != wxv3.Success || rsp.Response == nil {
		return payment.Status{}, payment.Failed(Name, "query", refusal(rsp.Code, rsp.ErrResponse))
	}
	o := rsp.Response
	if o.OutTradeNo != outTradeNo || o.Mchid != p.mchID {
		return payment.Status{}, payment.Failed(Name, "query", fmt.Errorf("answer about %q of mchid %q", clip(o.OutTradeNo), clip(o.Mchid)))
	}
	s := payment.Status{OutTradeNo: o.OutTradeNo, TransactionID: o.TransactionId}
	switch o.TradeState {
	case wxv3.TradeStateSuccess, wxv3.TradeStateRefund:
		s.Paid = true
	case wxv3.TradeStateClosed, wxv3.TradeStateRevoked, wxv3.TradeStatePayError:
		s.Closed = true
	}
	if o.Amount != nil {
		s.Amount = money.Fen(o.Amount.Total)
	}
	if t, err := time.Parse(time.RFC3339, o.SuccessTime); err == nil && s.Paid {
		s.PaidAt = t
	}
	return s, nil
}

// Close closes an unpaid payment (V3TransactionCloseOrder). Closing one WeChat
// does not know succeeds. If it has been paid, the error wraps
// payment.ErrAlreadyPaid.
func (p *Provider) Close(ctx context.Context, outTradeNo string) error {
	if !payment.ValidOutTradeNo(outTradeNo) {
		return apperr.Internalf("wechat close: invalid out_trade_no %q", outTradeNo)
	}
	rsp, err := p.client.V3TransactionCloseOrder(ctx, outTradeNo)
	if err != nil {
		return payment.Failed(Name, "close", err)
	}
	switch {
	case rsp.Code == wxv3.Success:
		return nil
	case rsp.ErrResponse.Code == "ORDER_NOT_EXIST":
		return nil
	case rsp.ErrResponse.Code == "ORDERPAID":
		return payment.Failed(Name, "close", payment.ErrAlreadyPaid)
	}
	return payment.Failed(Name, "close", refusal(rsp.Code, rsp.ErrResponse))
}

// Refund gives back req.Amount of the payment (V3Refund). Done is true when
// WeChat answers SUCCESS; PROCESSING is accepted but not done (WeChat's
// refund notifications are not handled: query again to reconcile). CLOSED
// and ABNORMAL refunds are errors.
func (p *Provider) Refund(ctx context.Context, req payment.RefundRequest) (payment.RefundResult, error) {
	if err := payment.CheckRefund(req); err != nil {
		return payment.RefundResult{}, apperr.Internalf("wechat refund: %w", err)
	}
	bm := make(gopay.BodyMap)
	bm.Set("out_trade_no", req.OutTradeNo).
		Set("out_refund_no", req.OutRefundNo).
		SetBodyMap("amount", func(b gopay.BodyMap) {
			b.Set("refund", int64(req.Amount)).Set("total", int64(req.Total)).Set("currency", "CNY")
		})
	if req.Reason != "" {
		bm.Set("reason", truncate(req.Reason, 80))
	}
	rsp, err := p.client.V3Refund(ctx, bm)
	if err != nil {
		return payment.RefundResult{}, payment.Failed(Name, "refund", err)
	}
	if rsp.Code != wxv3.Success || rsp.Response == nil {
		return payment.RefundResult{}, payment.Failed(Name, "refund", refusal(rsp.Code, rsp.ErrResponse))
	}
	r := rsp.Response
	if r.OutRefundNo != req.OutRefundNo {
		return payment.RefundResult{}, payment.Failed(Name, "refund", fmt.Errorf("answer about refund %q", clip(r.OutRefundNo)))
	}
	switch r.Status {
	case "SUCCESS":
		return payment.RefundResult{RefundID: r.RefundId, Done: true}, nil
	case "PROCESSING":
		return payment.RefundResult{RefundID: r.RefundId}, nil
	}
	return payment.RefundResult{RefundID: r.RefundId}, payment.Failed(Name, "refund", fmt.Errorf("refund status %q", clip(r.Status)))
}

// refusal describes a non-success answer from WeChat.
func refusal(status int, e wxv3.ErrResponse) error {
	return fmt.Errorf("HTTP %d: %s: %s", status, clip(e.Code), clip(e.Message))
}

// truncate cuts s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// clip bounds a value from outside before it goes into an error message.
func clip(s string) string { return truncate(s, 64) }
