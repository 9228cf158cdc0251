//go:build !js

package hranatest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// These tests speak Hrana over HTTP directly, to cover what libsql-client-go
// does not use and what no well-behaved client sends.

type reply struct {
	Baton   *string       `json:"baton"`
	BaseURL *string       `json:"base_url"`
	Results []replyResult `json:"results"`
}

type replyResult struct {
	Type     string `json:"type"`
	Response *struct {
		Type         string          `json:"type"`
		Result       json.RawMessage `json:"result"`
		IsAutocommit *bool           `json:"is_autocommit"`
	} `json:"response"`
	Error *respError `json:"error"`
}

func (r replyResult) stmt(t *testing.T) stmtResult {
	t.Helper()
	if r.Type != "ok" || r.Response == nil || r.Response.Type != "execute" {
		t.Fatalf("want an ok execute result, got %+v (error %+v)", r, r.Error)
	}
	var res stmtResult
	if err := json.Unmarshal(r.Response.Result, &res); err != nil {
		t.Fatalf("decoding %s: %v", r.Response.Result, err)
	}
	return res
}

func (r replyResult) errCode(t *testing.T) string {
	t.Helper()
	if r.Type != "error" || r.Error == nil {
		t.Fatalf("want an error result, got %+v", r)
	}
	return r.Error.Code
}

