package app

import (
	"encoding/json"
	"time"

	"gradphoto/shared/identity"
	"gradphoto/shared/money"
	"gradphoto/shared/order"
	"gradphoto/shared/record"
)

// Role says what an account may do.
type Role string

const (
	Student Role = "student"
	Staff   Role = "staff"
)

// Account is a person who signs in. The document number and the mobile are
// never stored in the clear: see package pii.
type Account struct {
	ID                 int64
	Role               Role
	DocType            identity.DocType
	DocHash            string
	DocSealed          string
	DocMasked          string
	MobileHash         string
	MobileSealed       string
	MobileMasked       string
	Name               string
	Email              string
	Sex                identity.Sex
	PasswordHash       string
	MustChangePassword bool
	CreatedAt          time.Time
}

// Session is a signed-in device. Only the token's hash is stored.
type Session struct {
	TokenHash string
	AccountID int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// School is a school that submits a graduate roster.
type School struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// RosterEntry is one graduate on a school's roster.
type RosterEntry struct {
	ID        int64
	SchoolID  int64
	Student   record.Student
	DocHash   string
	DocSealed string
}

// Collection is a student's photo collection.
type Collection struct {
	ID           int64
	AccountID    int64
	RosterID     int64 // 0: filled in by the student
	Student      record.Student
	ErrorReport  string // the student's report of an error in roster data
	State        record.State
	Source       record.Source
	PhotoID      int64
	OriginalID   int64
	EngineReport json.RawMessage // what the phone's engine reported (camera photos)
	// CheckReport is the server's own measurement of the current photo
	// against the standard (wasm/check), for staff and the student.
	CheckReport  json.RawMessage
	ReturnReason string
	ChsiCode     string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Locked reports whether the personal data came from the school's roster and
// so cannot be edited by the student (who may report an error instead).
func (c *Collection) Locked() bool { return c.RosterID != 0 }

// Photo is stored image bytes.
type Photo struct {
	ID             int64
	CollectionID   int64
	Kind           PhotoKind
	ContentType    string
	Width, Height  int
	Size           int
	SHA256         string
	Data           []byte
	IdempotencyKey string
	CreatedAt      time.Time
}

// PhotoKind tells the finished photo from the original a student uploaded.
type PhotoKind string

const (
	Finished PhotoKind = "finished"
	Original PhotoKind = "original"
)

// Order is what a student pays for.
type Order struct {
	ID             int64
	Number         string // shown to people and used in URLs of payments
	AccountID      int64
	CollectionID   int64
	Kind           order.Kind
	State          order.State
	Amount         money.Fen
	Quote          order.Quote
	AddressSealed  string // JSON of contact.Address, sealed
	AddressMasked  string // JSON of the address with the mobile masked
	IdempotencyKey string
	Provider       string
	TransactionID  string
	Carrier        string
	TrackingNo     string
	CreatedAt      time.Time
	ExpiresAt      time.Time
	PaidAt         time.Time
	ShippedAt      time.Time
	UpdatedAt      time.Time
}

// PaymentState is where one payment attempt stands.
type PaymentState string

const (
	PaymentOpen   PaymentState = "open"
	PaymentPaid   PaymentState = "paid"
	PaymentClosed PaymentState = "closed"
)

// Payment is one attempt to pay an order through one channel; each has its
// own out_trade_no, so switching channel never reuses a provider number.
type Payment struct {
	OutTradeNo    string
	OrderID       int64
	Provider      string
	Channel       order.Channel
	Amount        money.Fen
	State         PaymentState
	Prepay        string // JSON of payment.Prepay, to answer a repeated request
	TransactionID string
	CreatedAt     time.Time
}

// PaymentEvent records a verified notification and what it did.
type PaymentEvent struct {
	OutTradeNo    string
	Provider      string
	TransactionID string
	Amount        money.Fen
	Outcome       string
	ReceivedAt    time.Time
}

// Refund is money given back for an order.
type Refund struct {
	OutRefundNo string
	OrderID     int64
	OutTradeNo  string
	Amount      money.Fen
	Reason      string
	RefundID    string
	State       string
	CreatedAt   time.Time
}
