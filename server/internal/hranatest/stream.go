//go:build !js

package hranatest

import (
	"crypto/rand"
	"errors"
	"sync"
	"time"
)

// A stream is what Hrana calls a connection's session: its own SQLite
// connection, so a transaction begun in one pipeline goes on in the next,
// and the SQL texts stored on it.
//
// Over HTTP a stream is named by a baton. Each response carries a new baton
// and the old one stops working, so at most one request uses a stream at a
// time, in order. A stream nobody continues for the stream timeout expires:
// its connection is closed, which rolls back an open transaction.
type stream struct {
	conn *conn
	sqls map[int32]string
	// closing is set once a close request has run; the holder closes the
	// stream when the pipeline ends.
	closing bool

	// Guarded by registry.mu.
	baton     string // the baton that continues the stream; "" while held
	idleSince time.Time
}

var (
	errBadBaton      = errors.New("the baton is not valid: the stream has expired or been closed, or the baton was used already")
	errTooManyStream = errors.New("too many open streams")
	errServerClosed  = errors.New("the server is closed")
)

// registry keeps the open streams.
type registry struct {
	dbPath      string
	busyTimeout time.Duration
	timeout     time.Duration
	max         int

	mu      sync.Mutex
	byBaton map[string]*stream // idle streams
	held    map[*stream]bool   // streams a pipeline is running on
	closed  bool
	inUse   sync.WaitGroup // one per held stream
}

func newRegistry(dbPath string, busyTimeout, timeout time.Duration, max int) *registry {
	return &registry{
		dbPath:      dbPath,
		busyTimeout: busyTimeout,
		timeout:     timeout,
		max:         max,
		byBaton:     make(map[string]*stream),
		held:        make(map[*stream]bool),
	}
}

// count is the number of open streams, idle or held.
func (r *registry) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.byBaton) + len(r.held)
}

// create opens a new stream, held by the caller.
func (r *registry) create() (*stream, error) {
	s := &stream{sqls: make(map[int32]string)}
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil, errServerClosed
	}
	var expired []*stream
	if r.max > 0 && len(r.byBaton)+len(r.held) >= r.max {
		expired = r.expireLocked(time.Now())
	}
	full := r.max > 0 && len(r.byBaton)+len(r.held) >= r.max
	if !full {
		r.held[s] = true
		r.inUse.Add(1)
	}
	r.mu.Unlock()
	closeStreams(expired)
	if full {
		return nil, errTooManyStream
	}

	c, err := openConn(r.dbPath, r.busyTimeout)
	r.mu.Lock()
	if err == nil && r.closed {
		c.close()
		err = errServerClosed
	}
	if err != nil {
		delete(r.held, s)
		r.mu.Unlock()
		r.inUse.Done()
		return nil, err
	}
	s.conn = c
	r.mu.Unlock()
	return s, nil
}

// take returns the idle stream that baton continues, now held by the caller.
func (r *registry) take(baton string) (*stream, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, errServerClosed
	}
	s, ok := r.byBaton[baton]
	if !ok {
		return nil, errBadBaton
	}
	delete(r.byBaton, baton)
	s.baton = ""
	r.held[s] = true
	r.inUse.Add(1)
	return s, nil
}

// release ends the caller's hold on s. Unless s was closed (by a close
// request, or because the server closed meanwhile), it becomes idle and
// release returns the new baton that continues it.
func (r *registry) release(s *stream) (baton string, open bool) {
	if s.closing {
		r.discard(s)
		return "", false
	}
	baton = rand.Text()
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		r.discard(s)
		return "", false
	}
	delete(r.held, s)
	s.baton = baton
	s.idleSince = time.Now()
	r.byBaton[baton] = s
	r.mu.Unlock()
	r.inUse.Done()
	return baton, true
}

// discard ends the caller's hold on s and closes it.
func (r *registry) discard(s *stream) {
	r.mu.Lock()
	delete(r.held, s)
	r.mu.Unlock()
	s.conn.close()
	r.inUse.Done()
}

// expire closes the streams idle for the stream timeout or longer.
func (r *registry) expire(now time.Time) {
	r.mu.Lock()
	expired := r.expireLocked(now)
	r.mu.Unlock()
	closeStreams(expired)
}

func (r *registry) expireLocked(now time.Time) []*stream {
	if r.timeout <= 0 {
		return nil
	}
	var expired []*stream
	for baton, s := range r.byBaton {
		if now.Sub(s.idleSince) >= r.timeout {
			delete(r.byBaton, baton)
			expired = append(expired, s)
		}
	}
	return expired
}

// close closes every stream: idle ones at once, held ones once their
// pipeline ends, which close hurries by interrupting their statements. It
// returns when all are closed.
func (r *registry) close() {
	r.mu.Lock()
	r.closed = true
	idle := make([]*stream, 0, len(r.byBaton))
	for _, s := range r.byBaton {
		idle = append(idle, s)
	}
	clear(r.byBaton)
	for s := range r.held {
		if s.conn != nil {
			s.conn.cancel()
		}
	}
	r.mu.Unlock()
	closeStreams(idle)
	r.inUse.Wait()
}

// closeStreams closes streams no longer in the registry. Closing a
// connection can take a while (the last one to a WAL database checkpoints
// it), so it is done without holding registry.mu.
func closeStreams(streams []*stream) {
	for _, s := range streams {
		s.conn.close()
	}
}
