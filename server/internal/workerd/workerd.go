//go:build unix

package workerd

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gradphoto/server/config"
	"gradphoto/server/service"
)

// Options change how Start runs the Worker. The zero value runs the
// repository's wrangler.toml (minus its build command) against a fresh
// loopback libSQL server, in dev mode.
type Options struct {
	// DatabaseURL, when set, is used instead of starting a libSQL server
	// (with AuthToken as its token).
	DatabaseURL, AuthToken string

	// Vars are added to (and override) the Worker's vars and secrets.
	Vars map[string]string

	// SetUp migrates the database and seeds the demo data before the Worker
	// starts, as the native server does at start in dev mode (the Worker
	// never migrates by itself). It runs in the test process against the
	// same database URL, token and DATA_KEY as the Worker.
	SetUp bool

	// NoAssets drops the [assets] table. wrangler 4.86.0's local dev cannot
	// deliver scheduled events to a Worker that has assets (its asset router
	// fails with "DataCloneError: Could not serialize object of type
	// ScheduledController", also for a plain JS Worker), so a test of the
	// cron handler needs this.
	NoAssets bool

	// ReadyStatus is the /api/v1/health status that means "started"
	// (default 200; a test of a broken database waits for 503).
	ReadyStatus int

	// StartTimeout bounds the wait for the Worker (default 120 s: the first
	// request compiles a 13 MB wasm module, slowly on a loaded machine).
	StartTimeout time.Duration
}

// Worker is a running local Worker.
type Worker struct {
	URL         string // http://127.0.0.1:port, no trailing slash
	DatabaseURL string
	AuthToken   string
	Dir         string            // its wrangler.toml, .dev.vars, state and log
	Vars        map[string]string // what the Worker got in .dev.vars (DATA_KEY included)
	Started     time.Duration     // from process start to the first healthy answer

	log    *logBuffer
	stopDB func()
}

// StopDatabase stops the libSQL server Start started (for tests of a
// database that went away); the Worker keeps running.
func (w *Worker) StopDatabase() {
	if w.stopDB != nil {
		w.stopDB()
	}
}

// Log returns everything wrangler and workerd have printed so far
// (including the Worker's own log lines).
func (w *Worker) Log() string { return w.log.String() }

// Get sends GET URL+path.
func (w *Worker) Get(path string) (*http.Response, error) {
	return httpClient.Get(w.URL + path)
}

// Scheduled triggers the Worker's scheduled handler as the cron expression
// would (wrangler's /cdn-cgi/handler/scheduled). It needs Options.NoAssets.
func (w *Worker) Scheduled(cron string) error {
	resp, err := w.Get("/cdn-cgi/handler/scheduled?cron=" + url.QueryEscape(cron))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("scheduled %q: %s: %s", cron, resp.Status, bytes.TrimSpace(body))
	}
	return nil
}

var httpClient = &http.Client{Timeout: 30 * time.Second}

// Main runs the tests and then removes what the package built. Call it
// from TestMain.
func Main(m *testing.M) int {
	mainUsed = true
	code := m.Run()
	if work.dir != "" {
		_ = os.RemoveAll(work.dir)
	}
	return code
}

var mainUsed bool

// Check reports why the Worker cannot run here, or nil.
func Check(root string) error {
	if _, err := exec.LookPath("node"); err != nil {
		return errors.New("node is not installed (the Worker runs in wrangler's workerd)")
	}
	if !fileExists(wranglerBin(root)) {
		return fmt.Errorf("%s is missing: run `make node_modules` (npm ci)", wranglerBin(root))
	}
	if _, err := hranadSource(root); err != nil {
		return err
	}
	return nil
}

// Require returns the repository root, or skips the test with the reason
// the Worker cannot run here (fails it when CI is set: CI must run it).
func Require(t testing.TB) string {
	t.Helper()
	root, err := Root()
	if err == nil {
		err = Check(root)
	}
	if err == nil && testing.Short() {
		t.Skip("workerd: skipped in -short mode (builds and starts the Worker)")
	}
	if err != nil {
		if inCI() {
			t.Fatalf("workerd: cannot run the Worker: %v", err)
		}
		t.Skipf("workerd: cannot run the Worker, skipping (with CI=true this fails): %v", err)
	}
	return root
}

func inCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v == "true" || v == "1"
}

func wranglerBin(root string) string { return filepath.Join(root, "node_modules", ".bin", "wrangler") }

// work is what is built once per test binary.
var work struct {
	once      sync.Once
	dir       string // temporary: build/ and the hranad binary
	build     string // worker.mjs, runtime.mjs, wasm_exec.js, app.wasm
	hranad    string
	buildTime time.Duration
	err       error
}

// Build builds the Worker (workers-assets-gen, then the wasm) and the
// libSQL test server once per test binary and returns the Worker's build
// directory. It mirrors [build] command in wrangler.toml.
func Build(t testing.TB) string {
	t.Helper()
	root := Require(t)
	work.once.Do(func() {
		work.dir, work.err = os.MkdirTemp("", "gradphoto-workerd-")
		if work.err != nil {
			return
		}
		t0 := time.Now()
		work.build = filepath.Join(work.dir, "build")
		if work.err = goCmd(root, nil, "run", "github.com/syumai/workers/cmd/workers-assets-gen", "-mode=go", "-o", work.build); work.err != nil {
			return
		}
		if work.err = goCmd(root, []string{"GOOS=js", "GOARCH=wasm"}, "build", "-trimpath", "-ldflags=-s -w",
			"-o", filepath.Join(work.build, "app.wasm"), "./server/cmd/gradphoto"); work.err != nil {
			return
		}
		work.buildTime = time.Since(t0)
		src, err := hranadSource(root)
		if err != nil {
			work.err = err
			return
		}
		if src.exe != "" {
			work.hranad = src.exe
			return
		}
		work.hranad = filepath.Join(work.dir, "hranad")
		work.err = goCmd(src.dir, nil, "build", "-o", work.hranad, src.pkg)
	})
	if !mainUsed {
		t.Logf("workerd: call workerd.Main from TestMain so that %s is removed", work.dir)
	}
	if work.err != nil {
		t.Fatalf("workerd: build: %v", work.err)
	}
	return work.build
}

// BuildTime is how long Build took (zero before it ran).
func BuildTime() time.Duration { return work.buildTime }

func goCmd(dir string, env []string, args ...string) error {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return err
	}
	cmd := exec.Command(goBin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s go %s: %v\n%s", strings.Join(env, " "), strings.Join(args, " "), err, out)
	}
	return nil
}

// hranadSource says where the loopback libSQL server comes from: the
// repository's server/internal/hranatest/cmd/hranad, or $HRANAD (an
// executable, or a command directory inside some Go module).
type hranadSrc struct{ dir, pkg, exe string }

func hranadSource(root string) (hranadSrc, error) {
	const pkg = "./server/internal/hranatest/cmd/hranad"
	if v := os.Getenv("HRANAD"); v != "" {
		st, err := os.Stat(v)
		switch {
		case err != nil:
			return hranadSrc{}, fmt.Errorf("HRANAD=%s: %v", v, err)
		case st.IsDir():
			return hranadSrc{dir: v, pkg: "."}, nil
		default:
			return hranadSrc{exe: v}, nil
		}
	}
	if dirExists(filepath.Join(root, pkg)) {
		return hranadSrc{dir: root, pkg: pkg}, nil
	}
	return hranadSrc{}, fmt.Errorf("no libSQL test server: %s is missing (or set HRANAD to its command directory or binary)", pkg)
}

