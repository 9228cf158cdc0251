package app

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"gradphoto/shared/apperr"
	"gradphoto/shared/contact"
	"gradphoto/shared/order"
	"gradphoto/shared/record"
)

var errNoOrder = apperr.New(apperr.NotFound, "没有找到该订单", "No such order")

// NewOrder is what a student asks for.
type NewOrder struct {
	CollectionID   int64
	Kind           order.Kind
	Address        *contact.Address // required for printed orders
	IdempotencyKey string           // from the client: a repeated request returns the same order
}

// CreateOrder creates an order for a collection with a photo. The price comes
// from the price list. Creating is idempotent per key (the same key returns
// the same order), and a collection has at most one unpaid order: a new
// order closes the unpaid one before it, so the student's latest choice wins.
func (a *App) CreateOrder(ctx context.Context, acct *Account, in NewOrder) (o *Order, existed bool, err error) {
	key := strings.TrimSpace(in.IdempotencyKey)
	if key == "" || len(key) > 64 {
		return nil, false, apperr.Field("idempotency_key", "缺少或过长的请求标识（Idempotency-Key）", "An Idempotency-Key of 1-64 characters is required")
	}
	// A repeated request answers with the order the first one made, before
	// anything else is checked: the client may resend without the body.
	if prev, err := a.Store.OrderByIdempotencyKey(ctx, acct.ID, key); err == nil {
		return prev, true, nil
	} else if apperr.CodeOf(err) != apperr.NotFound {
		return nil, false, err
	}
	kind, err := order.ParseKind(string(in.Kind))
	if err != nil {
		return nil, false, err
	}
	c, err := a.ownCollection(ctx, acct, in.CollectionID)
	if err != nil {
		return nil, false, err
	}
	if c.State == record.Draft || c.State == record.Returned {
		return nil, false, apperr.New(apperr.Conflict, "请先完成照片采集再下单", "Take or upload your photo before ordering")
	}
	quote, err := a.Pricing.Quote(kind)
	if err != nil {
		return nil, false, err
	}
	now := a.now()
	o = &Order{
		Number: orderNumber(now), AccountID: acct.ID, CollectionID: c.ID, Kind: kind,
		State: order.Unpaid, Amount: quote.Total, Quote: quote, IdempotencyKey: key,
		CreatedAt: now, ExpiresAt: now.Add(a.Pricing.UnpaidTimeout), UpdatedAt: now,
	}
	if kind == order.Printed {
		if in.Address == nil {
			return nil, false, apperr.Field("address.recipient", "需要纸质版照片时请填写邮寄地址", "Printed copies need a mailing address")
		}
		addr, err := in.Address.Normalize()
		if err != nil {
			return nil, false, err
		}
		full, _ := json.Marshal(addr)
		masked := addr
		masked.Mobile = contact.MaskMobile(addr.Mobile)
		maskedJSON, _ := json.Marshal(masked)
		o.AddressSealed, o.AddressMasked = a.PII.Seal(string(full)), string(maskedJSON)
	}
	for attempt := 0; attempt < 2; attempt++ {
		existed, err := a.Store.CreateOrder(ctx, o)
		if err == nil {
			if existed && o.CollectionID != c.ID {
				return nil, false, apperr.New(apperr.Conflict, "该请求标识已用于其他订单", "This Idempotency-Key was used for another order")
			}
			return o, existed, nil
		}
		if apperr.CodeOf(err) != apperr.Conflict || attempt > 0 {
			return nil, false, err
		}
		// Another unpaid order holds the collection: close it so that the
		// student's latest choice wins, unless it is already being paid.
		if err := a.closeUnpaidFor(ctx, c.ID); err != nil {
			return nil, false, err
		}
	}
	return nil, false, apperr.Internalf("unreachable")
}

// closeUnpaidFor closes the collection's unpaid order, after closing its
// payments at the providers so a late payment cannot land on it unseen.
func (a *App) closeUnpaidFor(ctx context.Context, collectionID int64) error {
	o, err := a.Store.UnpaidOrderByCollection(ctx, collectionID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil // paid or closed meanwhile
	}
	if err != nil {
		return err
	}
	return a.closeOrder(ctx, o)
}

