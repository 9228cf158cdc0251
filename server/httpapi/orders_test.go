package httpapi_test

import (
	"bytes"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gradphoto/server/payment/alipay"
	"gradphoto/server/payment/alipay/alipaytest"
	"gradphoto/server/payment/wechat"
	"gradphoto/server/payment/wechat/wechattest"
)

var address = map[string]any{
	"recipient": "张三", "mobile": "13812345678", "province": "上海市", "city": "上海市", "district": "徐汇区",
	"detail": "漕溪北路 1 号 2 楼", "postcode": "200030",
}

func (c *client) createOrder(colID int64, kind, key string, addr map[string]any) map[string]any {
	c.e.t.Helper()
	body := map[string]any{"collection_id": colID, "kind": kind}
	if addr != nil {
		body["address"] = addr
	}
	r := c.json("POST", "/api/v1/orders", body, map[string]string{"Idempotency-Key": key})
	if r.Status != 201 && r.Status != 200 {
		c.e.t.Fatalf("create order: %d %s", r.Status, r.Body)
	}
	return r.JSON(c.e.t)["order"].(map[string]any)
}

func (c *client) order(id int64) map[string]any {
	c.e.t.Helper()
	return mustStatus(c.e.t, c.json("GET", fmt.Sprintf("/api/v1/orders/%d", id), nil), 200)["order"].(map[string]any)
}

func idOf(m map[string]any) int64 { return int64(m["id"].(float64)) }

func TestOrderPriceIdempotencyAndOneUnpaid(t *testing.T) {
	e := newEnv(t)
	c, col := e.readyForOrder(81)
	o := c.createOrder(col, "electronic", "k1", nil)
	if o["total_fen"].(float64) != 2000 || o["state"] != "unpaid" || o["total_yuan"] != "20.00" {
		t.Fatalf("%v", o)
	}
	again := c.json("POST", "/api/v1/orders", map[string]any{"collection_id": col, "kind": "electronic"}, map[string]string{"Idempotency-Key": "k1"})
	if again.Status != 200 || idOf(again.JSON(t)["order"].(map[string]any)) != idOf(o) {
		t.Fatalf("a repeated request made another order: %d %s", again.Status, again.Body)
	}
	if r := c.json("POST", "/api/v1/orders", map[string]any{"collection_id": col, "kind": "electronic"}); r.Status != 400 {
		t.Fatalf("no Idempotency-Key: %d", r.Status)
	}
	if r := c.json("POST", "/api/v1/orders", map[string]any{"collection_id": col, "kind": "printed", "address": map[string]any{"recipient": "张三"}},
		map[string]string{"Idempotency-Key": "k2"}); r.Status != 400 || !strings.Contains(string(r.Body), `"field":"address.mobile"`) {
		t.Fatalf("bad address: %d %s", r.Status, r.Body)
	}
	bad := map[string]any{}
	for k, v := range address {
		bad[k] = v
	}
	bad["postcode"] = "2000"
	if r := c.json("POST", "/api/v1/orders", map[string]any{"collection_id": col, "kind": "printed", "address": bad},
		map[string]string{"Idempotency-Key": "k2"}); r.Status != 400 || !strings.Contains(string(r.Body), `"field":"address.postcode"`) {
		t.Fatalf("bad postcode: %d %s", r.Status, r.Body)
	}
	// Changing one's mind: a printed order replaces the unpaid electronic one.
	p := c.createOrder(col, "printed", "k3", address)
	if p["total_fen"].(float64) != 3500 || p["address"].(map[string]any)["detail"] != "漕溪北路 1 号 2 楼" {
		t.Fatalf("%v", p)
	}
	if c.order(idOf(o))["state"] != "closed" {
		t.Fatal("the replaced unpaid order is not closed")
	}
	list := mustStatus(t, c.json("GET", "/api/v1/orders", nil), 200)["orders"].([]any)
	if len(list) != 2 || idOf(list[0].(map[string]any)) != idOf(p) {
		t.Fatalf("orders: %v", list)
	}
	if r := c.json("POST", "/api/v1/orders", map[string]any{"collection_id": col, "kind": "gold"}, map[string]string{"Idempotency-Key": "k4"}); r.Status != 400 {
		t.Fatalf("unknown kind: %d", r.Status)
	}
	fresh := e.client()
	fresh.signUpAndLogin(idNumber("20010203", 82), "13800000082")
	draft := fresh.startCollection()
	if r := fresh.json("POST", "/api/v1/orders", map[string]any{"collection_id": draft, "kind": "electronic"}, map[string]string{"Idempotency-Key": "x"}); r.Status != 409 {
		t.Fatalf("order before a photo: %d", r.Status)
	}
}

