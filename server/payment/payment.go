// Package payment declares what the service needs from a payment provider.
// Each provider lives in a package of its own (wechat/, alipay/, devpay/)
// and is the only code that talks to it; the order logic sees this interface.
package payment

import (
	"context"
	"net/http"
	"time"

	"gradphoto/shared/money"
	"gradphoto/shared/order"
)

// Provider is one payment provider (WeChat Pay, Alipay, or the dev provider).
type Provider interface {
	// Name is the provider's name as order.Channel.Provider returns it.
	Name() string

	// Prepay asks the provider for a payment of req.Amount on one of its
	// channels and returns what the client needs to pay.
	Prepay(ctx context.Context, req PrepayRequest) (Prepay, error)

	// ParseNotification verifies (signature, merchant and app ids) and
	// decrypts a payment notification. A forged or malformed one is an error;
	// nothing in it may be trusted before this returns nil.
	ParseNotification(r *http.Request) (Notification, error)

	// Acknowledge answers the provider's notification request: ok tells it to
	// stop retrying. WeChat reads the status code, Alipay the body "success".
	Acknowledge(w http.ResponseWriter, ok bool)

	// Query asks the provider for the state of a payment (for reconciling
	// orders whose notification never came).
	Query(ctx context.Context, outTradeNo string) (Status, error)

	// Close closes an unpaid payment so it can no longer be paid.
	Close(ctx context.Context, outTradeNo string) error

	// Refund gives back req.Amount of a paid payment.
	Refund(ctx context.Context, req RefundRequest) (RefundResult, error)
}

// PrepayRequest is a payment to set up. The amount comes from the server's
// own price list, never from the client.
type PrepayRequest struct {
	Channel     order.Channel
	OutTradeNo  string // our order's payment number, 6-32 chars of [0-9A-Za-z_-]
	Amount      money.Fen
	Description string    // shown to the payer
	ClientIP    string    // WeChat H5 needs the payer's IP
	OpenID      string    // WeChat JSAPI needs the payer's openid
	NotifyURL   string    // where the provider posts the notification
	ReturnURL   string    // where a browser returns after paying (H5, WAP)
	ExpiresAt   time.Time // the provider closes the payment after this
}

// Prepay is what the client needs to pay. Exactly one of the fields is set,
// depending on the channel.
type Prepay struct {
	// CodeURL is encoded in a QR code for the payer to scan (Native, precreate).
	CodeURL string `json:"code_url,omitempty"`
	// RedirectURL is opened in the phone's browser (WeChat H5, Alipay WAP, dev).
	RedirectURL string `json:"redirect_url,omitempty"`
	// JSAPI holds the parameters for wx.requestPayment in the mini-program.
	JSAPI map[string]string `json:"jsapi,omitempty"`
}

// Notification is a verified, decrypted payment notification.
type Notification struct {
	OutTradeNo    string
	TransactionID string    // the provider's own payment id
	Paid          bool      // the provider says the payment succeeded
	Amount        money.Fen // what was paid
	PaidAt        time.Time
}

// Status is the provider's answer to a query.
type Status struct {
	OutTradeNo    string
	TransactionID string
	Paid          bool
	Closed        bool // closed or never paid and no longer payable
	Amount        money.Fen
	PaidAt        time.Time
}

// RefundRequest gives back Amount of a payment of Total.
type RefundRequest struct {
	OutTradeNo  string
	OutRefundNo string
	Amount      money.Fen
	Total       money.Fen
	Reason      string
}

// RefundResult is the provider's answer to a refund.
type RefundResult struct {
	RefundID string
	Done     bool // money returned (false: accepted, still processing)
}
