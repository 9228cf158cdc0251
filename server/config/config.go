// Package config reads the server's configuration from environment
// variables. The native server reads the process environment; the Worker
// reads its vars and secrets through the same getenv function, so both builds
// are configured by the same names (listed in README.md).
package config

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gradphoto/shared/money"
	"gradphoto/shared/order"
)

// Mode is how the server runs. Only Dev enables the dev payment provider and
// demo data; anything that is not exactly "dev" is production.
type Mode string

const (
	Dev        Mode = "dev"
	Production Mode = "production"
)

// Config is everything the server needs to start.
type Config struct {
	Mode      Mode
	Addr      string // native only: where to listen
	BaseURL   string // public URL, for payment notify and return URLs
	StaticDir string // native only: the built web app

	DatabaseURL string // file:..., http(s)://..., libsql://...
	AuthToken   string // libSQL auth token (secret)

	// DataKey (secret, 32 bytes) keys the hashes used to look up ID numbers
	// and phones and the cipher that keeps them readable for display.
	DataKey []byte

	Pricing order.Pricing

	SessionTTL       time.Duration
	LoginMaxFailures int           // per account, then locked
	LoginIPFailures  int           // per client address, then locked
	LoginLock        time.Duration // how long a lock lasts
	BcryptCost       int

	Wechat       WechatConfig
	Alipay       AlipayConfig
	DevPaySecret []byte // dev mode only
}

// WechatConfig is the merchant's WeChat Pay v3 account. Empty AppID disables it.
type WechatConfig struct {
	AppID, MchID, SerialNo                    string
	APIv3Key                                  string // secret
	PrivateKeyPEM                             string // secret
	PlatformPublicKeyPEM, PlatformPublicKeyID string
}

// Enabled reports whether WeChat Pay is configured.
func (w WechatConfig) Enabled() bool { return w.AppID != "" && w.MchID != "" }

// AlipayConfig is the Alipay app. Empty AppID disables it.
type AlipayConfig struct {
	AppID, SellerID    string
	PrivateKeyPEM      string // secret
	AlipayPublicKeyPEM string
	Sandbox            bool
}

// Enabled reports whether Alipay is configured.
func (a AlipayConfig) Enabled() bool { return a.AppID != "" }

// Load reads the configuration through getenv. Native defaults suit a laptop
// (`make run`); a Worker must set its URL, token and keys.
func Load(getenv func(string) string) (Config, error) {
	r := reader{getenv: getenv}
	c := Config{
		Mode:        Production,
		Addr:        r.str("ADDR", "127.0.0.1:8080"),
		BaseURL:     strings.TrimRight(r.str("BASE_URL", ""), "/"),
		StaticDir:   r.str("STATIC_DIR", "web/dist"),
		DatabaseURL: r.str("TURSO_DATABASE_URL", r.str("DATABASE_URL", "file:data/gradphoto.db")),
		AuthToken:   r.str("TURSO_AUTH_TOKEN", ""),
		Pricing: order.Pricing{
			Electronic:    money.Fen(r.int("PRICE_ELECTRONIC_FEN", 2000)),
			Printed:       money.Fen(r.int("PRICE_PRINTED_FEN", 3500)),
			PrintCopies:   r.int("PRINT_COPIES", 5),
			PrintSize:     r.str("PRINT_SIZE", "2寸"),
			UnpaidTimeout: r.duration("UNPAID_TIMEOUT", 30*time.Minute),
		},
		SessionTTL:       r.duration("SESSION_TTL", 7*24*time.Hour),
		LoginMaxFailures: r.int("LOGIN_MAX_FAILURES", 5),
		LoginIPFailures:  r.int("LOGIN_IP_MAX_FAILURES", 30),
		LoginLock:        r.duration("LOGIN_LOCK", 15*time.Minute),
		BcryptCost:       r.int("BCRYPT_COST", 10),
		Wechat: WechatConfig{
			AppID:                r.str("WECHAT_APPID", ""),
			MchID:                r.str("WECHAT_MCHID", ""),
			SerialNo:             r.str("WECHAT_SERIAL_NO", ""),
			APIv3Key:             r.str("WECHAT_APIV3_KEY", ""),
			PrivateKeyPEM:        r.str("WECHAT_PRIVATE_KEY", ""),
			PlatformPublicKeyPEM: r.str("WECHAT_PLATFORM_PUBLIC_KEY", ""),
			PlatformPublicKeyID:  r.str("WECHAT_PLATFORM_PUBLIC_KEY_ID", ""),
		},
		Alipay: AlipayConfig{
			AppID:              r.str("ALIPAY_APPID", ""),
			SellerID:           r.str("ALIPAY_SELLER_ID", ""),
			PrivateKeyPEM:      r.str("ALIPAY_PRIVATE_KEY", ""),
			AlipayPublicKeyPEM: r.str("ALIPAY_PUBLIC_KEY", ""),
			Sandbox:            r.str("ALIPAY_SANDBOX", "") == "true",
		},
	}
	if r.str("GRADPHOTO_MODE", "") == string(Dev) {
		c.Mode = Dev
		if c.BaseURL == "" { // a laptop reaches itself where it listens
			c.BaseURL = "http://" + c.Addr
		}
	}
	c.DataKey = r.key("DATA_KEY")
	if s := r.str("DEV_PAY_SECRET", ""); s != "" {
		c.DevPaySecret = []byte(s)
	}
	if r.err != nil {
		return c, r.err
	}
	return c, c.validate()
}

func (c Config) validate() error {
	if err := c.Pricing.Validate(); err != nil {
		return fmt.Errorf("config: price list: %w", err)
	}
	if c.Mode != Dev && len(c.DataKey) != 32 {
		return fmt.Errorf("config: DATA_KEY must be 32 bytes (64 hex characters or base64) in production")
	}
	if c.Mode != Dev && c.BaseURL == "" {
		return fmt.Errorf("config: BASE_URL must be set in production (payment notifications come back to it)")
	}
	if c.LoginMaxFailures < 1 || c.LoginIPFailures < 1 || c.LoginLock <= 0 {
		return fmt.Errorf("config: login limits must be positive")
	}
	if c.BcryptCost < 4 || c.BcryptCost > 14 {
		return fmt.Errorf("config: BCRYPT_COST must be between 4 and 14")
	}
	return nil
}

type reader struct {
	getenv func(string) string
	err    error
}

func (r *reader) str(name, def string) string {
	if v := strings.TrimSpace(r.getenv(name)); v != "" {
		return v
	}
	return def
}

func (r *reader) int(name string, def int) int {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil && r.err == nil {
		r.err = fmt.Errorf("config: %s=%q is not a whole number", name, v)
	}
	return n
}

func (r *reader) duration(name string, def time.Duration) time.Duration {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil && r.err == nil {
		r.err = fmt.Errorf("config: %s=%q is not a duration like 30m", name, v)
	}
	return d
}

// key reads a 32-byte key written as 64 hex characters or as base64.
func (r *reader) key(name string) []byte {
	v := r.str(name, "")
	if v == "" {
		return nil
	}
	if b, err := hex.DecodeString(v); err == nil && len(b) == 32 {
		return b
	}
	if b, err := base64.StdEncoding.DecodeString(v); err == nil && len(b) == 32 {
		return b
	}
	if r.err == nil {
		r.err = fmt.Errorf("config: %s must be 32 bytes as 64 hex characters or base64", name)
	}
	return nil
}
