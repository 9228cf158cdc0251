package order

import (
	"testing"

	"gradphoto/shared/apperr"
)

func TestStateMoves(t *testing.T) {
	tests := []struct {
		from, to State
		ok       bool
	}{
		{Unpaid, Paid, true},
		{Unpaid, Closed, true},
		{Unpaid, Shipped, false},
		{Closed, Paid, true},
		{Paid, Printing, true},
		{Paid, Unpaid, false},
		{Printing, Shipped, true},
		{Shipped, Done, true},
		{Done, Refunded, true},
		{Refunded, Paid, false},
		{Paid, Paid, false},
	}
	for _, tt := range tests {
		if got := tt.from.CanMove(tt.to); got != tt.ok {
			t.Errorf("%s -> %s: got %v, want %v", tt.from, tt.to, got, tt.ok)
		}
	}
}

func TestQuote(t *testing.T) {
	p := DefaultPricing()
	tests := []struct {
		kind  Kind
		total int64
		lines int
	}{
		{Electronic, 2000, 1},
		{Printed, 3500, 2},
	}
	for _, tt := range tests {
		q, err := p.Quote(tt.kind)
		if err != nil {
			t.Fatal(err)
		}
		if int64(q.Total) != tt.total || len(q.Items) != tt.lines {
			t.Errorf("Quote(%s) = %+v", tt.kind, q)
		}
		var sum int64
		for _, it := range q.Items {
			sum += int64(it.Amount)
		}
		if sum != int64(q.Total) {
			t.Errorf("Quote(%s): items add up to %d, total %d", tt.kind, sum, q.Total)
		}
	}
	if _, err := p.Quote("gold"); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("Quote(gold) err = %v, want invalid", err)
	}
}

func TestPricingValidate(t *testing.T) {
	bad := DefaultPricing()
	bad.PrintCopies = 0
	if bad.Validate() == nil {
		t.Error("0 copies accepted")
	}
	if err := DefaultPricing().Validate(); err != nil {
		t.Error(err)
	}
}

func TestParseChannel(t *testing.T) {
	for _, s := range []string{"wechat_jsapi", "wechat_h5", "wechat_native", "alipay_wap", "alipay_qr", "dev"} {
		if _, err := ParseChannel(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	for _, s := range []string{"", "paypal", "WECHAT_H5"} {
		if _, err := ParseChannel(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}
