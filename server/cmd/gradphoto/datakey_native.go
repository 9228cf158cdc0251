//go:build !js

package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gradphoto/server/config"
)

// trustProxyHeaders: the native server is reached directly.
const trustProxyHeaders = false

// dataKey returns DATA_KEY, or in dev mode a random key kept in a file next
// to the embedded database, so demo data stays readable across restarts
// without a secret ever being written into the repository.
func dataKey(cfg config.Config) ([]byte, error) {
	if len(cfg.DataKey) == 32 {
		return cfg.DataKey, nil
	}
	if cfg.Mode != config.Dev {
		return nil, fmt.Errorf("DATA_KEY is required")
	}
	dir := "data"
	if path, ok := strings.CutPrefix(cfg.DatabaseURL, "file:"); ok {
		path, _, _ = strings.Cut(path, "?")
		dir = filepath.Dir(path)
	}
	file := filepath.Join(dir, "dev-data.key")
	if b, err := os.ReadFile(file); err == nil {
		k, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err == nil && len(k) == 32 {
			return k, nil
		}
		return nil, fmt.Errorf("%s is not a 64-hex-digit key", file)
	}
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(file, []byte(hex.EncodeToString(k)+"\n"), 0o600); err != nil {
		return nil, err
	}
	return k, nil
}