// Order returns order id if acct owns it (or is staff).
func (a *App) Order(ctx context.Context, acct *Account, id int64) (*Order, error) {
	o, err := a.Store.OrderByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if o.AccountID != acct.ID && acct.Role != Staff {
		return nil, errNoOrder
	}
	return o, nil
}

// MyOrders lists the account's orders, newest first.
func (a *App) MyOrders(ctx context.Context, acct *Account) ([]*Order, error) {
	return a.Store.OrdersByAccount(ctx, acct.ID)
}

// WorkList lists, for staff, the orders that wait for them: paid (print or
// complete), printing (ship) and shipped (complete), oldest first.
func (a *App) WorkList(ctx context.Context, staff *Account, limit int) ([]*Order, error) {
	if staff.Role != Staff {
		return nil, errStaffOnly
	}
	return a.Store.OrdersInState(ctx, []order.State{order.Paid, order.Printing, order.Shipped}, limit)
}

// Address opens an order's mailing address for its owner or staff.
func (a *App) Address(o *Order) (*contact.Address, error) {
	if o.AddressSealed == "" {
		return nil, nil
	}
	plain, err := a.PII.Open(o.AddressSealed)
	if err != nil {
		return nil, apperr.Internalf("opening address of order %d: %w", o.ID, err)
	}
	var addr contact.Address
	if err := json.Unmarshal([]byte(plain), &addr); err != nil {
		return nil, apperr.Internalf("address of order %d: %w", o.ID, err)
	}
	return &addr, nil
}

// orderNumber is unique, sortable by time and safe as a provider's
// out_trade_no prefix: "GP" + UTC time + 8 random hex digits.
func orderNumber(now time.Time) string {
	return "GP" + now.Format("20060102150405") + strings.ToUpper(randomToken(4))
}

// Ship records that a printed order went to the carrier.
func (a *App) Ship(ctx context.Context, staff *Account, id int64, carrier, trackingNo string) (*Order, error) {
	carrier, trackingNo = strings.TrimSpace(carrier), strings.TrimSpace(trackingNo)
	if carrier == "" || len(carrier) > 40 {
		return nil, apperr.Field("carrier", "请填写快递公司", "Enter the carrier")
	}
	if len(trackingNo) < 6 || len(trackingNo) > 40 || strings.ContainsAny(trackingNo, " \t\r\n") {
		return nil, apperr.Field("tracking_no", "快递单号应为6到40个字符", "The tracking number must be 6 to 40 characters")
	}
	return a.moveOrder(ctx, staff, id, order.Printing, order.Shipped, OrderChanges{Carrier: carrier, TrackingNo: trackingNo, ShippedAt: a.now()})
}

// StartPrinting moves a paid printed order to printing.
func (a *App) StartPrinting(ctx context.Context, staff *Account, id int64) (*Order, error) {
	return a.moveOrder(ctx, staff, id, order.Paid, order.Printing, OrderChanges{})
}

// Complete finishes an order: a paid electronic one, or a shipped printed one.
func (a *App) Complete(ctx context.Context, staff *Account, id int64) (*Order, error) {
	o, err := a.Order(ctx, staff, id)
	if err != nil {
		return nil, err
	}
	from := order.Shipped
	if o.Kind == order.Electronic {
		from = order.Paid
	}
	return a.moveOrder(ctx, staff, id, from, order.Done, OrderChanges{})
}

func (a *App) moveOrder(ctx context.Context, staff *Account, id int64, from, to order.State, set OrderChanges) (*Order, error) {
	if staff.Role != Staff {
		return nil, errStaffOnly
	}
	o, err := a.Store.OrderByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if o.State != from {
		zh, en := o.State.Label()
		return nil, apperr.New(apperr.Conflict, "订单当前状态为“"+zh+"”，不能进行此操作", "The order is "+strings.ToLower(en)+": this step does not apply")
	}
	if to == order.Printing && o.Kind != order.Printed {
		return nil, apperr.New(apperr.Conflict, "电子版订单无需打印", "Electronic orders are not printed")
	}
	if err := a.Store.UpdateOrderState(ctx, id, from, to, set); err != nil {
		return nil, err
	}
	return a.Store.OrderByID(ctx, id)
}
