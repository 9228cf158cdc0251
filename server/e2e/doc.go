// Package e2e holds end-to-end tests that run the service as users get it:
// the native binary as a separate process (killed with SIGKILL and started
// again), and the Worker build inside workerd. It has no code of its own.
package e2e
