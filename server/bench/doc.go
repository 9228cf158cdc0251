// Package bench measures the native server under load: the real service
// (server/service) on an embedded SQLite file, served by net/http on
// loopback, with 50 concurrent clients. Run it with `make bench`; it prints
// requests per second and latency percentiles, and asserts nothing about
// time.
package bench
