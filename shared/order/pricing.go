package order

import (
	"time"

	"gradphoto/shared/apperr"
	"gradphoto/shared/money"
)

// Pricing is a centre's price list. It is configuration: centres differ in
// prices, print counts and sizes, so nothing here is a constant of the code.
type Pricing struct {
	Electronic    money.Fen     // electronic photo only
	Printed       money.Fen     // electronic photo plus mailed prints
	PrintCopies   int           // how many prints are mailed
	PrintSize     string        // e.g. "2寸"
	UnpaidTimeout time.Duration // unpaid orders close after this long
}

// DefaultPricing is the price list of the centre in the manual.
func DefaultPricing() Pricing {
	return Pricing{
		Electronic:    2000,
		Printed:       3500,
		PrintCopies:   5,
		PrintSize:     "2寸",
		UnpaidTimeout: 30 * time.Minute,
	}
}

// Validate refuses price lists that cannot be right.
func (p Pricing) Validate() error {
	switch {
	case p.Electronic <= 0 || p.Printed <= 0:
		return apperr.New(apperr.Invalid, "价格必须大于零", "Prices must be above zero")
	case p.PrintCopies < 1 || p.PrintCopies > 50:
		return apperr.New(apperr.Invalid, "打印份数应在1到50之间", "Print copies must be between 1 and 50")
	case p.UnpaidTimeout < time.Minute:
		return apperr.New(apperr.Invalid, "未支付订单的关闭时间至少为1分钟", "The unpaid-order timeout must be at least a minute")
	}
	return nil
}

// Item is one line of an order as the student sees it.
type Item struct {
	NameZH   string    `json:"name_zh"`
	NameEN   string    `json:"name_en"`
	Quantity int       `json:"quantity"`
	Amount   money.Fen `json:"amount_fen"`
}

// Quote is what an order of a kind costs, itemised.
type Quote struct {
	Kind  Kind      `json:"kind"`
	Items []Item    `json:"items"`
	Total money.Fen `json:"total_fen"`
}

// Quote prices an order of kind k. The server always computes the price;
// it never takes one from the client.
func (p Pricing) Quote(k Kind) (Quote, error) {
	if _, err := ParseKind(string(k)); err != nil {
		return Quote{}, err
	}
	q := Quote{Kind: k}
	switch k {
	case Electronic:
		q.Items = []Item{{NameZH: "电子版证件照", NameEN: "Electronic photo", Quantity: 1, Amount: p.Electronic}}
		q.Total = p.Electronic
	case Printed:
		q.Items = []Item{
			{NameZH: "电子版证件照", NameEN: "Electronic photo", Quantity: 1, Amount: p.Electronic},
			{NameZH: "纸质照片（" + p.PrintSize + "）及邮寄", NameEN: "Printed photos (" + p.PrintSize + ") mailed", Quantity: p.PrintCopies, Amount: p.Printed - p.Electronic},
		}
		q.Total = p.Printed
	}
	return q, nil
}
