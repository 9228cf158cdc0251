//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"time"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/cron"

	"gradphoto/server/config"
)

// run is the Worker. build/worker.mjs starts a fresh Go instance and runs
// main() for every fetch and every scheduled event, so everything here is
// per-request start-up: keep it small (no migrations, no warm-up queries).
func run(ctx context.Context) int {
	var (
		handler http.Handler
		task    cron.Task
	)
	// Vars and secrets both come from the Worker's env.
	if _, srv, err := start(ctx, cloudflare.Getenv); err != nil {
		// Answer every request with the reason instead of crashing the
		// isolate: a misconfigured Worker should say so. Config errors name
		// variables, never their values.
		log.Printf("gradphoto: %v", err)
		handler = unavailable(err)
		task = func(context.Context) error { return nil }
	} else {
		handler = srv
		task = func(ctx context.Context) error {
			t0 := time.Now()
			if err := srv.Reconcile(ctx); err != nil {
				// Returning the error would make syumai's scheduler panic
				// and leave the event hanging; log it and let the next
				// run try again.
				log.Printf("gradphoto: reconcile: %v", err)
				return nil
			}
			log.Printf("gradphoto: reconcile done in %v", time.Since(t0).Round(time.Millisecond))
			return nil
		}
	}
	workers.ServeNonBlock(handler)
	cron.ScheduleTaskNonBlock(task)
	workers.Ready()
	// A fetch ends when its response body has been read; a scheduled event
	// never closes cron.Done, and the instance is simply dropped.
	select {
	case <-workers.Done():
	case <-cron.Done():
	}
	return 0
}

// prepare has nothing to do in the Worker: the database is remote.
func prepare(config.Config) error { return nil }

func unavailable(err error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": err.Error()})
	})
}
