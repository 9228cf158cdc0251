package store

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// stmts caches prepared statements by their SQL. Parsing SQL was a fifth of
// the CPU of an authenticated read; a *sql.Stmt is prepared once per
// connection and reused after that.
type stmts struct {
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

func (s *DB) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	s.cache.mu.RLock()
	st := s.cache.m[query]
	s.cache.mu.RUnlock()
	if st != nil {
		return st, nil
	}
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if st := s.cache.m[query]; st != nil {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if s.cache.m == nil {
		s.cache.m = map[string]*sql.Stmt{}
	}
	s.cache.m[query] = st
	return st, nil
}

// row is a *sql.Row or the error of preparing its statement.
type row struct {
	r   *sql.Row
	err error
}

func (r row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	return r.r.Scan(dest...)
}

func (s *DB) queryRow(ctx context.Context, query string, args ...any) row {
	st, err := s.prepared(ctx, query)
	if err != nil {
		return row{err: err}
	}
	return row{r: st.QueryRowContext(ctx, args...)}
}

func (s *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (s *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := s.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (s *stmts) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.m {
		st.Close()
	}
	s.m = nil
}

// inList returns the placeholders of an IN (...) list for vals ("?,?,?")
// and vals as query arguments, with room for more after them.
func inList[T ~string](vals []T) (marks string, args []any) {
	args = make([]any, 0, len(vals)+1)
	for _, v := range vals {
		args = append(args, v)
	}
	return strings.TrimSuffix(strings.Repeat("?,", len(vals)), ","), args
}
