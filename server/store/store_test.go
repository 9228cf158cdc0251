package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"gradphoto/server/app"
	"gradphoto/server/store"
	"gradphoto/shared/apperr"
	"gradphoto/shared/money"
	"gradphoto/shared/order"
	"gradphoto/shared/record"
)

// backend opens a migrated store. Every test runs against each backend the
// service uses: the embedded file, and libSQL over HTTP (backends_test.go).
type backend struct {
	name string
	open func(t *testing.T) *store.DB
}

func fileBackend() backend {
	return backend{"file", func(t *testing.T) *store.DB {
		return openMigrated(t, "file:"+filepath.Join(t.TempDir(), "s.db"), "")
	}}
}

func openMigrated(t *testing.T, dsn, token string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, token)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	n, err := db.Migrate(ctx)
	if err != nil || n == 0 {
		t.Fatalf("migrate: %d, %v", n, err)
	}
	if again, err := db.Migrate(ctx); err != nil || again != 0 {
		t.Fatalf("second migrate applied %d, %v", again, err)
	}
	return db
}

func eachBackend(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) { fn(t, b.open(t)) })
	}
}

var t0 = time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)

func newAccount(t *testing.T, db *store.DB, hash string) *app.Account {
	t.Helper()
	a := &app.Account{Role: app.Student, DocType: "resident_id", DocHash: hash, DocSealed: "s", DocMasked: "m",
		MobileHash: "mh", MobileSealed: "ms", MobileMasked: "mm", Name: "张三", Email: "a@b.cn", Sex: "male",
		PasswordHash: "x", MustChangePassword: true, CreatedAt: t0}
	if err := db.CreateAccount(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

func newCollection(t *testing.T, db *store.DB, acct *app.Account) *app.Collection {
	t.Helper()
	c := &app.Collection{AccountID: acct.ID, State: record.Draft, CreatedAt: t0, UpdatedAt: t0,
		Student: record.Student{School: "S", College: "C", Major: "M", Level: record.Bachelor, StudentNo: "1", Name: "张三", Sex: "male", GraduationDate: "2027-06"}}
	if err := db.CreateCollection(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAccountsAndSessions(t *testing.T) {
	eachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newAccount(t, db, "h1")
		dup := *a
		if err := db.CreateAccount(ctx, &dup); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("duplicate document: %v", err)
		}
		got, err := db.AccountByDocHash(ctx, "h1")
		if err != nil || got.ID != a.ID || got.Name != "张三" || !got.MustChangePassword || !got.CreatedAt.Equal(t0) {
			t.Fatalf("%+v %v", got, err)
		}
		if _, err := db.AccountByDocHash(ctx, "nope"); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("absent account: %v", err)
		}
		db.CreateSession(ctx, app.Session{TokenHash: "tok", AccountID: a.ID, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)})
		if acct, err := db.SessionAccount(ctx, "tok", t0.Add(time.Minute)); err != nil || acct.ID != a.ID {
			t.Fatalf("live session: %v", err)
		}
		if _, err := db.SessionAccount(ctx, "tok", t0.Add(2*time.Hour)); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("expired session still works: %v", err)
		}
	})
}

func TestLoginFailures(t *testing.T) {
	eachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		window, lock := 15*time.Minute, 15*time.Minute
		for i := 1; i <= 4; i++ {
			until, err := db.RecordLoginFailure(ctx, "k", t0.Add(time.Duration(i)*time.Second), window, 5, lock)
			if err != nil || !until.IsZero() {
				t.Fatalf("failure %d locked early: %v %v", i, until, err)
			}
		}
		until, _ := db.RecordLoginFailure(ctx, "k", t0.Add(5*time.Second), window, 5, lock)
		if !until.Equal(t0.Add(5*time.Second + lock)) {
			t.Fatalf("fifth failure: until %v", until)
		}
		if l, _ := db.LoginLocked(ctx, []string{"other", "k"}, t0.Add(time.Minute)); !l.Equal(until) {
			t.Fatalf("locked = %v", l)
		}
		if l, _ := db.LoginLocked(ctx, []string{"k"}, until.Add(time.Second)); !l.IsZero() {
			t.Fatal("lock outlives its time")
		}
		// Failures older than the window start a new count.
		db.RecordLoginFailure(ctx, "old", t0, window, 5, lock)
		for i := 0; i < 4; i++ {
			if u, _ := db.RecordLoginFailure(ctx, "old", t0.Add(window+time.Minute), window, 5, lock); !u.IsZero() {
				t.Fatal("an old failure counted")
			}
		}
	})
}

func TestConcurrentLoginFailuresAllCount(t *testing.T) {
	eachBackend(t, func(t *testing.T, db *store.DB) {
		var wg sync.WaitGroup
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				db.RecordLoginFailure(context.Background(), "race", t0, time.Hour, 1000, time.Hour)
			}()
		}
		wg.Wait()
		until, err := db.RecordLoginFailure(context.Background(), "race", t0, time.Hour, 21, time.Hour)
		if err != nil || until.IsZero() {
			t.Fatalf("20 concurrent failures did not all count: %v %v", until, err)
		}
	})
}