func TestWechatNativePayment(t *testing.T) {
	wx := wechattest.NewServer(t)
	prov, err := wechat.New(wx.Config())
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, prov)
	c, col := e.readyForOrder(91)
	o := c.createOrder(col, "electronic", "w1", nil)
	pay := mustStatus(t, c.json("POST", fmt.Sprintf("/api/v1/orders/%d/pay", idOf(o)), map[string]any{"channel": "wechat_native"}), 200)
	prepay := pay["prepay"].(map[string]any)
	no := pay["out_trade_no"].(string)
	if !strings.HasPrefix(prepay["code_url"].(string), "weixin://") {
		t.Fatalf("%v", pay)
	}
	qr := c.json("GET", pay["qr_png_url"].(string), nil)
	if img, err := png.Decode(bytes.NewReader(qr.Body)); err != nil || img.Bounds().Dx() < 128 {
		t.Fatalf("QR code: %d %v", qr.Status, err)
	}
	if r := c.json("POST", fmt.Sprintf("/api/v1/orders/%d/pay", idOf(o)), map[string]any{"channel": "dev"}); r.Status != 400 {
		t.Fatalf("dev payment outside dev mode: %d", r.Status)
	}

	notifyURL := e.srv.URL + "/api/v1/payments/wechat/notify"
	send := func(req *http.Request) int {
		res, err := wechattest.Send(req, notifyURL)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if status := send(wx.ForgedNotification(no, 2000)); status < 400 {
		t.Fatalf("forged notification answered %d", status)
	}
	if status := send(wx.WrongAmountNotification(no)); status < 400 {
		t.Fatalf("wrong amount answered %d", status)
	}
	if c.order(idOf(o))["state"] != "unpaid" {
		t.Fatal("a forged or wrong notification marked the order paid")
	}
	if err := wx.Pay(no); err != nil {
		t.Fatal(err)
	}
	if status := send(wx.PaidNotification(no, 2000)); status != 200 {
		t.Fatalf("genuine notification answered %d", status)
	}
	paid := c.order(idOf(o))
	if paid["state"] != "paid" || paid["paid_at"] == nil {
		t.Fatalf("%v", paid)
	}
	if status := send(wx.PaidNotification(no, 2000)); status != 200 {
		t.Fatalf("repeated notification answered %d", status)
	}
	if again := c.order(idOf(o)); again["paid_at"] != paid["paid_at"] {
		t.Fatal("a repeated notification changed the order")
	}
	events, _ := e.db.PaymentEvents(t.Context(), no)
	outcomes := []string{}
	for _, ev := range events {
		outcomes = append(outcomes, ev.Outcome)
	}
	if strings.Join(outcomes, ",") != "amount_mismatch,paid,repeat" {
		t.Fatalf("events: %v", outcomes)
	}
	if r := c.json("POST", fmt.Sprintf("/api/v1/orders/%d/pay", idOf(o)), map[string]any{"channel": "wechat_native"}); r.Status != 409 {
		t.Fatalf("paying a paid order: %d", r.Status)
	}

	staff := e.staff(t)
	if r := staff.json("POST", fmt.Sprintf("/api/v1/staff/orders/%d/refund", idOf(o)), map[string]any{"reason": "学生申请退款"}); r.Status != 200 {
		t.Fatalf("refund: %d %s", r.Status, r.Body)
	}
	if c.order(idOf(o))["state"] != "refunded" {
		t.Fatal("not refunded")
	}
	if _, ok := wx.Refund("R" + no); !ok {
		t.Fatal("WeChat saw no refund")
	}
}

