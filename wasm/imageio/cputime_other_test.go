//go:build !unix

package imageio

import "time"

// cpuTime is unknown here (js, wasip1): benchmarks report wall time only.
func cpuTime() time.Duration { return 0 }
