//go:build !js && !wasip1

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // the photos
	_ "image/png"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/image/draw"
	_ "modernc.org/sqlite" // reads the server's database file
)

// missing fails the test under CI (CI=true), where everything a test needs
// must be there, and skips it elsewhere (wasm/internal/phototest.Missing,
// which this package may not import).
func missing(tb testing.TB, why string) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatal(why)
	}
	tb.Skip(why)
}

// repoRoot is the folder holding go.mod.
func repoRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no go.mod above " + dir)
		}
		dir = parent
	}
}

// photosDir is the team's photos, ../shared/photos beside the repository
// (never copied into it).
func photosDir(tb testing.TB) string {
	tb.Helper()
	photos := filepath.Join(repoRoot(tb), "..", "shared", "photos")
	if _, err := os.Stat(photos); err != nil {
		missing(tb, "test photos not found at "+photos+" (the team's kit, beside the repository)")
	}
	return photos
}

// distDir is the built app; the tests fail without it, since make test
// builds it first.
func distDir(tb testing.TB) string {
	tb.Helper()
	dist := filepath.Join(repoRoot(tb), "web", "dist")
	for _, f := range []string{"index.html", "sw.js", "assets", "engine/gradphoto-engine.wasm", "engine/engine-worker.js"} {
		if _, err := os.Stat(filepath.Join(dist, f)); err != nil {
			tb.Fatalf("web/dist/%s is missing: the app is not built: run make web", f)
		}
	}
	return dist
}

// tools finds Chromium and Node with playwright-core.
func tools(tb testing.TB) (chromium, node string) {
	tb.Helper()
	chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		if chromium, err = exec.LookPath("chromium"); err != nil {
			missing(tb, "chromium is not installed (make test installs it: make chromium)")
		}
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing(tb, "node is not installed (Node.js 20+ runs playwright-core)")
	}
	if _, err := os.Stat(filepath.Join(repoRoot(tb), "node_modules", "playwright-core", "package.json")); err != nil {
		missing(tb, "node_modules/playwright-core is missing: run make node_modules")
	}
	return chromium, node
}

// server is the native binary running in dev mode, reached through a
// recording proxy on another loopback port (the origin the browser sees).
type server struct {
	URL     string // the proxy: what the browser opens
	Direct  string // the server itself
	db      string // its SQLite file
	cmd     *exec.Cmd
	logs    *syncBuffer
	mu      sync.Mutex
	uploads []upload // photo uploads that went through the proxy
}

// upload is one POST …/photo the proxy passed on.
type upload struct {
	Path   string `json:"path"`
	Key    string `json:"key"`
	Status int    `json:"status"`
}

// startServer builds server/cmd/gradphoto, starts it in dev mode on a free
// port with its database in a temporary folder and the built app as its
// static files, and waits for /api/v1/health.
func startServer(t *testing.T, dist string) *server {
	t.Helper()
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "gradphoto")
	build := exec.Command("go", "build", "-o", bin, "./server/cmd/gradphoto")
	build.Dir = repoRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./server/cmd/gradphoto: %v\n%s", err, out)
	}
	s := &server{logs: &syncBuffer{}}
	front, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.URL = "http://" + front.Addr().String()
	addr := freeAddr(t)
	s.Direct = "http://" + addr
	s.cmd = exec.Command(bin)
	s.cmd.Dir = tmp
	s.db = filepath.Join(tmp, "data", "gradphoto.db")
	s.cmd.Env = append(os.Environ(), "GRADPHOTO_MODE=dev", "ADDR="+addr, "BASE_URL="+s.URL,
		"DATABASE_URL=file:"+s.db, "STATIC_DIR="+dist,
		"RECONCILE_EVERY=off", "BCRYPT_COST=4")
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		s.cmd.Wait()
		if t.Failed() {
			t.Logf("server output:\n%s", s.logs)
		}
	})

	target, _ := url.Parse(s.Direct)
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ErrorLog = log.New(s.logs, "proxy: ", 0)
	proxy.ModifyResponse = func(res *http.Response) error {
		r := res.Request
		if r.Method == "POST" && strings.HasPrefix(r.URL.Path, "/api/v1/collections/") && strings.HasSuffix(r.URL.Path, "/photo") {
			s.mu.Lock()
			s.uploads = append(s.uploads, upload{r.URL.Path, r.Header.Get("Idempotency-Key"), res.StatusCode})
			s.mu.Unlock()
		}
		return nil
	}
	mux := http.NewServeMux()
	mux.Handle("/", proxy)
	// What the proxy saw, for a scenario to ask mid-way (from Node, which
	// is never offline): the photo uploads so far.
	mux.HandleFunc("GET /__e2e/uploads", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(append([]upload{}, s.photoUploads()...))
	})
	front2 := &http.Server{Handler: mux}
	go front2.Serve(front)
	t.Cleanup(func() { front2.Close() })

	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get(s.URL + "/api/v1/health")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not become healthy: %v\n%s", err, s.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return s
}

