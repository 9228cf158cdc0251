package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"io"
	"math/rand"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"gradphoto/server/app"
	"gradphoto/server/httpapi"
	"gradphoto/server/internal/apiclient"
	"gradphoto/server/payment"
	"gradphoto/server/payment/devpay"
	"gradphoto/server/pii"
	"gradphoto/server/store"
	"gradphoto/shared/identity"
	"gradphoto/shared/order"
	"gradphoto/shared/photospec"
)

// env is one API server on a fresh file database.
type env struct {
	t     testing.TB
	srv   *httptest.Server
	app   *app.App
	db    *store.DB
	clock *clock
}

// clock is a settable time source, so tests can expire orders and locks.
type clock struct{ now atomic.Int64 }

func (c *clock) Now() time.Time          { return time.Unix(0, c.now.Load()).UTC() }
func (c *clock) Advance(d time.Duration) { c.now.Add(int64(d)) }

func newEnv(t testing.TB, providers ...payment.Provider) *env {
	t.Helper()
	return startEnv(t, false, providers)
}

// newDevEnv is newEnv in dev mode, with the dev payment provider.
func newDevEnv(t testing.TB, providers ...payment.Provider) *env {
	t.Helper()
	return startEnv(t, true, providers)
}

func startEnv(t testing.TB, devPay bool, providers []payment.Provider) *env {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, "file:"+filepath.Join(t.TempDir(), "test.db"), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	keeper, err := pii.New(bytes.Repeat([]byte{42}, 32))
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{}
	c.now.Store(time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC).UnixNano())
	a := &app.App{
		Store: db, PII: keeper, Pricing: order.DefaultPricing(), Now: c.Now,
		Limits:    app.Limits{SessionTTL: 24 * time.Hour, LoginMaxFailures: 5, LoginIPFailures: 1000, LoginLock: 15 * time.Minute, BcryptCost: 4},
		Providers: map[string]payment.Provider{},
	}
	for _, p := range providers {
		a.Providers[p.Name()] = p
	}
	srv := httptest.NewUnstartedServer(nil)
	srv.Start()
	t.Cleanup(srv.Close)
	a.BaseURL = srv.URL
	s := &httpapi.Server{App: a}
	if devPay {
		dp, err := devpay.New("dev", bytes.Repeat([]byte{9}, 32), srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		a.Providers[dp.Name()] = dp
		s.Dev, s.DevPay = true, dp.Handler(s)
	}
	srv.Config.Handler = s.Handler()
	return &env{t: t, srv: srv, app: a, db: db, clock: c}
}

// idNumber builds a valid 18-character resident ID number.
func idNumber(birth string, seq int) string {
	first := fmt.Sprintf("110105%s%03d", birth, seq)
	return first + string(identity.CheckChar(first))
}

// client is one student's browser: it keeps the session token.
type client struct {
	e     *env
	token string
}

func (e *env) client() *client { return &client{e: e} }

type resp struct {
	Status int
	Body   []byte
	Header http.Header
}

func (r resp) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("answer is not JSON (%d): %s", r.Status, r.Body)
	}
	return m
}

func (r resp) ErrorCode(t testing.TB) string {
	t.Helper()
	e, _ := r.JSON(t)["error"].(map[string]any)
	if e == nil {
		return ""
	}
	if e["zh"] == "" || e["en"] == "" {
		t.Fatalf("error without both messages: %s", r.Body)
	}
	code, _ := e["code"].(string)
	return code
}