// post sends body to path and returns the status and the response body.
func post(t *testing.T, s *Server, path, token, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

// pipeline runs requests (JSON texts) on the stream of baton, or a new one,
// and fails the test unless the server answers 200.
func pipeline(t *testing.T, s *Server, version int, baton *string, requests ...string) reply {
	t.Helper()
	body := fmt.Sprintf(`{"baton":%s,"requests":[%s]}`, jsonText(baton), strings.Join(requests, ","))
	status, out := post(t, s, fmt.Sprintf("/v%d/pipeline", version), s.Token, body)
	if status != http.StatusOK {
		t.Fatalf("pipeline %s: status %d: %s", body, status, out)
	}
	var r reply
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("decoding %s: %v", out, err)
	}
	if len(r.Results) != len(requests) {
		t.Fatalf("%d results for %d requests: %s", len(r.Results), len(requests), out)
	}
	return r
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func execReq(sql string) string {
	return fmt.Sprintf(`{"type":"execute","stmt":{"sql":%s}}`, jsonText(sql))
}

func execArgs(sql, args, namedArgs string) string {
	return fmt.Sprintf(`{"type":"execute","stmt":{"sql":%s,"args":[%s],"named_args":[%s],"want_rows":true}}`, jsonText(sql), args, namedArgs)
}

const closeReq = `{"type":"close"}`

func TestMalformedPipelines(t *testing.T) {
	s := Start(t)
	// A stream with a baton that has been used already.
	used := pipeline(t, s, 2, nil).Baton
	pipeline(t, s, 2, used)

	tests := []struct {
		name   string
		method string // default POST
		path   string // default /v2/pipeline
		body   string
		status int
		code   string
	}{
		{name: "empty body", body: ``, status: 400},
		{name: "not JSON", body: `requests: []`, status: 400},
		{name: "JSON null", body: `null`, status: 400},
		{name: "array", body: `[]`, status: 400},
		{name: "string", body: `"x"`, status: 400},
		{name: "no requests", body: `{}`, status: 400, code: "PROTO_INVALID"},
		{name: "null requests", body: `{"requests":null}`, status: 400, code: "PROTO_INVALID"},
		{name: "requests not an array", body: `{"requests":1}`, status: 400},
		{name: "trailing garbage", body: `{"requests":[]} {}`, status: 400},
		{name: "truncated", body: `{"requests":[{"type":"execute","stmt":{"sql":"SELECT 1"`, status: 400},
		{name: "baton not a string", body: `{"baton":1,"requests":[]}`, status: 400},
		{name: "null request", body: `{"requests":[null]}`, status: 400},
		{name: "request without type", body: `{"requests":[{}]}`, status: 400},
		{name: "unknown request type", body: `{"requests":[{"type":"drop_database"}]}`, status: 400},
		{name: "execute without stmt", body: `{"requests":[{"type":"execute"}]}`, status: 400},
		{name: "stmt without sql", body: `{"requests":[{"type":"execute","stmt":{}}]}`, status: 400, code: "SQL_ID_OR_SQL_NOT_GIVEN"},
		{name: "stmt with sql and sql_id", body: `{"requests":[{"type":"execute","stmt":{"sql":"SELECT 1","sql_id":1}}]}`, status: 400, code: "SQL_ID_AND_SQL_GIVEN"},
		{name: "sql not a string", body: `{"requests":[{"type":"execute","stmt":{"sql":1}}]}`, status: 400},
		{name: "sql_id out of range", body: `{"requests":[{"type":"execute","stmt":{"sql_id":4294967296}}]}`, status: 400},
		{name: "unknown sql_id", body: `{"requests":[{"type":"execute","stmt":{"sql_id":7}}]}`, status: 400, code: "SQL_NOT_FOUND"},
		{name: "args not an array", body: `{"requests":[{"type":"execute","stmt":{"sql":"SELECT ?","args":{}}}]}`, status: 400},
		{name: "value without type", body: `{"requests":[{"type":"execute","stmt":{"sql":"SELECT ?","args":[{}]}}]}`, status: 400},
		{name: "null value", body: `{"requests":[{"type":"execute","stmt":{"sql":"SELECT ?","args":[null]}}]}`, status: 400},
		{name: "unknown value type", body: `{"requests":[{"type":"execute","stmt":{"sql":"SELECT ?","args":[{"type":"date","value":"x"}]}}]}`, status: 400},
		{name: "integer not numeric", body: `{"requests":[{"type":"execute","stmt":{"sql":"SELECT ?","args":[{"type":"integer","value":"12a"}]}}]}`, status: 400},
		{name: "integer too big", body: `{"requests":[{"type":"execute","stmt":{"sql":"SELECT ?","args":[{"type":"integer","value":"9223372036854775808"}]}}]}`, status: 400},
		{name: "integer with fraction", body: `{"requests":[{"type":"execute","stmt":{"sql":"SELECT ?","args":[{"type":"integer","value":1.5}]}}]}`, status: 400},
		{name: "float as string", body: `{"requests":[{"type":"execute","stmt":{"sql":"SELECT ?","args":[{"type":"float","value":"1.5"}]}}]}`, status: 400},
		{name: "text not a string", body: `{"requests":[{"type":"execute","stmt":{"sql":"SELECT ?","args":[{"type":"text","value":5}]}}]}`, status: 400},
		{name: "blob without base64", body: `{"requests":[{"type":"execute","stmt":{"sql":"SELECT ?","args":[{"type":"blob","value":"AA"}]}}]}`, status: 400},
		{name: "blob bad base64", body: `{"requests":[{"type":"execute","stmt":{"sql":"SELECT ?","args":[{"type":"blob","base64":"!!!"}]}}]}`, status: 400},
		{name: "named arg without name", body: `{"requests":[{"type":"execute","stmt":{"sql":"SELECT :a","named_args":[{"value":{"type":"null"}}]}}]}`, status: 400},
		{name: "batch without steps", body: `{"requests":[{"type":"batch","batch":{}}]}`, status: 400},
		{name: "batch step without stmt", body: `{"requests":[{"type":"batch","batch":{"steps":[{}]}}]}`, status: 400},
		{name: "condition on a later step", body: `{"requests":[{"type":"batch","batch":{"steps":[{"stmt":{"sql":"SELECT 1"},"condition":{"type":"ok","step":0}}]}}]}`, status: 400, code: "BATCH_COND_INVALID"},
		{name: "condition on a negative step", body: `{"requests":[{"type":"batch","batch":{"steps":[{"stmt":{"sql":"SELECT 1"}},{"stmt":{"sql":"SELECT 1"},"condition":{"type":"error","step":-1}}]}}]}`, status: 400, code: "BATCH_COND_INVALID"},
		{name: "condition without step", body: `{"requests":[{"type":"batch","batch":{"steps":[{"stmt":{"sql":"SELECT 1"}},{"stmt":{"sql":"SELECT 1"},"condition":{"type":"ok"}}]}}]}`, status: 400, code: "BATCH_COND_INVALID"},
		{name: "not without cond", body: `{"requests":[{"type":"batch","batch":{"steps":[{"stmt":{"sql":"SELECT 1"},"condition":{"type":"not"}}]}}]}`, status: 400, code: "BATCH_COND_INVALID"},
		{name: "and without conds", body: `{"requests":[{"type":"batch","batch":{"steps":[{"stmt":{"sql":"SELECT 1"},"condition":{"type":"and"}}]}}]}`, status: 400, code: "BATCH_COND_INVALID"},
		{name: "unknown condition", body: `{"requests":[{"type":"batch","batch":{"steps":[{"stmt":{"sql":"SELECT 1"},"condition":{"type":"maybe"}}]}}]}`, status: 400, code: "BATCH_COND_INVALID"},
		{name: "is_autocommit in Hrana 2", body: `{"requests":[{"type":"batch","batch":{"steps":[{"stmt":{"sql":"SELECT 1"},"condition":{"type":"is_autocommit"}}]}}]}`, status: 400, code: "BATCH_COND_INVALID"},
		{name: "get_autocommit in Hrana 2", body: `{"requests":[{"type":"get_autocommit"}]}`, status: 400, code: "PROTO_INVALID"},
		{name: "store_sql without sql", body: `{"requests":[{"type":"store_sql","sql_id":1}]}`, status: 400},
		{name: "close_sql without id", body: `{"requests":[{"type":"close_sql"}]}`, status: 400},
		{name: "sequence without sql", body: `{"requests":[{"type":"sequence"}]}`, status: 400},
		{name: "describe with both", body: `{"requests":[{"type":"describe","sql":"SELECT 1","sql_id":1}]}`, status: 400},
		{name: "store_sql twice", body: `{"requests":[{"type":"store_sql","sql_id":1,"sql":"SELECT 1"},{"type":"store_sql","sql_id":1,"sql":"SELECT 2"}]}`, status: 400, code: "SQL_ID_EXISTS"},
		{name: "unknown baton", body: `{"baton":"nope","requests":[]}`, status: 400, code: "STREAM_EXPIRED"},
		{name: "used baton", body: fmt.Sprintf(`{"baton":%q,"requests":[]}`, *used), status: 400, code: "STREAM_EXPIRED"},
		{name: "GET pipeline", method: http.MethodGet, status: 405},
		{name: "PUT pipeline", method: http.MethodPut, body: `{"requests":[]}`, status: 405},
		{name: "unknown path", path: "/v1/execute", body: `{"requests":[]}`, status: 404},
		{name: "protobuf path", path: "/v3-protobuf/pipeline", body: `{"requests":[]}`, status: 404},
		{name: "cursor path", path: "/v3/cursor", body: `{"requests":[]}`, status: 404},
		{name: "trailing slash", path: "/v2/pipeline/", body: `{"requests":[]}`, status: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method, path := tt.method, tt.path
			if method == "" {
				method = http.MethodPost
			}
			if path == "" {
				path = "/v2/pipeline"
			}
			req, err := http.NewRequestWithContext(t.Context(), method, s.URL+path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+s.Token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			out, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, tt.status, out)
			}
			var body httpErrorBody
			if err := json.Unmarshal(out, &body); err != nil || body.Error == "" || body.Message != body.Error {
				t.Errorf("error body %s: not {error, message, code} (%v)", out, err)
			}
			if tt.code != "" && body.Code != tt.code {
				t.Errorf("code %q, want %q (%s)", body.Code, tt.code, body.Message)
			}
		})
	}

	// No stream is left behind by a refused pipeline.
	if n := s.OpenStreams(); n != 1 {
		t.Errorf("%d streams open, want 1 (the one of the used baton)", n)
	}
}

