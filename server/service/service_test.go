package service

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"gradphoto/server/config"
)

func start(t *testing.T, vars map[string]string) *Service {
	t.Helper()
	vars["DATABASE_URL"] = "file:" + filepath.Join(t.TempDir(), "s.db")
	cfg, err := config.Load(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(cfg, Options{DataKey: bytes.Repeat([]byte{3}, 32)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.SetUp(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	return s
}

func get(t *testing.T, h http.Handler, method, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader("{}")))
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, string(b)
}

// The dev payment provider exists in dev mode and nowhere else.
func TestDevProviderOnlyInDevMode(t *testing.T) {
	prod := start(t, map[string]string{"GRADPHOTO_MODE": "production", "DATA_KEY": strings.Repeat("ab", 32), "BASE_URL": "https://photo.example.com", "DEV_PAY_SECRET": strings.Repeat("s", 40)})
	if _, ok := prod.App.Providers["dev"]; ok {
		t.Fatal("production has the dev provider")
	}
	for _, p := range []string{"/api/v1/dev-pay/GP1-ABC", "/api/v1/payments/dev/notify"} {
		if code, _ := get(t, prod, "POST", p); code != 404 {
			t.Errorf("production POST %s: %d", p, code)
		}
	}
	if _, body := get(t, prod, "GET", "/api/v1/config"); !strings.Contains(body, `"channels":[]`) {
		t.Errorf("production offers channels without credentials: %s", body)
	}

	dev := start(t, map[string]string{"GRADPHOTO_MODE": "dev"})
	if _, ok := dev.App.Providers["dev"]; !ok {
		t.Fatal("dev mode lacks the dev provider")
	}
	if code, _ := get(t, dev, "GET", "/api/v1/dev-pay/GP1-ABC?amount=1&sig=x"); code != 403 {
		t.Errorf("dev page with a forged link: %d", code)
	}
	if _, body := get(t, dev, "GET", "/api/v1/config"); !strings.Contains(body, `"channels":["dev"]`) {
		t.Errorf("dev config: %s", body)
	}
}

// Dev mode seeds the demo school idempotently.
func TestSeedDemoTwice(t *testing.T) {
	s := start(t, map[string]string{"GRADPHOTO_MODE": "dev"})
	if err := s.SeedDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, st := range DemoStudents {
		if _, _, err := s.DB.RosterByDocHash(t.Context(), s.App.PII.Hash("doc", st.Number)); err != nil {
			t.Errorf("%s not on the roster: %v", st.Name, err)
		}
	}
	acct, err := s.DB.AccountByDocHash(t.Context(), s.App.PII.Hash("doc", DemoStaffNumber))
	if err != nil || acct.Role != "staff" {
		t.Fatalf("staff account: %+v %v", acct, err)
	}
}
