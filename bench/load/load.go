// Package load is a small closed-loop HTTP load generator for renda's
// benchmarks: N workers send requests back to back for a while and every
// latency is kept, so p50 and p99 are exact.
package load

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Result is what one run measured.
type Result struct {
	Requests int
	Errors   int // transport errors and non-2xx answers
	Duration time.Duration
	P50, P90 time.Duration
	P99, Max time.Duration
}

// RPS is requests per second.
func (r Result) RPS() float64 { return float64(r.Requests) / r.Duration.Seconds() }

func (r Result) String() string {
	return fmt.Sprintf("%7.0f req/s  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (%d requests, %d errors)",
		r.RPS(), ms(r.P50), ms(r.P90), ms(r.P99), ms(r.Max), r.Requests, r.Errors)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// Run sends requests made by newReq from `workers` goroutines for d.
func Run(ctx context.Context, workers int, d time.Duration, newReq func() *http.Request) Result {
	tr := &http.Transport{MaxIdleConns: workers * 2, MaxIdleConnsPerHost: workers * 2, MaxConnsPerHost: workers * 2}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	errs := 0
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, 4096)
			localErr := 0
			for ctx.Err() == nil {
				req := newReq()
				t := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode/100 != 2 {
						localErr++
					}
				} else if ctx.Err() == nil {
					localErr++
				}
				if ctx.Err() == nil {
					local = append(local, time.Since(t))
				}
			}
			mu.Lock()
			lat = append(lat, local...)
			errs += localErr
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	r := Result{Requests: len(lat), Errors: errs, Duration: elapsed}
	if n := len(lat); n > 0 {
		r.P50, r.P90, r.P99, r.Max = lat[n*50/100], lat[n*90/100], lat[min(n-1, n*99/100)], lat[n-1]
	}
	return r
}
