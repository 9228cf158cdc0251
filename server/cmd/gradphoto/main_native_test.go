//go:build !js

package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gradphoto/server/config"
)

// withStatic sends /api/ to the service and everything else to the web app.
func TestWithStatic(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!doctype html>app"), 0o644); err != nil {
		t.Fatal(err)
	}
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "api "+r.URL.Path) })
	for _, tc := range []struct{ dir, path, want string }{
		{dir, "/api/v1/health", "api /api/v1/health"},
		{dir, "/", "<!doctype html>app"},
		{filepath.Join(dir, "missing"), "/api/v1/x", "api /api/v1/x"},
		{filepath.Join(dir, "missing"), "/", "404 page not found\n"},
	} {
		rec := httptest.NewRecorder()
		withStatic(api, tc.dir).ServeHTTP(rec, httptest.NewRequest("GET", tc.path, nil))
		if got := rec.Body.String(); got != tc.want {
			t.Errorf("%s (static %s) = %q, want %q", tc.path, filepath.Base(tc.dir), got, tc.want)
		}
	}
}

// prepare creates the directory of an embedded database file.
func TestPrepare(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := prepare(config.Config{DatabaseURL: "file:" + filepath.Join(dir, "x.db") + "?_pragma=foreign_keys(1)"}); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Fatalf("prepare did not create %s: %v", dir, err)
	}
	if err := prepare(config.Config{DatabaseURL: "libsql://db.example.turso.io"}); err != nil {
		t.Fatal(err)
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
