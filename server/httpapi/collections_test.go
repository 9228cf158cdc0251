package httpapi_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestCollectionFromFormAndPhoto(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.signUpAndLogin(idNumber("20010203", 41), "13800000041")

	if r := c.json("POST", "/api/v1/collections", nil); r.Status != 400 || r.ErrorCode(t) != "invalid" {
		t.Fatalf("an off-roster student must fill in the form: %d %s", r.Status, r.Body)
	}
	bad := map[string]any{}
	for k, v := range testStudent {
		bad[k] = v
	}
	bad["level"] = "kindergarten"
	if r := c.json("POST", "/api/v1/collections", map[string]any{"student": bad}); r.Status != 400 || !strings.Contains(string(r.Body), `"field":"level"`) {
		t.Fatalf("bad level: %d %s", r.Status, r.Body)
	}
	id := c.startCollection()
	if again := c.startCollection(); again != id {
		t.Fatalf("second start made another collection: %d vs %d", again, id)
	}

	photo := finishedPhoto(t, 1)
	tests := []struct {
		name   string
		source string
		data   []byte
		status int
	}{
		{"text as a photo", "camera", []byte("not an image at all"), 415},
		{"camera photo of wrong size", "camera", photo[:len(photo)/2], 400},
		{"unknown source", "scanner", photo, 400},
		{"camera photo on a grey wall", "camera", greyWallPhoto(t), 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.uploadPhoto(id, tt.source, tt.data, "")
			if r.Status != tt.status {
				t.Fatalf("%d, want %d: %s", r.Status, tt.status, r.Body)
			}
			r.ErrorCode(t)
		})
	}
	out := mustStatus(t, c.uploadPhoto(id, "camera", photo, "k1"), 200)
	col := out["collection"].(map[string]any)
	if col["state"] != "submitted" || col["has_photo"] != true {
		t.Fatalf("%v", col)
	}
	replay := mustStatus(t, c.uploadPhoto(id, "camera", finishedPhoto(t, 2), "k1"), 200)
	if replay["replayed"] != true {
		t.Fatalf("a replayed upload was stored again: %v", replay)
	}
	got := c.json("GET", fmt.Sprintf("/api/v1/collections/%d/photo", id), nil)
	if got.Status != 200 || !bytes.Equal(got.Body, photo) || got.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("photo: %d, %d bytes, same=%v", got.Status, len(got.Body), bytes.Equal(got.Body, photo))
	}
	mustStatus(t, c.json("PUT", fmt.Sprintf("/api/v1/collections/%d/chsi-code", id), map[string]any{"code": "CHSI-OPAQUE-123"}), 200)
	edited := testStudent["major"]
	defer func() { testStudent["major"] = edited }()
	testStudent["major"] = "人工智能"
	out = mustStatus(t, c.json("PUT", fmt.Sprintf("/api/v1/collections/%d/student", id), testStudent), 200)
	if out["collection"].(map[string]any)["student"].(map[string]any)["major"] != "人工智能" {
		t.Fatalf("%v", out)
	}
}

func TestOtherStudentsRecordsAre404(t *testing.T) {
	e := newEnv(t)
	alice, aliceCol := e.readyForOrder(51)
	order := mustStatus(t, alice.json("POST", "/api/v1/orders", map[string]any{"collection_id": aliceCol, "kind": "electronic"},
		map[string]string{"Idempotency-Key": "a1"}), 201)
	orderID := int64(order["order"].(map[string]any)["id"].(float64))

	bob, _ := e.readyForOrder(52)
	paths := []struct {
		method, path string
		body         any
	}{
		{"GET", fmt.Sprintf("/api/v1/collections/%d", aliceCol), nil},
		{"GET", fmt.Sprintf("/api/v1/collections/%d/photo", aliceCol), nil},
		{"GET", fmt.Sprintf("/api/v1/orders/%d", orderID), nil},
		{"PUT", fmt.Sprintf("/api/v1/collections/%d/chsi-code", aliceCol), map[string]any{"code": "x"}},
		{"PUT", fmt.Sprintf("/api/v1/collections/%d/student", aliceCol), testStudent},
		{"POST", fmt.Sprintf("/api/v1/collections/%d/error-report", aliceCol), map[string]any{"message": "wrong major"}},
		{"POST", fmt.Sprintf("/api/v1/orders/%d/pay", orderID), map[string]any{"channel": "wechat_native"}},
	}
	for _, p := range paths {
		if r := bob.json(p.method, p.path, p.body); r.Status != 404 {
			t.Errorf("%s %s as another student: %d %s", p.method, p.path, r.Status, r.Body)
		}
	}
	if r := bob.uploadPhoto(aliceCol, "camera", finishedPhoto(t, 3), ""); r.Status != 404 {
		t.Errorf("upload into another student's collection: %d", r.Status)
	}
	if r := bob.json("POST", "/api/v1/orders", map[string]any{"collection_id": aliceCol, "kind": "electronic"}, map[string]string{"Idempotency-Key": "b1"}); r.Status != 404 {
		t.Errorf("order on another student's collection: %d", r.Status)
	}
	list := mustStatus(t, bob.json("GET", "/api/v1/orders", nil), 200)
	if n := len(list["orders"].([]any)); n != 0 {
		t.Errorf("bob sees %d orders", n)
	}
}