// Start builds (once) and starts the Worker in local workerd, waits until
// /api/v1/health answers, and stops everything when the test ends.
func Start(t testing.TB, opts Options) *Worker {
	t.Helper()
	root := Require(t)
	build := Build(t)
	if opts.ReadyStatus == 0 {
		opts.ReadyStatus = http.StatusOK
	}
	if opts.StartTimeout == 0 {
		opts.StartTimeout = 120 * time.Second
	}
	dir := t.TempDir()
	w := &Worker{Dir: dir, DatabaseURL: opts.DatabaseURL, AuthToken: opts.AuthToken}
	if w.DatabaseURL == "" {
		w.DatabaseURL, w.AuthToken, w.stopDB = startHrana(t, dir)
	}

	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	inspector, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	w.URL = "http://127.0.0.1:" + strconv.Itoa(port)

	cfg, err := testConfig(root, build, dir, opts.NoAssets)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "wrangler.toml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{
		"GRADPHOTO_MODE":     "dev",
		"BASE_URL":           w.URL,
		"TURSO_DATABASE_URL": w.DatabaseURL,
		"TURSO_AUTH_TOKEN":   w.AuthToken,
		"DATA_KEY":           randomHex(32),
	}
	for k, v := range opts.Vars {
		vars[k] = v
	}
	w.Vars = vars
	if opts.SetUp {
		if err := setUp(vars); err != nil {
			t.Fatalf("workerd: set up the database: %v", err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, ".dev.vars"), devVars(vars), 0o600); err != nil {
		t.Fatal(err)
	}

	w.log, err = newLogBuffer(filepath.Join(dir, "wrangler.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(wranglerBin(root), "dev", "--local",
		"--ip", "127.0.0.1", "--port", strconv.Itoa(port),
		"--inspector-port", strconv.Itoa(inspector),
		"--persist-to", filepath.Join(dir, "state"),
		"--show-interactive-dev-session=false")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"WRANGLER_SEND_METRICS=false",
		"CLOUDFLARE_CF_FETCH_ENABLED=false",
		"WRANGLER_LOG_PATH="+filepath.Join(dir, "wrangler-logs"),
		"NO_COLOR=1", "FORCE_COLOR=0",
	)
	cmd.Stdout, cmd.Stderr = w.log, w.log
	t0 := time.Now()
	stop := startGroup(t, "wrangler dev", cmd)

	exited := make(chan struct{})
	go func() {
		_ = stop.wait()
		close(exited)
	}()
	t.Cleanup(func() {
		stop.stop()
		<-exited
		w.log.Close()
	})

	ctx, cancel := context.WithTimeout(context.Background(), opts.StartTimeout)
	defer cancel()
	last := "no answer"
	for {
		status, body, err := get(ctx, w.URL+"/api/v1/health")
		switch {
		case err == nil && status == opts.ReadyStatus:
			w.Started = time.Since(t0)
			return w
		case err == nil:
			last = fmt.Sprintf("%d %s", status, bytes.TrimSpace(body))
		default:
			last = err.Error()
		}
		select {
		case <-exited:
			t.Fatalf("workerd: wrangler exited before the Worker answered (last: %s)\n%s", last, w.log.Tail(8000))
		case <-ctx.Done():
			t.Fatalf("workerd: no %d from /api/v1/health within %v (last: %s)\n%s", opts.ReadyStatus, opts.StartTimeout, last, w.log.Tail(8000))
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func get(ctx context.Context, u string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, nil, err
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return resp.StatusCode, body, err
}

// testConfig is the repository's wrangler.toml with absolute paths, without
// its [build] table (Build has built the Worker) and, if asked, without
// [assets]. The web app is the repository's web/dist when it has been
// built, else a one-page stand-in.
func testConfig(root, build, dir string, noAssets bool) ([]byte, error) {
	src, err := os.ReadFile(filepath.Join(root, "wrangler.toml"))
	if err != nil {
		return nil, err
	}
	assets := filepath.Join(root, "web", "dist")
	if !dirExists(assets) {
		assets = filepath.Join(dir, "dist")
		if err := os.MkdirAll(assets, 0o755); err != nil {
			return nil, err
		}
		page := "<!doctype html><meta charset=utf-8><title>gradphoto</title><p>web app stand-in (web/dist not built)\n"
		if err := os.WriteFile(filepath.Join(assets, "index.html"), []byte(page), 0o644); err != nil {
			return nil, err
		}
	}
	header := regexp.MustCompile(`^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$`)
	key := regexp.MustCompile(`^\s*([A-Za-z0-9_-]+)\s*=`)
	var out bytes.Buffer
	table, sawMain := "", false
	for _, line := range strings.Split(string(src), "\n") {
		if m := header.FindStringSubmatch(line); m != nil {
			table = m[1]
		}
		if table == "build" || (noAssets && table == "assets") {
			continue
		}
		if m := key.FindStringSubmatch(line); m != nil {
			switch {
			case table == "" && m[1] == "main":
				line, sawMain = "main = "+strconv.Quote(filepath.Join(build, "worker.mjs")), true
			case table == "assets" && m[1] == "directory":
				line = "directory = " + strconv.Quote(assets)
			}
		}
		out.WriteString(line + "\n")
	}
	if !sawMain {
		return nil, errors.New("wrangler.toml: no top-level main")
	}
	return out.Bytes(), nil
}

// setUp migrates and seeds the Worker's database with the configuration
// the Worker will read.
func setUp(vars map[string]string) error {
	cfg, err := config.Load(func(name string) string { return vars[name] })
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := service.New(cfg, service.Options{DataKey: cfg.DataKey})
	if err != nil {
		return err
	}
	defer srv.Close()
	_, err = srv.SetUp(ctx, cfg)
	return err
}

// devVars writes a .dev.vars file (dotenv syntax, double-quoted values).
func devVars(vars map[string]string) []byte {
	names := make([]string, 0, len(vars))
	for k := range vars {
		names = append(names, k)
	}
	sort.Strings(names)
	var b bytes.Buffer
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	for _, k := range names {
		fmt.Fprintf(&b, "%s=\"%s\"\n", k, r.Replace(vars[k]))
	}
	return b.Bytes()
}

// startHrana starts the loopback libSQL server on a free port with a fresh
// database file and a random token, and returns its URL, token and a
// function that stops it.
func startHrana(t testing.TB, dir string) (string, string, func()) {
	t.Helper()
	token := randomHex(16)
	cmd := exec.Command(work.hranad, "-addr", "127.0.0.1:0", "-db", filepath.Join(dir, "hrana.db"), "-token", token)
	cmd.Dir = dir
	lb, err := newLogBuffer(filepath.Join(dir, "hranad.log"))
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = io.MultiWriter(lb, pw), lb
	g := startGroup(t, "hranad", cmd)
	exited := make(chan struct{})
	go func() {
		_ = g.wait()
		pw.Close()
		close(exited)
	}()
	t.Cleanup(func() {
		g.stop()
		<-exited
		lb.Close()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		withScheme := regexp.MustCompile(`https?://[^\s"'<>]+`)
		hostPort := regexp.MustCompile(`(127\.0\.0\.1|localhost|\[::1\]):[0-9]+`)
		for sc.Scan() {
			u := withScheme.FindString(sc.Text())
			if u == "" {
				if hp := hostPort.FindString(sc.Text()); hp != "" {
					u = "http://" + hp
				}
			}
			if u != "" {
				select {
				case found <- strings.TrimRight(u, "/."):
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, pr)
	}()
	select {
	case u := <-found:
		return u, token, g.stop
	case <-exited:
		t.Fatalf("workerd: hranad exited without printing its URL\n%s", lb.Tail(4000))
	case <-time.After(30 * time.Second):
		t.Fatalf("workerd: hranad printed no URL within 30s\n%s", lb.Tail(4000))
	}
	return "", "", nil
}

// group is a command running in a process group of its own, so that
// stopping it also stops what it started (npx/node -> workerd).
type group struct {
	cmd  *exec.Cmd
	once sync.Once
}

func startGroup(t testing.TB, name string, cmd *exec.Cmd) *group {
	t.Helper()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	parentDeathSignal(cmd.SysProcAttr)
	// Children that keep the output pipe open must not block Wait forever.
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatalf("workerd: start %s: %v", name, err)
	}
	return &group{cmd: cmd}
}

func (g *group) wait() error { return g.cmd.Wait() }

// stop sends SIGTERM to the group, and SIGKILL if anything in it is still
// there after 5 s.
func (g *group) stop() {
	g.once.Do(func() {
		pgid := g.cmd.Process.Pid
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			if syscall.Kill(-pgid, 0) != nil { // no process left in the group
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
	})
}

// logBuffer keeps a process's output in memory and in a file.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	f   *os.File
}

func newLogBuffer(path string) (*logBuffer, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &logBuffer{f: f}, nil
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	if l.f != nil {
		_, _ = l.f.Write(p)
	}
	return len(p), nil
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Tail is the last n bytes of the log.
func (l *logBuffer) Tail(n int) string {
	s := l.String()
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	return s
}

func (l *logBuffer) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil {
		_ = l.f.Close()
		l.f = nil
	}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
