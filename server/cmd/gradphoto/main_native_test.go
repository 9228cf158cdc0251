//go:build !js

package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gradphoto/server/config"
)

func devConfig(t *testing.T, dbURL string) config.Config {
	t.Helper()
	cfg, err := config.Load(func(name string) string {
		switch name {
		case "GRADPHOTO_MODE":
			return "dev"
		case "TURSO_DATABASE_URL":
			return dbURL
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// The native build serves the API on the embedded SQLite file and the web
// app beside it.
func TestNativeServer(t *testing.T) {
	dir := t.TempDir()
	cfg := devConfig(t, "file:"+filepath.Join(dir, "data", "app.db"))
	if err := prepare(cfg); err != nil {
		t.Fatal(err)
	}
	srv, err := buildServer(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.close()
	static := filepath.Join(dir, "dist")
	if err := os.MkdirAll(static, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(static, "index.html"), []byte("<!doctype html>app"), 0o644); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(withStatic(srv, static))
	defer ts.Close()

	resp, err := http.Get(ts.URL + "/api/v1/health")
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		OK bool   `json:"ok"`
		DB string `json:"db"`
	}
	err = json.NewDecoder(resp.Body).Decode(&h)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || !h.OK || h.DB != "ok" {
		t.Fatalf("health = %d %+v %v", resp.StatusCode, h, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "app.db")); err != nil {
		t.Errorf("database file: %v", err)
	}

	resp, err = http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET / = %s, want the web app", resp.Status)
	}
}

func TestHealthDatabaseDown(t *testing.T) {
	cfg := devConfig(t, "http://127.0.0.1:9") // nothing listens on the discard port
	srv, err := buildServer(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.close()
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/health", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), `"ok":false`) {
		t.Fatalf("health = %d %s, want 503 ok false", rec.Code, rec.Body)
	}
}

func TestReconcileEvery(t *testing.T) {
	for in, want := range map[string]time.Duration{"": time.Minute, "off": 0, "0": 0, "30s": 30 * time.Second} {
		if got, err := reconcileEvery(in); err != nil || got != want {
			t.Errorf("reconcileEvery(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"soon", "-1m"} {
		if _, err := reconcileEvery(in); err == nil {
			t.Errorf("reconcileEvery(%q): no error", in)
		}
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"file:data/x.db":                "file:data/x.db",
		"libsql://db.turso.io?x=secret": "libsql://db.turso.io",
		"https://user:pw@db.example":    "https://…@db.example",
	} {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}
