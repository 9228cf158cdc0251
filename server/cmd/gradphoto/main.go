// Command gradphoto is the service. The same main builds twice:
//
//   - natively (main_native.go): a net/http server on cfg.Addr that also
//     serves the built web app, with an embedded SQLite file by default;
//   - for Cloudflare Workers (GOOS=js GOARCH=wasm, main_js.go): the same
//     handler behind syumai/workers, with a cron trigger, on libSQL (Turso).
//
// Both builds only depend on what handler.go provides:
//
//	buildServer(ctx, cfg) (*server, error)
//	(*server).ServeHTTP        — the API under /api/
//	(*server).reconcile(ctx)   — periodic work (cron in the Worker, a timer natively)
//	(*server).close()          — release the database
package main

import (
	"context"
	"fmt"
	"os"

	"gradphoto/server/config"
)

func main() {
	os.Exit(run(context.Background()))
}

// start loads the configuration through getenv (the process environment
// natively, the Worker's vars and secrets in js) and builds the server.
func start(ctx context.Context, getenv func(string) string) (config.Config, *server, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return cfg, nil, err
	}
	if err := prepare(cfg); err != nil {
		return cfg, nil, err
	}
	srv, err := buildServer(ctx, cfg)
	if err != nil {
		return cfg, nil, fmt.Errorf("start: %w", err)
	}
	return cfg, srv, nil
}
