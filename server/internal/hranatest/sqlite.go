//go:build !js

package hranatest

import (
	"bytes"
	"fmt"
	"strconv"
	"sync"
	"time"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"

	// The driver package applies process-wide patches to the transpiled
	// library in its init; importing it keeps this package's SQLite set up
	// exactly as the driver's.
	_ "modernc.org/sqlite"
)

// This file is a thin layer over SQLite's C API as modernc.org/sqlite/lib
// transpiles it. The server talks to SQLite at this level, not through
// database/sql, because Hrana needs what the database/sql driver does not
// give: each value's storage class untouched (the driver turns TEXT in DATE,
// DATETIME and TIMESTAMP columns into time.Time), declared column types as
// written, unbound parameters left NULL rather than refused, parameter names
// and indexes, and the autocommit, read-only and EXPLAIN state of a
// connection or statement. Each stream gets its own connection, just as a
// *sql.Conn would give it.
//
// Memory is handled with libc helpers only: C buffers from libc.Xmalloc,
// freed with libc.Xfree, read and written through libc.GoBytes slices and
// copied out before SQLite may reuse them.

const ptrSize = int(unsafe.Sizeof(uintptr(0)))

// interruptCode is the primary result code of an interrupted statement.
const interruptCode = sqlite3.SQLITE_INTERRUPT

// conn is one SQLite database connection. It is not safe for concurrent use,
// except for cancel and interruptRun, which may be called from any goroutine.
type conn struct {
	tls     *libc.TLS
	scratch uintptr // two pointer-sized out-parameter slots

	mu        sync.Mutex // guards the fields below against cancel and interruptRun
	db        uintptr
	running   uint64 // token of the statement being stepped, 0 if none
	lastRun   uint64
	cancelled bool
}

// sqliteError is an error SQLite reported, with its extended result code.
type sqliteError struct {
	code int32
	msg  string
}

func (e *sqliteError) Error() string { return e.msg }

// hranaError converts e into the error a client sees.
func (e *sqliteError) hranaError() *respError {
	return &respError{Code: resultCodeName(e.code), Message: "SQLite error: " + e.msg}
}

// openConn opens the database file at path. A busy connection waits up to
// busyTimeout for locks held by other connections.
func openConn(path string, busyTimeout time.Duration) (_ *conn, err error) {
	tls := libc.NewTLS()
	c := &conn{tls: tls}
	defer func() {
		if err != nil {
			c.close()
		}
	}()
	if c.scratch = libc.Xmalloc(tls, libc.Tsize_t(2*ptrSize)); c.scratch == 0 {
		return nil, errNoMem
	}
	cpath, err := c.cString(path)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(tls, cpath)
	const flags = sqlite3.SQLITE_OPEN_READWRITE | sqlite3.SQLITE_OPEN_CREATE |
		sqlite3.SQLITE_OPEN_FULLMUTEX | sqlite3.SQLITE_OPEN_URI
	rc := sqlite3.Xsqlite3_open_v2(tls, cpath, c.scratch, flags, 0)
	c.db = libc.AtomicLoadPUintptr(c.scratch)
	if rc != sqlite3.SQLITE_OK {
		if c.db == 0 {
			return nil, &sqliteError{code: rc, msg: libc.GoString(sqlite3.Xsqlite3_errstr(tls, rc))}
		}
		return nil, c.lastError(rc)
	}
	sqlite3.Xsqlite3_extended_result_codes(tls, c.db, 1)
	sqlite3.Xsqlite3_busy_timeout(tls, c.db, int32(min(busyTimeout.Milliseconds(), 1<<31-1)))
	// libSQL builds SQLite with SQLITE_DEFAULT_FOREIGN_KEYS=1, so a
	// libsql-server connection enforces foreign keys unless the client
	// turns them off; modernc.org/sqlite keeps SQLite's default, off.
	if err := c.exec("PRAGMA foreign_keys=ON"); err != nil {
		return nil, err
	}
	return c, nil
}

