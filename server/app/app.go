// Package app is the service's logic: accounts and sessions, rosters and
// collections, orders and payments. It depends on a Store and on payment
// providers through interfaces, and speaks in domain types from shared/;
// the HTTP layer (server/httpapi) is a thin translation of it.
package app

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"time"

	"gradphoto/server/payment"
	"gradphoto/server/pii"
	"gradphoto/shared/order"
)

// Limits are the account-security settings.
type Limits struct {
	SessionTTL       time.Duration
	LoginMaxFailures int           // failures per account before a lock
	LoginIPFailures  int           // failures per client address before a lock
	LoginLock        time.Duration // lock length, and the window failures are counted in
	BcryptCost       int
}

// App holds what the service logic needs.
type App struct {
	Store     Store
	PII       *pii.Keeper
	Pricing   order.Pricing
	Limits    Limits
	Providers map[string]payment.Provider // by provider name: wechat, alipay, dev
	BaseURL   string                      // for notify and return URLs
	Log       *slog.Logger
	Now       func() time.Time
}

func (a *App) now() time.Time {
	if a.Now != nil {
		return a.Now().UTC()
	}
	return time.Now().UTC()
}

func (a *App) log() *slog.Logger {
	if a.Log != nil {
		return a.Log
	}
	return slog.Default()
}

// randomToken returns n random bytes as hex.
func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("app: no randomness: " + err.Error())
	}
	return hex.EncodeToString(b)
}
