package bench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"gradphoto/server/app"
	"gradphoto/server/config"
	"gradphoto/server/service"
	"gradphoto/shared/record"
)

const clients = 50

// fixture is a running native service with students ready to act.
type fixture struct {
	svc    *service.Service
	url    string
	tokens []string // one session per student
	colls  []int64  // their collections, each with a photo
	http   *http.Client
}

// startService runs the real service on a file database behind net/http.
func startService(b *testing.B) *fixture {
	b.Helper()
	dir := b.TempDir()
	cfg, err := config.Load(func(k string) string {
		return map[string]string{"GRADPHOTO_MODE": "dev", "DATABASE_URL": "file:" + filepath.Join(dir, "bench.db")}[k]
	})
	if err != nil {
		b.Fatal(err)
	}
	svc, err := service.New(cfg, service.Options{DataKey: bytes.Repeat([]byte{1}, 32)})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := svc.DB.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	hs := &http.Server{Handler: svc}
	go hs.Serve(ln)
	b.Cleanup(func() { hs.Close(); svc.Close() })
	return &fixture{svc: svc, url: "http://" + ln.Addr().String(), http: newClient(clients)}
}

// addStudents makes n students with a session and a collection holding a
// photo, directly in the store: the benchmarks measure requests, not the
// set-up (bcrypt alone would take minutes for thousands of sign-ups).
func (f *fixture) addStudents(b *testing.B, n int) {
	b.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	for i := 0; i < n; i++ {
		k := len(f.tokens)
		a := &app.Account{Role: app.Student, DocType: "resident_id", DocHash: fmt.Sprintf("bench-%d", k), DocSealed: f.svc.App.PII.Seal("x"),
			DocMasked: "x", MobileHash: "m", MobileSealed: "m", MobileMasked: "m", Name: "学生", Email: "s@example.com", Sex: "male",
			PasswordHash: "unused", CreatedAt: now}
		if err := f.svc.DB.CreateAccount(ctx, a); err != nil {
			b.Fatal(err)
		}
		token := fmt.Sprintf("benchtoken%054d", k)
		sum := sha256.Sum256([]byte(token))
		if err := f.svc.DB.CreateSession(ctx, app.Session{TokenHash: hex.EncodeToString(sum[:]), AccountID: a.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			b.Fatal(err)
		}
		c := &app.Collection{AccountID: a.ID, State: record.Draft, CreatedAt: now, UpdatedAt: now, Student: record.Student{
			School: "上海示范大学", College: "数学学院", Major: "统计学", Level: record.Bachelor, StudentNo: "S1", Name: "学生", Sex: "male", GraduationDate: "2027-06"}}
		if err := f.svc.DB.CreateCollection(ctx, c); err != nil {
			b.Fatal(err)
		}
		c.State, c.Source = record.Submitted, record.Camera
		photo := &app.Photo{Kind: app.Finished, ContentType: "image/jpeg", Width: 480, Height: 640, Size: 1, SHA256: "x", Data: []byte{0xff}, CreatedAt: now}
		if _, err := f.svc.DB.AttachPhotos(ctx, c, []*app.Photo{photo}); err != nil {
			b.Fatal(err)
		}
		f.tokens, f.colls = append(f.tokens, token), append(f.colls, c.ID)
	}
}

func (f *fixture) do(method, path, token string, body []byte, header map[string]string) (int, error) {
	req, _ := http.NewRequest(method, f.url+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := f.http.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}

// BenchmarkAuthenticatedRead: 50 students read their own collection
// (session lookup + collection query) as fast as they can.
func BenchmarkAuthenticatedRead(b *testing.B) {
	f := startService(b)
	f.addStudents(b, clients)
	const perClient = 400
	f.do("GET", fmt.Sprintf("/api/v1/collections/%d", f.colls[0]), f.tokens[0], nil, nil) // warm up
	b.ResetTimer()
	res := Run(clients, perClient, func(c, i int) bool {
		status, err := f.do("GET", fmt.Sprintf("/api/v1/collections/%d", f.colls[c]), f.tokens[c], nil, nil)
		return err == nil && status == 200
	})
	b.StopTimer()
	report(b, "authenticated read of own collection, 50 clients", res)
}

// BenchmarkOrderCreation: 50 clients create orders, each for a different
// student's collection, with fresh idempotency keys.
func BenchmarkOrderCreation(b *testing.B) {
	f := startService(b)
	const perClient = 40
	f.addStudents(b, clients*perClient)
	b.ResetTimer()
	res := Run(clients, perClient, func(c, i int) bool {
		k := c*perClient + i
		body := []byte(fmt.Sprintf(`{"collection_id":%d,"kind":"electronic"}`, f.colls[k]))
		status, err := f.do("POST", "/api/v1/orders", f.tokens[k], body, map[string]string{"Idempotency-Key": fmt.Sprintf("bench-%d", k)})
		return err == nil && status == 201
	})
	b.StopTimer()
	report(b, "order creation, 50 clients", res)
}

func report(b *testing.B, what string, res Result) {
	b.Helper()
	if res.Errors > 0 {
		b.Errorf("%s: %d requests failed", what, res.Errors)
	}
	b.ReportMetric(res.PerSecond(), "req/s")
	b.ReportMetric(float64(res.P99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(res.P50.Microseconds())/1000, "p50-ms")
	fmt.Printf("%s: %s\n", what, res)
}
