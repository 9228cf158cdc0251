// Package order holds what an order is: its kind (electronic photo only, or
// with printed copies mailed), its price list, its states and the moves
// between them, and the payment channels a student can pay through.
package order

import (
	"gradphoto/shared/apperr"
)

// Kind is what the student buys. The manual's "是否需要纸质版照片" choice makes
// a different order with a different price.
type Kind string

const (
	Electronic Kind = "electronic" // 不需要: the electronic photo only
	Printed    Kind = "printed"    // 需要: with printed copies mailed
)

// ParseKind validates a kind sent by a client.
func ParseKind(s string) (Kind, error) {
	switch k := Kind(s); k {
	case Electronic, Printed:
		return k, nil
	}
	return "", apperr.Field("kind", "订单类型不正确，请选择是否需要纸质版照片",
		"Unknown order kind: choose whether you need printed copies")
}

// State is where an order stands.
type State string

const (
	Unpaid   State = "unpaid"   // created, waiting for the payment notification
	Closed   State = "closed"   // unpaid and closed (timed out or replaced)
	Paid     State = "paid"     // a verified notification marked it paid
	Printing State = "printing" // printed orders: copies are being printed
	Shipped  State = "shipped"  // printed orders: handed to the carrier
	Done     State = "done"     // finished (electronic orders once paid and delivered, printed ones once received)
	Refunded State = "refunded" // paid, then refunded in full
)

// moves lists the allowed transitions. Only a verified payment notification
// (or a reconcile query that the provider answered) moves Unpaid to Paid.
var moves = map[State][]State{
	Unpaid:   {Paid, Closed},
	Closed:   {Paid}, // a payment that arrives after closing is still money received
	Paid:     {Printing, Done, Refunded},
	Printing: {Shipped, Refunded},
	Shipped:  {Done},
	Done:     {Refunded},
}

// CanMove reports whether an order may go from s to next.
func (s State) CanMove(next State) bool {
	for _, n := range moves[s] {
		if n == next {
			return true
		}
	}
	return false
}

// Open reports whether the order still waits for payment.
func (s State) Open() bool { return s == Unpaid }

// PaidFor reports whether money was received and not given back.
func (s State) PaidFor() bool {
	switch s {
	case Paid, Printing, Shipped, Done:
		return true
	}
	return false
}

// Label returns the state's name for people.
func (s State) Label() (zh, en string) {
	switch s {
	case Unpaid:
		return "待支付", "Awaiting payment"
	case Closed:
		return "已关闭", "Closed"
	case Paid:
		return "已支付", "Paid"
	case Printing:
		return "打印中", "Printing"
	case Shipped:
		return "已发货", "Shipped"
	case Done:
		return "已完成", "Completed"
	case Refunded:
		return "已退款", "Refunded"
	}
	return string(s), string(s)
}
