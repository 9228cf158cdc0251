//go:build !js

package hranatest

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Handler serves Hrana over HTTP from a SQLite database file. It is an
// http.Handler for any HTTP server; Start wraps it in an httptest.Server.
//
// Routes:
//
//	POST /v2/pipeline, POST /v3/pipeline  run a pipeline (JSON)
//	GET  /v2, GET /v3                     version probes, 200 when authorized
//	GET  /health                          200, no authorization needed
//
// Every route but /health needs "Authorization: Bearer <token>" when the
// handler has a token. Errors that fail a whole HTTP request (bad token,
// malformed body, unknown baton, ...) have a 4xx or 5xx status and a JSON
// body {"error": msg, "message": msg, "code": code}: "error" is what
// libsql-server's HTTP layer sends and libsql-client-go reads, "message" and
// "code" are the Hrana spec's Error shape.
type Handler struct {
	cfg      config
	token    string
	reg      *registry
	requests atomic.Int64

	stop      chan struct{}
	janitor   sync.WaitGroup
	closeOnce sync.Once
}

// New returns a Handler serving the SQLite database file at dbPath (created
// if missing, and switched to WAL mode). Clients must send token as a bearer
// token; an empty token turns authorization off. WithToken and WithDBPath
// have no effect here: the arguments take their place. Close the Handler
// when done.
func New(dbPath, token string, opts ...Option) (*Handler, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	return newHandler(dbPath, token, cfg)
}

func newHandler(dbPath, token string, cfg config) (*Handler, error) {
	if dbPath == "" || dbPath == ":memory:" || strings.Contains(dbPath, "mode=memory") {
		return nil, fmt.Errorf("hranatest: the database must be a file, which every stream's connection opens; got %q", dbPath)
	}
	c, err := openConn(dbPath, cfg.busyTimeout)
	if err != nil {
		return nil, fmt.Errorf("hranatest: opening %s: %w", dbPath, err)
	}
	// WAL lets readers go on while a stream holds a write transaction, as
	// they do with libsql-server.
	err = c.exec("PRAGMA journal_mode=WAL")
	c.close()
	if err != nil {
		return nil, fmt.Errorf("hranatest: setting up %s: %w", dbPath, err)
	}
	h := &Handler{
		cfg:   cfg,
		token: token,
		reg:   newRegistry(dbPath, cfg.busyTimeout, cfg.streamTimeout, cfg.maxStreams),
		stop:  make(chan struct{}),
	}
	if cfg.streamTimeout > 0 {
		h.janitor.Go(h.expireStreams)
	}
	return h, nil
}

// Requests is the number of HTTP requests the handler has received,
// whatever their outcome.
func (h *Handler) Requests() int { return int(h.requests.Load()) }

// OpenStreams is the number of streams open now.
func (h *Handler) OpenStreams() int { return h.reg.count() }

// Close closes every stream, rolling back open transactions, and makes the
// handler answer 503 from then on. It interrupts pipelines that are running
// and returns once they have ended.
func (h *Handler) Close() error {
	h.closeOnce.Do(func() {
		close(h.stop)
		h.janitor.Wait()
		h.reg.close()
	})
	return nil
}

func (h *Handler) expireStreams() {
	interval := min(max(h.cfg.streamTimeout/4, 10*time.Millisecond), time.Second)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-h.stop:
			return
		case now := <-tick.C:
			h.reg.expire(now)
		}
	}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.requests.Add(1)
	switch r.URL.Path {
	case "/health":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.methodNotAllowed(w, r, "GET, HEAD")
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	case "/v2", "/v3":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.methodNotAllowed(w, r, "GET, HEAD")
			return
		}
		if h.authorize(w, r) {
			w.WriteHeader(http.StatusOK)
		}
	case "/v2/pipeline":
		h.pipeline(w, r, 2)
	case "/v3/pipeline":
		h.pipeline(w, r, 3)
	default:
		h.fail(w, r, http.StatusNotFound, "NOT_FOUND", fmt.Sprintf("no such endpoint: %s %s", r.Method, r.URL.Path))
	}
}

