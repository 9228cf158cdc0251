package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"testing"
)

// FuzzRequestBodies sends arbitrary bytes as the body of every endpoint
// that reads one, as a signed-in student and as staff. Whatever comes in,
// the answer is JSON and never a 5xx (nor a panic).
func FuzzRequestBodies(f *testing.F) {
	seeds := []string{
		`{"doc_type":"resident_id","doc_number":"11010519491231002X","mobile":"13812345678","name":"张三","email":"a@b.cn"}`,
		`{"doc_number":"11010519491231002X","password":"31002X"}`,
		`{"collection_id":1,"kind":"printed","address":{"recipient":"张三","mobile":"13812345678","province":"上海市","city":"上海市","district":"徐汇区","detail":"漕溪北路1号","postcode":"200030"}}`,
		`{"student":{"school":"S","college":"C","major":"M","level":"本科","student_no":"1","name":"张三","sex":"male","graduation_date":"2027-06"}}`,
		`{"channel":"dev"}`, `{"code":"x"}`, `{"message":"专业有误"}`, `{"reason":"背景不纯"}`, `{"carrier":"顺丰","tracking_no":"SF123456"}`,
		`[]`, `null`, `{"kind":1e400}`, "\xff\xfe", `{"a":1}{"b":2}`,
		"学校,学院,专业,层次,学号,姓名,性别,证件号码,毕业时间\n上海,数学,统计,本科,S1,王五,男,11010519491231002X,2027-06\n",
		"\"unterminated,\n", "学校\n" + `"a""b",c` + "\n",
	}
	for i, s := range seeds {
		f.Add(uint8(i), []byte(s))
	}
	e := newEnv(f)
	student, colID := e.readyForOrder(1)
	staff := e.staff(f)
	endpoints := []struct {
		method, path, contentType string
		c                         *client
	}{
		{"POST", "/api/v1/auth/signup", "application/json", e.client()},
		{"POST", "/api/v1/auth/login", "application/json", e.client()},
		{"POST", "/api/v1/auth/password", "application/json", student},
		{"POST", "/api/v1/collections", "application/json", student},
		{"PUT", fmt.Sprintf("/api/v1/collections/%d/student", colID), "application/json", student},
		{"POST", fmt.Sprintf("/api/v1/collections/%d/error-report", colID), "application/json", student},
		{"PUT", fmt.Sprintf("/api/v1/collections/%d/chsi-code", colID), "application/json", student},
		{"POST", "/api/v1/orders", "application/json", student},
		{"POST", "/api/v1/orders/1/pay", "application/json", student},
		{"POST", "/api/v1/staff/rosters", "text/csv", staff},
		{"POST", fmt.Sprintf("/api/v1/staff/collections/%d/return", colID), "application/json", staff},
		{"POST", "/api/v1/orders/1/pay", "application/json", student},
		{"POST", "/api/v1/staff/orders/1/ship", "application/json", staff},
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		ep := endpoints[int(which)%len(endpoints)]
		req, _ := http.NewRequest(ep.method, e.srv.URL+ep.path, bytes.NewReader(body))
		req.Header.Set("Content-Type", ep.contentType)
		req.Header.Set("Idempotency-Key", fmt.Sprintf("fuzz-%d", len(body)))
		if ep.c.token != "" {
			req.Header.Set("Authorization", "Bearer "+ep.c.token)
		}
		checkAnswer(t, req)
	})
}

// FuzzPhotoUpload sends arbitrary bytes as the photo (and as the whole
// multipart body): refused cleanly or stored, never a 5xx.
func FuzzPhotoUpload(f *testing.F) {
	f.Add(true, []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"))
	f.Add(false, []byte("--x\r\nContent-Disposition: form-data; name=\"photo\"\r\n\r\nabc\r\n--x--\r\n"))
	f.Add(true, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\xea\x60\x00\x00\xea\x60\x08\x02\x00\x00\x00"))
	e := newEnv(f)
	student, colID := e.readyForOrder(2)
	url := fmt.Sprintf("%s/api/v1/collections/%d/photo", e.srv.URL, colID)
	f.Fuzz(func(t *testing.T, asPhoto bool, data []byte) {
		var body bytes.Buffer
		contentType := "multipart/form-data; boundary=x"
		if asPhoto {
			w := multipart.NewWriter(&body)
			w.WriteField("source", "album")
			fw, _ := w.CreateFormFile("photo", "p.jpg")
			fw.Write(data)
			w.Close()
			contentType = w.FormDataContentType()
		} else {
			body.Write(data)
		}
		req, _ := http.NewRequest("POST", url, &body)
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Authorization", "Bearer "+student.token)
		checkAnswer(t, req)
	})
}

func checkAnswer(t *testing.T, req *http.Request) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 500 {
		t.Fatalf("%s %s: %d %s", req.Method, req.URL.Path, res.StatusCode, b)
	}
	if !json.Valid(b) {
		t.Fatalf("%s %s: %d, not JSON: %q", req.Method, req.URL.Path, res.StatusCode, b)
	}
}