var errNoMem = &sqliteError{code: sqlite3.SQLITE_NOMEM, msg: "out of memory"}

// close closes the connection; an open transaction is rolled back. The
// connection must have no unfinalized statements.
func (c *conn) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.db != 0 {
		sqlite3.Xsqlite3_close_v2(c.tls, c.db)
		c.db = 0
	}
	if c.scratch != 0 {
		libc.Xfree(c.tls, c.scratch)
		c.scratch = 0
	}
	if c.tls != nil {
		c.tls.Close()
		c.tls = nil
	}
}

// cancel interrupts the statement running on c, if any, and makes every
// later statement fail with SQLITE_INTERRUPT.
func (c *conn) cancel() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cancelled = true
	c.interruptLocked()
}

func (c *conn) isCancelled() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cancelled
}

// beginRun marks a statement as running and returns a token for
// interruptRun, or ok == false if the connection has been cancelled.
func (c *conn) beginRun() (token uint64, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancelled {
		return 0, false
	}
	c.lastRun++
	c.running = c.lastRun
	return c.running, true
}

func (c *conn) endRun() {
	c.mu.Lock()
	c.running = 0
	c.mu.Unlock()
}

// interruptRun interrupts the statement of token if it is still running,
// and never a later one.
func (c *conn) interruptRun(token uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running == token {
		c.interruptLocked()
	}
}

func (c *conn) interruptLocked() {
	if c.db == 0 || c.running == 0 {
		return
	}
	// A TLS of its own: this runs on another goroutine than the one using
	// c.tls, and a libc.TLS is not safe for concurrent use.
	tls := libc.NewTLS()
	sqlite3.Xsqlite3_interrupt(tls, c.db)
	tls.Close()
}

// lastError builds the error for result code rc of the last call on c.
func (c *conn) lastError(rc int32) *sqliteError {
	msg := libc.GoString(sqlite3.Xsqlite3_errmsg(c.tls, c.db))
	if ext := sqlite3.Xsqlite3_extended_errcode(c.tls, c.db); ext&0xff == rc&0xff {
		rc = ext
	} else {
		msg = libc.GoString(sqlite3.Xsqlite3_errstr(c.tls, rc))
	}
	return &sqliteError{code: rc, msg: msg}
}

func (c *conn) autocommit() bool { return sqlite3.Xsqlite3_get_autocommit(c.tls, c.db) != 0 }
func (c *conn) changes() int64   { return sqlite3.Xsqlite3_changes64(c.tls, c.db) }

func (c *conn) totalChanges() int64    { return sqlite3.Xsqlite3_total_changes64(c.tls, c.db) }
func (c *conn) lastInsertRowid() int64 { return sqlite3.Xsqlite3_last_insert_rowid(c.tls, c.db) }

// cString copies s into a NUL-terminated C buffer, which the caller frees
// with libc.Xfree.
func (c *conn) cString(s string) (uintptr, error) {
	p := libc.Xmalloc(c.tls, libc.Tsize_t(len(s)+1))
	if p == 0 {
		return 0, errNoMem
	}
	buf := libc.GoBytes(p, len(s)+1)
	copy(buf, s)
	buf[len(s)] = 0
	return p, nil
}

// sqlText is SQL copied into C memory for preparing, possibly one statement
// after another.
type sqlText struct {
	c   *conn
	p   uintptr
	n   int
	off int // bytes consumed so far
}

func (c *conn) newSQLText(sql string) (*sqlText, error) {
	p, err := c.cString(sql)
	if err != nil {
		return nil, err
	}
	return &sqlText{c: c, p: p, n: len(sql)}, nil
}

func (t *sqlText) free() { libc.Xfree(t.c.tls, t.p) }

func (t *sqlText) done() bool { return t.off >= t.n }

