package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"gradphoto/server/app"
	"gradphoto/server/config"
	"gradphoto/server/httpapi"
	"gradphoto/server/pii"
	"gradphoto/server/store"
)

// server is the assembled service: the store, the application logic and
// the JSON API in front of them.
type server struct {
	db  *store.DB
	app *app.App
	api http.Handler
}

// buildServer opens the database (no connection is made until the first
// query) and wires the parts. It must stay cheap: the Worker runs it for
// every request, so it neither migrates nor queries.
func buildServer(_ context.Context, cfg config.Config) (*server, error) {
	key, err := dataKey(cfg)
	if err != nil {
		return nil, err
	}
	keeper, err := pii.New(key)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(context.Background(), cfg.DatabaseURL, cfg.AuthToken)
	if err != nil {
		return nil, err
	}
	a := &app.App{
		Store:   db,
		PII:     keeper,
		Pricing: cfg.Pricing,
		Limits: app.Limits{
			SessionTTL: cfg.SessionTTL, LoginMaxFailures: cfg.LoginMaxFailures, LoginIPFailures: cfg.LoginIPFailures,
			LoginLock: cfg.LoginLock, BcryptCost: cfg.BcryptCost,
		},
		BaseURL: cfg.BaseURL,
		Log:     slog.Default(),
	}
	api := &httpapi.Server{App: a, Dev: cfg.Mode == config.Dev, TrustProxyHeaders: trustProxyHeaders, Version: version}
	if err := addProviders(cfg, a, api); err != nil {
		db.Close()
		return nil, fmt.Errorf("payment providers: %w", err)
	}
	return &server{db: db, app: a, api: api.Handler()}, nil
}

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.api.ServeHTTP(w, r) }

// reconcile queries payments whose notification never came and closes
// unpaid orders whose time ran out.
func (s *server) reconcile(ctx context.Context) error { return s.app.Reconcile(ctx) }

func (s *server) close() error { return s.db.Close() }
