//go:build !js

package hranatest

import (
	"crypto/rand"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// Server is a loopback libSQL server for tests: a real HTTP server on
// 127.0.0.1 speaking Hrana over HTTP, with a real SQLite database file
// behind it.
//
//	s := hranatest.Start(t)
//	db, err := sql.Open("libsql", s.DSN())
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:PORT, for libSQL
	// clients.
	URL string
	// Token is the bearer token clients must send; "" if authorization is
	// off.
	Token string
	// DBPath is the SQLite database file behind the server.
	DBPath string

	h         *Handler
	ts        *httptest.Server
	closeOnce sync.Once
}

// Start starts a Server that lives until the test ends. Unless the options
// say otherwise, it requires a random token (see Server.Token and
// Server.DSN) and keeps its database in a file under t.TempDir().
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	token := rand.Text()
	if cfg.token != nil {
		token = *cfg.token
	}
	dbPath := cfg.dbPath
	if dbPath == "" {
		dbPath = filepath.Join(t.TempDir(), "hranatest.db")
	}
	h, err := newHandler(dbPath, token, cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Token: token, DBPath: dbPath, h: h, ts: httptest.NewServer(h)}
	s.URL = s.ts.URL
	t.Cleanup(s.Close)
	return s
}

// DSN is the data source name to open the server with database/sql and
// github.com/tursodatabase/libsql-client-go/libsql:
// sql.Open("libsql", s.DSN()). The driver takes the token from the
// authToken query parameter and sends it as a bearer token.
//
// Beware that the driver's connections do not implement driver.Pinger:
// db.Ping never reaches the server, so it proves neither that the server is
// up nor that the token is right. Run a query (SELECT 1) for that.
func (s *Server) DSN() string {
	if s.Token == "" {
		return s.URL
	}
	return s.URL + "?authToken=" + url.QueryEscape(s.Token)
}

// Handler is the server's handler.
func (s *Server) Handler() *Handler { return s.h }

// Requests is the number of HTTP requests the server has received.
func (s *Server) Requests() int { return s.h.Requests() }

// OpenStreams is the number of streams open now.
func (s *Server) OpenStreams() int { return s.h.OpenStreams() }

// Close shuts the server down: it stops accepting requests, waits for those
// in flight, and closes every stream. Start arranges for it to run when the
// test ends; calling it earlier is fine.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.ts.Close()
		s.h.Close()
	})
}

// Option configures a Server or Handler.
type Option func(*config)

type config struct {
	token            *string // Start only
	dbPath           string  // Start only
	streamTimeout    time.Duration
	busyTimeout      time.Duration
	queryTimeout     time.Duration
	maxStreams       int
	maxBodyBytes     int64
	maxResponseBytes int64
	logf             func(format string, args ...any)
}

func defaultConfig() config {
	return config{
		streamTimeout:    10 * time.Second,
		busyTimeout:      5 * time.Second,
		maxStreams:       256,
		maxBodyBytes:     64 << 20,
		maxResponseBytes: 64 << 20,
	}
}

// WithToken sets the bearer token Start's server requires; "" turns
// authorization off. By default Start makes up a random token. (New takes
// the token as an argument instead.)
func WithToken(token string) Option { return func(c *config) { c.token = &token } }

// WithDBPath makes Start's server use the SQLite database file at path
// rather than a new one under t.TempDir(). (New takes the path as an
// argument instead.)
func WithDBPath(path string) Option { return func(c *config) { c.dbPath = path } }

// WithStreamTimeout sets how long a stream may sit idle, between one
// pipeline request and the next, before it expires (default 10s, as
// libsql-server). An expired stream's open transaction is rolled back, and
// its baton no longer works. d <= 0: streams never expire.
func WithStreamTimeout(d time.Duration) Option { return func(c *config) { c.streamTimeout = d } }

// WithBusyTimeout sets how long a statement waits for a lock another stream
// holds before failing with SQLITE_BUSY (default 5s).
func WithBusyTimeout(d time.Duration) Option { return func(c *config) { c.busyTimeout = d } }

// WithQueryTimeout interrupts a statement that runs longer than d; 0, the
// default, lets statements run as long as they take.
func WithQueryTimeout(d time.Duration) Option { return func(c *config) { c.queryTimeout = d } }

// WithMaxStreams sets how many streams may be open at once (default 256);
// beyond that, opening a stream fails with 503. n <= 0: no limit.
func WithMaxStreams(n int) Option { return func(c *config) { c.maxStreams = n } }

// WithMaxBodyBytes sets the largest request body accepted (default 64 MiB);
// a larger one fails with 413. n <= 0: no limit.
func WithMaxBodyBytes(n int64) Option { return func(c *config) { c.maxBodyBytes = n } }

// WithMaxResponseBytes bounds, roughly, the size of the rows one pipeline
// response carries (default 64 MiB). A statement whose rows go beyond it
// fails with the error code RESPONSE_TOO_LARGE. n <= 0: no limit.
func WithMaxResponseBytes(n int64) Option { return func(c *config) { c.maxResponseBytes = n } }

// WithLogf makes the server log failed HTTP requests with logf. Do not pass
// t.Logf: a client may send requests (closing streams) after the test ends.
func WithLogf(logf func(format string, args ...any)) Option {
	return func(c *config) { c.logf = logf }
}
