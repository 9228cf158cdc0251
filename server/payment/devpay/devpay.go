// Package devpay is the local development payment provider: it lets the
// whole payment flow run on one machine (make run, tests) with no merchant
// account. Prepay returns a link to a small page served by this package; its
// confirm button builds a payment notification signed with HMAC-SHA256 and
// feeds it to the same notification handler real providers' notifications go
// through, so the order is marked paid by the same code as in production.
//
// It can never run in production: New refuses any mode but "dev", and the
// server must pass its own run mode, never a setting of this package.
//
// The provider keeps no state (a Worker forgets everything between
// requests): Query cannot know whether a dev payment was confirmed and always
// answers "not paid, not closed"; Close does not stop the page from
// confirming; Refund moves no money and answers done. The notification is
// the only thing that marks an order paid, as with the real providers.
package devpay

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gradphoto/server/payment"
	"gradphoto/shared/apperr"
	"gradphoto/shared/money"
	"gradphoto/shared/order"
)

const (
	// Name is the provider's name, as order.Channel.Provider returns it.
	Name = "dev"
	// Mode is the only server run mode New accepts.
	Mode = "dev"
	// PagePath is where Handler is mounted; the page of a payment is
	// PagePath + out_trade_no.
	PagePath = "/api/v1/dev-pay/"
	// NotifyPath is the server's notification endpoint for this provider.
	NotifyPath = "/api/v1/payments/dev/notify"
	// SignatureHeader carries the notification's HMAC-SHA256, in hex.
	SignatureHeader = "X-Devpay-Signature"
	// MaxAge is how old a notification may be.
	MaxAge = 5 * time.Minute
	// maxSkew is how far in the future a notification's timestamp may be.
	maxSkew = time.Minute
	// MinSecretLen is the shortest HMAC secret New accepts.
	MinSecretLen = 32

	maxNotifyBody = 16 << 10
)

// ErrNotDev is returned by New for any mode but "dev".
var ErrNotDev = errors.New("devpay: the dev payment provider runs only in dev mode")

// Provider is the dev payment provider. It is safe for concurrent use.
type Provider struct {
	secret []byte
	base   string // scheme://host[/prefix], no trailing slash
	now    func() time.Time
}

var _ payment.Provider = (*Provider)(nil)

// New returns the dev provider for a server running in mode at baseURL
// (scheme and host the browser and the server itself reach it by). It
// refuses any mode but "dev": pass the server's run mode, so that a
// production configuration cannot enable it. secret keys the HMACs of the
// page links and the notifications (at least 32 bytes; a fresh random one per
// process is fine, at the cost of invalidating open pages on restart, except
// in a Worker, where every request starts afresh: use a fixed dev secret).
func New(mode string, secret []byte, baseURL string) (*Provider, error) {
	if mode != Mode {
		return nil, ErrNotDev
	}
	if len(secret) < MinSecretLen {
		return nil, fmt.Errorf("devpay: the secret must be at least %d bytes", MinSecretLen)
	}
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("devpay: base URL %q is not http(s)://host[/path]", baseURL)
	}
	return &Provider{
		secret: append([]byte(nil), secret...),
		base:   strings.TrimSuffix(baseURL, "/"),
		now:    time.Now,
	}, nil
}

// Name returns "dev".
func (p *Provider) Name() string { return Name }

// Prepay returns RedirectURL, the dev payment page of the order:
// baseURL/api/v1/dev-pay/<out_trade_no>?amount=<fen>&sig=<hmac>[&return=<url>].
// The HMAC covers the number, the amount and the return URL, so the page
// cannot be forged to pay another amount.
func (p *Provider) Prepay(ctx context.Context, req payment.PrepayRequest) (payment.Prepay, error) {
	if req.Channel != order.Dev {
		return payment.Prepay{}, apperr.Internalf("devpay prepay: channel %q is not the dev channel", req.Channel)
	}
	if err := payment.CheckPrepay(req); err != nil {
		return payment.Prepay{}, apperr.Internalf("devpay prepay: %w", err)
	}
	if req.ReturnURL != "" && !httpURL(req.ReturnURL) {
		return payment.Prepay{}, apperr.Internalf("devpay prepay: return URL %q is not http(s)", req.ReturnURL)
	}
	return payment.Prepay{RedirectURL: p.pageURL(req.OutTradeNo, req.Amount, req.ReturnURL)}, nil
}

func (p *Provider) pageURL(no string, amount money.Fen, ret string) string {
	q := url.Values{}
	q.Set("amount", strconv.FormatInt(int64(amount), 10))
	q.Set("sig", p.pageSig(no, amount, ret))
	if ret != "" {
		q.Set("return", ret)
	}
	return p.base + PagePath + no + "?" + q.Encode()
}

func (p *Provider) pageSig(no string, amount money.Fen, ret string) string {
	return p.mac("devpay-page\n" + no + "\n" + strconv.FormatInt(int64(amount), 10) + "\n" + ret)
}

