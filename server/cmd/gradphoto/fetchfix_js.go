//go:build js && wasm

package main

import (
	"net/http"

	"gradphoto/server/workerhttp"
)

// Outbound HTTP as shipped crashes in the Worker ("Illegal invocation:
// function called with incorrect this"): syumai/workers gives Go a Proxy of
// the global object, and fetch called through it has the wrong receiver.
// workerhttp.HTTPClient binds syumai's fetch client to the real globalThis
// instead (details in server/workerhttp/client_js.go).
//
// libsql-client-go sends every request with http.DefaultClient and has no
// option to pass a client, so that is the variable to replace. Not
// http.DefaultTransport: gopay clones it as *http.Transport and would panic;
// payment providers get workerhttp.HTTPClient() explicitly.
func init() {
	http.DefaultClient = workerhttp.HTTPClient()
}
