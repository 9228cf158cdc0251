package bench

import (
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"
)

// Result is what one load run measured.
type Result struct {
	Requests int
	Errors   int
	Elapsed  time.Duration
	P50, P99 time.Duration
	Max      time.Duration
}

// PerSecond is the throughput.
func (r Result) PerSecond() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

func (r Result) String() string {
	return fmt.Sprintf("%d requests (%d errors) in %v: %.0f req/s, p50 %v, p99 %v, max %v",
		r.Requests, r.Errors, r.Elapsed.Round(time.Millisecond), r.PerSecond(),
		r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Max.Round(10*time.Microsecond))
}

// Run has clients goroutines call do perRequests times each (do gets the
// client index and the iteration) and collects latencies. do reports
// whether the answer was the expected one.
func Run(clients, perClient int, do func(client, i int) bool) Result {
	lat := make([][]time.Duration, clients)
	errs := make([]int, clients)
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			l := make([]time.Duration, 0, perClient)
			for i := 0; i < perClient; i++ {
				t := time.Now()
				if !do(c, i) {
					errs[c]++
				}
				l = append(l, time.Since(t))
			}
			lat[c] = l
		}(c)
	}
	wg.Wait()
	res := Result{Elapsed: time.Since(start)}
	var all []time.Duration
	for c := range lat {
		all = append(all, lat[c]...)
		res.Errors += errs[c]
	}
	res.Requests = len(all)
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	if n := len(all); n > 0 {
		res.P50, res.P99, res.Max = all[n/2], all[n*99/100], all[n-1]
	}
	return res
}

// newClient is a keep-alive HTTP client sized for the load.
func newClient(conns int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost, t.MaxConnsPerHost = conns, conns, conns
	return &http.Client{Transport: t, Timeout: 30 * time.Second}
}
