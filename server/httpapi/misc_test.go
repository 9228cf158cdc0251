package httpapi_test

import (
	"fmt"
	"testing"
)

func TestQuoteConfigAndLists(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	q := mustStatus(t, c.json("GET", "/api/v1/quote?kind=printed", nil), 200)
	if q["total_fen"].(float64) != 3500 || len(q["items"].([]any)) != 2 {
		t.Fatalf("quote: %v", q)
	}
	if r := c.json("GET", "/api/v1/quote?kind=gold", nil); r.Status != 400 {
		t.Fatalf("unknown kind: %d", r.Status)
	}
	cfg := mustStatus(t, c.json("GET", "/api/v1/config", nil), 200)
	if len(cfg["doc_types"].([]any)) != 6 || len(cfg["levels"].([]any)) != 4 || cfg["print_copies"].(float64) != 5 {
		t.Fatalf("config: %v", cfg)
	}
	if r := c.json("GET", "/api/v1/nothing-here", nil); r.Status != 404 || r.ErrorCode(t) != "not_found" {
		t.Fatalf("unknown endpoint: %d %s", r.Status, r.Body)
	}
	if r := c.json("GET", "/api/v1/collections/abc", nil); r.Status != 401 {
		t.Fatalf("no session first: %d", r.Status)
	}

	s, col := e.readyForOrder(101)
	list := mustStatus(t, s.json("GET", "/api/v1/collections", nil), 200)["collections"].([]any)
	if len(list) != 1 || idOf(list[0].(map[string]any)) != col {
		t.Fatalf("collections: %v", list)
	}
	if r := s.json("GET", "/api/v1/collections/abc", nil); r.Status != 404 {
		t.Fatalf("non-numeric id: %d", r.Status)
	}
	dl := s.json("GET", fmt.Sprintf("/api/v1/collections/%d/photo?download=1", col), nil)
	if dl.Header.Get("Content-Disposition") == "" {
		t.Fatal("download without a file name")
	}
	staff := e.staff(t)
	base := fmt.Sprintf("/api/v1/staff/collections/%d", col)
	if r := staff.json("POST", base+"/deliver", nil); r.Status != 409 {
		t.Fatalf("delivered before approval: %d", r.Status)
	}
	mustStatus(t, staff.json("POST", base+"/approve", nil), 200)
	out := mustStatus(t, staff.json("POST", base+"/deliver", nil), 200)
	if out["collection"].(map[string]any)["state"] != "delivered" {
		t.Fatalf("%v", out)
	}
}
