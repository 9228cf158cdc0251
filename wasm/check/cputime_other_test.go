//go:build !unix

package check

import "time"

// cpuTime is unknown here (js, wasip1): benchmarks report wall time only.
func cpuTime() time.Duration { return 0 }
