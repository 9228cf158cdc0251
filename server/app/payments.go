package app

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"gradphoto/server/payment"
	"gradphoto/shared/apperr"
	"gradphoto/shared/order"
)

// PayRequest is how a student wants to pay an order.
type PayRequest struct {
	Channel  order.Channel
	ClientIP string
	OpenID   string // WeChat JSAPI: the payer's openid in the mini-program
}

// prepayReuse is how long a prepay answer is handed out again instead of
// asking the provider anew (WeChat's H5 URL lives about five minutes).
const prepayReuse = 4 * time.Minute

// Pay starts (or resumes) paying an order through a channel and returns what
// the client needs: a QR code URL, a page to open, or wx.requestPayment
// parameters. The amount is the order's, computed by the server.
func (a *App) Pay(ctx context.Context, acct *Account, orderID int64, req PayRequest) (*Payment, payment.Prepay, error) {
	var none payment.Prepay
	o, err := a.Order(ctx, acct, orderID)
	if err != nil {
		return nil, none, err
	}
	if o.AccountID != acct.ID {
		return nil, none, errNoOrder
	}
	now := a.now()
	if o.State != order.Unpaid || !now.Before(o.ExpiresAt) {
		if o.State.PaidFor() {
			return nil, none, apperr.New(apperr.Conflict, "订单已支付", "The order is already paid")
		}
		return nil, none, apperr.New(apperr.Conflict, "订单已关闭，请重新下单", "The order is closed: place a new one")
	}
	prov, err := a.provider(req.Channel)
	if err != nil {
		return nil, none, err
	}
	if req.Channel == order.WechatJSAPI && req.OpenID == "" {
		return nil, none, apperr.Field("openid", "小程序支付需要 openid", "Mini-program payment needs the payer's openid")
	}
	payments, err := a.Store.PaymentsByOrder(ctx, o.ID)
	if err != nil {
		return nil, none, err
	}
	for _, p := range payments {
		if p.State == PaymentOpen && p.Channel == req.Channel && now.Sub(p.CreatedAt) < prepayReuse && p.Prepay != "" {
			var pp payment.Prepay
			if json.Unmarshal([]byte(p.Prepay), &pp) == nil {
				return p, pp, nil
			}
		}
	}
	p := &Payment{
		OutTradeNo: o.Number + "-" + strings.ToUpper(randomToken(3)),
		OrderID:    o.ID, Provider: prov.Name(), Channel: req.Channel, Amount: o.Amount,
		State: PaymentOpen, CreatedAt: now,
	}
	pp, err := prov.Prepay(ctx, payment.PrepayRequest{
		Channel: req.Channel, OutTradeNo: p.OutTradeNo, Amount: o.Amount,
		Description: "毕业照采集 " + o.Number, ClientIP: req.ClientIP, OpenID: req.OpenID,
		NotifyURL: a.BaseURL + "/api/v1/payments/" + prov.Name() + "/notify",
		ReturnURL: a.BaseURL + "/#/orders/" + o.Number,
		ExpiresAt: o.ExpiresAt,
	})
	if err != nil {
		if _, ok := err.(*apperr.Error); ok {
			return nil, none, err
		}
		a.log().Warn("prepay failed", "provider", prov.Name(), "order", o.Number, "err", err)
		return nil, none, apperr.New(apperr.PaymentFailed, "支付服务暂时不可用，请稍后再试或换一种支付方式",
			"The payment service is unavailable: try again later or choose another method")
	}
	b, _ := json.Marshal(pp)
	p.Prepay = string(b)
	if err := a.Store.CreatePayment(ctx, p); err != nil {
		return nil, none, err
	}
	return p, pp, nil
}

func (a *App) provider(ch order.Channel) (payment.Provider, error) {
	if p, ok := a.Providers[ch.Provider()]; ok && ch.Provider() != "" {
		return p, nil
	}
	return nil, apperr.Field("channel", "暂不支持该支付方式", "This payment method is not available")
}

// Notify handles a provider's payment notification: verify, check against
// our own payment and order, apply once. It is the only way (besides a
// reconcile query answered by the provider) an order becomes paid. The
// answer tells the provider to stop retrying (true) or to retry (false).
func (a *App) Notify(ctx context.Context, providerName string, r *http.Request) (payment.Provider, bool) {
	prov, ok := a.Providers[providerName]
	if !ok {
		return nil, false
	}
	n, err := prov.ParseNotification(r)
	if err != nil {
		a.log().Warn("payment notification refused", "provider", providerName, "err", err)
		return prov, false
	}
	return prov, a.settle(ctx, prov.Name(), payment.Status{
		OutTradeNo: n.OutTradeNo, TransactionID: n.TransactionID, Paid: n.Paid, Amount: n.Amount, PaidAt: n.PaidAt,
	})
}