func (c *client) do(method, path string, body io.Reader, contentType string, header map[string]string) resp {
	c.e.t.Helper()
	req, err := http.NewRequest(method, c.e.srv.URL+path, body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{Status: res.StatusCode, Body: b, Header: res.Header}
}

func (c *client) json(method, path string, v any, header ...map[string]string) resp {
	c.e.t.Helper()
	var body io.Reader
	ct := ""
	if v != nil {
		b, _ := json.Marshal(v)
		body, ct = bytes.NewReader(b), "application/json"
	}
	var h map[string]string
	if len(header) > 0 {
		h = header[0]
	}
	return c.do(method, path, body, ct, h)
}

func mustStatus(t testing.TB, r resp, want int) map[string]any {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d: %s", r.Status, want, r.Body)
	}
	if len(r.Body) == 0 || r.Body[0] != '{' {
		return nil
	}
	return r.JSON(t)
}

// signUpAndLogin creates a student and logs in with the default password.
func (c *client) signUpAndLogin(number, mobile string) map[string]any {
	t := c.e.t
	t.Helper()
	mustStatus(t, c.json("POST", "/api/v1/auth/signup", map[string]any{
		"doc_type": "resident_id", "doc_number": number, "mobile": mobile, "name": "张三", "email": "zs@example.com",
	}), 201)
	out := mustStatus(t, c.json("POST", "/api/v1/auth/login", map[string]any{"doc_number": number, "password": identity.DefaultPassword(number)}), 200)
	c.token = out["token"].(string)
	return out
}

var testStudent = map[string]any{
	"school": "外省大学", "college": "计算机学院", "major": "软件工程", "level": "bachelor",
	"student_no": "2023001", "name": "张三", "sex": "male", "graduation_date": "2027-06",
}

// startCollection creates the student's collection from the form.
func (c *client) startCollection() int64 {
	c.e.t.Helper()
	out := mustStatus(c.e.t, c.json("POST", "/api/v1/collections", map[string]any{"student": testStudent}), 200)
	return int64(out["collection"].(map[string]any)["id"].(float64))
}

// finishedPhoto is a JPEG that meets the CHSI container rules.
func finishedPhoto(t testing.TB, seed int64) []byte {
	t.Helper()
	b, err := apiclient.SamplePhoto(seed)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// greyWallPhoto is a finished photo's file (size, dpi, bytes) whose
// background is a grey wall, which the server's check refuses.
func greyWallPhoto(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 480, 640))
	r := rand.New(rand.NewSource(1))
	for i := range img.Pix {
		img.Pix[i] = uint8(120 + r.Intn(60))
		if i%4 == 3 {
			img.Pix[i] = 255
		}
	}
	b, err := photospec.Encode(img, photospec.CHSI)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// uploadPhoto posts a photo as the app does.
func (c *client) uploadPhoto(id int64, source string, data []byte, key string) resp {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("source", source)
	if source == "camera" {
		w.WriteField("report", `{"ok":true}`)
	}
	fw, _ := w.CreateFormFile("photo", "photo.jpg")
	fw.Write(data)
	w.Close()
	h := map[string]string{}
	if key != "" {
		h["Idempotency-Key"] = key
	}
	return c.do("POST", fmt.Sprintf("/api/v1/collections/%d/photo", id), &body, w.FormDataContentType(), h)
}

// readyForOrder signs up a student with a collection and a camera photo.
func (e *env) readyForOrder(seq int) (*client, int64) {
	c := e.client()
	c.signUpAndLogin(idNumber("20010203", seq), fmt.Sprintf("138%08d", seq))
	id := c.startCollection()
	mustStatus(e.t, c.uploadPhoto(id, "camera", finishedPhoto(e.t, int64(seq)), ""), 200)
	return c, id
}

// staff signs up an account, makes it staff in the database (as the admin
// command does) and logs it in.
func (e *env) staff(t testing.TB) *client {
	t.Helper()
	c := e.client()
	number := idNumber("19800101", 901)
	c.signUpAndLogin(number, "13700000901")
	me := mustStatus(t, c.json("GET", "/api/v1/me", nil), 200)
	id := int64(me["account"].(map[string]any)["id"].(float64))
	if err := e.db.SetRole(context.Background(), id, app.Staff); err != nil {
		t.Fatal(err)
	}
	return c
}