func TestWechatJSAPIAndH5(t *testing.T) {
	wx := wechattest.NewServer(t)
	prov, _ := wechat.New(wx.Config())
	e := newEnv(t, prov)
	c, col := e.readyForOrder(92)
	o := c.createOrder(col, "electronic", "j1", nil)
	if r := c.json("POST", fmt.Sprintf("/api/v1/orders/%d/pay", idOf(o)), map[string]any{"channel": "wechat_jsapi"}); r.Status != 400 {
		t.Fatalf("JSAPI without openid: %d", r.Status)
	}
	js := mustStatus(t, c.json("POST", fmt.Sprintf("/api/v1/orders/%d/pay", idOf(o)), map[string]any{"channel": "wechat_jsapi", "openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}), 200)
	params := js["prepay"].(map[string]any)["jsapi"].(map[string]any)
	for _, k := range []string{"timeStamp", "nonceStr", "package", "signType", "paySign"} {
		if params[k] == "" || params[k] == nil {
			t.Fatalf("wx.requestPayment parameter %s missing: %v", k, params)
		}
	}
	h5 := mustStatus(t, c.json("POST", fmt.Sprintf("/api/v1/orders/%d/pay", idOf(o)), map[string]any{"channel": "wechat_h5"}), 200)
	if u := h5["prepay"].(map[string]any)["redirect_url"].(string); !strings.HasPrefix(u, "https://") {
		t.Fatalf("h5: %v", h5)
	}
}

func TestAlipayQRPaymentAndReconcile(t *testing.T) {
	gw := alipaytest.NewGateway(t)
	prov, err := alipay.New(gw.Config())
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, prov)
	c, col := e.readyForOrder(93)
	o := c.createOrder(col, "electronic", "a1", nil)
	pay := mustStatus(t, c.json("POST", fmt.Sprintf("/api/v1/orders/%d/pay", idOf(o)), map[string]any{"channel": "alipay_qr"}), 200)
	no := pay["out_trade_no"].(string)
	if pay["prepay"].(map[string]any)["code_url"] == "" {
		t.Fatalf("%v", pay)
	}
	notifyURL := e.srv.URL + "/api/v1/payments/alipay/notify"
	send := func(req *http.Request) (int, string) {
		res, err := alipaytest.Send(req, notifyURL)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(res.Body)
		return res.StatusCode, b.String()
	}
	if _, body := send(gw.ForgedNotification(no, 2000)); body == "success" {
		t.Fatal("forged Alipay notification accepted")
	}
	if _, body := send(gw.WrongAmountNotification(no)); body == "success" {
		t.Fatal("wrong amount accepted")
	}
	// The payer pays; the notification is lost; reconcile asks Alipay.
	if err := gw.Scan(no); err != nil {
		t.Fatal(err)
	}
	if err := gw.Pay(no); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(2 * time.Minute)
	staff := e.staff(t)
	mustStatus(t, staff.json("POST", "/api/v1/staff/reconcile", nil), 200)
	if st := c.order(idOf(o))["state"]; st != "paid" {
		t.Fatalf("reconcile did not find the payment: %v", st)
	}
	if _, body := send(gw.PaidNotification(no, 2000)); body != "success" {
		t.Fatalf("the late genuine notification: %q", body)
	}
	// WAP pay gives a gateway URL to open.
	c2, col2 := e.readyForOrder(94)
	o2 := c2.createOrder(col2, "printed", "a2", address)
	wap := mustStatus(t, c2.json("POST", fmt.Sprintf("/api/v1/orders/%d/pay", idOf(o2)), map[string]any{"channel": "alipay_wap"}), 200)
	if u, err := url.Parse(wap["prepay"].(map[string]any)["redirect_url"].(string)); err != nil || u.Scheme != "https" {
		t.Fatalf("wap: %v", wap)
	}
	// Unpaid orders close when their time runs out.
	e.clock.Advance(31 * time.Minute)
	mustStatus(t, staff.json("POST", "/api/v1/staff/reconcile", nil), 200)
	if st := c2.order(idOf(o2))["state"]; st != "closed" {
		t.Fatalf("expired order: %v", st)
	}
}

func TestDevPaymentAndPrintedOrderLifecycle(t *testing.T) {
	e := newDevEnv(t)
	c, col := e.readyForOrder(95)
	o := c.createOrder(col, "printed", "d1", address)
	pay := mustStatus(t, c.json("POST", fmt.Sprintf("/api/v1/orders/%d/pay", idOf(o)), map[string]any{"channel": "dev"}), 200)
	page := pay["prepay"].(map[string]any)["redirect_url"].(string)
	get, err := http.Get(page)
	if err != nil || get.StatusCode != 200 {
		t.Fatalf("dev page: %v %v", get, err)
	}
	get.Body.Close()
	tampered := strings.Replace(page, "amount=3500", "amount=1", 1)
	if res, _ := http.Get(tampered); res.StatusCode != 403 {
		t.Fatalf("tampered dev link: %d", res.StatusCode)
	}
	res, err := http.Post(page, "application/x-www-form-urlencoded", nil)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("confirm: %v %v", res, err)
	}
	res.Body.Close()
	if st := c.order(idOf(o))["state"]; st != "paid" {
		t.Fatalf("dev payment: %v", st)
	}
	staff := e.staff(t)
	if r := c.json("GET", "/api/v1/staff/orders", nil); r.Status != 403 {
		t.Fatalf("a student read the staff's work list: %d", r.Status)
	}
	work := mustStatus(t, staff.json("GET", "/api/v1/staff/orders", nil), 200)["orders"].([]any)
	if len(work) != 1 || work[0].(map[string]any)["state"] != "paid" || work[0].(map[string]any)["address"] == nil {
		t.Fatalf("the staff's work list should hold the paid order with its address: %v", work)
	}
	base := fmt.Sprintf("/api/v1/staff/orders/%d", idOf(o))
	if r := staff.json("POST", base+"/ship", map[string]any{"carrier": "顺丰", "tracking_no": "SF1234567890"}); r.Status != 409 {
		t.Fatalf("shipped before printing: %d", r.Status)
	}
	mustStatus(t, staff.json("POST", base+"/printing", nil), 200)
	if r := staff.json("POST", base+"/ship", map[string]any{"carrier": "顺丰", "tracking_no": "1"}); r.Status != 400 {
		t.Fatalf("short tracking number: %d", r.Status)
	}
	mustStatus(t, staff.json("POST", base+"/ship", map[string]any{"carrier": "顺丰", "tracking_no": "SF1234567890"}), 200)
	mustStatus(t, staff.json("POST", base+"/complete", nil), 200)
	if work := mustStatus(t, staff.json("GET", "/api/v1/staff/orders", nil), 200)["orders"].([]any); len(work) != 0 {
		t.Fatalf("a done order is still on the work list: %v", work)
	}
	got := c.order(idOf(o))
	if got["state"] != "done" || got["tracking_no"] != "SF1234567890" || got["carrier"] != "顺丰" {
		t.Fatalf("%v", got)
	}
	if r := c.json("POST", base+"/refund", map[string]any{"reason": "x"}); r.Status != 403 {
		t.Fatalf("a student used a staff endpoint: %d", r.Status)
	}
}
