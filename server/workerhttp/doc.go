// Package workerhttp gives outbound HTTP code one client that works in both
// builds: a normal net/http client natively, and in the Worker (js/wasm) a
// client that sends through the Workers runtime's fetch in a way that does
// not crash (see client_js.go). Payment providers take it through gopay's
// SetHttpClient/SetTransport; the database driver gets it as
// http.DefaultClient, which the Worker's main sets to the same client.
package workerhttp
