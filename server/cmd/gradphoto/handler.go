package main

// PROVISIONAL: this file stands in for the real service (server/httpapi and
// server/store), which replaces its body on merge. It only proves the
// runtime: a database round trip per health call and a reconcile hook.

import (
	"context"
	"database/sql"
	"encoding/json"
	"log"
	"net/http"
	"time"

	"github.com/tursodatabase/libsql-client-go/libsql"

	"gradphoto/server/config"
)

type server struct {
	db   *sql.DB
	mux  *http.ServeMux
	mode config.Mode
}

// buildServer opens the database (cheap: no connection is made until the
// first query) and wires the routes. It must stay cheap: the Worker runs it
// for every request.
func buildServer(_ context.Context, cfg config.Config) (*server, error) {
	var opts []libsql.Option
	if cfg.AuthToken != "" {
		// The option, not ?authToken= in the URL: the URL turns up in
		// error messages, the token must not.
		opts = append(opts, libsql.WithAuthToken(cfg.AuthToken))
	}
	conn, err := libsql.NewConnector(cfg.DatabaseURL, opts...)
	if err != nil {
		return nil, err
	}
	s := &server{db: sql.OpenDB(conn), mux: http.NewServeMux(), mode: cfg.Mode}
	s.mux.HandleFunc("GET /api/v1/health", s.health)
	return s, nil
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func (s *server) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	body := map[string]any{"ok": true, "db": "ok", "time": time.Now().UTC().Format(time.RFC3339Nano)}
	status := http.StatusOK
	var one int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		body["ok"], body["db"] = false, "unavailable"
		if s.mode == config.Dev {
			body["error"] = err.Error() // may name the database host: dev only
		}
		log.Printf("health: database: %v", err)
		status = http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// reconcile is the periodic job (closing unpaid orders, querying payments
// whose notification never came). Placeholder: nothing to do yet.
func (s *server) reconcile(context.Context) error { return nil }

func (s *server) close() error { return s.db.Close() }