func TestMaxBodyBytes(t *testing.T) {
	s := Start(t, WithMaxBodyBytes(1000))
	status, out := post(t, s, "/v2/pipeline", s.Token, `{"requests":[`+execReq("SELECT '"+strings.Repeat("x", 2000)+"'")+`]}`)
	if status != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413: %s", status, out)
	}
	pipeline(t, s, 2, nil, execReq("SELECT 1"))
}

func TestAuthorization(t *testing.T) {
	s := Start(t, WithToken("tok"))
	tests := []struct {
		name   string
		header string // "-" for none
		path   string
		method string
		status int
	}{
		{"right token", "Bearer tok", "/v2/pipeline", "POST", 200},
		{"lower-case scheme", "bearer tok", "/v2/pipeline", "POST", 200},
		{"no header", "-", "/v2/pipeline", "POST", 401},
		{"empty header", "", "/v2/pipeline", "POST", 401},
		{"wrong token", "Bearer tik", "/v2/pipeline", "POST", 401},
		{"longer token", "Bearer tok2", "/v2/pipeline", "POST", 401},
		{"token with space", "Bearer  tok", "/v2/pipeline", "POST", 401},
		{"scheme only", "Bearer", "/v2/pipeline", "POST", 401},
		{"basic scheme", "Basic tok", "/v2/pipeline", "POST", 401},
		{"bare token", "tok", "/v2/pipeline", "POST", 401},
		{"v3 pipeline, right", "Bearer tok", "/v3/pipeline", "POST", 200},
		{"v3 pipeline, wrong", "Bearer x", "/v3/pipeline", "POST", 401},
		{"v2 probe, right", "Bearer tok", "/v2", "GET", 200},
		{"v3 probe, wrong", "-", "/v3", "GET", 401},
		{"health needs none", "-", "/health", "GET", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), tt.method, s.URL+tt.path, strings.NewReader(`{"requests":[`+execReq("SELECT 1")+`]}`))
			if err != nil {
				t.Fatal(err)
			}
			if tt.header != "-" {
				req.Header.Set("Authorization", tt.header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			out, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, tt.status, out)
			}
			if tt.status == 401 {
				if resp.Header.Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
				if !strings.Contains(string(out), "Unauthorized") {
					t.Errorf("401 body %s", out)
				}
			}
		})
	}
	if n := s.OpenStreams(); n != 3 {
		t.Errorf("%d streams open, want 3 (the authorized pipelines')", n)
	}
}

func TestValueEncoding(t *testing.T) {
	s := Start(t)
	status, out := post(t, s, "/v2/pipeline", s.Token, `{"requests":[`+
		execReq(`SELECT 1 AS i, 1.5 AS f, 'a"é' AS t, x'00ff10' AS b, NULL AS n, -9223372036854775808 AS min, 2.0 AS two, 1e999 AS inf, x'' AS empty`)+`]}`)
	if status != 200 {
		t.Fatalf("status %d: %s", status, out)
	}
	wantRow := `[{"type":"integer","value":"1"},{"type":"float","value":1.5},{"type":"text","value":"a\"é"},` +
		`{"type":"blob","base64":"AP8Q"},{"type":"null"},{"type":"integer","value":"-9223372036854775808"},` +
		`{"type":"float","value":2},{"type":"float","value":null},{"type":"blob","base64":""}]`
	if !strings.Contains(string(out), `"rows":[`+wantRow+`]`) {
		t.Errorf("response %s\ndoes not hold the row %s", out, wantRow)
	}
	wantCols := `"cols":[{"name":"i","decltype":null},{"name":"f","decltype":null},{"name":"t","decltype":null},` +
		`{"name":"b","decltype":null},{"name":"n","decltype":null},{"name":"min","decltype":null},` +
		`{"name":"two","decltype":null},{"name":"inf","decltype":null},{"name":"empty","decltype":null}]`
	if !strings.Contains(string(out), wantCols) {
		t.Errorf("response %s\ndoes not hold the columns %s", out, wantCols)
	}
	if !strings.Contains(string(out), `"base_url":null`) || !strings.Contains(string(out), `"baton":"`) {
		t.Errorf("response %s lacks baton or base_url", out)
	}
}

func TestExecuteResult(t *testing.T) {
	s := Start(t)
	r := pipeline(t, s, 2, nil,
		execReq(`CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, at DATETIME)`),
		execReq(`INSERT INTO t (name) VALUES ('a'), ('b')`),
		execReq(`SELECT id, name AS n, at, upper(name) FROM t ORDER BY id`),
		`{"type":"execute","stmt":{"sql":"INSERT INTO t (name) VALUES ('c') RETURNING id","want_rows":false}}`,
		execReq(`UPDATE t SET name = name || '!'`),
	)
	create := r.Results[0].stmt(t)
	if create.AffectedRowCount != 0 || len(create.Cols) != 0 || len(create.Rows) != 0 {
		t.Errorf("CREATE TABLE result %+v", create)
	}
	insert := r.Results[1].stmt(t)
	if insert.AffectedRowCount != 2 || insert.LastInsertRowid == nil || *insert.LastInsertRowid != "2" {
		t.Errorf("INSERT result %+v", insert)
	}
	sel := r.Results[2].stmt(t)
	wantCols := `[{"name":"id","decltype":"INTEGER"},{"name":"n","decltype":"VARCHAR(20)"},{"name":"at","decltype":"DATETIME"},{"name":"upper(name)","decltype":null}]`
	if got := jsonText(sel.Cols); got != wantCols {
		t.Errorf("columns %s, want %s", got, wantCols)
	}
	if sel.AffectedRowCount != 0 || len(sel.Rows) != 2 || !sel.Rows[1][3].equal(textValue("B")) || !sel.Rows[0][2].isNull() {
		t.Errorf("SELECT result %+v", sel)
	}
	returning := r.Results[3].stmt(t)
	if len(returning.Rows) != 0 || len(returning.Cols) != 1 || returning.AffectedRowCount != 1 || *returning.LastInsertRowid != "3" {
		t.Errorf("INSERT RETURNING without rows: %+v", returning)
	}
	if update := r.Results[4].stmt(t); update.AffectedRowCount != 3 {
		t.Errorf("UPDATE result %+v", update)
	}
}

