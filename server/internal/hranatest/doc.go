// Package hranatest is a loopback libSQL server for tests: the server side
// of Hrana over HTTP, the protocol libSQL servers (sqld, Turso) speak, with
// an embedded SQLite database (modernc.org/sqlite) behind it. It lets the
// code that reaches production libSQL over http(s):// be tested without one.
//
// In a test:
//
//	s := hranatest.Start(t)                 // http://127.0.0.1:PORT, random token
//	db, err := sql.Open("libsql", s.DSN())  // github.com/tursodatabase/libsql-client-go/libsql
//
// Outside tests, New returns the same server as an http.Handler; the hranad
// command (./cmd/hranad) serves it on an address of its own, for clients in
// other processes.
//
// # Protocol
//
// The server speaks the JSON encoding of Hrana 2 at POST /v2/pipeline, which
// is what libsql-client-go uses, and of Hrana 3 at POST /v3/pipeline. A
// pipeline body is {"baton": string|null, "requests": [...]}; the response
// is {"baton": string|null, "base_url": null, "results": [...]}, one result
// per request, {"type":"ok","response":{...}} or {"type":"error","error":
// {"message":...,"code":...}}. The requests:
//
//   - execute: one statement, with positional "args" and/or "named_args"
//     (a name with its prefix, :a @a $a, or without, which matches :a, @a or
//     $a), and "want_rows" (default true). The result has "cols" (name and
//     declared type), "rows", "affected_row_count" (0 for statements that
//     change no rows, such as SELECT, DDL or BEGIN) and "last_insert_rowid"
//     (a string). SQL holding no statement, or more than one, is an error
//     (SQL_NO_STATEMENT, SQL_MANY_STATEMENTS).
//   - batch: steps run in order, each if its condition holds: ok and error
//     (of an earlier step), not, and, or, and in Hrana 3 is_autocommit.
//     The result lists per step its result and its error, null for a step
//     that did not run.
//   - sequence: a script of statements without arguments or results.
//   - describe: a statement's parameters, columns, and whether it is an
//     EXPLAIN and read-only, without running it.
//   - store_sql, close_sql: SQL text stored on the stream under an id, for
//     "sql_id" in place of "sql".
//   - get_autocommit (Hrana 3): whether the stream is outside a transaction.
//   - close: closes the stream; the response's baton is null.
//
// Values are {"type":"null"}, {"type":"integer","value":"42"} (a string),
// {"type":"float","value":1.5}, {"type":"text","value":"..."} and
// {"type":"blob","base64":"..."}. The server returns every value with its
// SQLite storage class and every column with its declared type as written,
// the way libSQL does. Like libsql-server, whose SQLite is built with
// SQLITE_DEFAULT_FOREIGN_KEYS=1, it enforces foreign keys on every stream
// unless the client runs PRAGMA foreign_keys=OFF on it.
//
// # Streams and batons
//
// A pipeline without a baton opens a stream; every stream has a SQLite
// connection of its own, so a transaction begun in one pipeline is seen by
// the next one on the same stream and by no other stream until it commits.
// Each response hands out a new baton and the one used stops working, so a
// stream serves one request at a time, in order. A stream idle for the
// stream timeout (10s by default, see WithStreamTimeout) expires and its
// connection closes, rolling back what it had not committed. So does a
// stream whose pipeline fails with an HTTP error once it has started to run
// (an unknown sql_id, say), as the client gets no new baton; a pipeline
// refused before it starts (unauthorized, malformed) leaves its stream as
// it was.
//
// # Errors
//
// A statement that fails, as SQL does (syntax, constraint, missing table,
// busy database...), fails its own request only: the result is an error
// with a code such as SQLITE_CONSTRAINT_UNIQUE and a message "SQLite error:
// ...", and the pipeline goes on. A request the server cannot process fails
// the HTTP request, with a JSON body {"error":msg,"message":msg,"code":code}:
//
//	400  malformed body, inconsistent request, unknown sql_id (PROTO_INVALID, ...)
//	400  baton unknown, used or expired (STREAM_EXPIRED)
//	401  missing or wrong bearer token (UNAUTHORIZED)
//	404  unknown path; 405 wrong method; 413 body too large
//	503  too many open streams, or the server is closed
//
// Not covered: the /v3/cursor endpoint, the Protobuf encoding
// (/v3-protobuf), Hrana over WebSockets, and replication (base_url and
// replication_index are never set).
package hranatest