func TestPhotosReplayAndOrders(t *testing.T) {
	eachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newAccount(t, db, "h2")
		c := newCollection(t, db, a)
		c.State, c.Source = record.Submitted, record.Camera
		p := &app.Photo{Kind: app.Finished, ContentType: "image/jpeg", Width: 480, Height: 640, Size: 3, SHA256: "x", Data: []byte{1, 2, 3}, IdempotencyKey: "k", CreatedAt: t0}
		if replayed, err := db.AttachPhotos(ctx, c, []*app.Photo{p}); err != nil || replayed {
			t.Fatalf("attach: %v %v", replayed, err)
		}
		again := *p
		if replayed, err := db.AttachPhotos(ctx, c, []*app.Photo{&again}); err != nil || !replayed {
			t.Fatalf("replay stored again: %v %v", replayed, err)
		}
		got, _ := db.CollectionByID(ctx, c.ID)
		if got.PhotoID != p.ID || got.State != record.Submitted {
			t.Fatalf("%+v", got)
		}

		q, _ := order.DefaultPricing().Quote(order.Electronic)
		mk := func(number, key string) *app.Order {
			return &app.Order{Number: number, AccountID: a.ID, CollectionID: c.ID, Kind: order.Electronic, State: order.Unpaid,
				Amount: q.Total, Quote: q, IdempotencyKey: key, CreatedAt: t0, ExpiresAt: t0.Add(30 * time.Minute), UpdatedAt: t0}
		}
		o := mk("GP1", "key1")
		if existed, err := db.CreateOrder(ctx, o); err != nil || existed {
			t.Fatalf("create: %v %v", existed, err)
		}
		same := mk("GP2", "key1")
		if existed, err := db.CreateOrder(ctx, same); err != nil || !existed || same.ID != o.ID || same.Number != "GP1" {
			t.Fatalf("idempotent create: %v %v %+v", existed, err, same)
		}
		if _, err := db.CreateOrder(ctx, mk("GP3", "key2")); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("second unpaid order for one collection: %v", err)
		}
		if err := db.UpdateOrderState(ctx, o.ID, order.Paid, order.Printing, app.OrderChanges{}); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("moved from a state it was not in: %v", err)
		}

		pay := &app.Payment{OutTradeNo: "GP1-A", OrderID: o.ID, Provider: "dev", Channel: order.Dev, Amount: money.Fen(2000), State: app.PaymentOpen, CreatedAt: t0}
		if err := db.CreatePayment(ctx, pay); err != nil {
			t.Fatal(err)
		}
		ev := app.PaymentEvent{OutTradeNo: "GP1-A", Provider: "dev", TransactionID: "T1", Amount: 2000, ReceivedAt: t0}
		if applied, err := db.ApplyPayment(ctx, ev); err != nil || !applied {
			t.Fatalf("apply: %v %v", applied, err)
		}
		if applied, err := db.ApplyPayment(ctx, ev); err != nil || applied {
			t.Fatalf("a repeated notification applied again: %v %v", applied, err)
		}
		paid, _ := db.OrderByID(ctx, o.ID)
		if paid.State != order.Paid || paid.TransactionID != "T1" || !paid.PaidAt.Equal(t0) {
			t.Fatalf("%+v", paid)
		}
		events, _ := db.PaymentEvents(ctx, "GP1-A")
		if len(events) != 2 || events[0].Outcome != "paid" || events[1].Outcome != "repeat" {
			t.Fatalf("events: %+v", events)
		}
		// With the unpaid order paid, a new one may be created.
		if _, err := db.CreateOrder(ctx, mk("GP4", "key3")); err != nil {
			t.Fatalf("order after payment: %v", err)
		}
	})
}

func TestRosterUpsert(t *testing.T) {
	eachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sc, err := db.SchoolByName(ctx, "上海示范大学", true, t0)
		if err != nil {
			t.Fatal(err)
		}
		e := &app.RosterEntry{SchoolID: sc.ID, DocHash: "d1", DocSealed: "s",
			Student: record.Student{College: "C", Major: "M", Level: record.Master, StudentNo: "1", Name: "王五", Sex: "male", GraduationDate: "2027-06"}}
		if created, err := db.UpsertRosterEntry(ctx, e, t0); err != nil || !created {
			t.Fatalf("%v %v", created, err)
		}
		e.Student.Major = "N"
		if created, err := db.UpsertRosterEntry(ctx, e, t0); err != nil || created {
			t.Fatalf("%v %v", created, err)
		}
		got, school, err := db.RosterByDocHash(ctx, "d1")
		if err != nil || got.Student.Major != "N" || school != "上海示范大学" {
			t.Fatalf("%+v %s %v", got, school, err)
		}
	})
}
