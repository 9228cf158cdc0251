// Package store keeps the application's state in libSQL through
// database/sql and the "libsql" driver. The same code serves the embedded
// file database (file: URLs, native build) and a remote libSQL server
// (Turso, from the Worker); only the URL differs.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tursodatabase/libsql-client-go/libsql"

	"gradphoto/server/app"
	"gradphoto/shared/apperr"
)

// DB is the libSQL store. It implements app.Store.
type DB struct {
	db     *sql.DB
	remote bool
	cache  stmts
}

var _ app.Store = (*DB)(nil)

// Open connects to the database at dsn (file:..., http(s)://, libsql://)
// with an optional auth token. It does not migrate: call Migrate at deploy
// time or when the native server starts.
func Open(ctx context.Context, dsn, authToken string) (*DB, error) {
	remote := !strings.HasPrefix(dsn, "file:")
	if !remote {
		dsn = fileDSN(dsn)
	}
	var opts []libsql.Option
	if remote && authToken != "" {
		opts = append(opts, libsql.WithAuthToken(authToken))
	}
	conn, err := libsql.NewConnector(dsn, opts...)
	if err != nil {
		return nil, fmt.Errorf("store: database URL: %w", err)
	}
	db := sql.OpenDB(conn)
	if !remote {
		// SQLite allows one writer; WAL lets readers go on beside it.
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
	}
	return &DB{db: db, remote: remote}, nil
}

// fileDSN adds the pragmas a local database needs to a file: URL: WAL for
// concurrent readers, a busy timeout instead of "database is locked",
// foreign keys, and full sync so a written order survives a crash.
func fileDSN(dsn string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_txlock=immediate"
}

// Close closes the database.
func (s *DB) Close() error {
	s.cache.close()
	return s.db.Close()
}

// Ping makes one round trip to the database.
func (s *DB) Ping(ctx context.Context) error {
	var one int
	if err := s.queryRow(ctx, "SELECT 1").Scan(&one); err != nil {
		return apperr.New(apperr.Unavailable, "数据库暂时不可用", "The database is unavailable").WithCause(err)
	}
	return nil
}

// unix and fromUnix store times as UTC Unix milliseconds (0 = none).
func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromUnix(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// notFound turns sql.ErrNoRows into an apperr NotFound with the messages given.
func notFound(err error, zh, en string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, zh, en)
	}
	return wrap(err)
}

// wrap classifies a driver error: uniqueness violations are conflicts,
// everything else internal.
func wrap(err error) error {
	if err == nil {
		return nil
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return err
	}
	if strings.Contains(err.Error(), "UNIQUE constraint failed") {
		return apperr.New(apperr.Conflict, "记录已存在", "Already exists").WithCause(err)
	}
	return apperr.Internalf("store: %w", err)
}

// tx runs fn in a transaction, committing when it returns nil.
func (s *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return wrap(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return wrap(tx.Commit())
}
