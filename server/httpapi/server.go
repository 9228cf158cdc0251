// Package httpapi speaks the JSON API under /api/v1 over net/http. It is a
// thin translation of package app: decode, call, encode, with errors mapped
// to statuses. The same handler serves the native server and the Worker.
package httpapi

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"gradphoto/server/app"
	"gradphoto/shared/apperr"
)

// Server is the API's http.Handler.
type Server struct {
	App *app.App
	// Dev enables the dev payment page; it is set only in dev mode.
	Dev bool
	// DevPay serves the dev provider's confirmation page, dev mode only.
	DevPay http.Handler
	// TrustProxyHeaders reads the client address from CF-Connecting-IP
	// (set in the Worker, where Cloudflare's edge sets that header).
	TrustProxyHeaders bool
	// Static serves the web app for paths outside /api (native build).
	Static http.Handler
	// Version is reported by the health check.
	Version string
	Log     *slog.Logger

	mux *http.ServeMux
}

var errStaffOnly = apperr.New(apperr.Forbidden, "仅工作人员可以操作", "Staff only")

// Handler builds the routes.
func (s *Server) Handler() http.Handler {
	m := http.NewServeMux()
	m.HandleFunc("GET /api/v1/health", s.health)
	m.HandleFunc("GET /api/v1/config", s.config)
	m.HandleFunc("GET /api/v1/identity/check", s.checkIdentity)

	m.HandleFunc("POST /api/v1/auth/signup", s.signUp)
	m.HandleFunc("POST /api/v1/auth/login", s.login)
	m.HandleFunc("POST /api/v1/auth/logout", s.authed(s.logout))
	m.HandleFunc("POST /api/v1/auth/password", s.authed(s.changePassword))
	m.HandleFunc("GET /api/v1/me", s.authed(s.me))

	m.HandleFunc("GET /api/v1/roster/me", s.authed(s.rosterMe))
	m.HandleFunc("GET /api/v1/collections", s.authed(s.listCollections))
	m.HandleFunc("POST /api/v1/collections", s.authed(s.startCollection))
	m.HandleFunc("GET /api/v1/collections/{id}", s.authed(s.getCollection))
	m.HandleFunc("PUT /api/v1/collections/{id}/student", s.authed(s.updateStudent))
	m.HandleFunc("POST /api/v1/collections/{id}/error-report", s.authed(s.reportError))
	m.HandleFunc("PUT /api/v1/collections/{id}/chsi-code", s.authed(s.setChsiCode))
	m.HandleFunc("POST /api/v1/collections/{id}/photo", s.authed(s.uploadPhoto))
	m.HandleFunc("GET /api/v1/collections/{id}/photo", s.authed(s.photo(app.Finished)))
	m.HandleFunc("GET /api/v1/collections/{id}/photo/original", s.authed(s.photo(app.Original)))

	m.HandleFunc("GET /api/v1/quote", s.quote)
	m.HandleFunc("GET /api/v1/orders", s.authed(s.listOrders))
	m.HandleFunc("POST /api/v1/orders", s.authed(s.createOrder))
	m.HandleFunc("GET /api/v1/orders/{id}", s.authed(s.getOrder))
	m.HandleFunc("POST /api/v1/orders/{id}/pay", s.authed(s.pay))
	m.HandleFunc("GET /api/v1/orders/{id}/pay/qr.png", s.authed(s.payQR))
	m.HandleFunc("POST /api/v1/payments/{provider}/notify", s.notify)

	m.HandleFunc("POST /api/v1/staff/rosters", s.staff(s.importRoster))
	m.HandleFunc("GET /api/v1/staff/reviews", s.staff(s.reviewQueue))
	m.HandleFunc("POST /api/v1/staff/collections/{id}/approve", s.staff(s.approve))
	m.HandleFunc("POST /api/v1/staff/collections/{id}/return", s.staff(s.returnPhoto))
	m.HandleFunc("POST /api/v1/staff/collections/{id}/deliver", s.staff(s.deliver))
	m.HandleFunc("GET /api/v1/staff/orders", s.staff(s.workList))
	m.HandleFunc("POST /api/v1/staff/orders/{id}/printing", s.staff(s.startPrinting))
	m.HandleFunc("POST /api/v1/staff/orders/{id}/ship", s.staff(s.ship))
	m.HandleFunc("POST /api/v1/staff/orders/{id}/complete", s.staff(s.complete))
	m.HandleFunc("POST /api/v1/staff/orders/{id}/refund", s.staff(s.refund))
	m.HandleFunc("POST /api/v1/staff/reconcile", s.staff(s.reconcile))

	if s.Dev && s.DevPay != nil {
		m.Handle("/api/v1/dev-pay/", s.DevPay)
	}
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, apperr.New(apperr.NotFound, "接口不存在", "No such API endpoint"))
	})
	if s.Static != nil {
		m.Handle("/", s.Static)
	}
	s.mux = m
	return s
}

// ServeHTTP adds the headers every answer carries and recovers from panics
// with a JSON error instead of a dropped connection.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	defer func() {
		if p := recover(); p != nil {
			s.writeError(w, r, apperr.Internalf("panic: %v", p))
		}
	}()
	s.mux.ServeHTTP(w, r)
}

// pathID reads the {id} path value.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "没有找到该记录", "Not found")
	}
	return id, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if err := s.App.Store.Ping(r.Context()); err != nil {
		s.log().Error("health: database", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"ok": false, "db": "unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"ok": true, "db": "ok", "db_ms": time.Since(start).Milliseconds(), "version": s.Version, "dev": s.Dev,
	})
}