// next prepares the next statement. It returns a zero stmt, and no error,
// if what remains holds no statement (only spaces, comments or semicolons).
func (t *sqlText) next() (stmt sqliteStmt, err error) {
	c := t.c
	for !t.done() {
		start := t.p + uintptr(t.off)
		tail := c.scratch + uintptr(ptrSize)
		rc := sqlite3.Xsqlite3_prepare_v2(c.tls, c.db, start, int32(min(t.n-t.off, 1<<31-1)), c.scratch, tail)
		h := libc.AtomicLoadPUintptr(c.scratch)
		if rc != sqlite3.SQLITE_OK {
			return sqliteStmt{}, c.lastError(rc)
		}
		consumed := int(libc.AtomicLoadPUintptr(tail) - start)
		t.off += consumed
		if h != 0 {
			return sqliteStmt{c: c, h: h}, nil
		}
		if consumed == 0 {
			break // SQLite stopped, at a NUL byte: nothing more it would run
		}
	}
	t.off = t.n
	return sqliteStmt{}, nil
}

// sqliteStmt is a prepared statement; the zero value means none.
type sqliteStmt struct {
	c *conn
	h uintptr
}

func (s sqliteStmt) valid() bool { return s.h != 0 }

func (s sqliteStmt) finalize() {
	if s.h != 0 {
		sqlite3.Xsqlite3_finalize(s.c.tls, s.h)
	}
}

func (s sqliteStmt) paramCount() int {
	return int(sqlite3.Xsqlite3_bind_parameter_count(s.c.tls, s.h))
}

// paramName is the name of parameter i (1-based) with its prefix, or ok ==
// false for a nameless "?" parameter.
func (s sqliteStmt) paramName(i int) (name string, ok bool) {
	p := sqlite3.Xsqlite3_bind_parameter_name(s.c.tls, s.h, int32(i))
	if p == 0 {
		return "", false
	}
	return libc.GoString(p), true
}

// paramIndex is the index of the parameter called name (with its prefix),
// or 0 if there is none.
func (s sqliteStmt) paramIndex(name string) (int, error) {
	p, err := s.c.cString(name)
	if err != nil {
		return 0, err
	}
	defer libc.Xfree(s.c.tls, p)
	return int(sqlite3.Xsqlite3_bind_parameter_index(s.c.tls, s.h, p)), nil
}

// bind binds v to parameter i (1-based).
func (s sqliteStmt) bind(i int, v value) error {
	tls, idx := s.c.tls, int32(i)
	var rc int32
	switch v.kind {
	case kindNull:
		rc = sqlite3.Xsqlite3_bind_null(tls, s.h, idx)
	case kindInteger:
		rc = sqlite3.Xsqlite3_bind_int64(tls, s.h, idx, v.i)
	case kindFloat:
		rc = sqlite3.Xsqlite3_bind_double(tls, s.h, idx, v.f)
	case kindText, kindBlob:
		data := v.s
		if v.kind == kindBlob {
			data = string(v.b)
		}
		// Never a NULL pointer, even for "": SQLite would bind NULL.
		p, err := s.c.cString(data)
		if err != nil {
			return err
		}
		// SQLITE_TRANSIENT: SQLite copies the data before returning.
		if v.kind == kindText {
			rc = sqlite3.Xsqlite3_bind_text64(tls, s.h, idx, p, uint64(len(data)), sqlite3.SQLITE_TRANSIENT, sqlite3.SQLITE_UTF8)
		} else {
			rc = sqlite3.Xsqlite3_bind_blob64(tls, s.h, idx, p, uint64(len(data)), sqlite3.SQLITE_TRANSIENT)
		}
		libc.Xfree(tls, p)
	default:
		return fmt.Errorf("cannot bind value of kind %d", v.kind)
	}
	if rc != sqlite3.SQLITE_OK {
		return s.c.lastError(rc)
	}
	return nil
}

