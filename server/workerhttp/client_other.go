//go:build !(js && wasm)

package workerhttp

import (
	"net/http"
	"time"
)

var client = &http.Client{Transport: http.DefaultTransport, Timeout: 30 * time.Second}

// HTTPClient returns the shared client for outbound requests. Natively it is
// an ordinary net/http client with a 30 s overall timeout.
func HTTPClient() *http.Client { return client }
