package payment

import (
	"errors"
	"testing"

	"gradphoto/shared/apperr"
)

func TestValidOutTradeNo(t *testing.T) {
	for s, want := range map[string]bool{
		"GP2026000001":                      true,
		"abc_12-XY":                         true,
		"12345":                             false,
		"123456":                            true,
		"0123456789012345678901234567890a":  true,
		"0123456789012345678901234567890ab": false,
		"GP 2026":                           false,
		"GP*2026":                           false,
		"订单123456":                          false,
		"":                                  false,
	} {
		if got := ValidOutTradeNo(s); got != want {
			t.Errorf("ValidOutTradeNo(%q) = %v", s, got)
		}
	}
}

func TestErrors(t *testing.T) {
	err := RefuseNotification("mchid %q is not ours", "x")
	if !errors.Is(err, ErrNotification) {
		t.Error("RefuseNotification does not wrap ErrNotification")
	}
	f := Failed("wechat", "prepay", errors.New("boom"))
	if apperr.CodeOf(f) != apperr.PaymentFailed {
		t.Errorf("code %q", apperr.CodeOf(f))
	}
	if err := CheckRefund(RefundRequest{OutTradeNo: "GP000001", OutRefundNo: "RF000001", Amount: 101, Total: 100}); err == nil {
		t.Error("refund over the total accepted")
	}
	if err := CheckPrepay(PrepayRequest{OutTradeNo: "GP000001", Amount: 0, Description: "x"}); err == nil {
		t.Error("zero amount accepted")
	}
}
