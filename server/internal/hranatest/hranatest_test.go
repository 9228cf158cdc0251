//go:build !js

package hranatest

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/tursodatabase/libsql-client-go/libsql"
)

// These tests drive the server through database/sql and libsql-client-go,
// the way the application reaches a libSQL server in production.

func openDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("libsql", dsn)
	if err != nil {
		t.Fatalf("sql.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExec(t *testing.T, db interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, query string, args ...any) sql.Result {
	t.Helper()
	res, err := db.ExecContext(t.Context(), query, args...)
	if err != nil {
		t.Fatalf("Exec(%q): %v", query, err)
	}
	return res
}

func countRows(t *testing.T, db interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(t.Context(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		t.Fatalf("counting %s: %v", table, err)
	}
	return n
}

func TestCreateInsertQuery(t *testing.T) {
	s := Start(t)
	db := openDB(t, s.DSN())
	mustExec(t, db, `CREATE TABLE photos (id INTEGER PRIMARY KEY, student TEXT NOT NULL, title TEXT, size INTEGER)`)

	inserts := []struct {
		name  string
		query string
		args  []any
	}{
		{"positional", `INSERT INTO photos (student, title, size) VALUES (?, ?, ?)`, []any{"s1", "毕业照", 100}},
		{"numbered", `INSERT INTO photos (student, title, size) VALUES (?1, ?2, ?3)`, []any{"s2", "合影", 200}},
		{"colon", `INSERT INTO photos (student, title, size) VALUES (:student, :title, :size)`,
			[]any{sql.Named("student", "s3"), sql.Named("title", "个人照"), sql.Named("size", 300)}},
		{"at", `INSERT INTO photos (student, title, size) VALUES (@student, @title, @size)`,
			[]any{sql.Named("size", 400), sql.Named("student", "s4"), sql.Named("title", "at")}},
		{"dollar", `INSERT INTO photos (student, title, size) VALUES ($student, $title, $size)`,
			[]any{sql.Named("title", "dollar"), sql.Named("size", 500), sql.Named("student", "s5")}},
	}
	for _, in := range inserts {
		t.Run(in.name, func(t *testing.T) {
			res := mustExec(t, db, in.query, in.args...)
			if n, _ := res.RowsAffected(); n != 1 {
				t.Errorf("RowsAffected = %d, want 1", n)
			}
		})
	}

	rows, err := db.QueryContext(t.Context(), `SELECT id, student, title, size FROM photos WHERE size >= ? ORDER BY id`, 200)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type photo struct {
		id            int64
		student, name string
		size          int64
	}
	var got []photo
	for rows.Next() {
		var p photo
		if err := rows.Scan(&p.id, &p.student, &p.name, &p.size); err != nil {
			t.Fatal(err)
		}
		got = append(got, p)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []photo{{2, "s2", "合影", 200}, {3, "s3", "个人照", 300}, {4, "s4", "at", 400}, {5, "s5", "dollar", 500}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows = %v, want %v", got, want)
	}
}

func TestValueRoundTrip(t *testing.T) {
	s := Start(t)
	db := openDB(t, s.DSN())
	// A column without a declared type has no affinity: SQLite stores each
	// value as it comes.
	mustExec(t, db, `CREATE TABLE vals (id INTEGER PRIMARY KEY, v)`)

	big := make([]byte, 100_000)
	for i := range big {
		big[i] = byte(rand.IntN(256))
	}
	longText := strings.Repeat("毕业快乐 graduation ", 10_000)

	tests := []struct {
		name      string
		in        any
		want      any
		wantClass string
	}{
		{"null", nil, nil, "null"},
		{"zero", int64(0), int64(0), "integer"},
		{"negative", int64(-1), int64(-1), "integer"},
		{"max int64", int64(math.MaxInt64), int64(math.MaxInt64), "integer"},
		{"min int64", int64(math.MinInt64), int64(math.MinInt64), "integer"},
		{"beyond float precision", int64(1<<53 + 1), int64(1<<53 + 1), "integer"},
		{"go int", 7, int64(7), "integer"},
		{"bool", true, int64(1), "integer"},
		{"float", 3.25, 3.25, "real"},
		{"negative float", -0.5, -0.5, "real"},
		{"integral float", 2.0, 2.0, "real"},
		{"huge float", 1e300, 1e300, "real"},
		{"tiny float", math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64, "real"},
		{"pi", math.Pi, math.Pi, "real"},
		{"empty text", "", "", "text"},
		{"chinese text", "你好，世界！毕业照 📸", "你好，世界！毕业照 📸", "text"},
		{"escapes", "line1\nline2\t\"q\" \\ <b>&amp;</b> \u2028", "line1\nline2\t\"q\" \\ <b>&amp;</b> \u2028", "text"},
		{"text with NUL", "a\x00b", "a\x00b", "text"},
		{"long text", longText, longText, "text"},
		{"blob", []byte{0, 1, 2, 0xfd, 0xfe, 0xff}, []byte{0, 1, 2, 0xfd, 0xfe, 0xff}, "blob"},
		{"one-byte blob", []byte{0xff}, []byte{0xff}, "blob"},
		{"empty blob", []byte{}, []byte{}, "blob"},
		{"big blob", big, big, "blob"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustExec(t, db, `INSERT INTO vals (id, v) VALUES (?, ?)`, i, tt.in)
			var got any
			var class string
			if err := db.QueryRowContext(t.Context(), `SELECT v, typeof(v) FROM vals WHERE id = ?`, i).Scan(&got, &class); err != nil {
				t.Fatal(err)
			}
			if class != tt.wantClass {
				t.Errorf("storage class = %s, want %s", class, tt.wantClass)
			}
			if !sameGoValue(got, tt.want) {
				t.Errorf("value = %#v, want %#v", abbreviate(got), abbreviate(tt.want))
			}
		})
	}

	t.Run("computed", func(t *testing.T) {
		var (
			i     int64
			f     float64
			txt   string
			b     []byte
			n     any
			maxI  int64
			class string
		)
		err := db.QueryRowContext(t.Context(), `SELECT 42, 0.1, 'text', x'00ff', NULL, 9223372036854775807, typeof(1e999)`).
			Scan(&i, &f, &txt, &b, &n, &maxI, &class)
		if err != nil {
			t.Fatal(err)
		}
		if i != 42 || f != 0.1 || txt != "text" || !bytes.Equal(b, []byte{0, 0xff}) || n != nil || maxI != math.MaxInt64 || class != "real" {
			t.Errorf("got %v %v %q %v %v %v %v", i, f, txt, b, n, maxI, class)
		}
	})
}

func sameGoValue(a, b any) bool {
	if ab, ok := a.([]byte); ok {
		bb, ok := b.([]byte)
		return ok && bytes.Equal(ab, bb) && (ab == nil) == (bb == nil)
	}
	if af, ok := a.(float64); ok {
		bf, ok := b.(float64)
		return ok && math.Float64bits(af) == math.Float64bits(bf)
	}
	return a == b
}

func abbreviate(v any) any {
	switch x := v.(type) {
	case string:
		if len(x) > 40 {
			return fmt.Sprintf("%q... (%d bytes)", x[:40], len(x))
		}
	case []byte:
		if len(x) > 20 {
			return fmt.Sprintf("%x... (%d bytes)", x[:20], len(x))
		}
	}
	return v
}

// TestDeclaredTypes checks that columns keep their declared types, which the
// client needs to turn DATETIME and TIMESTAMP text into time.Time.
func TestDeclaredTypes(t *testing.T) {
	s := Start(t)
	db := openDB(t, s.DSN())
	mustExec(t, db, `CREATE TABLE events (id INTEGER PRIMARY KEY, at DATETIME NOT NULL, stamp timestamp, note TEXT)`)
	at := time.Date(2026, 6, 30, 9, 30, 15, 123456789, time.FixedZone("CST", 8*3600))
	mustExec(t, db, `INSERT INTO events (id, at, stamp, note) VALUES (1, ?, '2026-07-01 10:00:00', '2026-07-01')`, at)

	var gotAt, gotStamp time.Time
	var note, class string
	err := db.QueryRowContext(t.Context(), `SELECT at, stamp, note, typeof(at) FROM events WHERE id = 1`).Scan(&gotAt, &gotStamp, &note, &class)
	if err != nil {
		t.Fatal(err)
	}
	if !gotAt.Equal(at) {
		t.Errorf("at = %v, want %v", gotAt, at)
	}
	if want := time.Date(2026, 7, 1, 10, 0, 0, 0, time.UTC); !gotStamp.Equal(want) {
		t.Errorf("stamp = %v, want %v", gotStamp, want)
	}
	// TEXT is no date column: the text comes back as it is.
	if note != "2026-07-01" || class != "text" {
		t.Errorf("note = %q, typeof(at) = %q", note, class)
	}

	rows, err := db.QueryContext(t.Context(), `SELECT id, at, stamp, note, 1 + 1 AS two FROM events`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cols, ","); got != "id,at,stamp,note,two" {
		t.Errorf("columns = %s", got)
	}
}

func TestQueryManyRows(t *testing.T) {
	s := Start(t)
	db := openDB(t, s.DSN())
	mustExec(t, db, `CREATE TABLE nums (n INTEGER PRIMARY KEY, square INTEGER, label TEXT)`)

	const count = 3000
	tx, err := db.BeginTx(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	stmt, err := tx.PrepareContext(t.Context(), `INSERT INTO nums (n, square, label) VALUES (?, ?, ?)`)
	if err != nil {
		t.Fatal(err)
	}
	for n := range count {
		if _, err := stmt.ExecContext(t.Context(), n, n*n, fmt.Sprintf("第%d行", n)); err != nil {
			t.Fatal(err)
		}
	}
	stmt.Close()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	rows, err := db.QueryContext(t.Context(), `SELECT n, square, label FROM nums ORDER BY n`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var n, sq int64
		var label string
		if err := rows.Scan(&n, &sq, &label); err != nil {
			t.Fatal(err)
		}
		if n != int64(seen) || sq != n*n || label != fmt.Sprintf("第%d行", n) {
			t.Fatalf("row %d = (%d, %d, %q)", seen, n, sq, label)
		}
		seen++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if seen != count {
		t.Errorf("read %d rows, want %d", seen, count)
	}

	var total int64
	err = db.QueryRowContext(t.Context(), `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT sum(x) FROM c`).Scan(&total)
	if err != nil || total != 100000*100001/2 {
		t.Errorf("sum = %d, %v", total, err)
	}
}

func TestTransactions(t *testing.T) {
	s := Start(t)
	db := openDB(t, s.DSN())
	mustExec(t, db, `CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT, balance INTEGER)`)
	mustExec(t, db, `INSERT INTO accounts (owner, balance) VALUES ('a', 100), ('b', 0)`)

	t.Run("commit", func(t *testing.T) {
		tx, err := db.BeginTx(t.Context(), nil)
		if err != nil {
			t.Fatal(err)
		}
		mustExec(t, tx, `UPDATE accounts SET balance = balance - 30 WHERE owner = 'a'`)
		mustExec(t, tx, `UPDATE accounts SET balance = balance + 30 WHERE owner = 'b'`)
		mustExec(t, tx, `INSERT INTO accounts (owner, balance) VALUES ('c', 1)`)
		// The transaction sees its own writes; other streams do not, yet.
		if n := countRows(t, tx, "accounts"); n != 3 {
			t.Errorf("inside the transaction: %d rows, want 3", n)
		}
		if n := countRows(t, db, "accounts"); n != 2 {
			t.Errorf("outside the open transaction: %d rows, want 2", n)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, db, "accounts"); n != 3 {
			t.Errorf("after commit: %d rows, want 3", n)
		}
		var a, b int
		if err := db.QueryRowContext(t.Context(), `SELECT (SELECT balance FROM accounts WHERE owner = 'a'), (SELECT balance FROM accounts WHERE owner = 'b')`).Scan(&a, &b); err != nil {
			t.Fatal(err)
		}
		if a != 70 || b != 30 {
			t.Errorf("balances = %d, %d, want 70, 30", a, b)
		}
	})

	t.Run("rollback", func(t *testing.T) {
		tx, err := db.BeginTx(t.Context(), nil)
		if err != nil {
			t.Fatal(err)
		}
		mustExec(t, tx, `INSERT INTO accounts (owner, balance) VALUES ('ghost', 999)`)
		mustExec(t, tx, `DELETE FROM accounts WHERE owner = 'a'`)
		if n := countRows(t, tx, "accounts"); n != 3 {
			t.Errorf("inside the transaction: %d rows, want 3", n)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		var ghosts, as int
		if err := db.QueryRowContext(t.Context(), `SELECT count(*) FILTER (WHERE owner = 'ghost'), count(*) FILTER (WHERE owner = 'a') FROM accounts`).Scan(&ghosts, &as); err != nil {
			t.Fatal(err)
		}
		if ghosts != 0 || as != 1 {
			t.Errorf("after rollback: %d ghost rows, %d rows of a; want 0, 1", ghosts, as)
		}
	})

	t.Run("failed statement then rollback", func(t *testing.T) {
		tx, err := db.BeginTx(t.Context(), nil)
		if err != nil {
			t.Fatal(err)
		}
		mustExec(t, tx, `INSERT INTO accounts (owner, balance) VALUES ('d', 4)`)
		if _, err := tx.ExecContext(t.Context(), `INSERT INTO missing VALUES (1)`); err == nil {
			t.Fatal("insert into a missing table succeeded")
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, db, "accounts"); n != 3 {
			t.Errorf("after rollback: %d rows, want 3", n)
		}
	})

	t.Run("explicit BEGIN and COMMIT on one connection", func(t *testing.T) {
		c, err := db.Conn(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		mustExec(t, c, `BEGIN IMMEDIATE`)
		mustExec(t, c, `INSERT INTO accounts (owner, balance) VALUES ('e', 5)`)
		if n := countRows(t, db, "accounts"); n != 3 {
			t.Errorf("outside the open transaction: %d rows, want 3", n)
		}
		mustExec(t, c, `COMMIT`)
		if n := countRows(t, db, "accounts"); n != 4 {
			t.Errorf("after commit: %d rows, want 4", n)
		}
	})
}

func TestConcurrentClients(t *testing.T) {
	s := Start(t)
	db := openDB(t, s.DSN())
	mustExec(t, db, `CREATE TABLE hits (id INTEGER PRIMARY KEY, worker INTEGER, seq INTEGER, UNIQUE (worker, seq))`)

	const workers, perWorker = 8, 30
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				if i%10 == 9 {
					// Every tenth write goes in a transaction of its own.
					tx, err := db.BeginTx(t.Context(), nil)
					if err != nil {
						errs <- err
						return
					}
					if _, err := tx.ExecContext(t.Context(), `INSERT INTO hits (worker, seq) VALUES (?, ?)`, w, i); err != nil {
						tx.Rollback()
						errs <- err
						return
					}
					if err := tx.Commit(); err != nil {
						errs <- err
						return
					}
					continue
				}
				if _, err := db.ExecContext(t.Context(), `INSERT INTO hits (worker, seq) VALUES (?, ?)`, w, i); err != nil {
					errs <- fmt.Errorf("worker %d insert %d: %w", w, i, err)
					return
				}
				var n int
				if err := db.QueryRowContext(t.Context(), `SELECT count(*) FROM hits WHERE worker = ?`, w).Scan(&n); err != nil {
					errs <- err
					return
				}
				if n != i+1 {
					errs <- fmt.Errorf("worker %d sees %d of its rows after %d inserts", w, n, i+1)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := countRows(t, db, "hits"); n != workers*perWorker {
		t.Errorf("%d rows, want %d", n, workers*perWorker)
	}
}

func TestSQLErrors(t *testing.T) {
	s := Start(t)
	db := openDB(t, s.DSN())
	mustExec(t, db, `CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL)`)
	mustExec(t, db, `INSERT INTO users (email) VALUES ('a@example.com')`)

	tests := []struct {
		name  string
		query string
		args  []any
		want  string
	}{
		{"missing table", `SELECT * FROM nope`, nil, "no such table: nope"},
		{"syntax", `SELEC 1`, nil, `near "SELEC": syntax error`},
		{"unique", `INSERT INTO users (email) VALUES (?)`, []any{"a@example.com"}, "UNIQUE constraint failed: users.email"},
		{"not null", `INSERT INTO users (email) VALUES (NULL)`, nil, "NOT NULL constraint failed: users.email"},
		{"missing column", `SELECT nope FROM users`, nil, "no such column: nope"},
		{"commit without transaction", `COMMIT`, nil, "no transaction is active"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.ExecContext(t.Context(), tt.query, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Exec error = %v, want one containing %q", err, tt.want)
			}
			_, err = db.QueryContext(t.Context(), tt.query, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Query error = %v, want one containing %q", err, tt.want)
			}
		})
	}
	// The database works on after the errors.
	if n := countRows(t, db, "users"); n != 1 {
		t.Errorf("%d users, want 1", n)
	}
}

func TestAuthToken(t *testing.T) {
	s := Start(t, WithToken("s3cret-token"))
	tests := []struct {
		name    string
		dsn     string
		wantErr string
	}{
		{"right token", s.URL + "?authToken=s3cret-token", ""},
		{"right token, snake case", s.URL + "?auth_token=s3cret-token", ""},
		{"wrong token", s.URL + "?authToken=wrong", "401"},
		{"no token", s.URL, "401"},
		{"token prefix", s.URL + "?authToken=s3cret", "401"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t, tt.dsn)
			var one int
			err := db.QueryRowContext(t.Context(), `SELECT 1`).Scan(&one)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("query failed: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("query error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}

	t.Run("no token needed", func(t *testing.T) {
		open := Start(t, WithToken(""))
		if open.DSN() != open.URL {
			t.Errorf("DSN = %q, want the bare URL", open.DSN())
		}
		mustExec(t, openDB(t, open.DSN()), `SELECT 1`)
	})
}

func TestExecResult(t *testing.T) {
	s := Start(t)
	db := openDB(t, s.DSN())
	mustExec(t, db, `CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER)`)

	tests := []struct {
		name         string
		query        string
		args         []any
		wantAffected int64
		wantLastID   int64 // -1: do not check
	}{
		{"insert one", `INSERT INTO items (name, qty) VALUES (?, ?)`, []any{"pen", 1}, 1, 1},
		{"insert three", `INSERT INTO items (name, qty) VALUES ('a', 2), ('b', 3), ('c', 4)`, nil, 3, 4},
		{"insert explicit id", `INSERT INTO items (id, name, qty) VALUES (?, 'far', 5)`, []any{int64(1) << 40}, 1, 1 << 40},
		{"update some", `UPDATE items SET qty = qty * 10 WHERE qty >= ?`, []any{3}, 3, -1},
		{"update none", `UPDATE items SET qty = 0 WHERE name = 'nobody'`, nil, 0, -1},
		{"select", `SELECT * FROM items`, nil, 0, -1},
		{"create index", `CREATE INDEX items_name ON items (name)`, nil, 0, -1},
		{"delete some", `DELETE FROM items WHERE qty < ?`, []any{10}, 2, -1},
		{"upsert", `INSERT INTO items (id, name, qty) VALUES (1, 'pen', 7) ON CONFLICT (id) DO UPDATE SET qty = excluded.qty`, nil, 1, -1},
		{"delete all", `DELETE FROM items`, nil, 4, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustExec(t, db, tt.query, tt.args...)
			affected, err := res.RowsAffected()
			if err != nil || affected != tt.wantAffected {
				t.Errorf("RowsAffected = %d, %v; want %d", affected, err, tt.wantAffected)
			}
			if tt.wantLastID >= 0 {
				id, err := res.LastInsertId()
				if err != nil || id != tt.wantLastID {
					t.Errorf("LastInsertId = %d, %v; want %d", id, err, tt.wantLastID)
				}
			}
		})
	}
}

// TestMultipleStatements covers the client's batch path: it sends SQL with
// several statements as a batch whose steps each depend on the previous
// one, with a ROLLBACK step run only if the last one failed.
func TestMultipleStatements(t *testing.T) {
	s := Start(t)
	db := openDB(t, s.DSN())

	res := mustExec(t, db, `CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1); INSERT INTO a VALUES (2), (3)`)
	if n, _ := res.RowsAffected(); n != 3 {
		t.Errorf("RowsAffected = %d, want 3", n)
	}
	if n := countRows(t, db, "a"); n != 3 {
		t.Errorf("%d rows, want 3", n)
	}

	_, err := db.ExecContext(t.Context(), `INSERT INTO a VALUES (4); INSERT INTO missing VALUES (5); INSERT INTO a VALUES (6)`)
	if err == nil || !strings.Contains(err.Error(), "no such table: missing") {
		t.Errorf("error = %v, want one about the missing table", err)
	}

	rows, err := db.QueryContext(t.Context(), `SELECT 1 AS one; SELECT 'two' AS two, 2`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var sets [][]string
	for {
		cols, _ := rows.Columns()
		sets = append(sets, cols)
		for rows.Next() {
		}
		if !rows.NextResultSet() {
			break
		}
	}
	if fmt.Sprint(sets) != "[[one] [two 2]]" {
		t.Errorf("result sets = %v", sets)
	}
}

func TestRequestsAndStreams(t *testing.T) {
	s := Start(t)
	db := openDB(t, s.DSN())
	before := s.Requests()
	for range 5 {
		// Not db.Ping: libsql-client-go's connections do not implement
		// driver.Pinger, so a ping never reaches the server.
		var one int
		if err := db.QueryRowContext(t.Context(), `SELECT 1`).Scan(&one); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.Requests() - before; got < 5 {
		t.Errorf("%d requests counted for 5 queries", got)
	}

	// Closing the client closes its streams (asynchronously).
	db.Close()
	deadline := time.Now().Add(5 * time.Second)
	for s.OpenStreams() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := s.OpenStreams(); n != 0 {
		t.Errorf("%d streams open after the client closed", n)
	}
}

func TestStreamTimeoutThroughClient(t *testing.T) {
	s := Start(t, WithStreamTimeout(100*time.Millisecond))
	db := openDB(t, s.DSN())
	mustExec(t, db, `CREATE TABLE t (x)`)
	tx, err := db.BeginTx(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, tx, `INSERT INTO t VALUES (1)`)
	time.Sleep(400 * time.Millisecond)
	err = tx.Commit()
	if err == nil || !strings.Contains(err.Error(), "STREAM_EXPIRED") && !strings.Contains(err.Error(), "400") {
		t.Errorf("commit after the stream expired: %v, want an error", err)
	}
	if n := countRows(t, db, "t"); n != 0 {
		t.Errorf("%d rows after the stream expired, want 0", n)
	}
	if !errors.Is(tx.Rollback(), sql.ErrTxDone) {
		t.Error("the transaction is not done after the failed commit")
	}
}

// TestForeignKeys checks that foreign keys are enforced on every stream, as
// libsql-server's SQLite (built with SQLITE_DEFAULT_FOREIGN_KEYS=1) does.
func TestForeignKeys(t *testing.T) {
	s := Start(t)
	db := openDB(t, s.DSN())
	mustExec(t, db, `CREATE TABLE schools (id INTEGER PRIMARY KEY)`)
	mustExec(t, db, `CREATE TABLE students (id INTEGER PRIMARY KEY, school INTEGER NOT NULL REFERENCES schools (id) ON DELETE CASCADE)`)
	mustExec(t, db, `INSERT INTO schools (id) VALUES (1)`)
	mustExec(t, db, `INSERT INTO students (school) VALUES (1), (1)`)

	_, err := db.ExecContext(t.Context(), `INSERT INTO students (school) VALUES (2)`)
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY constraint failed") {
		t.Errorf("insert with a missing parent: %v, want a foreign key error", err)
	}
	mustExec(t, db, `DELETE FROM schools WHERE id = 1`)
	if n := countRows(t, db, "students"); n != 0 {
		t.Errorf("%d students after deleting their school, want 0 (ON DELETE CASCADE)", n)
	}

	// A client may still turn enforcement off on its own stream.
	c, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	mustExec(t, c, `PRAGMA foreign_keys = OFF`)
	mustExec(t, c, `INSERT INTO students (school) VALUES (3)`)
}
