//go:build !js

package store_test

import (
	"testing"

	"gradphoto/server/internal/hranatest"
	"gradphoto/server/store"
)

// backends are the two ways the service reaches its database: the embedded
// file (native) and libSQL over HTTP (the Worker's Turso), here a loopback
// Hrana server with SQLite behind it, spoken to by the real client.
func backends() []backend {
	return []backend{fileBackend(), {"libsql-http", func(t *testing.T) *store.DB {
		s := hranatest.Start(t)
		return openMigrated(t, s.URL, s.Token)
	}}}
}
