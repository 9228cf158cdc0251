//go:build unix

package workerd_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"gradphoto/server/internal/apiclient"
	"gradphoto/server/internal/workerd"
	"gradphoto/server/service"
	"gradphoto/shared/identity"
)

func TestMain(m *testing.M) { os.Exit(workerd.Main(m)) }

type health struct {
	OK bool   `json:"ok"`
	DB string `json:"db"`
}

func getHealth(t testing.TB, w *workerd.Worker) (int, health) {
	t.Helper()
	resp, err := w.Get("/api/v1/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h health
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatalf("health: %s: %v", resp.Status, err)
	}
	return resp.StatusCode, h
}

// TestWorker runs the real Worker config (assets included) in local workerd
// against a loopback libSQL server: every health call makes a database round
// trip through the Worker's outbound fetch (the remedy in workerhttp).
func TestWorker(t *testing.T) {
	t.Parallel()
	w := workerd.Start(t, workerd.Options{SetUp: true})
	t.Logf("build %v, wrangler start to first healthy answer %v", workerd.BuildTime().Round(time.Millisecond), w.Started.Round(time.Millisecond))

	t.Run("health", func(t *testing.T) {
		status, h := getHealth(t, w)
		if status != http.StatusOK || !h.OK || h.DB != "ok" {
			t.Fatalf("health = %d %+v, want 200 ok db ok", status, h)
		}
		if strings.Contains(w.Log(), "Illegal invocation") {
			t.Errorf("the fetch crash is back:\n%s", w.Log())
		}
	})

	t.Run("assets", func(t *testing.T) {
		resp, err := w.Get("/")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || !strings.Contains(strings.ToLower(string(body)), "<!doctype html") {
			t.Fatalf("GET / = %s %.200q, want the web app's index.html", resp.Status, body)
		}
		// /api/* goes to the Worker, even where no route exists.
		resp, err = w.Get("/api/v1/no-such-route")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET /api/v1/no-such-route = %s, want the Worker's 404", resp.Status)
		}
	})

	t.Run("latency", func(t *testing.T) {
		d := measure(t, 100, func() error {
			if status, h := getHealth(t, w); status != http.StatusOK {
				return fmt.Errorf("%d %+v", status, h)
			}
			return nil
		})
		t.Logf("health (one libSQL round trip) through workerd, %s", d)
	})

	// The demo staff account (SetUp seeded it; bcrypt cost 10 as configured
	// by default): one login, then reads that check the session in the
	// database on every call.
	t.Run("login and authenticated read", func(t *testing.T) {
		c := apiclient.New(w.URL)
		t0 := time.Now()
		if err := c.Login(service.DemoStaffNumber, identity.DefaultPassword(service.DemoStaffNumber)); err != nil {
			t.Fatalf("login: %v\n%s", err, w.Log())
		}
		t.Logf("one login (bcrypt cost 10 in the Worker build): %v", time.Since(t0).Round(time.Millisecond))
		d := measure(t, 100, func() error { return c.JSON("GET", "/api/v1/me", nil, nil) })
		t.Logf("GET /api/v1/me (session check) through workerd, %s", d)
	})
}

// TestWorkerFlow is a student's whole journey through the Worker in
// workerd, over HTTP: sign up, log in, the collection pre-filled from the
// roster, a camera photo, a printed order, the dev payment confirmed on its
// page, and the order paid.
func TestWorkerFlow(t *testing.T) {
	t.Parallel()
	w := workerd.Start(t, workerd.Options{SetUp: true})
	c := apiclient.New(w.URL)
	st := service.DemoStudents[1]
	step := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v\n%s", what, err, w.Log())
		}
	}
	step("sign up", c.SignUp(st.Number, "13912345678", st.Name, "lin@example.com"))
	step("log in", c.Login(st.Number, identity.DefaultPassword(st.Number)))
	col, err := c.StartCollection(nil)
	step("collection", err)
	if !col.Locked {
		t.Fatalf("the roster did not pre-fill the collection: %+v", col)
	}
	photo, err := apiclient.SamplePhoto(7)
	step("sample photo", err)
	col, err = c.UploadPhoto(col.ID, "camera", photo, "flow-photo")
	step("photo", err)
	if col.State != "submitted" || !col.HasPhoto {
		t.Fatalf("after the photo: %+v", col)
	}
	o, err := c.CreateOrder(col.ID, "printed", "flow-order", map[string]string{
		"recipient": st.Name, "mobile": "13912345678", "province": "上海市", "city": "上海市", "district": "徐汇区",
		"detail": "漕溪北路 1 号", "postcode": "200030",
	})
	step("order", err)
	if o.State != "unpaid" || o.TotalFen != 3500 {
		t.Fatalf("order: %+v", o)
	}
	_, err = c.PayDev(o.ID)
	step("dev payment", err)
	o, err = c.GetOrder(o.ID)
	step("order after payment", err)
	if o.State != "paid" {
		t.Fatalf("the order is %s after the dev payment, want paid\n%s", o.State, w.Log())
	}
}

// measure calls f n times and describes the latencies.
func measure(t *testing.T, n int, f func() error) string {
	t.Helper()
	d := make([]time.Duration, n)
	for i := range d {
		t0 := time.Now()
		if err := f(); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		d[i] = time.Since(t0)
	}
	slices.Sort(d)
	r := func(x time.Duration) time.Duration { return x.Round(10 * time.Microsecond) }
	return fmt.Sprintf("%d calls: min %v, median %v, p90 %v, max %v", n, r(d[0]), r(d[n/2]), r(d[n*9/10]), r(d[n-1]))
}

// TestWorkerCron runs the Worker without assets (wrangler's local dev
// cannot deliver scheduled events to a Worker with assets): the cron
// handler reconciles; then the database goes away, health says 503 and the
// cron handler logs the failure instead of hanging.
func TestWorkerCron(t *testing.T) {
	t.Parallel()
	w := workerd.Start(t, workerd.Options{NoAssets: true, SetUp: true})
	waitLog := func(t *testing.T, line string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for !strings.Contains(w.Log(), line) {
			if time.Now().After(deadline) {
				t.Fatalf("no %q in the log after the scheduled event:\n%s", line, w.Log())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	t.Run("reconcile", func(t *testing.T) {
		if err := w.Scheduled("*/5 * * * *"); err != nil {
			t.Fatalf("%v\n%s", err, w.Log())
		}
		waitLog(t, "gradphoto: reconcile done")
	})
	t.Run("database down", func(t *testing.T) {
		w.StopDatabase()
		status, h := getHealth(t, w)
		if status != http.StatusServiceUnavailable || h.OK || h.DB == "ok" {
			t.Fatalf("health = %d %+v, want 503, ok false", status, h)
		}
		if err := w.Scheduled("*/5 * * * *"); err != nil {
			t.Fatalf("%v\n%s", err, w.Log())
		}
		waitLog(t, "gradphoto: reconcile: ")
	})
}

// BenchmarkWorkerHealth measures one health call (a libSQL round trip)
// through local workerd.
func BenchmarkWorkerHealth(b *testing.B) {
	w := workerd.Start(b, workerd.Options{})
	for b.Loop() {
		resp, err := w.Get("/api/v1/health")
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatal(resp.Status)
		}
	}
}
