package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"gradphoto/server/app"
	"gradphoto/shared/apperr"
	"gradphoto/shared/order"
)

const orderColumns = `id, number, account_id, collection_id, kind, state, amount_fen, quote, address_sealed, address_masked,
	idempotency_key, provider, transaction_id, carrier, tracking_no, created_at, expires_at, paid_at, shipped_at, updated_at`

func scanOrder(row interface{ Scan(...any) error }) (*app.Order, error) {
	var o app.Order
	var quote string
	var created, expires, paid, shipped, updated int64
	err := row.Scan(&o.ID, &o.Number, &o.AccountID, &o.CollectionID, &o.Kind, &o.State, &o.Amount, &quote, &o.AddressSealed,
		&o.AddressMasked, &o.IdempotencyKey, &o.Provider, &o.TransactionID, &o.Carrier, &o.TrackingNo, &created, &expires, &paid, &shipped, &updated)
	if err != nil {
		return nil, notFound(err, "没有找到该订单", "No such order")
	}
	if err := json.Unmarshal([]byte(quote), &o.Quote); err != nil {
		return nil, apperr.Internalf("order %d quote: %w", o.ID, err)
	}
	o.CreatedAt, o.ExpiresAt, o.PaidAt, o.ShippedAt, o.UpdatedAt = fromUnix(created), fromUnix(expires), fromUnix(paid), fromUnix(shipped), fromUnix(updated)
	return &o, nil
}

func (s *DB) queryOrders(ctx context.Context, query string, args ...any) ([]*app.Order, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	out := []*app.Order{}
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, wrap(rows.Err())
}

// CreateOrder inserts o. If the account already used o's idempotency key,
// o is filled with the stored order and existed is true. A second unpaid
// order for the collection breaks orders_one_unpaid: a Conflict.
func (s *DB) CreateOrder(ctx context.Context, o *app.Order) (bool, error) {
	quote, err := json.Marshal(o.Quote)
	if err != nil {
		return false, apperr.Internalf("quote: %w", err)
	}
	existed := false
	err = s.tx(ctx, func(tx *sql.Tx) error {
		prev, err := scanOrder(tx.QueryRowContext(ctx, "SELECT "+orderColumns+" FROM orders WHERE account_id = ? AND idempotency_key = ?", o.AccountID, o.IdempotencyKey))
		if err == nil {
			*o, existed = *prev, true
			return nil
		}
		if apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO orders (number, account_id, collection_id, kind, state, amount_fen, quote, address_sealed,
			address_masked, idempotency_key, created_at, expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			o.Number, o.AccountID, o.CollectionID, o.Kind, o.State, o.Amount, string(quote), o.AddressSealed, o.AddressMasked,
			o.IdempotencyKey, unix(o.CreatedAt), unix(o.ExpiresAt), unix(o.UpdatedAt))
		if err != nil {
			return wrap(err)
		}
		o.ID, err = res.LastInsertId()
		return wrap(err)
	})
	return existed, err
}

func (s *DB) OrderByID(ctx context.Context, id int64) (*app.Order, error) {
	return scanOrder(s.queryRow(ctx, "SELECT "+orderColumns+" FROM orders WHERE id = ?", id))
}

func (s *DB) OrderByNumber(ctx context.Context, number string) (*app.Order, error) {
	return scanOrder(s.queryRow(ctx, "SELECT "+orderColumns+" FROM orders WHERE number = ?", number))
}

func (s *DB) OrderByIdempotencyKey(ctx context.Context, accountID int64, key string) (*app.Order, error) {
	return scanOrder(s.queryRow(ctx, "SELECT "+orderColumns+" FROM orders WHERE account_id = ? AND idempotency_key = ?", accountID, key))
}

func (s *DB) OrdersByAccount(ctx context.Context, accountID int64) ([]*app.Order, error) {
	return s.queryOrders(ctx, "SELECT "+orderColumns+" FROM orders WHERE account_id = ? ORDER BY created_at DESC, id DESC", accountID)
}

func (s *DB) UnpaidOrderByCollection(ctx context.Context, collectionID int64) (*app.Order, error) {
	return scanOrder(s.queryRow(ctx, "SELECT "+orderColumns+" FROM orders WHERE collection_id = ? AND state = 'unpaid'", collectionID))
}

// UpdateOrderState moves an order only if it is still in from: two staff
// members (or a notification and a timeout) cannot both move it.
func (s *DB) UpdateOrderState(ctx context.Context, id int64, from, to order.State, set app.OrderChanges) error {
	if !from.CanMove(to) {
		return apperr.New(apperr.Conflict, "订单状态不能这样变更", "The order cannot move to that state")
	}
	res, err := s.exec(ctx, `UPDATE orders SET state = ?,
		carrier = CASE WHEN ? <> '' THEN ? ELSE carrier END,
		tracking_no = CASE WHEN ? <> '' THEN ? ELSE tracking_no END,
		shipped_at = CASE WHEN ? <> 0 THEN ? ELSE shipped_at END,
		updated_at = ? WHERE id = ? AND state = ?`,
		to, set.Carrier, set.Carrier, set.TrackingNo, set.TrackingNo, unix(set.ShippedAt), unix(set.ShippedAt), unix(time.Now()), id, from)
	if err != nil {
		return wrap(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.Conflict, "订单状态已变化，请刷新", "The order changed meanwhile: reload it")
	}
	return nil
}

func (s *DB) OrdersInState(ctx context.Context, states []order.State, limit int) ([]*app.Order, error) {
	if len(states) == 0 {
		return nil, nil
	}
	marks, args := inList(states)
	return s.queryOrders(ctx, "SELECT "+orderColumns+" FROM orders WHERE state IN ("+marks+") ORDER BY created_at, id LIMIT ?", append(args, limit)...)
}

func (s *DB) ExpiredUnpaid(ctx context.Context, now time.Time, limit int) ([]*app.Order, error) {
	return s.queryOrders(ctx, "SELECT "+orderColumns+" FROM orders WHERE state = 'unpaid' AND expires_at <= ? ORDER BY expires_at LIMIT ?", unix(now), limit)
}
