package store

import (
	"context"
	"database/sql"
	"time"

	"gradphoto/server/app"
	"gradphoto/shared/order"
)

const paymentColumns = `out_trade_no, order_id, provider, channel, amount_fen, state, prepay, transaction_id, created_at`

func scanPayment(row interface{ Scan(...any) error }) (*app.Payment, error) {
	var p app.Payment
	var created int64
	if err := row.Scan(&p.OutTradeNo, &p.OrderID, &p.Provider, &p.Channel, &p.Amount, &p.State, &p.Prepay, &p.TransactionID, &created); err != nil {
		return nil, notFound(err, "没有找到该支付记录", "No such payment")
	}
	p.CreatedAt = fromUnix(created)
	return &p, nil
}

func (s *DB) queryPayments(ctx context.Context, query string, args ...any) ([]*app.Payment, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	out := []*app.Payment{}
	for rows.Next() {
		p, err := scanPayment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, wrap(rows.Err())
}

func (s *DB) CreatePayment(ctx context.Context, p *app.Payment) error {
	now := unix(p.CreatedAt)
	_, err := s.exec(ctx, `INSERT INTO payments (out_trade_no, order_id, provider, channel, amount_fen, state, prepay, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.OutTradeNo, p.OrderID, p.Provider, p.Channel, p.Amount, p.State, p.Prepay, now, now)
	return wrap(err)
}

func (s *DB) PaymentByOutTradeNo(ctx context.Context, outTradeNo string) (*app.Payment, error) {
	return scanPayment(s.queryRow(ctx, "SELECT "+paymentColumns+" FROM payments WHERE out_trade_no = ?", outTradeNo))
}

func (s *DB) PaymentsByOrder(ctx context.Context, orderID int64) ([]*app.Payment, error) {
	return s.queryPayments(ctx, "SELECT "+paymentColumns+" FROM payments WHERE order_id = ? ORDER BY created_at", orderID)
}

func (s *DB) OpenPayments(ctx context.Context, olderThan time.Time, limit int) ([]*app.Payment, error) {
	return s.queryPayments(ctx, "SELECT "+paymentColumns+" FROM payments WHERE state = 'open' AND created_at <= ? ORDER BY created_at LIMIT ?", unix(olderThan), limit)
}

func (s *DB) SetPaymentState(ctx context.Context, outTradeNo string, state app.PaymentState) error {
	_, err := s.exec(ctx, "UPDATE payments SET state = ?, updated_at = ? WHERE out_trade_no = ?", state, unix(time.Now()), outTradeNo)
	return wrap(err)
}

// ApplyPayment records the event and, if the payment is still open (or was
// closed by a timeout), marks it and its order paid, all in one
// transaction. The guarded UPDATEs make a repeated notification a no-op.
func (s *DB) ApplyPayment(ctx context.Context, ev app.PaymentEvent) (bool, error) {
	applied := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := unix(ev.ReceivedAt)
		res, err := tx.ExecContext(ctx, `UPDATE payments SET state = 'paid', transaction_id = ?, updated_at = ?
			WHERE out_trade_no = ? AND state <> 'paid'`, ev.TransactionID, now, ev.OutTradeNo)
		if err != nil {
			return wrap(err)
		}
		n, _ := res.RowsAffected()
		outcome := "repeat"
		if n == 1 {
			res, err = tx.ExecContext(ctx, `UPDATE orders SET state = ?, provider = ?, transaction_id = ?, paid_at = ?, updated_at = ?
				WHERE id = (SELECT order_id FROM payments WHERE out_trade_no = ?) AND state IN (?, ?)`,
				order.Paid, ev.Provider, ev.TransactionID, now, now, ev.OutTradeNo, order.Unpaid, order.Closed)
			if err != nil {
				return wrap(err)
			}
			if m, _ := res.RowsAffected(); m == 1 {
				applied, outcome = true, "paid"
			} else {
				outcome = "paid_twice" // another payment of the order was paid first: staff refund this one
			}
		}
		ev.Outcome = outcome
		return insertEvent(ctx, tx, ev)
	})
	return applied, err
}

func (s *DB) RecordPaymentEvent(ctx context.Context, ev app.PaymentEvent) error {
	return insertEvent(ctx, s.db, ev)
}

func insertEvent(ctx context.Context, db execer, ev app.PaymentEvent) error {
	_, err := db.ExecContext(ctx, `INSERT INTO payment_events (out_trade_no, provider, transaction_id, amount_fen, outcome, received_at)
		VALUES (?, ?, ?, ?, ?, ?)`, ev.OutTradeNo, ev.Provider, ev.TransactionID, ev.Amount, ev.Outcome, unix(ev.ReceivedAt))
	return wrap(err)
}

// PaymentEvents lists what happened to a payment, oldest first.
func (s *DB) PaymentEvents(ctx context.Context, outTradeNo string) ([]app.PaymentEvent, error) {
	rows, err := s.query(ctx, `SELECT out_trade_no, provider, transaction_id, amount_fen, outcome, received_at
		FROM payment_events WHERE out_trade_no = ? ORDER BY id`, outTradeNo)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	var out []app.PaymentEvent
	for rows.Next() {
		var ev app.PaymentEvent
		var at int64
		if err := rows.Scan(&ev.OutTradeNo, &ev.Provider, &ev.TransactionID, &ev.Amount, &ev.Outcome, &at); err != nil {
			return nil, wrap(err)
		}
		ev.ReceivedAt = fromUnix(at)
		out = append(out, ev)
	}
	return out, wrap(rows.Err())
}

func (s *DB) CreateRefund(ctx context.Context, r *app.Refund) error {
	_, err := s.exec(ctx, `INSERT INTO refunds (out_refund_no, order_id, out_trade_no, amount_fen, reason, refund_id, state, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.OutRefundNo, r.OrderID, r.OutTradeNo, r.Amount, r.Reason, r.RefundID, r.State, unix(r.CreatedAt))
	return wrap(err)
}

func (s *DB) Refunds(ctx context.Context, orderID int64) ([]*app.Refund, error) {
	rows, err := s.query(ctx, `SELECT out_refund_no, order_id, out_trade_no, amount_fen, reason, refund_id, state, created_at
		FROM refunds WHERE order_id = ? ORDER BY created_at`, orderID)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	out := []*app.Refund{}
	for rows.Next() {
		var r app.Refund
		var at int64
		if err := rows.Scan(&r.OutRefundNo, &r.OrderID, &r.OutTradeNo, &r.Amount, &r.Reason, &r.RefundID, &r.State, &at); err != nil {
			return nil, wrap(err)
		}
		r.CreatedAt = fromUnix(at)
		out = append(out, &r)
	}
	return out, wrap(rows.Err())
}