// columns describes the statement's result columns.
func (s sqliteStmt) columns() []column {
	n := int(sqlite3.Xsqlite3_column_count(s.c.tls, s.h))
	cols := make([]column, n)
	for i := range cols {
		cols[i] = column{
			Name:     optString(sqlite3.Xsqlite3_column_name(s.c.tls, s.h, int32(i))),
			Decltype: optString(sqlite3.Xsqlite3_column_decltype(s.c.tls, s.h, int32(i))),
		}
	}
	return cols
}

func optString(p uintptr) *string {
	if p == 0 {
		return nil
	}
	s := libc.GoString(p)
	return &s
}

func (s sqliteStmt) readonly() bool  { return sqlite3.Xsqlite3_stmt_readonly(s.c.tls, s.h) != 0 }
func (s sqliteStmt) isExplain() bool { return sqlite3.Xsqlite3_stmt_isexplain(s.c.tls, s.h) != 0 }

// step runs the statement to its next row; row is false once it is done.
func (s sqliteStmt) step() (row bool, err error) {
	switch rc := sqlite3.Xsqlite3_step(s.c.tls, s.h); rc {
	case sqlite3.SQLITE_ROW:
		return true, nil
	case sqlite3.SQLITE_DONE:
		return false, nil
	default:
		return false, s.c.lastError(rc)
	}
}

// column reads column i of the current row.
func (s sqliteStmt) column(i int) (value, error) {
	tls, idx := s.c.tls, int32(i)
	switch sqlite3.Xsqlite3_column_type(tls, s.h, idx) {
	case sqlite3.SQLITE_INTEGER:
		return intValue(sqlite3.Xsqlite3_column_int64(tls, s.h, idx)), nil
	case sqlite3.SQLITE_FLOAT:
		return floatValue(sqlite3.Xsqlite3_column_double(tls, s.h, idx)), nil
	case sqlite3.SQLITE_TEXT:
		p := sqlite3.Xsqlite3_column_text(tls, s.h, idx)
		n := int(sqlite3.Xsqlite3_column_bytes(tls, s.h, idx))
		if p == 0 {
			if sqlite3.Xsqlite3_errcode(tls, s.c.db) == sqlite3.SQLITE_NOMEM {
				return value{}, errNoMem
			}
			return textValue(""), nil
		}
		return textValue(string(libc.GoBytes(p, n))), nil
	case sqlite3.SQLITE_BLOB:
		p := sqlite3.Xsqlite3_column_blob(tls, s.h, idx)
		n := int(sqlite3.Xsqlite3_column_bytes(tls, s.h, idx))
		if n == 0 {
			return blobValue([]byte{}), nil
		}
		if p == 0 {
			return value{}, errNoMem
		}
		return blobValue(bytes.Clone(libc.GoBytes(p, n))), nil
	default:
		return nullValue(), nil
	}
}

// resultCodeName is the symbolic name of a (possibly extended) SQLite
// result code, as Hrana servers report it in error codes.
func resultCodeName(code int32) string {
	if name, ok := resultCodeNames[code]; ok {
		return name
	}
	if name, ok := resultCodeNames[code&0xff]; ok {
		return name
	}
	return "SQLITE_UNKNOWN_" + strconv.Itoa(int(code))
}