// photoUploads returns the photo uploads seen so far.
func (s *server) photoUploads() []upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]upload(nil), s.uploads...)
}

// photoRows counts the photo rows the server stored for a collection, read
// from its database file (the finished photo, and an album's original).
func (s *server) photoRows(t *testing.T, collectionID int64) (rows int, keys []string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+s.db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rs, err := db.Query("SELECT kind, COALESCE(idempotency_key, '') FROM photos WHERE collection_id = ?", collectionID)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	for rs.Next() {
		var kind, key string
		if err := rs.Scan(&kind, &key); err != nil {
			t.Fatal(err)
		}
		rows++
		keys = append(keys, kind+":"+key)
	}
	return rows, keys
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// writeY4M writes a YUV4MPEG2 (4:2:0) video of frames identical frames,
// width x height, for Chromium's fake camera
// (--use-file-for-fake-video-capture): the photo scaled to the frame's
// height, standing on its bottom edge in the middle, the wall's colour (the
// photo's top-left corner) on either side, so that the face is found as in
// the photo itself.
func writeY4M(t *testing.T, photo, out string, width, height, frames int) {
	t.Helper()
	f, err := os.Open(photo)
	if err != nil {
		missing(t, err.Error())
	}
	src, _, err := image.Decode(f)
	f.Close()
	if err != nil {
		t.Fatalf("%s: %v", photo, err)
	}
	b := src.Bounds()
	wall := cornerColour(src)
	frame := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.Draw(frame, frame.Bounds(), image.NewUniform(wall), image.Point{}, draw.Src)
	scale := min(float64(width)/float64(b.Dx()), float64(height)/float64(b.Dy()))
	w, h := int(float64(b.Dx())*scale+0.5), int(float64(b.Dy())*scale+0.5)
	dst := image.Rect((width-w)/2, height-h, (width-w)/2+w, height)
	draw.CatmullRom.Scale(frame, dst, src, b, draw.Src, nil)

	// BT.601, limited range: what Chromium assumes for I420 camera frames.
	ys := make([]byte, width*height)
	us := make([]byte, width*height/4)
	vs := make([]byte, width*height/4)
	for y := 0; y < height; y++ {
		for x := 0; x < width; x++ {
			i := frame.PixOffset(x, y)
			R, G, B := float64(frame.Pix[i]), float64(frame.Pix[i+1]), float64(frame.Pix[i+2])
			ys[y*width+x] = clamp(16 + 0.257*R + 0.504*G + 0.098*B)
		}
	}
	for y := 0; y < height; y += 2 {
		for x := 0; x < width; x += 2 {
			var R, G, B float64
			for _, p := range [][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
				i := frame.PixOffset(x+p[0], y+p[1])
				R, G, B = R+float64(frame.Pix[i]), G+float64(frame.Pix[i+1]), B+float64(frame.Pix[i+2])
			}
			R, G, B = R/4, G/4, B/4
			j := (y/2)*(width/2) + x/2
			us[j] = clamp(128 - 0.148*R - 0.291*G + 0.439*B)
			vs[j] = clamp(128 + 0.439*R - 0.368*G - 0.071*B)
		}
	}
	o, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	wr := bufio.NewWriterSize(o, 1<<20)
	fmt.Fprintf(wr, "YUV4MPEG2 W%d H%d F30:1 Ip A1:1 C420\n", width, height)
	for i := 0; i < frames; i++ {
		wr.WriteString("FRAME\n")
		wr.Write(ys)
		wr.Write(us)
		wr.Write(vs)
	}
	if err := wr.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
}

// cornerColour is the mean of the photo's top-left 8 x 8 pixels: its wall.
func cornerColour(src image.Image) color.RGBA {
	b := src.Bounds()
	var r, g, bl, n uint32
	for y := b.Min.Y; y < b.Min.Y+8; y++ {
		for x := b.Min.X; x < b.Min.X+8; x++ {
			cr, cg, cb, _ := src.At(x, y).RGBA()
			r, g, bl, n = r+cr>>8, g+cg>>8, bl+cb>>8, n+1
		}
	}
	return color.RGBA{uint8(r / n), uint8(g / n), uint8(bl / n), 255}
}

// wallColour is cornerColour of the photo in file.
func wallColour(t *testing.T, file string) color.RGBA {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	src, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return cornerColour(src)
}

func clamp(v float64) byte {
	switch {
	case v < 0:
		return 0
	case v > 255:
		return 255
	}
	return byte(v + 0.5)
}

// browser runs app.mjs, one scenario in its own Chromium and context.
type browser struct {
	node, script string
	base         map[string]any // settings every scenario gets
}

// run runs scenario with the extra settings in params and decodes its
// result (the last line app.mjs prints) into out. A scenario that throws
// fails the test with its message and where its screenshot of the failure is.
func (b *browser) run(t *testing.T, scenario string, params map[string]any, out any) {
	t.Helper()
	cfg := map[string]any{"scenario": scenario}
	for k, v := range b.base {
		cfg[k] = v
	}
	for k, v := range params {
		cfg[k] = v
	}
	cfgFile := filepath.Join(t.TempDir(), "config.json")
	raw, _ := json.Marshal(cfg)
	if err := os.WriteFile(cfgFile, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, b.node, b.script, cfgFile)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	last := lines[len(lines)-1]
	var res struct {
		Error       string   `json:"error"`
		Console     []string `json:"console"`
		Screenshots []string `json:"screenshots"`
	}
	if jerr := json.Unmarshal([]byte(last), &res); jerr != nil {
		t.Fatalf("%s: no result from app.mjs (%v, %v)\nstdout:\n%s\nstderr:\n%s", scenario, err, jerr, stdout.String(), stderr.String())
	}
	for _, s := range res.Screenshots {
		t.Logf("screenshot %s", s)
	}
	if res.Error != "" {
		t.Fatalf("%s: %s\nbrowser console:\n  %s\nstderr:\n%s", scenario, res.Error, strings.Join(res.Console, "\n  "), stderr.String())
	}
	if err != nil {
		t.Fatalf("%s: node: %v\n%s", scenario, err, stderr.String())
	}
	if out != nil {
		if err := json.Unmarshal([]byte(last), out); err != nil {
			t.Fatalf("%s: %v: %s", scenario, err, last)
		}
	}
}

// api is a small client of the JSON API, for what the tests check behind
// the screens.
type api struct {
	base, token string
}

func (a *api) call(t *testing.T, method, path string, body, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, a.base+"/api/v1"+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, raw)
		}
	}
	if res.StatusCode >= 300 && out != nil {
		t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, raw)
	}
	return res.StatusCode
}

// login signs in through the API and keeps the token.
func login(t *testing.T, base, number, password string) *api {
	t.Helper()
	a := &api{base: base}
	var out struct {
		Token string `json:"token"`
	}
	a.call(t, "POST", "/auth/login", map[string]string{"doc_number": number, "password": password}, &out)
	a.token = out.Token
	return a
}