func TestRosterImportPrefillsAndLocks(t *testing.T) {
	e := newEnv(t)
	staff := e.staff(t)
	number := idNumber("20020304", 61)
	csv := "学校,学院,专业,层次,学号,姓名,性别,证件号码,毕业时间\n" +
		"上海示范大学,数学学院,统计学,本科,S001,王五,男," + number + ",2027-06\n" +
		"上海示范大学,数学学院,统计学,本科,S002,赵六,女,110105200203040620,2027-06\n" +
		"上海示范大学,数学学院,统计学,幼儿园,S003,钱七,男," + idNumber("20020304", 63) + ",2027-06\n" +
		"上海示范大学,数学学院,统计学,本科,S004,孙八,女," + idNumber("20020304", 65) + ",2027-06\n"
	r := staff.do("POST", "/api/v1/staff/rosters", strings.NewReader(csv), "text/csv", nil)
	rep := mustStatus(t, r, 200)
	if rep["created"].(float64) != 1 || len(rep["rejected"].([]any)) != 3 {
		t.Fatalf("report: %s", r.Body)
	}
	lines := map[float64]string{}
	for _, x := range rep["rejected"].([]any) {
		p := x.(map[string]any)
		lines[p["line"].(float64)] = p["field"].(string)
	}
	if lines[3] != "doc_number" || lines[4] != "level" || lines[5] != "sex" {
		t.Fatalf("rejections: %v", lines)
	}

	s := e.client()
	s.signUpAndLogin(number, "13800000061")
	match := mustStatus(t, s.json("GET", "/api/v1/roster/me", nil), 200)
	if match["found"] != true {
		t.Fatalf("%v", match)
	}
	out := mustStatus(t, s.json("POST", "/api/v1/collections", nil), 200)
	col := out["collection"].(map[string]any)
	if col["locked"] != true || col["student"].(map[string]any)["school"] != "上海示范大学" {
		t.Fatalf("%v", col)
	}
	id := int64(col["id"].(float64))
	if r := s.json("PUT", fmt.Sprintf("/api/v1/collections/%d/student", id), testStudent); r.Status != 409 {
		t.Fatalf("locked data edited: %d %s", r.Status, r.Body)
	}
	mustStatus(t, s.json("POST", fmt.Sprintf("/api/v1/collections/%d/error-report", id), map[string]any{"message": "专业应为应用统计"}), 200)

	if r := s.do("POST", "/api/v1/staff/rosters", strings.NewReader(csv), "text/csv", nil); r.Status != 401 && r.Status != 403 {
		t.Fatalf("a student imported a roster: %d", r.Status)
	}
	s.token = ""
	if r := s.do("POST", "/api/v1/staff/rosters", strings.NewReader(csv), "text/csv", nil); r.Status != 401 {
		t.Fatalf("no session: %d", r.Status)
	}
}

func TestAlbumPhotoReviewAndReturn(t *testing.T) {
	e := newEnv(t)
	staff := e.staff(t)
	s := e.client()
	s.signUpAndLogin(idNumber("20010203", 71), "13800000071")
	id := s.startCollection()
	col := mustStatus(t, s.uploadPhoto(id, "album", greyWallPhoto(t), ""), 200)["collection"].(map[string]any)
	if rep, _ := col["check_report"].(map[string]any); rep == nil || rep["ok"] != false {
		t.Fatalf("an album photo on a grey wall must come with the server's failed check for staff: %v", col["check_report"])
	}
	original := finishedPhoto(t, 7)
	col = mustStatus(t, s.uploadPhoto(id, "album", original, ""), 200)["collection"].(map[string]any)
	if rep, _ := col["check_report"].(map[string]any); col["state"] != "under_review" || rep == nil || rep["ok"] != true {
		t.Fatalf("%v", col)
	}
	queue := mustStatus(t, staff.json("GET", "/api/v1/staff/reviews", nil), 200)
	if len(queue["collections"].([]any)) != 1 {
		t.Fatalf("%v", queue)
	}
	if r := staff.json("POST", fmt.Sprintf("/api/v1/staff/collections/%d/return", id), map[string]any{"reason": ""}); r.Status != 400 {
		t.Fatalf("return without a reason: %d", r.Status)
	}
	mustStatus(t, staff.json("POST", fmt.Sprintf("/api/v1/staff/collections/%d/return", id), map[string]any{"reason": "背景不是纯色，请重新拍摄"}), 200)
	col = mustStatus(t, s.json("GET", fmt.Sprintf("/api/v1/collections/%d", id), nil), 200)["collection"].(map[string]any)
	if col["state"] != "returned" || col["return_reason"] != "背景不是纯色，请重新拍摄" {
		t.Fatalf("%v", col)
	}
	if r := s.json("POST", fmt.Sprintf("/api/v1/staff/collections/%d/approve", id), nil); r.Status != 403 {
		t.Fatalf("a student approved: %d", r.Status)
	}
	mustStatus(t, s.uploadPhoto(id, "album", original, ""), 200)
	mustStatus(t, staff.json("POST", fmt.Sprintf("/api/v1/staff/collections/%d/approve", id), nil), 200)
	got := s.json("GET", fmt.Sprintf("/api/v1/collections/%d/photo/original", id), nil)
	if !bytes.Equal(got.Body, original) {
		t.Fatal("the original was not kept")
	}
	if r := s.uploadPhoto(id, "camera", finishedPhoto(t, 8), ""); r.Status != 409 {
		t.Fatalf("photo replaced after approval: %d", r.Status)
	}
}