var resultCodeNames = map[int32]string{
	sqlite3.SQLITE_ERROR:      "SQLITE_ERROR",
	sqlite3.SQLITE_INTERNAL:   "SQLITE_INTERNAL",
	sqlite3.SQLITE_PERM:       "SQLITE_PERM",
	sqlite3.SQLITE_ABORT:      "SQLITE_ABORT",
	sqlite3.SQLITE_BUSY:       "SQLITE_BUSY",
	sqlite3.SQLITE_LOCKED:     "SQLITE_LOCKED",
	sqlite3.SQLITE_NOMEM:      "SQLITE_NOMEM",
	sqlite3.SQLITE_READONLY:   "SQLITE_READONLY",
	sqlite3.SQLITE_INTERRUPT:  "SQLITE_INTERRUPT",
	sqlite3.SQLITE_IOERR:      "SQLITE_IOERR",
	sqlite3.SQLITE_CORRUPT:    "SQLITE_CORRUPT",
	sqlite3.SQLITE_NOTFOUND:   "SQLITE_NOTFOUND",
	sqlite3.SQLITE_FULL:       "SQLITE_FULL",
	sqlite3.SQLITE_CANTOPEN:   "SQLITE_CANTOPEN",
	sqlite3.SQLITE_PROTOCOL:   "SQLITE_PROTOCOL",
	sqlite3.SQLITE_EMPTY:      "SQLITE_EMPTY",
	sqlite3.SQLITE_SCHEMA:     "SQLITE_SCHEMA",
	sqlite3.SQLITE_TOOBIG:     "SQLITE_TOOBIG",
	sqlite3.SQLITE_CONSTRAINT: "SQLITE_CONSTRAINT",
	sqlite3.SQLITE_MISMATCH:   "SQLITE_MISMATCH",
	sqlite3.SQLITE_MISUSE:     "SQLITE_MISUSE",
	sqlite3.SQLITE_NOLFS:      "SQLITE_NOLFS",
	sqlite3.SQLITE_AUTH:       "SQLITE_AUTH",
	sqlite3.SQLITE_FORMAT:     "SQLITE_FORMAT",
	sqlite3.SQLITE_RANGE:      "SQLITE_RANGE",
	sqlite3.SQLITE_NOTADB:     "SQLITE_NOTADB",
	sqlite3.SQLITE_NOTICE:     "SQLITE_NOTICE",
	sqlite3.SQLITE_WARNING:    "SQLITE_WARNING",

	sqlite3.SQLITE_ERROR_MISSING_COLLSEQ:   "SQLITE_ERROR_MISSING_COLLSEQ",
	sqlite3.SQLITE_ERROR_RETRY:             "SQLITE_ERROR_RETRY",
	sqlite3.SQLITE_ERROR_SNAPSHOT:          "SQLITE_ERROR_SNAPSHOT",
	sqlite3.SQLITE_ABORT_ROLLBACK:          "SQLITE_ABORT_ROLLBACK",
	sqlite3.SQLITE_BUSY_RECOVERY:           "SQLITE_BUSY_RECOVERY",
	sqlite3.SQLITE_BUSY_SNAPSHOT:           "SQLITE_BUSY_SNAPSHOT",
	sqlite3.SQLITE_BUSY_TIMEOUT:            "SQLITE_BUSY_TIMEOUT",
	sqlite3.SQLITE_LOCKED_SHAREDCACHE:      "SQLITE_LOCKED_SHAREDCACHE",
	sqlite3.SQLITE_LOCKED_VTAB:             "SQLITE_LOCKED_VTAB",
	sqlite3.SQLITE_READONLY_RECOVERY:       "SQLITE_READONLY_RECOVERY",
	sqlite3.SQLITE_READONLY_CANTLOCK:       "SQLITE_READONLY_CANTLOCK",
	sqlite3.SQLITE_READONLY_ROLLBACK:       "SQLITE_READONLY_ROLLBACK",
	sqlite3.SQLITE_READONLY_DBMOVED:        "SQLITE_READONLY_DBMOVED",
	sqlite3.SQLITE_READONLY_CANTINIT:       "SQLITE_READONLY_CANTINIT",
	sqlite3.SQLITE_READONLY_DIRECTORY:      "SQLITE_READONLY_DIRECTORY",
	sqlite3.SQLITE_CORRUPT_VTAB:            "SQLITE_CORRUPT_VTAB",
	sqlite3.SQLITE_CORRUPT_SEQUENCE:        "SQLITE_CORRUPT_SEQUENCE",
	sqlite3.SQLITE_CORRUPT_INDEX:           "SQLITE_CORRUPT_INDEX",
	sqlite3.SQLITE_CANTOPEN_ISDIR:          "SQLITE_CANTOPEN_ISDIR",
	sqlite3.SQLITE_CANTOPEN_FULLPATH:       "SQLITE_CANTOPEN_FULLPATH",
	sqlite3.SQLITE_CONSTRAINT_CHECK:        "SQLITE_CONSTRAINT_CHECK",
	sqlite3.SQLITE_CONSTRAINT_COMMITHOOK:   "SQLITE_CONSTRAINT_COMMITHOOK",
	sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:   "SQLITE_CONSTRAINT_FOREIGNKEY",
	sqlite3.SQLITE_CONSTRAINT_FUNCTION:     "SQLITE_CONSTRAINT_FUNCTION",
	sqlite3.SQLITE_CONSTRAINT_NOTNULL:      "SQLITE_CONSTRAINT_NOTNULL",
	sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:   "SQLITE_CONSTRAINT_PRIMARYKEY",
	sqlite3.SQLITE_CONSTRAINT_TRIGGER:      "SQLITE_CONSTRAINT_TRIGGER",
	sqlite3.SQLITE_CONSTRAINT_UNIQUE:       "SQLITE_CONSTRAINT_UNIQUE",
	sqlite3.SQLITE_CONSTRAINT_VTAB:         "SQLITE_CONSTRAINT_VTAB",
	sqlite3.SQLITE_CONSTRAINT_ROWID:        "SQLITE_CONSTRAINT_ROWID",
	sqlite3.SQLITE_CONSTRAINT_PINNED:       "SQLITE_CONSTRAINT_PINNED",
	sqlite3.SQLITE_CONSTRAINT_DATATYPE:     "SQLITE_CONSTRAINT_DATATYPE",
	sqlite3.SQLITE_IOERR_READ:              "SQLITE_IOERR_READ",
	sqlite3.SQLITE_IOERR_SHORT_READ:        "SQLITE_IOERR_SHORT_READ",
	sqlite3.SQLITE_IOERR_WRITE:             "SQLITE_IOERR_WRITE",
	sqlite3.SQLITE_IOERR_FSYNC:             "SQLITE_IOERR_FSYNC",
	sqlite3.SQLITE_IOERR_TRUNCATE:          "SQLITE_IOERR_TRUNCATE",
	sqlite3.SQLITE_IOERR_FSTAT:             "SQLITE_IOERR_FSTAT",
	sqlite3.SQLITE_IOERR_LOCK:              "SQLITE_IOERR_LOCK",
	sqlite3.SQLITE_IOERR_NOMEM:             "SQLITE_IOERR_NOMEM",
	sqlite3.SQLITE_IOERR_DELETE:            "SQLITE_IOERR_DELETE",
	sqlite3.SQLITE_IOERR_SHMOPEN:           "SQLITE_IOERR_SHMOPEN",
	sqlite3.SQLITE_IOERR_SHMSIZE:           "SQLITE_IOERR_SHMSIZE",
	sqlite3.SQLITE_IOERR_SHMMAP:            "SQLITE_IOERR_SHMMAP",
	sqlite3.SQLITE_NOTICE_RECOVER_WAL:      "SQLITE_NOTICE_RECOVER_WAL",
	sqlite3.SQLITE_NOTICE_RECOVER_ROLLBACK: "SQLITE_NOTICE_RECOVER_ROLLBACK",
	sqlite3.SQLITE_WARNING_AUTOINDEX:       "SQLITE_WARNING_AUTOINDEX",
}

// exec runs every statement of sql, discarding rows, and stops at the first
// error. It is for the server's own setup, not for clients' SQL.
func (c *conn) exec(sql string) error {
	text, err := c.newSQLText(sql)
	if err != nil {
		return err
	}
	defer text.free()
	for {
		st, err := text.next()
		if err != nil || !st.valid() {
			return err
		}
		for {
			row, err := st.step()
			if err != nil {
				st.finalize()
				return err
			}
			if !row {
				break
			}
		}
		st.finalize()
	}
}
