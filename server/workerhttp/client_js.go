//go:build js && wasm

package workerhttp

import (
	"net/http"
	"sync"
	"syscall/js"

	"github.com/syumai/workers/cloudflare/fetch"
)

// Why this exists: in the Worker, syumai/workers v0.32.0 hands Go a Proxy
// around the JS global object (its wasm_exec.js does this so that
// js.Global().Get("context") finds the request's env). Both Go's own
// net/http fetch transport and syumai's fetch client (whose default binding
// is js.Global()) then call fetch with the Proxy as `this`, and workerd
// rejects that: "Illegal invocation: function called with incorrect this".
// The proxy forwards ordinary property reads to the real global object, so
// js.Global().Get("globalThis") is the real one; binding syumai's fetch
// client to it makes fetch run with the correct receiver.
//
// We give out an *http.Client whose Transport is that fetch client, and the
// Worker's main also makes it http.DefaultClient (libsql-client-go always
// sends with http.DefaultClient). http.DefaultTransport is left alone: gopay
// clones it as *http.Transport and would panic on anything else.
var client = sync.OnceValue(func() *http.Client {
	c := fetch.NewClient(fetch.WithBinding(js.Global().Get("globalThis")))
	// Follow redirects inside fetch, as the runtime does by default. No
	// Client.Timeout: syumai's transport cannot abort a fetch, and the
	// Workers runtime bounds a request's lifetime itself.
	return c.HTTPClient(fetch.RedirectModeFollow)
})

// HTTPClient returns the shared client for outbound requests: in the Worker
// it sends through the runtime's fetch with the real global object bound.
func HTTPClient() *http.Client { return client() }