func TestArguments(t *testing.T) {
	s := Start(t)
	i := func(n int) string { return fmt.Sprintf(`{"type":"integer","value":"%d"}`, n) }
	tx := func(s string) string { return fmt.Sprintf(`{"type":"text","value":%q}`, s) }
	named := func(name, v string) string { return fmt.Sprintf(`{"name":%q,"value":%s}`, name, v) }

	tests := []struct {
		name      string
		sql       string
		args      string
		namedArgs string
		want      string // the row, as JSON values; "" if an error is expected
		wantCode  string
	}{
		{"positional", `SELECT ?, ?`, i(1) + "," + tx("x"), "", `[` + i(1) + "," + tx("x") + `]`, ""},
		{"numbered", `SELECT ?2, ?1, ?2`, i(1) + "," + i(2), "", `[` + i(2) + "," + i(1) + "," + i(2) + `]`, ""},
		{"unbound is NULL", `SELECT ?, ?3`, i(1), "", `[` + i(1) + `,{"type":"null"}]`, ""},
		{"named with prefix", `SELECT :a, @b, $c`, "", named(":a", i(1)) + "," + named("@b", i(2)) + "," + named("$c", i(3)), `[` + i(1) + "," + i(2) + "," + i(3) + `]`, ""},
		{"named without prefix", `SELECT :a, @b, $c`, "", named("c", i(3)) + "," + named("a", i(1)) + "," + named("b", i(2)), `[` + i(1) + "," + i(2) + "," + i(3) + `]`, ""},
		{"named used twice", `SELECT :a + :a`, "", named("a", i(21)), `[` + i(42) + `]`, ""},
		{"colon preferred", `SELECT :a, $a`, "", named("a", i(1)), `[` + i(1) + `,{"type":"null"}]`, ""},
		{"positional binds named", `SELECT :a, :b`, i(5) + "," + i(6), "", `[` + i(5) + "," + i(6) + `]`, ""},
		{"positional and named", `SELECT ?, :b`, i(5), named("b", i(6)), `[` + i(5) + "," + i(6) + `]`, ""},
		{"numbered name", `SELECT ?2, ?1`, "", named("?2", i(9)), `[` + i(9) + `,{"type":"null"}]`, ""},
		{"too many positional", `SELECT ?`, i(1) + "," + i(2), "", "", "ARGS_INVALID"},
		{"positional without parameters", `SELECT 1`, i(1), "", "", "ARGS_INVALID"},
		{"unknown name", `SELECT :a`, "", named("b", i(1)), "", "ARGS_INVALID"},
		{"integer given as number", `SELECT ?`, `{"type":"integer","value":7}`, "", `[` + i(7) + `]`, ""},
		{"padded base64", `SELECT ?`, `{"type":"blob","base64":"AP8="}`, "", `[{"type":"blob","base64":"AP8"}]`, ""},
		{"huge float", `SELECT ? > 1e308`, `{"type":"float","value":1e999}`, "", `[` + i(1) + `]`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := pipeline(t, s, 2, nil, execArgs(tt.sql, tt.args, tt.namedArgs), closeReq)
			if tt.wantCode != "" {
				if code := r.Results[0].errCode(t); code != tt.wantCode {
					t.Errorf("code %s, want %s (%s)", code, tt.wantCode, r.Results[0].Error.Message)
				}
				return
			}
			res := r.Results[0].stmt(t)
			if len(res.Rows) != 1 {
				t.Fatalf("%d rows", len(res.Rows))
			}
			if got := jsonText(res.Rows[0]); got != tt.want {
				t.Errorf("row %s, want %s", got, tt.want)
			}
		})
	}
}

func TestStatementCount(t *testing.T) {
	s := Start(t)
	tests := []struct {
		sql      string
		wantCode string
	}{
		{"SELECT 1", ""},
		{"SELECT 1;", ""},
		{"  SELECT 1 ; ;; -- trailing comment\n /* block */ ", ""},
		{"-- only a comment", "SQL_NO_STATEMENT"},
		{"", "SQL_NO_STATEMENT"},
		{" ; ", "SQL_NO_STATEMENT"},
		{"SELECT 1; SELECT 2", "SQL_MANY_STATEMENTS"},
		{"CREATE TABLE x (a); INSERT INTO x VALUES (1)", "SQL_MANY_STATEMENTS"},
		{"SELECT 1; garbage", "SQL_MANY_STATEMENTS"},
		{"SELECT 1\x00; DROP TABLE y", "SQL_PARSE_ERROR"},
		{"SELECT 'a;b', \"c;d\" -- ;\n", ""},
		{"CREATE TRIGGER tr AFTER INSERT ON z BEGIN SELECT 1; SELECT 2; END", "SQLITE_ERROR"}, // no table z; one statement
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			r := pipeline(t, s, 2, nil, execReq(tt.sql), closeReq)
			if tt.wantCode == "" {
				r.Results[0].stmt(t)
				return
			}
			if code := r.Results[0].errCode(t); code != tt.wantCode {
				t.Errorf("code %s, want %s (%s)", code, tt.wantCode, r.Results[0].Error.Message)
			}
		})
	}
}

