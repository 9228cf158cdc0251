//go:build !js

package hranatest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"
)

// FuzzPipeline feeds arbitrary bodies to the pipeline endpoints. The handler
// must not panic, must answer 200 with a well-formed response or a 4xx/503
// with a well-formed error, and must leave no stream open once the batons it
// handed out are closed.
func FuzzPipeline(f *testing.F) {
	seeds := []string{
		`{"requests":[]}`,
		`{"baton":null,"requests":[{"type":"close"}]}`,
		`{"requests":[{"type":"execute","stmt":{"sql":"SELECT 1, 'a', x'00', 1.5, NULL","want_rows":true}}]}`,
		`{"requests":[{"type":"execute","stmt":{"sql":"CREATE TABLE IF NOT EXISTS t (a INTEGER PRIMARY KEY, b TEXT, c BLOB)"}},{"type":"execute","stmt":{"sql":"INSERT INTO t (b, c) VALUES (?, ?)","args":[{"type":"text","value":"毕业"},{"type":"blob","base64":"AAEC"}]}}]}`,
		`{"requests":[{"type":"execute","stmt":{"sql":"SELECT :a, @b, $c, ?4","named_args":[{"name":"a","value":{"type":"integer","value":"1"}},{"name":"@b","value":{"type":"float","value":2.5}}]}}]}`,
		`{"requests":[{"type":"execute","stmt":{"sql":"BEGIN"}},{"type":"execute","stmt":{"sql":"INSERT INTO t (b) VALUES ('x')"}},{"type":"get_autocommit"}]}`,
		`{"requests":[{"type":"batch","batch":{"steps":[{"stmt":{"sql":"BEGIN"}},{"stmt":{"sql":"SELECT 1"},"condition":{"type":"ok","step":0}},{"stmt":{"sql":"ROLLBACK"},"condition":{"type":"not","cond":{"type":"ok","step":1}}},{"stmt":{"sql":"COMMIT"},"condition":{"type":"and","conds":[{"type":"error","step":2},{"type":"or","conds":[{"type":"is_autocommit"}]}]}}]}}]}`,
		`{"requests":[{"type":"sequence","sql":"CREATE TABLE IF NOT EXISTS u (x); INSERT INTO u VALUES (1); DELETE FROM u"}]}`,
		`{"requests":[{"type":"describe","sql":"SELECT * FROM t WHERE a = ? AND b = :b"}]}`,
		`{"requests":[{"type":"store_sql","sql_id":1,"sql":"SELECT ?"},{"type":"execute","stmt":{"sql_id":1,"args":[{"type":"null"}]}},{"type":"close_sql","sql_id":1}]}`,
		`{"requests":[{"type":"execute","stmt":{"sql":"SELECT 1; SELECT 2"}},{"type":"execute","stmt":{"sql":""}}]}`,
		`{"requests":[{"type":"execute","stmt":{"sql":"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c"}}]}`,
		`{"baton":"x","requests":[]}`,
		`{"requests":[{"type":"execute","stmt":{"sql":"SELECT ?","args":[{"type":"integer","value":"99999999999999999999"}]}}]}`,
		`{"requests":[{"type":"execute"}]}`,
		`{"requests":[null]}`,
		`{"requests":{}}`,
		`[`,
		``,
	}
	for _, s := range seeds {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}

	// Statements such as ATTACH or VACUUM INTO make files relative to the
	// working directory.
	f.Chdir(f.TempDir())
	h, err := New(filepath.Join(f.TempDir(), "fuzz.db"), "",
		WithQueryTimeout(200*time.Millisecond),
		WithBusyTimeout(10*time.Millisecond),
		WithMaxResponseBytes(1<<20),
		WithMaxBodyBytes(1<<20),
		WithMaxStreams(8))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { h.Close() })

	f.Fuzz(func(t *testing.T, body []byte, v3 bool) {
		path := "/v2/pipeline"
		if v3 {
			path = "/v3/pipeline"
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body)))

		switch rec.Code {
		case http.StatusOK:
			var resp struct {
				Baton   *string           `json:"baton"`
				Results []json.RawMessage `json:"results"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
				t.Fatalf("200 with a body that is not a pipeline response: %v\n%s", err, rec.Body)
			}
			var req struct{ Requests []json.RawMessage }
			if json.Unmarshal(body, &req) == nil && len(req.Requests) != len(resp.Results) {
				t.Fatalf("%d results for %d requests", len(resp.Results), len(req.Requests))
			}
			if resp.Baton != nil {
				closeBody := fmt.Sprintf(`{"baton":%q,"requests":[{"type":"close"}]}`, *resp.Baton)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, bytes.NewReader([]byte(closeBody))))
				if rec.Code != http.StatusOK {
					t.Fatalf("closing the stream: %d %s", rec.Code, rec.Body)
				}
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusServiceUnavailable:
			var e httpErrorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == "" {
				t.Fatalf("%d with a malformed error body: %s", rec.Code, rec.Body)
			}
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		if n := h.OpenStreams(); n != 0 {
			t.Fatalf("%d streams left open", n)
		}
	})
}
