//go:build !js

package e2e

import (
	"fmt"
	"testing"

	"gradphoto/server/internal/apiclient"
	"gradphoto/server/service"
	"gradphoto/shared/identity"
)

// TestNothingLostOnKill: an order, a payment and a photo written before the
// server is killed with SIGKILL are there after it starts again.
func TestNothingLostOnKill(t *testing.T) {
	dir, addr := t.TempDir(), freeAddr(t)
	p := startNative(t, dir, addr)
	c := apiclient.New(p.URL)
	student := service.DemoStudents[0]
	if err := c.SignUp(student.Number, "13812345678", student.Name, "chen@example.com"); err != nil {
		t.Fatal(err)
	}
	if err := c.Login(student.Number, identity.DefaultPassword(student.Number)); err != nil {
		t.Fatal(err)
	}
	col, err := c.StartCollection(nil)
	if err != nil || !col.Locked {
		t.Fatalf("the demo roster should pre-fill the collection: %+v %v", col, err)
	}
	photo, err := apiclient.SamplePhoto(1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UploadPhoto(col.ID, "camera", photo, "offline-1"); err != nil {
		t.Fatal(err)
	}
	paid, err := c.CreateOrder(col.ID, "printed", "order-1", map[string]string{
		"recipient": "陈晓明", "mobile": "13812345678", "province": "上海市", "city": "上海市", "district": "徐汇区",
		"detail": "漕溪北路 1 号", "postcode": "200030",
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.PayDev(paid.ID); err != nil {
		t.Fatal(err)
	}
	if o, _ := c.GetOrder(paid.ID); o.State != "paid" {
		t.Fatalf("before the kill: %+v", o)
	}

	p.kill() // SIGKILL, straight after the answers came back
	p = startNative(t, dir, addr)

	if err := c.Login(student.Number, identity.DefaultPassword(student.Number)); err != nil {
		t.Fatalf("account lost: %v", err)
	}
	o, err := c.GetOrder(paid.ID)
	if err != nil || o.State != "paid" || o.TotalFen != 3500 || o.Number != paid.Number {
		t.Fatalf("paid order after the restart: %+v %v", o, err)
	}
	again, err := c.CreateOrder(col.ID, "printed", "order-1", nil)
	if err != nil || again.ID != paid.ID {
		t.Fatalf("the idempotency key was forgotten: %+v %v", again, err)
	}
	if err := c.Do("GET", fmt.Sprintf("/api/v1/collections/%d/photo", col.ID), "", nil, nil, nil); err != nil {
		t.Fatalf("photo lost: %v", err)
	}
	if _, err := c.UploadPhoto(col.ID, "camera", photo, "offline-1"); err != nil {
		t.Fatalf("replayed upload after restart: %v", err)
	}
}