func TestSQLErrorResults(t *testing.T) {
	s := Start(t)
	r := pipeline(t, s, 2, nil,
		execReq(`CREATE TABLE u (id INTEGER PRIMARY KEY, email TEXT UNIQUE, n INTEGER CHECK (n > 0) NOT NULL)`),
		execReq(`INSERT INTO u (email, n) VALUES ('a', 1)`),
		execReq(`INSERT INTO u (email, n) VALUES ('a', 2)`),
		execReq(`INSERT INTO u (id, email, n) VALUES (1, 'b', 2)`),
		execReq(`INSERT INTO u (email, n) VALUES ('c', 0)`),
		execReq(`INSERT INTO u (email) VALUES ('d')`),
		execReq(`SELECT * FROM nope`),
		execReq(`SELEC`),
		execReq(`SELECT count(*) FROM u`),
	)
	wantCodes := map[int]string{
		2: "SQLITE_CONSTRAINT_UNIQUE",
		3: "SQLITE_CONSTRAINT_PRIMARYKEY",
		4: "SQLITE_CONSTRAINT_CHECK",
		5: "SQLITE_CONSTRAINT_NOTNULL",
		6: "SQLITE_ERROR",
		7: "SQLITE_ERROR",
	}
	for i, want := range wantCodes {
		if code := r.Results[i].errCode(t); code != want {
			t.Errorf("request %d: code %s, want %s", i, code, want)
		}
		if msg := r.Results[i].Error.Message; !strings.HasPrefix(msg, "SQLite error: ") {
			t.Errorf("request %d: message %q", i, msg)
		}
	}
	// An error fails its request only: the pipeline went on.
	if got := jsonText(r.Results[8].stmt(t).Rows); got != `[[{"type":"integer","value":"1"}]]` {
		t.Errorf("count after the errors: %s", got)
	}
}

func TestBatchConditions(t *testing.T) {
	s := Start(t)
	pipeline(t, s, 3, nil, execReq(`CREATE TABLE log (step INTEGER)`), closeReq)

	ok := func(step int) string { return fmt.Sprintf(`{"type":"ok","step":%d}`, step) }
	failed := func(step int) string { return fmt.Sprintf(`{"type":"error","step":%d}`, step) }
	not := func(c string) string { return `{"type":"not","cond":` + c + `}` }
	and := func(cs ...string) string { return `{"type":"and","conds":[` + strings.Join(cs, ",") + `]}` }
	or := func(cs ...string) string { return `{"type":"or","conds":[` + strings.Join(cs, ",") + `]}` }
	logStep := func(i int) string {
		return fmt.Sprintf(`{"type":"integer","value":"%d"}`, i)
	}

	// Each step logs its index, except step 1, which fails.
	conds := []string{
		"",                              // 0: runs
		ok(0),                           // 1: runs, fails
		ok(1),                           // 2: skipped
		failed(1),                       // 3: runs
		not(ok(2)),                      // 4: runs
		and(ok(0), failed(1), ok(3)),    // 5: runs
		and(ok(0), ok(2)),               // 6: skipped
		or(ok(2), failed(0), ok(4)),     // 7: runs
		or(),                            // 8: skipped
		and(),                           // 9: runs
		`{"type":"is_autocommit"}`,      // 10: runs
		not(`{"type":"is_autocommit"}`), // 11: skipped
		failed(2),                       // 12: skipped: step 2 did not run
		not(or(ok(6), failed(6))),       // 13: runs
	}
	ran := map[int]bool{0: true, 1: true, 3: true, 4: true, 5: true, 7: true, 9: true, 10: true, 13: true}
	var steps []string
	for i, c := range conds {
		sql := "INSERT INTO log VALUES (?)"
		if i == 1 {
			sql = "INSERT INTO missing VALUES (?)"
		}
		step := fmt.Sprintf(`{"stmt":{"sql":%q,"args":[%s]}`, sql, logStep(i))
		if c != "" {
			step += `,"condition":` + c
		}
		steps = append(steps, step+"}")
	}
	r := pipeline(t, s, 3, nil,
		`{"type":"batch","batch":{"steps":[`+strings.Join(steps, ",")+`]}}`,
		execReq(`SELECT group_concat(step, ',') FROM (SELECT step FROM log ORDER BY step)`),
		closeReq)
	res := r.Results[0]
	if res.Type != "ok" || res.Response.Type != "batch" {
		t.Fatalf("batch result %+v", res)
	}
	var br batchResult
	if err := json.Unmarshal(res.Response.Result, &br); err != nil {
		t.Fatal(err)
	}
	if len(br.StepResults) != len(conds) || len(br.StepErrors) != len(conds) {
		t.Fatalf("%d step results and %d step errors for %d steps", len(br.StepResults), len(br.StepErrors), len(conds))
	}
	for i := range conds {
		switch {
		case i == 1:
			if br.StepResults[i] != nil || br.StepErrors[i] == nil || !strings.Contains(br.StepErrors[i].Message, "no such table") {
				t.Errorf("step 1: result %+v, error %+v; want the error", br.StepResults[i], br.StepErrors[i])
			}
		case ran[i]:
			if br.StepResults[i] == nil || br.StepErrors[i] != nil {
				t.Errorf("step %d: result %+v, error %+v; want it to have run", i, br.StepResults[i], br.StepErrors[i])
			}
		default:
			if br.StepResults[i] != nil || br.StepErrors[i] != nil {
				t.Errorf("step %d: result %+v, error %+v; want it skipped", i, br.StepResults[i], br.StepErrors[i])
			}
		}
	}
	if got := jsonText(r.Results[1].stmt(t).Rows); got != `[[{"type":"text","value":"0,3,4,5,7,9,10,13"}]]` {
		t.Errorf("logged steps %s", got)
	}
}

