package httpapi_test

import (
	"strings"
	"testing"
	"time"
)

func TestSignUpRefusesBadInput(t *testing.T) {
	e := newEnv(t)
	good := map[string]any{"doc_type": "resident_id", "doc_number": idNumber("19991231", 11), "mobile": "13812345678", "name": "李四", "email": "ls@example.com"}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for k2, v2 := range good {
			m[k2] = v2
		}
		m[k] = v
		return m
	}
	tests := []struct {
		name   string
		body   any
		status int
		field  string
	}{
		{"wrong check character", with("doc_number", wrongCheck(idNumber("19991231", 11))), 400, "doc_number"},
		{"birth date in the future", with("doc_number", idNumber("20991231", 11)), 400, "doc_number"},
		{"bad mobile", with("mobile", "1234"), 400, "mobile"},
		{"bad email", with("email", "not-an-email"), 400, "email"},
		{"empty name", with("name", " "), 400, "name"},
		{"sex contradicts the number", with("sex", "female"), 400, "sex"},
		{"unknown field", with("password", "x"), 400, "password"},
		{"unknown document type", with("doc_type", "library_card"), 400, "doc_type"},
	}
	c := e.client()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.json("POST", "/api/v1/auth/signup", tt.body)
			m := mustStatus(t, r, tt.status)
			if f := m["error"].(map[string]any)["field"]; f != tt.field {
				t.Errorf("field = %v, want %s (%s)", f, tt.field, r.Body)
			}
		})
	}
	t.Run("not JSON", func(t *testing.T) {
		r := c.do("POST", "/api/v1/auth/signup", strings.NewReader("{"), "application/json", nil)
		if r.Status != 400 || r.ErrorCode(t) != "invalid" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("wrong content type", func(t *testing.T) {
		r := c.do("POST", "/api/v1/auth/signup", strings.NewReader("a=b"), "application/x-www-form-urlencoded", nil)
		if r.Status != 415 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("huge body", func(t *testing.T) {
		r := c.do("POST", "/api/v1/auth/signup", strings.NewReader(`{"name":"`+strings.Repeat("a", 100<<10)+`"}`), "application/json", nil)
		if r.Status != 413 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	mustStatus(t, c.json("POST", "/api/v1/auth/signup", good), 201)
	r := c.json("POST", "/api/v1/auth/signup", good)
	if r.Status != 409 {
		t.Fatalf("second sign-up with one number: %d %s", r.Status, r.Body)
	}
}

func TestLoginDefaultPasswordThenChange(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	number := idNumber("20000101", 21)
	out := c.signUpAndLogin(number, "13900000001")
	if out["must_change_password"] != true {
		t.Fatalf("a login with the default password must ask for a new one: %v", out)
	}
	me := mustStatus(t, c.json("GET", "/api/v1/me", nil), 200)
	acct := me["account"].(map[string]any)
	if acct["mobile_masked"] != "139****0001" || strings.Contains(string(acct["doc_number_masked"].(string)), number[6:14]) {
		t.Fatalf("personal data not masked: %v", acct)
	}
	if acct["sex"] != "male" {
		t.Fatalf("sex was not taken from the ID number: %v", acct)
	}
	weak := c.json("POST", "/api/v1/auth/password", map[string]any{"old_password": number[12:], "new_password": "short"})
	if weak.Status != 400 {
		t.Fatalf("weak password accepted: %s", weak.Body)
	}
	wrongOld := c.json("POST", "/api/v1/auth/password", map[string]any{"old_password": "nope", "new_password": "Graduate2027"})
	if wrongOld.Status != 401 {
		t.Fatalf("wrong old password: %d", wrongOld.Status)
	}
	mustStatus(t, c.json("POST", "/api/v1/auth/password", map[string]any{"old_password": number[12:], "new_password": "Graduate2027"}), 200)

	old := e.client()
	if r := old.json("POST", "/api/v1/auth/login", map[string]any{"doc_number": number, "password": number[12:]}); r.Status != 401 {
		t.Fatalf("old default password still works: %d", r.Status)
	}
	again := mustStatus(t, old.json("POST", "/api/v1/auth/login", map[string]any{"doc_number": strings.ToLower(number), "password": "Graduate2027"}), 200)
	if again["must_change_password"] != false {
		t.Fatal("still asked to change the password")
	}
	mustStatus(t, c.json("POST", "/api/v1/auth/logout", nil), 200)
	if r := c.json("GET", "/api/v1/me", nil); r.Status != 401 {
		t.Fatalf("session survives logout: %d", r.Status)
	}
}

func TestWrongPasswordSixTimesLocks(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	number := idNumber("20000101", 31)
	c.signUpAndLogin(number, "13900000002")
	guesser := e.client()
	for i := 1; i <= 5; i++ {
		r := guesser.json("POST", "/api/v1/auth/login", map[string]any{"doc_number": number, "password": "000000"})
		want := 401
		if i == 5 {
			want = 429
		}
		if r.Status != want {
			t.Fatalf("attempt %d: %d, want %d: %s", i, r.Status, want, r.Body)
		}
	}
	r := guesser.json("POST", "/api/v1/auth/login", map[string]any{"doc_number": number, "password": number[12:]})
	if r.Status != 429 || r.ErrorCode(t) != "rate_limited" {
		t.Fatalf("sixth attempt, right password: %d %s", r.Status, r.Body)
	}
	if msg := r.JSON(t)["error"].(map[string]any)["zh"].(string); !strings.Contains(msg, "锁定至") {
		t.Fatalf("the message does not say until when: %s", msg)
	}
	e.clock.Advance(16 * time.Minute)
	mustStatus(t, guesser.json("POST", "/api/v1/auth/login", map[string]any{"doc_number": number, "password": number[12:]}), 200)
}

func TestNoSessionIs401(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	for _, p := range []string{"/api/v1/me", "/api/v1/collections", "/api/v1/orders", "/api/v1/collections/1/photo", "/api/v1/orders/1"} {
		if r := c.json("GET", p, nil); r.Status != 401 || r.ErrorCode(t) != "unauthorized" {
			t.Errorf("GET %s without a session: %d %s", p, r.Status, r.Body)
		}
	}
	c.token = "forged"
	if r := c.json("GET", "/api/v1/me", nil); r.Status != 401 {
		t.Errorf("forged token: %d", r.Status)
	}
}

func TestIdentityCheck(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	out := mustStatus(t, c.json("GET", "/api/v1/identity/check?number=11010519491231002X", nil), 200)
	if out["sex"] != "female" || out["birth"] != "1949-12-31" {
		t.Fatalf("%v", out)
	}
	r := c.json("GET", "/api/v1/identity/check?type=resident_id&number=110105194912310021", nil)
	if r.Status != 400 || !strings.Contains(string(r.Body), "校验") {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
}

// wrongCheck changes a number's check character to a wrong one.
func wrongCheck(n string) string {
	c := byte('0')
	if n[17] == '0' {
		c = '1'
	}
	return n[:17] + string(c)
}