// settle applies a provider's verified word about a payment. It returns
// whether the provider may stop telling us.
func (a *App) settle(ctx context.Context, providerName string, st payment.Status) bool {
	ev := PaymentEvent{OutTradeNo: st.OutTradeNo, Provider: providerName, TransactionID: st.TransactionID, Amount: st.Amount, ReceivedAt: a.now()}
	record := func(outcome string) {
		ev.Outcome = outcome
		if err := a.Store.RecordPaymentEvent(ctx, ev); err != nil {
			a.log().Error("recording payment event", "out_trade_no", st.OutTradeNo, "err", err)
		}
	}
	p, err := a.Store.PaymentByOutTradeNo(ctx, st.OutTradeNo)
	if err != nil {
		a.log().Warn("notification for an unknown payment", "provider", providerName, "out_trade_no", st.OutTradeNo, "err", err)
		record("unknown_payment")
		return false
	}
	if p.Provider != providerName {
		record("wrong_provider")
		return false
	}
	if !st.Paid {
		record("not_paid")
		return true
	}
	if st.Amount != p.Amount {
		a.log().Error("payment amount differs from the order", "out_trade_no", st.OutTradeNo, "paid_fen", st.Amount, "due_fen", p.Amount)
		record("amount_mismatch")
		return false
	}
	applied, err := a.Store.ApplyPayment(ctx, ev)
	if err != nil {
		a.log().Error("applying payment", "out_trade_no", st.OutTradeNo, "err", err)
		return false
	}
	if applied {
		a.log().Info("order paid", "out_trade_no", st.OutTradeNo, "provider", providerName)
	}
	return true
}

// Reconcile asks providers about payments whose notification has not come
// and closes orders whose time ran out. It runs on a timer natively and on a
// cron trigger in the Worker.
func (a *App) Reconcile(ctx context.Context) error {
	now := a.now()
	open, err := a.Store.OpenPayments(ctx, now.Add(-time.Minute), 100)
	if err != nil {
		return err
	}
	for _, p := range open {
		prov, ok := a.Providers[p.Provider]
		if !ok {
			continue
		}
		st, err := prov.Query(ctx, p.OutTradeNo)
		if err != nil {
			a.log().Warn("payment query failed", "out_trade_no", p.OutTradeNo, "err", err)
			continue
		}
		if st.Paid {
			st.OutTradeNo = p.OutTradeNo
			a.settle(ctx, p.Provider, st)
		}
	}
	expired, err := a.Store.ExpiredUnpaid(ctx, now, 100)
	if err != nil {
		return err
	}
	for _, o := range expired {
		if err := a.closeOrder(ctx, o); err != nil {
			a.log().Warn("closing expired order", "order", o.Number, "err", err)
		}
	}
	return nil
}

// closeOrder closes an unpaid order's payments at the providers, then the
// order. A payment that turns out paid is applied instead.
func (a *App) closeOrder(ctx context.Context, o *Order) error {
	payments, err := a.Store.PaymentsByOrder(ctx, o.ID)
	if err != nil {
		return err
	}
	for _, p := range payments {
		if p.State != PaymentOpen {
			continue
		}
		prov, ok := a.Providers[p.Provider]
		if !ok {
			continue
		}
		st, err := prov.Query(ctx, p.OutTradeNo)
		if err != nil {
			return err
		}
		if st.Paid {
			st.OutTradeNo = p.OutTradeNo
			a.settle(ctx, p.Provider, st)
			return nil
		}
		if err := prov.Close(ctx, p.OutTradeNo); err != nil {
			return err
		}
		if err := a.Store.SetPaymentState(ctx, p.OutTradeNo, PaymentClosed); err != nil {
			return err
		}
	}
	err = a.Store.UpdateOrderState(ctx, o.ID, order.Unpaid, order.Closed, OrderChanges{})
	if apperr.CodeOf(err) == apperr.Conflict {
		return nil // paid meanwhile
	}
	return err
}

// Refund gives a paid order's money back in full.
func (a *App) Refund(ctx context.Context, staff *Account, orderID int64, reason string) (*Order, error) {
	if staff.Role != Staff {
		return nil, errStaffOnly
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 200 {
		return nil, apperr.Field("reason", "请填写退款原因", "Give the reason for the refund")
	}
	o, err := a.Store.OrderByID(ctx, orderID)
	if err != nil {
		return nil, err
	}
	if !o.State.PaidFor() || o.State == order.Shipped {
		return nil, apperr.New(apperr.Conflict, "该订单当前不能退款", "This order cannot be refunded in its current state")
	}
	payments, err := a.Store.PaymentsByOrder(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	var paid *Payment
	for _, p := range payments {
		if p.State == PaymentPaid {
			paid = p
		}
	}
	if paid == nil {
		return nil, apperr.Internalf("order %d is paid but has no paid payment", o.ID)
	}
	prov, ok := a.Providers[paid.Provider]
	if !ok {
		return nil, apperr.New(apperr.Unavailable, "支付渠道未配置，无法退款", "The payment provider is not configured: cannot refund")
	}
	r := &Refund{OutRefundNo: "R" + paid.OutTradeNo, OrderID: o.ID, OutTradeNo: paid.OutTradeNo, Amount: paid.Amount, Reason: reason, State: "requested", CreatedAt: a.now()}
	res, err := prov.Refund(ctx, payment.RefundRequest{OutTradeNo: paid.OutTradeNo, OutRefundNo: r.OutRefundNo, Amount: paid.Amount, Total: paid.Amount, Reason: reason})
	if err != nil {
		a.log().Warn("refund failed", "order", o.Number, "err", err)
		return nil, apperr.New(apperr.PaymentFailed, "退款失败，请稍后再试", "The refund failed: try again later")
	}
	r.RefundID = res.RefundID
	if res.Done {
		r.State = "done"
	} else {
		r.State = "processing"
	}
	if err := a.Store.CreateRefund(ctx, r); err != nil {
		return nil, err
	}
	if err := a.Store.UpdateOrderState(ctx, o.ID, o.State, order.Refunded, OrderChanges{}); err != nil {
		return nil, err
	}
	return a.Store.OrderByID(ctx, o.ID)
}