// TestClientStyleBatch replays the batch libsql-client-go sends for SQL with
// several statements: each step on the previous one's success, then a
// ROLLBACK if the last did not succeed.
func TestClientStyleBatch(t *testing.T) {
	s := Start(t)
	batch := func(sqls ...string) string {
		var steps []string
		for i, sql := range sqls {
			cond := ""
			if i > 0 {
				cond = fmt.Sprintf(`,"condition":{"type":"ok","step":%d}`, i-1)
			}
			steps = append(steps, fmt.Sprintf(`{"stmt":{"sql":%q,"want_rows":false}%s}`, sql, cond))
		}
		steps = append(steps, fmt.Sprintf(`{"stmt":{"sql":"ROLLBACK","want_rows":false},"condition":{"type":"not","cond":{"type":"ok","step":%d}}}`, len(sqls)-1))
		return `{"type":"batch","batch":{"steps":[` + strings.Join(steps, ",") + `]}}`
	}
	r := pipeline(t, s, 3, nil,
		batch("BEGIN", "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)", "COMMIT"),
		batch("BEGIN", "INSERT INTO t VALUES (2)", "INSERT INTO nope VALUES (3)", "COMMIT"),
		execReq("SELECT count(*) FROM t"),
		`{"type":"get_autocommit"}`,
	)
	var first, second batchResult
	json.Unmarshal(r.Results[0].Response.Result, &first)
	json.Unmarshal(r.Results[1].Response.Result, &second)
	if first.StepResults[4] != nil || first.StepErrors[4] != nil {
		t.Errorf("the ROLLBACK step ran after a successful batch: %+v", first)
	}
	if second.StepErrors[2] == nil || second.StepResults[3] != nil || second.StepResults[4] == nil {
		t.Errorf("failed batch: results %v, errors %v; want step 2 failed, COMMIT skipped, ROLLBACK run", second.StepResults, second.StepErrors)
	}
	if got := jsonText(r.Results[2].stmt(t).Rows); got != `[[{"type":"integer","value":"1"}]]` {
		t.Errorf("rows after the rolled back batch: %s", got)
	}
	if auto := r.Results[3].Response.IsAutocommit; auto == nil || !*auto {
		t.Errorf("is_autocommit %v after the rollback", auto)
	}
}

func TestBatons(t *testing.T) {
	s := Start(t)
	pipeline(t, s, 2, nil, execReq(`CREATE TABLE t (x INTEGER)`), closeReq)

	// A transaction spans pipelines on one stream.
	r1 := pipeline(t, s, 2, nil, execReq(`BEGIN`), execReq(`INSERT INTO t VALUES (1)`))
	if r1.Baton == nil || *r1.Baton == "" {
		t.Fatal("no baton")
	}
	other := pipeline(t, s, 2, nil, execReq(`SELECT count(*) FROM t`))
	if got := jsonText(other.Results[0].stmt(t).Rows); got != `[[{"type":"integer","value":"0"}]]` {
		t.Errorf("another stream sees the uncommitted row: %s", got)
	}
	r2 := pipeline(t, s, 2, r1.Baton, execReq(`SELECT count(*) FROM t`))
	if got := jsonText(r2.Results[0].stmt(t).Rows); got != `[[{"type":"integer","value":"1"}]]` {
		t.Errorf("the stream does not see its own row: %s", got)
	}
	if *r2.Baton == *r1.Baton {
		t.Error("the baton did not change")
	}

	// The old baton no longer works; the new one does.
	status, out := post(t, s, "/v2/pipeline", s.Token, fmt.Sprintf(`{"baton":%q,"requests":[]}`, *r1.Baton))
	if status != 400 || !strings.Contains(string(out), "STREAM_EXPIRED") {
		t.Errorf("reused baton: status %d: %s", status, out)
	}
	r3 := pipeline(t, s, 2, r2.Baton, execReq(`COMMIT`), closeReq)
	if r3.Baton != nil {
		t.Errorf("baton %q after close, want null", *r3.Baton)
	}
	r4 := pipeline(t, s, 2, other.Baton, execReq(`SELECT count(*) FROM t`))
	if got := jsonText(r4.Results[0].stmt(t).Rows); got != `[[{"type":"integer","value":"1"}]]` {
		t.Errorf("after commit: %s", got)
	}

	// Requests after close in the same pipeline fail; close twice is fine.
	r5 := pipeline(t, s, 2, r4.Baton, closeReq, execReq(`SELECT 1`), closeReq)
	if code := r5.Results[1].errCode(t); code != "STREAM_CLOSED" {
		t.Errorf("code %s after close", code)
	}
	if r5.Results[2].Type != "ok" || r5.Baton != nil {
		t.Errorf("second close: %+v, baton %v", r5.Results[2], r5.Baton)
	}

	// An empty pipeline keeps the stream going.
	r6 := pipeline(t, s, 2, nil)
	r7 := pipeline(t, s, 2, r6.Baton, closeReq)
	if r7.Results[0].Type != "ok" {
		t.Errorf("close: %+v", r7.Results[0])
	}
	if n := s.OpenStreams(); n != 0 {
		t.Errorf("%d streams open, want 0", n)
	}
}