func (p *Provider) mac(msg string) string {
	m := hmac.New(sha256.New, p.secret)
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

// notification is the body of a dev payment notification.
type notification struct {
	OutTradeNo    string `json:"out_trade_no"`
	TransactionID string `json:"transaction_id"`
	Amount        int64  `json:"amount"` // fen
	Timestamp     int64  `json:"timestamp"`
}

// Confirm builds the signed notification saying that amount was paid for
// outTradeNo: a POST to baseURL + NotifyPath, for the server's notification
// handler. The HTTP layer can serve it straight to that handler (a Worker
// cannot always call itself) or send it.
func (p *Provider) Confirm(ctx context.Context, outTradeNo string, amount money.Fen) (*http.Request, error) {
	if !payment.ValidOutTradeNo(outTradeNo) || amount <= 0 {
		return nil, fmt.Errorf("devpay: cannot confirm %q for %d fen", outTradeNo, int64(amount))
	}
	id := make([]byte, 8)
	_, _ = rand.Read(id)
	body, _ := json.Marshal(notification{
		OutTradeNo:    outTradeNo,
		TransactionID: "DEV" + strings.ToUpper(hex.EncodeToString(id)),
		Amount:        int64(amount),
		Timestamp:     p.now().Unix(),
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.base+NotifyPath, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(SignatureHeader, p.notifySig(body))
	return req, nil
}

func (p *Provider) notifySig(body []byte) string { return p.mac("devpay-notify\n" + string(body)) }

// ParseNotification verifies the notification's HMAC-SHA256 (header
// X-Devpay-Signature over the body) and its timestamp (at most MaxAge old),
// and reads it. A dev notification is always a payment: Paid is true.
func (p *Provider) ParseNotification(r *http.Request) (payment.Notification, error) {
	if r == nil || r.Body == nil {
		return payment.Notification{}, payment.RefuseNotification("devpay: no body")
	}
	if r.Method != http.MethodPost {
		return payment.Notification{}, payment.RefuseNotification("devpay: method %s", r.Method)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxNotifyBody+1))
	_ = r.Body.Close()
	if err != nil || len(body) > maxNotifyBody {
		return payment.Notification{}, payment.RefuseNotification("devpay: unreadable or oversized body")
	}
	got, err := hex.DecodeString(r.Header.Get(SignatureHeader))
	want, _ := hex.DecodeString(p.notifySig(body))
	if err != nil || !hmac.Equal(got, want) {
		return payment.Notification{}, payment.RefuseNotification("devpay: bad signature")
	}
	var n notification
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&n); err != nil {
		return payment.Notification{}, payment.RefuseNotification("devpay: malformed notification")
	}
	if !payment.ValidOutTradeNo(n.OutTradeNo) || n.Amount <= 0 {
		return payment.Notification{}, payment.RefuseNotification("devpay: bad number or amount")
	}
	ts, now := time.Unix(n.Timestamp, 0), p.now()
	if now.Sub(ts) > MaxAge || ts.Sub(now) > maxSkew {
		return payment.Notification{}, payment.RefuseNotification("devpay: notification of %s is outside the %s window", ts.UTC().Format(time.RFC3339), MaxAge)
	}
	return payment.Notification{
		OutTradeNo:    n.OutTradeNo,
		TransactionID: n.TransactionID,
		Paid:          true,
		Amount:        money.Fen(n.Amount),
		PaidAt:        ts,
	}, nil
}

// Acknowledge answers 200 {"ok":true} or 500 {"ok":false}.
func (p *Provider) Acknowledge(w http.ResponseWriter, ok bool) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if ok {
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"ok":true}`)
		return
	}
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = io.WriteString(w, `{"ok":false}`)
}

// Query always answers "not paid, not closed": the provider has no memory,
// so it cannot know whether a payment was confirmed. Only the notification
// marks a dev payment paid.
func (p *Provider) Query(ctx context.Context, outTradeNo string) (payment.Status, error) {
	if !payment.ValidOutTradeNo(outTradeNo) {
		return payment.Status{}, apperr.Internalf("devpay query: invalid out_trade_no %q", outTradeNo)
	}
	return payment.Status{OutTradeNo: outTradeNo}, nil
}

// Close does nothing: the page of a closed order can still be confirmed, and
// the order logic refuses (or refunds) a payment of a closed order, as it
// must for the real providers.
func (p *Provider) Close(ctx context.Context, outTradeNo string) error {
	if !payment.ValidOutTradeNo(outTradeNo) {
		return apperr.Internalf("devpay close: invalid out_trade_no %q", outTradeNo)
	}
	return nil
}

// Refund moves no money and answers done, with RefundID "DEV-" + OutRefundNo.
func (p *Provider) Refund(ctx context.Context, req payment.RefundRequest) (payment.RefundResult, error) {
	if err := payment.CheckRefund(req); err != nil {
		return payment.RefundResult{}, apperr.Internalf("devpay refund: %w", err)
	}
	return payment.RefundResult{RefundID: "DEV-" + req.OutRefundNo, Done: true}, nil
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
