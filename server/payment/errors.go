package payment

import (
	"errors"
	"fmt"

	"gradphoto/shared/apperr"
)

// ErrNotification is in the chain of every error ParseNotification returns
// for a notification it refuses (bad signature, foreign merchant or app,
// malformed body). errors.Is(err, ErrNotification) tells the HTTP layer to
// acknowledge with a failure and change nothing.
var ErrNotification = errors.New("payment: notification refused")

// ErrAlreadyPaid is in the chain of the error Close returns when the
// provider refuses to close a payment because it has been paid: the order
// logic should query it and mark the order paid (if the notification has not
// done so already).
var ErrAlreadyPaid = errors.New("payment: already paid")

// RefuseNotification returns an error wrapping ErrNotification. The message
// must not contain secrets: it may be logged.
func RefuseNotification(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotification, fmt.Sprintf(format, args...))
}

// Failed wraps a failed call to a provider (network, refusal, bad response
// signature) as an apperr.PaymentFailed error. The cause is kept for the log;
// the person sees a generic message.
func Failed(provider, op string, cause error) *apperr.Error {
	return &apperr.Error{
		Code:  apperr.PaymentFailed,
		ZH:    "支付服务暂时不可用，请稍后再试",
		EN:    "The payment service is unavailable: please try again later",
		Cause: fmt.Errorf("%s %s: %w", provider, op, cause),
	}
}

// ValidOutTradeNo reports whether s is a payment number every provider
// accepts: 6-32 characters of [0-9A-Za-z_-].
func ValidOutTradeNo(s string) bool {
	if len(s) < 6 || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// CheckPrepay validates the parts of req every provider needs.
func CheckPrepay(req PrepayRequest) error {
	switch {
	case !ValidOutTradeNo(req.OutTradeNo):
		return fmt.Errorf("payment: invalid out_trade_no %q", req.OutTradeNo)
	case req.Amount <= 0:
		return fmt.Errorf("payment: amount %d fen is not positive", int64(req.Amount))
	case req.Description == "":
		return errors.New("payment: empty description")
	}
	return nil
}

// CheckRefund validates a refund request.
func CheckRefund(req RefundRequest) error {
	switch {
	case !ValidOutTradeNo(req.OutTradeNo):
		return fmt.Errorf("payment: invalid out_trade_no %q", req.OutTradeNo)
	case !ValidOutTradeNo(req.OutRefundNo):
		return fmt.Errorf("payment: invalid out_refund_no %q", req.OutRefundNo)
	case req.Amount <= 0 || req.Total <= 0 || req.Amount > req.Total:
		return fmt.Errorf("payment: refund of %d fen out of a total of %d", int64(req.Amount), int64(req.Total))
	}
	return nil
}