func TestBatonUsedConcurrently(t *testing.T) {
	s := Start(t)
	baton := pipeline(t, s, 2, nil).Baton
	const tries = 8
	statuses := make(chan int, tries)
	var wg sync.WaitGroup
	for range tries {
		wg.Go(func() {
			status, _ := post(t, s, "/v2/pipeline", s.Token, fmt.Sprintf(`{"baton":%q,"requests":[%s]}`, *baton, execReq("SELECT 1")))
			statuses <- status
		})
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for st := range statuses {
		count[st]++
	}
	if count[200] != 1 || count[400] != tries-1 {
		t.Errorf("statuses %v: want one 200 and %d 400", count, tries-1)
	}
}

func TestGetAutocommit(t *testing.T) {
	s := Start(t)
	const get = `{"type":"get_autocommit"}`
	r := pipeline(t, s, 3, nil, get, execReq("BEGIN"), get, execReq("SAVEPOINT sp"), execReq("RELEASE sp"), get, execReq("COMMIT"), get)
	want := map[int]bool{0: true, 2: false, 5: false, 7: true}
	for i, w := range want {
		res := r.Results[i]
		if res.Type != "ok" || res.Response.Type != "get_autocommit" || res.Response.IsAutocommit == nil || *res.Response.IsAutocommit != w {
			t.Errorf("request %d: %+v, want is_autocommit %v", i, res.Response, w)
		}
	}
	// Autocommit is per stream: BEGIN on one stream leaves another alone.
	a := pipeline(t, s, 3, nil, execReq("BEGIN"))
	b := pipeline(t, s, 3, nil, get)
	if !*b.Results[0].Response.IsAutocommit {
		t.Error("a transaction on another stream shows")
	}
	pipeline(t, s, 3, a.Baton, closeReq)
}

func TestStoredSQL(t *testing.T) {
	s := Start(t)
	r := pipeline(t, s, 2, nil,
		`{"type":"store_sql","sql_id":1,"sql":"CREATE TABLE t (x INTEGER)"}`,
		`{"type":"store_sql","sql_id":-2,"sql":"INSERT INTO t VALUES (?)"}`,
		`{"type":"execute","stmt":{"sql_id":1}}`,
		`{"type":"execute","stmt":{"sql_id":-2,"args":[{"type":"integer","value":"5"}]}}`,
		`{"type":"batch","batch":{"steps":[{"stmt":{"sql_id":-2,"args":[{"type":"integer","value":"6"}]}}]}}`,
		`{"type":"close_sql","sql_id":-2}`,
		`{"type":"close_sql","sql_id":99}`,
		`{"type":"store_sql","sql_id":-2,"sql":"SELECT sum(x) FROM t"}`,
		`{"type":"execute","stmt":{"sql_id":-2}}`,
	)
	for i, res := range r.Results {
		if res.Type != "ok" {
			t.Errorf("request %d: %+v", i, res.Error)
		}
	}
	if got := jsonText(r.Results[8].stmt(t).Rows); got != `[[{"type":"integer","value":"11"}]]` {
		t.Errorf("sum %s", got)
	}

	// Stored SQL belongs to its stream.
	status, out := post(t, s, "/v2/pipeline", s.Token, `{"requests":[{"type":"execute","stmt":{"sql_id":1}}]}`)
	if status != 400 || !strings.Contains(string(out), "SQL_NOT_FOUND") {
		t.Errorf("sql_id of another stream: %d %s", status, out)
	}
	// A closed id is gone, and referring to it fails the pipeline, which
	// ends the stream.
	status, out = post(t, s, "/v2/pipeline", s.Token, fmt.Sprintf(`{"baton":%q,"requests":[{"type":"close_sql","sql_id":1},{"type":"execute","stmt":{"sql_id":1}}]}`, *r.Baton))
	if status != 400 || !strings.Contains(string(out), "SQL_NOT_FOUND") {
		t.Errorf("closed sql_id: %d %s", status, out)
	}
	status, _ = post(t, s, "/v2/pipeline", s.Token, fmt.Sprintf(`{"baton":%q,"requests":[]}`, *r.Baton))
	if status != 400 {
		t.Errorf("the stream survived a failed pipeline: %d", status)
	}
}

func TestSequence(t *testing.T) {
	s := Start(t)
	r := pipeline(t, s, 2, nil,
		`{"type":"sequence","sql":"CREATE TABLE t (x); INSERT INTO t VALUES (1); -- comment\nINSERT INTO t VALUES (2);"}`,
		`{"type":"sequence","sql":"INSERT INTO t VALUES (3); INSERT INTO nope VALUES (4); INSERT INTO t VALUES (5)"}`,
		`{"type":"store_sql","sql_id":3,"sql":"CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO t2 VALUES (new.x); END; CREATE TABLE t2 (y)"}`,
		`{"type":"sequence","sql_id":3}`,
		`{"type":"sequence","sql":""}`,
		execReq(`INSERT INTO t VALUES (6)`),
		execReq(`SELECT (SELECT group_concat(x) FROM t), (SELECT group_concat(y) FROM t2)`),
	)
	if r.Results[0].Type != "ok" || r.Results[0].Response.Type != "sequence" {
		t.Errorf("sequence: %+v", r.Results[0])
	}
	if code := r.Results[1].errCode(t); code != "SQLITE_ERROR" {
		t.Errorf("failing sequence: code %s", code)
	}
	for _, i := range []int{3, 4} {
		if r.Results[i].Type != "ok" {
			t.Errorf("request %d: %+v", i, r.Results[i].Error)
		}
	}
	if got := jsonText(r.Results[6].stmt(t).Rows); got != `[[{"type":"text","value":"1,2,3,6"},{"type":"text","value":"6"}]]` {
		t.Errorf("rows %s", got)
	}
	// The trigger's inner INSERT does not count as the statement's change.
	if n := r.Results[5].stmt(t).AffectedRowCount; n != 1 {
		t.Errorf("affected rows %d with a trigger, want 1", n)
	}
}

func TestDescribe(t *testing.T) {
	s := Start(t)
	pipeline(t, s, 2, nil, execReq(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)`), closeReq)
	tests := []struct {
		sql  string
		want string
	}{
		{`SELECT id, name AS n, ? FROM t WHERE id = :id OR name = @name OR id = ?5`,
			`{"params":[{"name":null},{"name":":id"},{"name":"@name"},{"name":null},{"name":"?5"}],` +
				`"cols":[{"name":"id","decltype":"INTEGER"},{"name":"n","decltype":"TEXT"},{"name":"?","decltype":null}],` +
				`"is_explain":false,"is_readonly":true}`},
		{`INSERT INTO t (name) VALUES ($name)`,
			`{"params":[{"name":"$name"}],"cols":[],"is_explain":false,"is_readonly":false}`},
		{`EXPLAIN QUERY PLAN SELECT * FROM t`,
			`{"params":[],"cols":[{"name":"id","decltype":null},{"name":"parent","decltype":null},{"name":"notused","decltype":null},{"name":"detail","decltype":null}],"is_explain":true,"is_readonly":true}`},
		{`BEGIN`, `{"params":[],"cols":[],"is_explain":false,"is_readonly":true}`},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			r := pipeline(t, s, 2, nil, fmt.Sprintf(`{"type":"describe","sql":%s}`, jsonText(tt.sql)), closeReq)
			res := r.Results[0]
			if res.Type != "ok" || res.Response.Type != "describe" {
				t.Fatalf("describe: %+v", res)
			}
			if got := string(res.Response.Result); got != tt.want {
				t.Errorf("describe\n got %s\nwant %s", got, tt.want)
			}
		})
	}
	// describe runs nothing.
	r := pipeline(t, s, 2, nil, `{"type":"describe","sql":"DELETE FROM t"}`, `{"type":"describe","sql":"SELECT * FROM nope"}`, closeReq)
	if code := r.Results[1].errCode(t); code != "SQLITE_ERROR" {
		t.Errorf("describe of a bad statement: %s", code)
	}
}

func TestStreamExpiry(t *testing.T) {
	s := Start(t, WithStreamTimeout(100*time.Millisecond), WithBusyTimeout(50*time.Millisecond))
	pipeline(t, s, 2, nil, execReq(`CREATE TABLE t (x)`), closeReq)
	held := pipeline(t, s, 2, nil, execReq(`BEGIN IMMEDIATE`), execReq(`INSERT INTO t VALUES (1)`))

	// While the stream holds the write lock, another cannot write.
	r := pipeline(t, s, 2, nil, execReq(`INSERT INTO t VALUES (2)`), closeReq)
	if code := r.Results[0].errCode(t); code != "SQLITE_BUSY" {
		t.Errorf("write against a held lock: %s", code)
	}

	time.Sleep(400 * time.Millisecond)
	status, out := post(t, s, "/v2/pipeline", s.Token, fmt.Sprintf(`{"baton":%q,"requests":[]}`, *held.Baton))
	if status != 400 || !strings.Contains(string(out), "STREAM_EXPIRED") {
		t.Errorf("expired baton: %d %s", status, out)
	}
	// The expired stream's transaction was rolled back, its lock released.
	r = pipeline(t, s, 2, nil, execReq(`INSERT INTO t VALUES (3)`), execReq(`SELECT group_concat(x) FROM t`), closeReq)
	if got := jsonText(r.Results[1].stmt(t).Rows); got != `[[{"type":"text","value":"3"}]]` {
		t.Errorf("rows %s", got)
	}
	if n := s.OpenStreams(); n != 0 {
		t.Errorf("%d streams open", n)
	}
}

func TestMaxStreams(t *testing.T) {
	s := Start(t, WithMaxStreams(2))
	a := pipeline(t, s, 2, nil)
	pipeline(t, s, 2, nil)
	status, out := post(t, s, "/v2/pipeline", s.Token, `{"requests":[]}`)
	if status != 503 || !strings.Contains(string(out), "STREAMS_EXHAUSTED") {
		t.Errorf("third stream: %d %s", status, out)
	}
	pipeline(t, s, 2, a.Baton, closeReq)
	pipeline(t, s, 2, nil, closeReq)
}

func TestQueryTimeout(t *testing.T) {
	s := Start(t, WithQueryTimeout(100*time.Millisecond))
	const forever = `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c`
	start := time.Now()
	r := pipeline(t, s, 2, nil, execReq(forever), execReq(`SELECT 1`), `{"type":"sequence","sql":"SELECT 1; `+forever+`"}`)
	if code := r.Results[0].errCode(t); code != "SQLITE_INTERRUPT" || !strings.Contains(r.Results[0].Error.Message, "timeout") {
		t.Errorf("runaway query: %s %s", code, r.Results[0].Error.Message)
	}
	r.Results[1].stmt(t) // The stream goes on.
	if code := r.Results[2].errCode(t); code != "SQLITE_INTERRUPT" {
		t.Errorf("runaway sequence: %s", code)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestResponseTooLarge(t *testing.T) {
	s := Start(t, WithMaxResponseBytes(100_000))
	r := pipeline(t, s, 2, nil,
		execReq(`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT x FROM c`),
		`{"type":"execute","stmt":{"sql":"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT x FROM c","want_rows":false}}`,
	)
	if code := r.Results[0].errCode(t); code != "RESPONSE_TOO_LARGE" {
		t.Errorf("code %s", code)
	}
	r.Results[1].stmt(t)
}

// TestClientGoesAway checks that a pipeline whose client disconnects is
// interrupted and its stream closed.
func TestClientGoesAway(t *testing.T) {
	s := Start(t)
	ctx, cancel := context.WithCancel(t.Context())
	body := `{"requests":[` + execReq(`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c`) + `]}`
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/v2/pipeline", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+s.Token)
	done := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	deadline := time.Now().Add(5 * time.Second)
	for s.OpenStreams() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("request error %v", err)
	}
	for s.OpenStreams() != 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := s.OpenStreams(); n != 0 {
		t.Errorf("%d streams open after the client went away", n)
	}
}

// TestCloseInterrupts checks that closing the handler ends running
// pipelines rather than waiting for them.
func TestCloseInterrupts(t *testing.T) {
	h, err := New(t.TempDir()+"/db", "")
	if err != nil {
		t.Fatal(err)
	}
	body := `{"requests":[` + execReq(`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c`) + `]}`
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/v2/pipeline", strings.NewReader(body)))
		close(done)
	}()
	for h.OpenStreams() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
	h.Close()
	<-done
	if rec.Code != 503 {
		t.Errorf("status %d: %s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/v2/pipeline", strings.NewReader(`{"requests":[]}`)))
	if rec.Code != 503 {
		t.Errorf("after Close: status %d: %s", rec.Code, rec.Body)
	}
}

func TestNew(t *testing.T) {
	for _, path := range []string{"", ":memory:", "file:x?mode=memory"} {
		if h, err := New(path, ""); err == nil {
			h.Close()
			t.Errorf("New(%q) succeeded", path)
		}
	}
	if _, err := New(t.TempDir()+"/missing-dir/db", ""); err == nil {
		t.Error("New in a missing directory succeeded")
	}
}