func (h *Handler) pipeline(w http.ResponseWriter, r *http.Request, version int) {
	if r.Method != http.MethodPost {
		h.methodNotAllowed(w, r, "POST")
		return
	}
	if !h.authorize(w, r) {
		return
	}
	bodyReader := r.Body
	if h.cfg.maxBodyBytes > 0 {
		bodyReader = http.MaxBytesReader(w, r.Body, h.cfg.maxBodyBytes)
	}
	body, err := io.ReadAll(bodyReader)
	if err != nil {
		if mbe, ok := errors.AsType[*http.MaxBytesError](err); ok {
			h.fail(w, r, http.StatusRequestEntityTooLarge, "REQUEST_TOO_LARGE", fmt.Sprintf("the request body is larger than %d bytes", mbe.Limit))
			return
		}
		h.fail(w, r, http.StatusBadRequest, "PROTO_INVALID", "reading the request body: "+err.Error())
		return
	}
	var req pipelineRequest
	if err := json.Unmarshal(body, &req); err != nil {
		h.fail(w, r, http.StatusBadRequest, "PROTO_INVALID", "the body is not a pipeline request: "+err.Error())
		return
	}
	if err := req.validate(version); err != nil {
		h.failError(w, r, err)
		return
	}

	var st *stream
	if req.Baton != nil {
		st, err = h.reg.take(*req.Baton)
	} else {
		st, err = h.reg.create()
	}
	if err != nil {
		h.failError(w, r, err)
		return
	}

	ctx := r.Context()
	stopCancel := context.AfterFunc(ctx, st.conn.cancel)
	budget := h.cfg.maxResponseBytes
	if budget <= 0 {
		budget = math.MaxInt64
	}
	ex := executor{ctx: ctx, st: st, budget: budget, queryTimeout: h.cfg.queryTimeout}
	results, err := ex.run(*req.Requests)
	stopped := stopCancel()
	if err == nil {
		switch {
		case !stopped:
			// The context ended and cancelled the connection, which is of
			// no use any more, nor is the response to anyone.
			err = ctx.Err()
		case st.conn.isCancelled():
			// Close cancelled it: statements may have failed for that.
			err = errServerClosed
		}
	}
	if err != nil {
		// An HTTP error ends the stream: the client gets no baton to go on.
		h.reg.discard(st)
		h.failError(w, r, err)
		return
	}

	resp := pipelineResponse{Results: results}
	if baton, open := h.reg.release(st); open {
		resp.Baton = &baton
	}
	out, err := json.Marshal(&resp)
	if err != nil {
		h.fail(w, r, http.StatusInternalServerError, "INTERNAL", "encoding the response: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(out)
}

// authorize checks the bearer token, and answers 401 if it is wrong.
func (h *Handler) authorize(w http.ResponseWriter, r *http.Request) bool {
	if h.token == "" {
		return true
	}
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if ok && strings.EqualFold(scheme, "Bearer") && subtle.ConstantTimeCompare([]byte(token), []byte(h.token)) == 1 {
		return true
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="hranatest"`)
	msg := "Unauthorized: a valid bearer token is required"
	if !ok {
		msg = "Unauthorized: the Authorization header is missing or not a bearer token"
	}
	h.fail(w, r, http.StatusUnauthorized, "UNAUTHORIZED", msg)
	return false
}

func (h *Handler) methodNotAllowed(w http.ResponseWriter, r *http.Request, allow string) {
	w.Header().Set("Allow", allow)
	h.fail(w, r, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", fmt.Sprintf("%s needs %s, not %s", r.URL.Path, allow, r.Method))
}

// failError answers with the HTTP error err calls for.
func (h *Handler) failError(w http.ResponseWriter, r *http.Request, err error) {
	var pe *protocolError
	var se *sqliteError
	switch {
	case errors.As(err, &pe):
		h.fail(w, r, http.StatusBadRequest, pe.Code, pe.Message)
	case errors.Is(err, errBadBaton):
		h.fail(w, r, http.StatusBadRequest, "STREAM_EXPIRED", err.Error())
	case errors.Is(err, errTooManyStream):
		h.fail(w, r, http.StatusServiceUnavailable, "STREAMS_EXHAUSTED", fmt.Sprintf("%s: the server allows %d", err, h.cfg.maxStreams))
	case errors.Is(err, errServerClosed):
		h.fail(w, r, http.StatusServiceUnavailable, "SERVER_CLOSED", err.Error())
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		// The client is gone; there is nobody to answer.
		h.logf("hranatest: %s %s: abandoned: %v", r.Method, r.URL.Path, err)
	case errors.As(err, &se):
		h.fail(w, r, http.StatusInternalServerError, resultCodeName(se.code), "SQLite error: "+se.msg)
	default:
		h.fail(w, r, http.StatusInternalServerError, "INTERNAL", err.Error())
	}
}

// httpErrorBody is the body of an HTTP error; see Handler.
type httpErrorBody struct {
	Error   string `json:"error"`
	Message string `json:"message"`
	Code    string `json:"code,omitempty"`
}

func (h *Handler) fail(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	h.logf("hranatest: %s %s: %d %s: %s", r.Method, r.URL.Path, status, code, msg)
	out, _ := json.Marshal(httpErrorBody{Error: msg, Message: msg, Code: code})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(out)
}

func (h *Handler) logf(format string, args ...any) {
	if h.cfg.logf != nil {
		h.cfg.logf(format, args...)
	}
}
