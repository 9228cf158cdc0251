// Command gradphoto is the service. The same main builds twice:
//
//   - natively (main_native.go): a net/http server on cfg.Addr that also
//     serves the built web app, with an embedded SQLite file by default;
//   - for Cloudflare Workers (GOOS=js GOARCH=wasm, main_js.go): the same
//     handler behind syumai/workers, with a cron trigger, on libSQL (Turso).
//
// Both builds start the same service (server/service); they differ in
// where the data key comes from and whether proxy headers are trusted.
package main

import (
	"context"
	"fmt"
	"os"

	"gradphoto/server/config"
	"gradphoto/server/service"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	os.Exit(run(context.Background()))
}

// start loads the configuration through getenv (the process environment
// natively, the Worker's vars and secrets in js) and builds the server.
func start(ctx context.Context, getenv func(string) string) (config.Config, *service.Service, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return cfg, nil, err
	}
	if err := prepare(cfg); err != nil {
		return cfg, nil, err
	}
	key, err := dataKey(cfg)
	if err != nil {
		return cfg, nil, err
	}
	srv, err := service.New(cfg, service.Options{DataKey: key, TrustProxyHeaders: trustProxyHeaders, Version: version})
	if err != nil {
		return cfg, nil, fmt.Errorf("start: %w", err)
	}
	return cfg, srv, nil
}
