//go:build !js && !wasip1

package e2e

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gradphoto/server/service"
	"gradphoto/shared/identity"
)

// cameraPhoto is what the fake camera shows (scaled into 1920 x 1080 with
// its wall around); albumPhoto is the file chosen from the album.
const (
	cameraPhoto = "hivision_test0.jpg"
	albumPhoto  = "hivision_test3.jpg" // a baseline JPEG: the app refuses progressive ones (see the report)
)

// TestApp goes through the student app in headless Chromium against the
// native server in dev mode. Each scenario runs in a browser of its own.
func TestApp(t *testing.T) {
	dist := distDir(t)
	chromium, node := tools(t)
	photos := photosDir(t)
	root := repoRoot(t)
	shots := filepath.Join(root, "build", "screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(shots, "*.png")) // the folder shows the last run only
	for _, f := range old {
		os.Remove(f)
	}
	y4m := filepath.Join(t.TempDir(), "camera.y4m")
	writeY4M(t, filepath.Join(photos, cameraPhoto), y4m, 1920, 1080, 3)
	srv := startServer(t, dist)
	t.Logf("server %s (through the recording proxy at %s); screenshots in %s", srv.Direct, srv.URL, shots)
	b := &browser{node: node, script: filepath.Join(root, "web", "e2e", "app.mjs"), base: map[string]any{
		"chromium": chromium, "y4m": y4m, "base": srv.URL, "shots": shots, "photos": photos,
		"staffNumber": service.DemoStaffNumber, "staffPassword": identity.DefaultPassword(service.DemoStaffNumber),
	}}

	t.Run("fake camera", func(t *testing.T) {
		var out struct {
			Width, Height int
			Corner        [3]float64
		}
		b.run(t, "camera", nil, &out)
		wall := wallColour(t, filepath.Join(photos, cameraPhoto))
		t.Logf("the fake camera: %dx%d, top-left corner rgb(%.0f, %.0f, %.0f), the wall painted rgb(%d, %d, %d)",
			out.Width, out.Height, out.Corner[0], out.Corner[1], out.Corner[2], wall.R, wall.G, wall.B)
		if out.Width != 1920 || out.Height != 1080 {
			t.Errorf("camera frames are %dx%d, want 1920x1080", out.Width, out.Height)
		}
		for i, want := range []uint8{wall.R, wall.G, wall.B} {
			if d := out.Corner[i] - float64(want); d < -12 || d > 12 {
				t.Errorf("the camera's corner is rgb%v, not the wall's colour %v: is the .y4m being played?", out.Corner, wall)
				break
			}
		}
	})

	t.Run("journey", func(t *testing.T) { journey(t, b, srv) })
	t.Run("album returned", func(t *testing.T) { albumReturned(t, b, srv) })
	t.Run("offline", func(t *testing.T) { offline(t, b, srv) })
	t.Run("bad input", func(t *testing.T) { badInput(t, b, srv) })

	t.Run("first load", func(t *testing.T) {
		var out struct {
			InteractiveMS float64 `json:"interactiveMS"`
			Nav           struct {
				DOMContentLoaded float64 `json:"domContentLoaded"`
				Load             float64 `json:"load"`
			} `json:"nav"`
			Title     string `json:"title"`
			EnTitle   string `json:"enTitle"`
			SWControl bool   `json:"swControl"`
		}
		b.run(t, "firstload", nil, &out)
		t.Logf("first load to interactive (/#/choose, the sign-up button visible and enabled): %.0f ms "+
			"(DOMContentLoaded %.0f ms, load %.0f ms; fresh profile, loopback)", out.InteractiveMS, out.Nav.DOMContentLoaded, out.Nav.Load)
		if out.Title != "请选择身份" || out.EnTitle != "Who are you?" {
			t.Errorf("choose screen title: zh %q, en %q", out.Title, out.EnTitle)
		}
		if !out.SWControl {
			t.Errorf("no service worker controls the page after a reload")
		}
	})
}

// TestAppSize prints the app's own JS and CSS as downloaded: every .js and
// .css file of the current build gzipped (level 6, as servers do) and
// summed, and the part the first screen loads (what index.html names). The
// current build's files are the ones its service worker lists (web/dist/sw.js):
// web/dist/assets keeps older builds' files too. The engine (web/dist/engine)
// is counted elsewhere (make bench-photo).
func TestAppSize(t *testing.T) {
	dist := distDir(t)
	sw, err := os.ReadFile(filepath.Join(dist, "sw.js"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`const SHELL = (\[[^\]]*\]);`).FindSubmatch(sw)
	var shell []string
	if m == nil || json.Unmarshal(m[1], &shell) != nil {
		t.Fatalf("web/dist/sw.js has no SHELL list of the build's files: run make web")
	}
	index, err := os.ReadFile(filepath.Join(dist, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]bool{}
	for _, f := range regexp.MustCompile(`/(assets/[^"']+\.(?:js|css))`).FindAllSubmatch(index, -1) {
		first[string(f[1])] = true
	}
	var all, initial struct {
		raw, gz [2]int64 // js, css
		count   [2]int
	}
	for _, f := range shell {
		kind, ok := map[string]int{".js": 0, ".css": 1}[filepath.Ext(f)]
		if !ok {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dist, f))
		if err != nil {
			t.Fatalf("sw.js lists %s: %v", f, err)
		}
		cw := &countWriter{}
		zw, _ := gzip.NewWriterLevel(cw, gzip.DefaultCompression)
		zw.Write(b)
		zw.Close()
		all.raw[kind] += int64(len(b))
		all.gz[kind] += cw.n
		all.count[kind]++
		if first[f] {
			initial.raw[kind] += int64(len(b))
			initial.gz[kind] += cw.n
			initial.count[kind]++
			delete(first, f)
		}
	}
	if all.count[0] == 0 || all.count[1] == 0 || initial.count[0] == 0 {
		t.Fatalf("the build lists %d .js and %d .css files, index.html %d of them: run make web", all.count[0], all.count[1], initial.count[0])
	}
	if len(first) > 0 {
		t.Errorf("index.html names files the service worker does not keep: %v", first)
	}
	t.Logf("the app's own JS+CSS (every file of the build, engine excluded): %.1f KiB gzip (%.1f KiB raw); "+
		"JS %d files %.1f KiB gzip, CSS %d files %.1f KiB gzip", kib(all.gz[0]+all.gz[1]), kib(all.raw[0]+all.raw[1]),
		all.count[0], kib(all.gz[0]), all.count[1], kib(all.gz[1]))
	t.Logf("of which index.html loads up front: %.1f KiB gzip (JS %d files %.1f KiB, CSS %d files %.1f KiB); the screens load the rest as they open",
		kib(initial.gz[0]+initial.gz[1]), initial.count[0], kib(initial.gz[0]), initial.count[1], kib(initial.gz[1]))
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)

func kib(n int64) float64 { return float64(n) / 1024 }

// newIDNumber returns a resident ID number no earlier run used (in all
// likelihood): Shanghai Xuhui (310104), a birth date in 1999-2005, a random
// sequence, and its check character. wrongCheck is the same number with
// another check character.
func newIDNumber() (number, wrongCheck string) {
	birth := time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rand.IntN(7*365))
	first := fmt.Sprintf("310104%s%03d", birth.Format("20060102"), rand.IntN(1000))
	c := identity.CheckChar(first)
	wrong := byte('0')
	if c == '0' {
		wrong = '1'
	}
	return first + string(c), first + string(wrong)
}

// student is a new student not on any roster, unique to this run.
type student struct {
	Number, WrongCheck, Mobile, Name, Email, NewPassword, StudentNo, Sex string
}

func newStudent() student {
	number, wrong := newIDNumber()
	sex := "female"
	if (number[16]-'0')%2 == 1 {
		sex = "male"
	}
	n := rand.IntN(100000000)
	return student{
		Number: number, WrongCheck: wrong, Mobile: fmt.Sprintf("139%08d", n), Name: "赵子涵",
		Email: fmt.Sprintf("e2e%08d@example.com", n), NewPassword: fmt.Sprintf("Photo%04dgrad", rand.IntN(10000)),
		StudentNo: fmt.Sprintf("E2E%08d", n), Sex: sex,
	}
}

func (s student) params() map[string]any {
	return map[string]any{"number": s.Number, "wrongCheck": s.WrongCheck, "mobile": s.Mobile, "name": s.Name,
		"email": s.Email, "newPassword": s.NewPassword, "studentNo": s.StudentNo, "sex": s.Sex}
}

type shotFigures struct {
	Guidance struct {
		Ready string   `json:"ready"`
		Faces int      `json:"faces"`
		Hints []string `json:"hints"`
	} `json:"guidance"`
	ShutterMS    float64 `json:"shutterMS"`
	AppShutterMS float64 `json:"appShutterMS"`
	Result       struct {
		Width, Height int
		Corner        [3]float64
	} `json:"result"`
	Reasons []string `json:"reasons"`
}

type size struct{ Width, Height int }

// checkShot checks the photo the camera screen made and prints the time.
func checkShot(t *testing.T, s shotFigures) {
	t.Helper()
	t.Logf("shutter → processed photo on screen, 1920x1080 fake camera frame (%s), 2 s after the first guidance: %.0f ms "+
		"(the app's own figure, data-ms: %.0f ms); guidance before the shot: faces %d, ready %s, hints %v; "+
		"the photo's corner rgb(%.0f, %.0f, %.0f)", cameraPhoto, s.ShutterMS, s.AppShutterMS, s.Guidance.Faces, s.Guidance.Ready,
		s.Guidance.Hints, s.Result.Corner[0], s.Result.Corner[1], s.Result.Corner[2])
	if s.Guidance.Faces != 1 {
		t.Errorf("the live guidance saw %d faces in the camera's picture, want 1", s.Guidance.Faces)
	}
	if s.Result.Width != 480 || s.Result.Height != 640 {
		t.Errorf("the processed photo on screen is %dx%d, want 480x640 (reasons on screen: %v)", s.Result.Width, s.Result.Height, s.Reasons)
	}
	// The background: CHSI's light blue, RGB(100, 197, 255), give or take the JPEG.
	for i, want := range []float64{100, 197, 255} {
		if d := s.Result.Corner[i] - want; d < -10 || d > 10 {
			t.Errorf("the processed photo's top-left corner is rgb%v, not the light blue background (100, 197, 255)", s.Result.Corner)
			break
		}
	}
}

// journey: (a) choose → sign up → log in → new password → personal data
// → camera → prints with an address → order → dev payment → result →
// completed collection → orders; then the same through the API.
func journey(t *testing.T, b *browser, srv *server) {
	st := newStudent()
	params := st.params()
	params["area"] = []string{"上海市", "上海市", "徐汇区"}
	params["detail"] = "漕溪北路 1 号 2 号楼 301 室"
	params["postcode"] = "200030"
	var out struct {
		shotFigures
		LoginNumberCarried string `json:"loginNumberCarried"`
		AskedNewPassword   bool   `json:"askedNewPassword"`
		AreaText           string `json:"areaText"`
		OrderID            int64  `json:"orderId"`
		OrderAddress       string `json:"orderAddress"`
		PayRoute           string `json:"payRoute"`
		PayState           string `json:"payState"`
		CompletedPhoto     size   `json:"completedPhoto"`
		CompletedState     string `json:"completedState"`
		CompletedName      string `json:"completedName"`
		Orders             []struct {
			Number, State string
		} `json:"orders"`
	}
	b.run(t, "journey", params, &out)
	checkShot(t, out.shotFigures)
	if !out.AskedNewPassword {
		t.Errorf("the first login with the default password did not ask for a new password")
	}
	if out.LoginNumberCarried != st.Number {
		t.Errorf("the login screen after sign-up showed the number %q, want %q", out.LoginNumberCarried, st.Number)
	}
	if out.AreaText != "上海市 / 上海市 / 徐汇区" {
		t.Errorf("the area field says %q after choosing 上海市/上海市/徐汇区", out.AreaText)
	}
	if !strings.Contains(out.OrderAddress, "徐汇区") || !strings.Contains(out.OrderAddress, "200030") {
		t.Errorf("the order screen's address: %q", out.OrderAddress)
	}
	if out.PayRoute != fmt.Sprintf("#/pay/%d", out.OrderID) {
		t.Errorf("after the dev payment the app shows %q, want #/pay/%d", out.PayRoute, out.OrderID)
	}
	if out.CompletedPhoto != (size{480, 640}) {
		t.Errorf("the completed collection shows a %dx%d photo, want 480x640", out.CompletedPhoto.Width, out.CompletedPhoto.Height)
	}
	if !strings.Contains(out.CompletedName, st.Name) {
		t.Errorf("the completed collection's name row: %q", out.CompletedName)
	}

	// Behind the screens: log in with the new password.
	a := login(t, srv.URL, st.Number, st.NewPassword)
	var cols struct {
		Collections []struct {
			ID       int64  `json:"id"`
			State    string `json:"state"`
			HasPhoto bool   `json:"has_photo"`
			Locked   bool   `json:"locked"`
			Student  struct {
				Name      string `json:"name"`
				StudentNo string `json:"student_no"`
				School    string `json:"school"`
			} `json:"student"`
		} `json:"collections"`
	}
	a.call(t, "GET", "/collections", nil, &cols)
	if len(cols.Collections) != 1 {
		t.Fatalf("the student has %d collections, want 1", len(cols.Collections))
	}
	c := cols.Collections[0]
	if c.State != "submitted" || !c.HasPhoto || c.Locked || c.Student.Name != st.Name || c.Student.StudentNo != st.StudentNo ||
		c.Student.School != "上海测试大学" {
		t.Errorf("the collection: %+v", c)
	}
	var ords struct {
		Orders []struct {
			ID         int64  `json:"id"`
			Number     string `json:"number"`
			State      string `json:"state"`
			Kind       string `json:"kind"`
			TotalFen   int64  `json:"total_fen"`
			StateLabel struct {
				ZH string `json:"zh"`
			} `json:"state_label"`
			Address *struct {
				Province, City, District, Postcode, Mobile string
			} `json:"address"`
		} `json:"orders"`
	}
	a.call(t, "GET", "/orders", nil, &ords)
	if len(ords.Orders) != 1 {
		t.Fatalf("the student has %d orders, want 1", len(ords.Orders))
	}
	o := ords.Orders[0]
	if o.ID != out.OrderID || o.State != "paid" || o.Kind != "printed" || o.TotalFen != 3500 || o.Address == nil ||
		o.Address.Province != "上海市" || o.Address.City != "上海市" || o.Address.District != "徐汇区" || o.Address.Postcode != "200030" {
		t.Errorf("the order: %+v (address %+v)", o, o.Address)
	}
	if !strings.Contains(out.PayState, o.StateLabel.ZH) {
		t.Errorf("the payment result's state row %q does not say the order's state %q", out.PayState, o.StateLabel.ZH)
	}
	if len(out.Orders) != 1 || out.Orders[0].Number != o.Number || out.Orders[0].State != o.StateLabel.ZH {
		t.Errorf("the orders list shows %+v, want one order %s %s", out.Orders, o.Number, o.StateLabel.ZH)
	}
	if ups := uploadsOf(srv.photoUploads(), c.ID); len(ups) != 1 || ups[0].Status/100 != 2 || ups[0].Key == "" {
		t.Errorf("photo uploads of the collection: %+v, want one, accepted, with an Idempotency-Key", ups)
	}
}

// uploadsOf picks the photo uploads of one collection.
func uploadsOf(all []upload, collectionID int64) (mine []upload) {
	path := fmt.Sprintf("/api/v1/collections/%d/photo", collectionID)
	for _, u := range all {
		if u.Path == path {
			mine = append(mine, u)
		}
	}
	return mine
}

// collection reads the student's one collection through the API.
func collection(t *testing.T, a *api) (c struct {
	ID           int64  `json:"id"`
	State        string `json:"state"`
	Source       string `json:"source"`
	HasPhoto     bool   `json:"has_photo"`
	ReturnReason string `json:"return_reason"`
}) {
	t.Helper()
	var cols struct {
		Collections []json.RawMessage `json:"collections"`
	}
	a.call(t, "GET", "/collections", nil, &cols)
	if len(cols.Collections) != 1 {
		t.Fatalf("the student has %d collections, want 1", len(cols.Collections))
	}
	if err := json.Unmarshal(cols.Collections[0], &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// albumReturned: (b) an album photo checked on the spot and sent for
// review; the demo staff account returns it with a reason; the app shows it.
func albumReturned(t *testing.T, b *browser, srv *server) {
	st := newStudent()
	params := st.params()
	params["albumFile"] = filepath.Join(photosDir(t), albumPhoto)
	reason := fmt.Sprintf("背景不是纯色，请在白墙前重新拍摄（%d）", rand.IntN(1000))
	params["reason"] = reason
	var out struct {
		CheckOK           bool     `json:"checkOK"`
		CheckFailures     []string `json:"checkFailures"`
		CollectionID      int64    `json:"collectionId"`
		StateAfterSubmit  string   `json:"stateAfterSubmit"`
		InReviewQueue     bool     `json:"inReviewQueue"`
		ReturnStatus      int      `json:"returnStatus"`
		PhotoReturnReason string   `json:"photoReturnReason"`
		HomeReturned      string   `json:"homeReturned"`
	}
	b.run(t, "album", params, &out)
	t.Logf("album photo %s checked on the spot: ok %v, failed rows %v", albumPhoto, out.CheckOK, out.CheckFailures)
	if !out.CheckOK && len(out.CheckFailures) == 0 {
		t.Errorf("the album check showed neither ok nor a failed row")
	}
	if out.StateAfterSubmit != "under_review" || !out.InReviewQueue {
		t.Errorf("after sending the album photo: state %q, in the staff review queue %v; want under_review, true", out.StateAfterSubmit, out.InReviewQueue)
	}
	if out.ReturnStatus != 200 {
		t.Errorf("staff return: HTTP %d", out.ReturnStatus)
	}
	if !strings.Contains(out.PhotoReturnReason, reason) || !strings.Contains(out.HomeReturned, reason) {
		t.Errorf("the reason %q on the photo screen: %q; on the main screen: %q", reason, out.PhotoReturnReason, out.HomeReturned)
	}
	if ups := uploadsOf(srv.photoUploads(), out.CollectionID); len(ups) != 1 || ups[0].Status/100 != 2 {
		t.Errorf("album uploads of the collection: %+v, want one, accepted", ups)
	}
	c := collection(t, login(t, srv.URL, st.Number, st.NewPassword))
	if c.ID != out.CollectionID || c.State != "returned" || c.Source != "album" || c.ReturnReason != reason {
		t.Errorf("the collection through the API: %+v", c)
	}
}

// offline: (c) a photo taken with no network is queued and, back online,
// arrives exactly once.
func offline(t *testing.T, b *browser, srv *server) {
	st := newStudent()
	var out struct {
		shotFigures
		Controlled          bool     `json:"controlled"`
		CollectionID        int64    `json:"collectionId"`
		OfflineShown        string   `json:"offlineShown"`
		QueuedText          string   `json:"queuedText"`
		UploadsWhileOffline []upload `json:"uploadsWhileOffline"`
		Uploads             []upload `json:"uploads"`
	}
	b.run(t, "offline", st.params(), &out)
	checkShot(t, out.shotFigures)
	if !out.Controlled {
		t.Errorf("no service worker controlled the page before going offline")
	}
	if out.OfflineShown == "" {
		t.Errorf("offline, the app does not say so (net-state is empty)")
	}
	if early := uploadsOf(out.UploadsWhileOffline, out.CollectionID); len(early) != 0 {
		t.Errorf("photo uploads reached the server while offline: %+v", early)
	}
	mine := uploadsOf(out.Uploads, out.CollectionID)
	rows, kinds := srv.photoRows(t, out.CollectionID)
	t.Logf("offline: the app said %q, queued %q; back online: %d upload request(s) %+v; photo rows stored %d %v",
		out.OfflineShown, out.QueuedText, len(mine), mine, rows, kinds)
	if len(mine) != 1 || mine[0].Key == "" || mine[0].Status/100 != 2 {
		t.Errorf("uploads of the queued photo: %+v, want one, accepted, with an Idempotency-Key", mine)
	}
	if rows != 1 {
		t.Errorf("the server stored %d photos for the collection, want 1: %v", rows, kinds)
	}
	c := collection(t, login(t, srv.URL, st.Number, st.NewPassword))
	if c.State != "submitted" || !c.HasPhoto || c.Source != "camera" {
		t.Errorf("the collection through the API: %+v", c)
	}
}

// ready signs a student up through the API, changes the default password
// and returns the session.
func ready(t *testing.T, base string, st student) *api {
	t.Helper()
	a := &api{base: base}
	if code := a.call(t, "POST", "/auth/signup", map[string]string{"doc_type": "resident_id", "doc_number": st.Number,
		"mobile": st.Mobile, "name": st.Name, "email": st.Email}, nil); code != 201 {
		t.Fatalf("sign-up through the API: HTTP %d", code)
	}
	a = login(t, base, st.Number, identity.DefaultPassword(st.Number))
	if code := a.call(t, "POST", "/auth/password", map[string]string{"old_password": identity.DefaultPassword(st.Number),
		"new_password": st.NewPassword}, nil); code/100 != 2 {
		t.Fatalf("password change through the API: HTTP %d", code)
	}
	return login(t, base, st.Number, st.NewPassword)
}

// withAlbumPhoto gives the student a collection with an album photo on file.
func withAlbumPhoto(t *testing.T, a *api, st student, photo string) {
	t.Helper()
	var c struct {
		Collection struct {
			ID int64 `json:"id"`
		} `json:"collection"`
	}
	a.call(t, "POST", "/collections", map[string]any{"student": map[string]string{
		"school": "上海测试大学", "college": "外国语学院", "major": "英语", "level": "bachelor", "student_no": st.StudentNo,
		"name": st.Name, "sex": st.Sex, "graduation_date": "2027-06"}}, &c)
	raw, err := os.ReadFile(photo)
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("source", "album")
	fw, _ := w.CreateFormFile("photo", filepath.Base(photo))
	fw.Write(raw)
	w.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/collections/%d/photo", a.base, c.Collection.ID), &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+a.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode/100 != 2 {
		t.Fatalf("album upload through the API: HTTP %d", res.StatusCode)
	}
}

type fieldError struct {
	Text *string `json:"text"`
	Near bool    `json:"near"`
}

var han = regexp.MustCompile(`\p{Han}`)

// badInput: (d) every form's errors, next to the field, in Chinese and in
// English after the switch.
func badInput(t *testing.T, b *browser, srv *server) {
	st, fresh, withPhoto := newStudent(), newStudent(), newStudent()
	ready(t, srv.URL, fresh)
	wp := ready(t, srv.URL, withPhoto)
	withAlbumPhoto(t, wp, withPhoto, filepath.Join(photosDir(t), albumPhoto))
	params := st.params()
	params["fresh"] = map[string]string{"number": fresh.Number, "password": fresh.NewPassword}
	params["withPhoto"] = map[string]string{"token": wp.token}
	var out struct {
		Forms map[string]struct {
			ZH map[string]fieldError `json:"zh"`
			EN map[string]fieldError `json:"en"`
		} `json:"forms"`
	}
	b.run(t, "badinput", params, &out)
	// The fields that must show an error, with words each language's
	// message must hold ("" when any message will do).
	want := []struct{ form, field, zh, en string }{
		{"signup", "signup-number", "校验码", "check character"},
		{"signup", "signup-mobile", "11位", "11 digits"},
		{"signup", "signup-email", "域名", "domain"},
		{"login", "login-password", "", ""},
		{"password", "password-new", "8到64", "8 to 64"},
		{"info", "info-school", "学校", "School"},
		{"info", "info-college", "学院", "College"},
		{"info", "info-major", "专业", "Major"},
		{"info", "info-level", "层次", "level"},
		{"info", "info-student-no", "学号", "student number"},
		{"info", "info-graduation", "毕业", "graduation"},
		{"address", "prints-mobile", "手机", "mobile"},
		{"address", "prints-postcode", "6位", "6 digits"},
	}
	for _, w := range want {
		f, ok := out.Forms[w.form]
		if !ok {
			t.Errorf("%s: the form was not checked", w.form)
			continue
		}
		zh, en := f.ZH[w.field], f.EN[w.field]
		if zh.Text == nil || en.Text == nil {
			t.Errorf("%s: no error shown (zh %v, en %v)", w.field, zh.Text != nil, en.Text != nil)
			continue
		}
		t.Logf("%s: zh %q, en %q", w.field, *zh.Text, *en.Text)
		if !zh.Near || !en.Near {
			t.Errorf("%s: the error is not next to its field", w.field)
		}
		if !han.MatchString(*zh.Text) || !strings.Contains(*zh.Text, w.zh) {
			t.Errorf("%s: the Chinese error %q is not Chinese or lacks %q", w.field, *zh.Text, w.zh)
		}
		if *en.Text == "" || han.MatchString(*en.Text) || !strings.Contains(strings.ToLower(*en.Text), strings.ToLower(w.en)) {
			t.Errorf("%s: the English error %q is not English or lacks %q", w.field, *en.Text, w.en)
		}
	}
	// Name and sex may come filled in from the account; an error shown for
	// them must follow the same rules.
	for _, field := range []string{"info-name", "info-sex"} {
		zh, en := out.Forms["info"].ZH[field], out.Forms["info"].EN[field]
		if zh.Text != nil && (en.Text == nil || !han.MatchString(*zh.Text) || han.MatchString(*en.Text) || !zh.Near || !en.Near) {
			t.Errorf("%s: zh %v en %v", field, zh, en)
		}
	}
}
