package config

import (
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

const key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		vars    map[string]string
		wantErr string
		check   func(t *testing.T, c Config)
	}{
		{"dev defaults", map[string]string{"GRADPHOTO_MODE": "dev"}, "", func(t *testing.T, c Config) {
			if c.Mode != Dev || c.DatabaseURL != "file:data/gradphoto.db" || c.BaseURL != "http://127.0.0.1:8080" || c.Pricing.Printed != 3500 {
				t.Errorf("%+v", c)
			}
		}},
		{"only the exact word dev is dev", map[string]string{"GRADPHOTO_MODE": "DEV", "DATA_KEY": key, "BASE_URL": "https://x"}, "", func(t *testing.T, c Config) {
			if c.Mode != Production {
				t.Errorf("mode %s", c.Mode)
			}
		}},
		{"production needs a data key", map[string]string{"BASE_URL": "https://x"}, "DATA_KEY", nil},
		{"production needs a base URL", map[string]string{"DATA_KEY": key}, "BASE_URL", nil},
		{"short data key", map[string]string{"DATA_KEY": "abcd"}, "DATA_KEY", nil},
		{"Turso URL wins", map[string]string{"GRADPHOTO_MODE": "dev", "DATABASE_URL": "file:x.db", "TURSO_DATABASE_URL": "libsql://db.turso.io"}, "", func(t *testing.T, c Config) {
			if c.DatabaseURL != "libsql://db.turso.io" {
				t.Errorf("%s", c.DatabaseURL)
			}
		}},
		{"prices and times", map[string]string{"GRADPHOTO_MODE": "dev", "PRICE_PRINTED_FEN": "4000", "UNPAID_TIMEOUT": "1h", "DATA_KEY": key}, "", func(t *testing.T, c Config) {
			if c.Pricing.Printed != 4000 || c.Pricing.UnpaidTimeout != time.Hour || len(c.DataKey) != 32 {
				t.Errorf("%+v", c.Pricing)
			}
		}},
		{"bad number", map[string]string{"GRADPHOTO_MODE": "dev", "PRINT_COPIES": "five"}, "PRINT_COPIES", nil},
		{"bad duration", map[string]string{"GRADPHOTO_MODE": "dev", "LOGIN_LOCK": "15"}, "LOGIN_LOCK", nil},
		{"zero price", map[string]string{"GRADPHOTO_MODE": "dev", "PRICE_ELECTRONIC_FEN": "0"}, "price", nil},
		{"bcrypt cost out of range", map[string]string{"GRADPHOTO_MODE": "dev", "BCRYPT_COST": "31"}, "BCRYPT_COST", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(env(tt.vars))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one about %s", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), key) {
					t.Fatal("an error shows a secret")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}
