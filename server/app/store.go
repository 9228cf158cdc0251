package app

import (
	"context"
	"time"

	"gradphoto/shared/order"
	"gradphoto/shared/record"
)

// Store keeps the application's state. The libSQL implementation is in
// server/store; the same code serves the embedded file and the remote
// database. Methods return *apperr.Error values with NotFound and Conflict
// codes for absent rows and broken uniqueness, so callers can tell them apart.
type Store interface {
	Ping(ctx context.Context) error

	CreateAccount(ctx context.Context, a *Account) error
	AccountByDocHash(ctx context.Context, docHash string) (*Account, error)
	AccountByID(ctx context.Context, id int64) (*Account, error)
	SetPassword(ctx context.Context, accountID int64, hash string, mustChange bool) error

	CreateSession(ctx context.Context, s Session) error
	SessionAccount(ctx context.Context, tokenHash string, now time.Time) (*Account, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteSessions(ctx context.Context, accountID int64, except string) error

	// LoginLocked returns the latest lock among keys still in force at now.
	LoginLocked(ctx context.Context, keys []string, now time.Time) (time.Time, error)
	// RecordLoginFailure counts a failure for key within window and locks the
	// key until now+lock when the count reaches max. It returns the lock time.
	RecordLoginFailure(ctx context.Context, key string, now time.Time, window time.Duration, max int, lock time.Duration) (time.Time, error)
	ClearLoginFailures(ctx context.Context, key string) error

	SchoolByName(ctx context.Context, name string, create bool, now time.Time) (*School, error)
	Schools(ctx context.Context) ([]School, error)
	// UpsertRosterEntry inserts or replaces the entry with the same DocHash.
	UpsertRosterEntry(ctx context.Context, e *RosterEntry, now time.Time) (created bool, err error)
	RosterByDocHash(ctx context.Context, docHash string) (*RosterEntry, string, error) // entry, school name

	CreateCollection(ctx context.Context, c *Collection) error
	CollectionByAccount(ctx context.Context, accountID int64) (*Collection, error)
	CollectionByID(ctx context.Context, id int64) (*Collection, error)
	UpdateCollection(ctx context.Context, c *Collection) error
	CollectionsInState(ctx context.Context, states []record.State, limit int) ([]*Collection, error)

	// AttachPhotos stores the photos and points the collection at them in one
	// transaction. A photo whose idempotency key is already stored for the
	// collection is not stored again: the stored one's ID is returned.
	AttachPhotos(ctx context.Context, c *Collection, photos []*Photo) (replayed bool, err error)
	Photo(ctx context.Context, id int64) (*Photo, error)

	// CreateOrder inserts o; the same (account, idempotency key) returns the
	// stored order with existed=true; a second unpaid order for the
	// collection is a Conflict.
	CreateOrder(ctx context.Context, o *Order) (existed bool, err error)
	OrderByID(ctx context.Context, id int64) (*Order, error)
	OrderByNumber(ctx context.Context, number string) (*Order, error)
	OrderByIdempotencyKey(ctx context.Context, accountID int64, key string) (*Order, error)
	OrdersByAccount(ctx context.Context, accountID int64) ([]*Order, error)
	UnpaidOrderByCollection(ctx context.Context, collectionID int64) (*Order, error)
	// UpdateOrderState moves an order from one state to another, setting the
	// fields given; it fails with Conflict if the order is not in from.
	UpdateOrderState(ctx context.Context, id int64, from, to order.State, set OrderChanges) error
	// OrdersInState lists orders in any of states, oldest first (the
	// staff's work list).
	OrdersInState(ctx context.Context, states []order.State, limit int) ([]*Order, error)
	// ExpiredUnpaid lists unpaid orders whose time ran out before now.
	ExpiredUnpaid(ctx context.Context, now time.Time, limit int) ([]*Order, error)

	CreatePayment(ctx context.Context, p *Payment) error
	PaymentByOutTradeNo(ctx context.Context, outTradeNo string) (*Payment, error)
	PaymentsByOrder(ctx context.Context, orderID int64) ([]*Payment, error)
	OpenPayments(ctx context.Context, olderThan time.Time, limit int) ([]*Payment, error)
	SetPaymentState(ctx context.Context, outTradeNo string, state PaymentState) error

	// ApplyPayment, in one transaction: records ev; if the payment and its
	// order are still payable, marks the payment paid and the order paid
	// (from unpaid or closed). It returns applied=false for a repeat.
	ApplyPayment(ctx context.Context, ev PaymentEvent) (applied bool, err error)
	RecordPaymentEvent(ctx context.Context, ev PaymentEvent) error

	CreateRefund(ctx context.Context, r *Refund) error
	Refunds(ctx context.Context, orderID int64) ([]*Refund, error)
}

// OrderChanges are the fields an order state change may set.
type OrderChanges struct {
	Carrier    string
	TrackingNo string
	ShippedAt  time.Time
}
