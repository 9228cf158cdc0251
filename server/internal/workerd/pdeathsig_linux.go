package workerd

import "syscall"

// parentDeathSignal makes Linux send SIGTERM to the started process when the
// test binary dies without running its cleanups (a test timeout panics, for
// one). wrangler's launcher forwards it and takes workerd down with it.
func parentDeathSignal(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGTERM }
