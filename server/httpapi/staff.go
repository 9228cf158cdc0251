package httpapi

import (
	"net/http"
	"strconv"

	"gradphoto/server/app"
)

// maxRosterBody bounds a roster upload (about 20 000 rows).
const maxRosterBody = 8 << 20

// importRoster takes a CSV body (text/csv) and answers the per-row report.
func (s *Server) importRoster(w http.ResponseWriter, r *http.Request, _ *app.Account) {
	body := http.MaxBytesReader(w, r.Body, maxRosterBody)
	rep, err := s.App.ImportRoster(r.Context(), body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

func (s *Server) reviewQueue(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	cs, err := s.App.ReviewQueue(r.Context(), acct, limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]collectionView, 0, len(cs))
	for _, c := range cs {
		out = append(out, viewCollection(c))
	}
	writeJSON(w, http.StatusOK, map[string]any{"collections": out})
}

func (s *Server) approve(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	s.withCollection(w, r, func(id int64) (*app.Collection, error) { return s.App.Approve(r.Context(), acct, id) })
}

func (s *Server) deliver(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	s.withCollection(w, r, func(id int64) (*app.Collection, error) { return s.App.Deliver(r.Context(), acct, id) })
}

func (s *Server) returnPhoto(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	s.withCollection(w, r, func(id int64) (*app.Collection, error) {
		var in struct {
			Reason string `json:"reason"`
		}
		if err := decodeJSON(r, &in); err != nil {
			return nil, err
		}
		return s.App.Return(r.Context(), acct, id, in.Reason)
	})
}

// workList answers the orders waiting for staff (paid, printing, shipped),
// with their addresses.
func (s *Server) workList(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	orders, err := s.App.WorkList(r.Context(), acct, limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeOrders(w, r, orders)
}

// withOrder reads {id} and runs fn, answering with the order.
func (s *Server) withOrder(w http.ResponseWriter, r *http.Request, fn func(id int64) (*app.Order, error)) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	o, err := fn(id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeOrder(w, r, http.StatusOK, o, nil)
}

func (s *Server) startPrinting(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	s.withOrder(w, r, func(id int64) (*app.Order, error) { return s.App.StartPrinting(r.Context(), acct, id) })
}

func (s *Server) complete(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	s.withOrder(w, r, func(id int64) (*app.Order, error) { return s.App.Complete(r.Context(), acct, id) })
}

func (s *Server) ship(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	s.withOrder(w, r, func(id int64) (*app.Order, error) {
		var in struct {
			Carrier    string `json:"carrier"`
			TrackingNo string `json:"tracking_no"`
		}
		if err := decodeJSON(r, &in); err != nil {
			return nil, err
		}
		return s.App.Ship(r.Context(), acct, id, in.Carrier, in.TrackingNo)
	})
}

func (s *Server) refund(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	s.withOrder(w, r, func(id int64) (*app.Order, error) {
		var in struct {
			Reason string `json:"reason"`
		}
		if err := decodeJSON(r, &in); err != nil {
			return nil, err
		}
		return s.App.Refund(r.Context(), acct, id, in.Reason)
	})
}

func (s *Server) reconcile(w http.ResponseWriter, r *http.Request, _ *app.Account) {
	if err := s.App.Reconcile(r.Context()); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}
