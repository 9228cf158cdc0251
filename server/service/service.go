// Package service assembles the parts of the server from its configuration:
// the libSQL store, the application logic, the payment providers and the
// JSON API. The one main (native and Worker), the benchmarks and the
// end-to-end tests all start the service through it.
package service

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

// Service is the assembled server.
type Service struct {
	DB  *store.DB
	App *app.App
	api http.Handler
}

// Options are what differs between the builds.
type Options struct {
	// DataKey keys the hashing and sealing of personal data (32 bytes).
	DataKey []byte
	// TrustProxyHeaders reads the client address from CF-Connecting-IP:
	// true in the Worker, behind Cloudflare's edge.
	TrustProxyHeaders bool
	// Version is reported by the health check.
	Version string
}

// New opens the database (no connection is made until the first query) and
// wires the parts. It stays cheap: the Worker runs it for every request, so
// it neither migrates nor queries.
func New(cfg config.Config, opts Options) (*Service, error) {
	keeper, err := pii.New(opts.DataKey)
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
	api := &httpapi.Server{App: a, Dev: cfg.Mode == config.Dev, TrustProxyHeaders: opts.TrustProxyHeaders, Version: opts.Version}
	if err := addProviders(cfg, opts.DataKey, a, api); err != nil {
		db.Close()
		return nil, fmt.Errorf("payment providers: %w", err)
	}
	return &Service{DB: db, App: a, api: api.Handler()}, nil
}

func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.api.ServeHTTP(w, r) }

// Reconcile queries payments whose notification never came and closes
// unpaid orders whose time ran out.
func (s *Service) Reconcile(ctx context.Context) error { return s.App.Reconcile(ctx) }

// Close releases the database.
func (s *Service) Close() error { return s.DB.Close() }

// SetUp brings the database to the current schema and, in dev mode, makes
// sure the demo data exists. The native server runs it at start; a Worker's
// database is migrated with `gradphoto migrate` before deploying.
func (s *Service) SetUp(ctx context.Context, cfg config.Config) (migrated int, err error) {
	n, err := s.DB.Migrate(ctx)
	if err != nil {
		return n, err
	}
	if cfg.Mode == config.Dev {
		err = s.SeedDemo(ctx)
	}
	return n, err
}
