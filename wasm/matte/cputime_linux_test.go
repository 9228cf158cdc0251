package matte

import (
	"syscall"
	"time"
)

// threadCPU returns the CPU time of the calling OS thread (the benchmark
// locks its goroutine to one): on a shared machine it measures the work
// itself where wall time also counts the waiting.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
