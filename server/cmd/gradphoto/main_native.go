//go:build !js

package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // "sqlite" driver: libsql-client-go hands file: URLs to it

	"gradphoto/server/config"
	"gradphoto/server/service"
)

func run(ctx context.Context) int {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	every, err := reconcileEvery(os.Getenv("RECONCILE_EVERY"))
	if err != nil {
		log.Print(err)
		return 2
	}
	if len(os.Args) > 1 {
		return command(ctx, os.Args[1:])
	}
	cfg, srv, err := start(ctx, os.Getenv)
	if err != nil {
		log.Print(err)
		return 2
	}
	defer srv.Close()
	n, err := srv.SetUp(ctx, cfg)
	if err != nil {
		log.Print(err)
		return 1
	}
	if n > 0 {
		fmt.Printf("gradphoto: applied %d migration(s)\n", n)
	}
	if cfg.Mode == config.Dev {
		service.PrintDemo(os.Stdout)
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		log.Print(err)
		return 1
	}
	hs := &http.Server{
		Handler:           withStatic(srv, cfg.StaticDir),
		ReadHeaderTimeout: 10 * time.Second,
	}
	fmt.Printf("gradphoto (%s) listening on http://%s/ (database %s)\n", cfg.Mode, ln.Addr(), redactURL(cfg.DatabaseURL))

	go reconcileLoop(ctx, srv, every)

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		log.Print(err)
		return 1
	case <-ctx.Done():
	}
	stop() // a second signal kills the process the default way
	fmt.Println("gradphoto: shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		log.Print(err)
		return 1
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Print(err)
		return 1
	}
	return 0
}

// prepare makes sure the directory of an embedded SQLite file exists.
func prepare(cfg config.Config) error {
	path, ok := strings.CutPrefix(cfg.DatabaseURL, "file:")
	if !ok {
		return nil
	}
	path, _, _ = strings.Cut(path, "?")
	if dir := filepath.Dir(path); path != "" && dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("database directory: %w", err)
		}
	}
	return nil
}

// withStatic serves the API under /api/ and the built web app from dir for
// everything else (the Worker gets the same split from wrangler's assets).
func withStatic(api http.Handler, dir string) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/api/", api)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		log.Printf("static: %s is not a directory (build the web app); serving the API only", dir)
		return mux
	}
	mux.Handle("/", http.FileServer(http.Dir(dir)))
	return mux
}

// reconcileEvery parses RECONCILE_EVERY (default one minute; "0" or "off"
// disables the timer).
func reconcileEvery(v string) (time.Duration, error) {
	switch v = strings.TrimSpace(v); v {
	case "":
		return time.Minute, nil
	case "0", "off":
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("config: RECONCILE_EVERY=%q is not a duration like 1m (or off)", v)
	}
	return d, nil
}

func reconcileLoop(ctx context.Context, srv *service.Service, every time.Duration) {
	if every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			rctx, cancel := context.WithTimeout(ctx, every)
			if err := srv.Reconcile(rctx); err != nil && ctx.Err() == nil {
				log.Printf("reconcile: %v", err)
			}
			cancel()
		}
	}
}

// redactURL drops anything secret-looking from a database URL for display.
func redactURL(u string) string {
	u, _, _ = strings.Cut(u, "?")
	if i := strings.Index(u, "@"); i >= 0 {
		if j := strings.Index(u, "://"); j >= 0 && j < i {
			u = u[:j+3] + "…" + u[i:]
		}
	}
	return u
}
