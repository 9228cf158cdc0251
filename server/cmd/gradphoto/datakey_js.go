//go:build js && wasm

package main

import (
	"fmt"

	"gradphoto/server/config"
)

// trustProxyHeaders: in the Worker every request comes through Cloudflare's
// edge, which sets CF-Connecting-IP to the client's address.
const trustProxyHeaders = true

// dataKey: a Worker has no disk to keep a generated key on, so DATA_KEY must
// be set (wrangler secret put DATA_KEY), in dev mode too.
func dataKey(cfg config.Config) ([]byte, error) {
	if len(cfg.DataKey) == 32 {
		return cfg.DataKey, nil
	}
	return nil, fmt.Errorf("DATA_KEY is required in the Worker (wrangler secret put DATA_KEY)")
}
