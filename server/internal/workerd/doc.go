// Package workerd runs the gradphoto Worker in local workerd for tests: it
// builds the Go wasm Worker once per test binary, starts a loopback libSQL
// (Hrana over HTTP) server, and runs `wrangler dev --local` against them in a
// process group of its own that is stopped when the test ends.
//
// A test package that uses it declares
//
//	func TestMain(m *testing.M) { os.Exit(workerd.Main(m)) }
//
// and calls Start(t, workerd.Options{}). Without Node or the npm packages
// (make node_modules) or the Hrana server, tests are skipped with the reason;
// with CI=true they fail instead.
package workerd
