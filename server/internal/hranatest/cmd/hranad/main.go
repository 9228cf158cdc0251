//go:build !js

// Command hranad serves a SQLite database file over Hrana over HTTP, like a
// libSQL server, for tests whose client runs in another process (such as
// the Cloudflare Worker build under wrangler dev / workerd).
//
//	hranad -db /tmp/test.db -token secret [-addr 127.0.0.1:0]
//
// Once it listens, it prints its base URL (http://127.0.0.1:PORT) as the
// first line on standard output, for the caller to read; logs go to
// standard error. It runs until interrupted (SIGINT, SIGTERM), then rolls
// back open transactions and exits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"gradphoto/server/internal/hranatest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "hranad:", err)
		}
		os.Exit(2)
	}
}

// run serves until ctx ends. It writes the server's URL to stdout once it
// listens.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("hranad", flag.ContinueOnError)
	flags.SetOutput(stderr)
	addr := flags.String("addr", "127.0.0.1:0", "`address` to listen on; port 0 picks a free port")
	dbPath := flags.String("db", "", "SQLite database `file` to serve (created if missing; required)")
	token := flags.String("token", "", "bearer `token` clients must send; empty turns authorization off")
	streamTimeout := flags.Duration("stream-timeout", 10*time.Second, "how long an idle stream lives")
	queryTimeout := flags.Duration("query-timeout", 0, "interrupt statements running longer than this; 0 for no limit")
	quiet := flags.Bool("quiet", false, "do not log failed requests")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", flags.Args())
	}
	if *dbPath == "" {
		return errors.New("-db is required")
	}

	logger := log.New(stderr, "", log.LstdFlags)
	opts := []hranatest.Option{
		hranatest.WithStreamTimeout(*streamTimeout),
		hranatest.WithQueryTimeout(*queryTimeout),
	}
	if !*quiet {
		opts = append(opts, hranatest.WithLogf(logger.Printf))
	}
	h, err := hranatest.New(*dbPath, *token, opts...)
	if err != nil {
		return err
	}
	defer h.Close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          logger,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	url := "http://" + ln.Addr().String()
	fmt.Fprintln(stdout, url)
	if *token == "" {
		logger.Printf("hranad: serving %s at %s, without authorization", *dbPath, url)
	} else {
		logger.Printf("hranad: serving %s at %s", *dbPath, url)
	}

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Printf("hranad: shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// Close the handler first: it interrupts running pipelines, so that
	// Shutdown does not wait on a runaway statement.
	h.Close()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	return nil
}
