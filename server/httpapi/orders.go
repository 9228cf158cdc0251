package httpapi

import (
	"net/http"

	"gradphoto/server/app"
	"gradphoto/server/payment"
	"gradphoto/shared/apperr"
	"gradphoto/shared/contact"
	"gradphoto/shared/order"
)

func (s *Server) quote(w http.ResponseWriter, r *http.Request) {
	q, err := s.App.Pricing.Quote(order.Kind(r.URL.Query().Get("kind")))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, q)
}

func (s *Server) orderView(o *app.Order) (orderView, error) {
	addr, err := s.App.Address(o)
	if err != nil {
		return orderView{}, err
	}
	return viewOrder(o, addr), nil
}

func (s *Server) writeOrder(w http.ResponseWriter, r *http.Request, status int, o *app.Order, extra map[string]any) {
	v, err := s.orderView(o)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body := map[string]any{"order": v}
	for k, x := range extra {
		body[k] = x
	}
	writeJSON(w, status, body)
}

func (s *Server) listOrders(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	orders, err := s.App.MyOrders(r.Context(), acct)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeOrders(w, r, orders)
}

// writeOrders answers a list of orders, each with its address opened.
func (s *Server) writeOrders(w http.ResponseWriter, r *http.Request, orders []*app.Order) {
	out := make([]orderView, 0, len(orders))
	for _, o := range orders {
		v, err := s.orderView(o)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		out = append(out, v)
	}
	writeJSON(w, http.StatusOK, map[string]any{"orders": out})
}

// createOrder needs an Idempotency-Key header: the same key returns the same
// order (200), a new order answers 201.
func (s *Server) createOrder(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	var in struct {
		CollectionID int64            `json:"collection_id"`
		Kind         order.Kind       `json:"kind"`
		Address      *contact.Address `json:"address"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	o, existed, err := s.App.CreateOrder(r.Context(), acct, app.NewOrder{
		CollectionID: in.CollectionID, Kind: in.Kind, Address: in.Address, IdempotencyKey: r.Header.Get("Idempotency-Key"),
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusCreated
	if existed {
		status = http.StatusOK
	}
	s.writeOrder(w, r, status, o, nil)
}

func (s *Server) getOrder(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	o, err := s.App.Order(r.Context(), acct, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeOrder(w, r, http.StatusOK, o, nil)
}

// pay answers what the client needs for the channel: a QR code (code_url and
// a PNG URL), a page to open (redirect_url), or wx.requestPayment parameters.
func (s *Server) pay(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in struct {
		Channel string `json:"channel"`
		OpenID  string `json:"openid"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	ch, err := order.ParseChannel(in.Channel)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if ch == order.Dev && !s.Dev {
		s.writeError(w, r, apperr.Field("channel", "暂不支持该支付方式", "This payment method is not available"))
		return
	}
	p, pp, err := s.App.Pay(r.Context(), acct, id, app.PayRequest{Channel: ch, ClientIP: s.clientIP(r), OpenID: in.OpenID})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body := map[string]any{"channel": ch, "out_trade_no": p.OutTradeNo, "prepay": pp}
	if pp.CodeURL != "" {
		body["qr_png_url"] = "/api/v1/orders/" + itoa(id) + "/pay/qr.png?channel=" + string(ch)
	}
	writeJSON(w, http.StatusOK, body)
}

// payQR renders the latest QR payment of an order as a PNG.
func (s *Server) payQR(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ch, err := order.ParseChannel(r.URL.Query().Get("channel"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	_, pp, err := s.App.Pay(r.Context(), acct, id, app.PayRequest{Channel: ch, ClientIP: s.clientIP(r)})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if pp.CodeURL == "" {
		s.writeError(w, r, apperr.Field("channel", "该支付方式没有二维码", "This payment method has no QR code"))
		return
	}
	png, err := payment.QRPNG(pp.CodeURL, 320)
	if err != nil {
		s.writeError(w, r, apperr.Internalf("qr: %w", err))
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(png)
}

// notify receives a provider's payment notification. The provider's own
// acknowledgement format answers it.
func (s *Server) notify(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("provider")
	if name == "dev" && !s.Dev {
		http.NotFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxJSONBody)
	prov, ok := s.App.Notify(r.Context(), name, r)
	if prov == nil {
		http.NotFound(w, r)
		return
	}
	prov.Acknowledge(w, ok)
}
