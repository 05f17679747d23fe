// Package loadgen drives a running Gatehouse server over HTTP with
// concurrent clients and reports throughput and latency percentiles. It is
// the create-profile benchmark of docs/benchmarks.md.
package loadgen

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Config describes one run.
type Config struct {
	URL      string        // base URL of the server, e.g. http://127.0.0.1:8080
	Key      string        // API key
	Method   string        // POST by default
	Path     string        // e.g. /4.0/profiles
	Body     []byte        // request body
	Clients  int           // concurrent clients, each with one keep-alive connection
	Duration time.Duration // measured time
	Warmup   time.Duration // time run before measuring
	// Paths, when set, are requested in turn by each client (each starting
	// at its own offset) instead of Path: a fixed query mix for GETs.
	Paths []string
}

// Result is what a run measured.
type Result struct {
	Requests  int
	Errors    int // transport errors and non-200 answers
	Elapsed   time.Duration
	Latencies []time.Duration // sorted
}

// Rate is requests per second.
func (r Result) Rate() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

// Percentile returns the p-th percentile latency (0 < p ≤ 100).
func (r Result) Percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	i := int(float64(len(r.Latencies))*p/100+0.5) - 1
	return r.Latencies[min(max(i, 0), len(r.Latencies)-1)]
}

// String formats the result on one line.
func (r Result) String() string {
	return fmt.Sprintf("%d requests in %.1fs: %.0f req/s, %d errors; latency p50 %s p90 %s p99 %s max %s",
		r.Requests, r.Elapsed.Seconds(), r.Rate(), r.Errors,
		r.Percentile(50).Round(10*time.Microsecond), r.Percentile(90).Round(10*time.Microsecond),
		r.Percentile(99).Round(10*time.Microsecond), r.Percentile(100).Round(10*time.Microsecond))
}

// Run drives the server for Warmup+Duration and reports the measured part.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Method == "" {
		cfg.Method = "POST"
	}
	if cfg.Clients <= 0 {
		cfg.Clients = 16
	}
	tr := &http.Transport{MaxIdleConns: cfg.Clients, MaxIdleConnsPerHost: cfg.Clients, MaxConnsPerHost: cfg.Clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}

	var measuring atomic.Bool
	var firstErr atomic.Value
	lat := make([][]time.Duration, cfg.Clients)
	errs := make([]int, cfg.Clients)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for i := range cfg.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := i; ctx.Err() == nil; n++ {
				path := cfg.Path
				if len(cfg.Paths) > 0 {
					path = cfg.Paths[n%len(cfg.Paths)]
				}
				start := time.Now()
				status, err := do(ctx, client, cfg, path)
				d := time.Since(start)
				if ctx.Err() != nil {
					return
				}
				if !measuring.Load() {
					continue
				}
				if err != nil || status != http.StatusOK {
					errs[i]++
					if err == nil {
						err = fmt.Errorf("status %d", status)
					}
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				lat[i] = append(lat[i], d)
			}
		}()
	}
	select {
	case <-time.After(cfg.Warmup):
	case <-ctx.Done():
	}
	measuring.Store(true)
	start := time.Now()
	select {
	case <-time.After(cfg.Duration):
	case <-ctx.Done():
	}
	measuring.Store(false)
	elapsed := time.Since(start)
	cancel()
	wg.Wait()

	res := Result{Elapsed: elapsed}
	for i := range lat {
		res.Latencies = append(res.Latencies, lat[i]...)
		res.Errors += errs[i]
	}
	slices.Sort(res.Latencies)
	res.Requests = len(res.Latencies)
	if e, _ := firstErr.Load().(error); e != nil && res.Requests == 0 {
		return res, fmt.Errorf("every request failed; first error: %w", e)
	}
	return res, nil
}

func do(ctx context.Context, c *http.Client, cfg Config, path string) (int, error) {
	var body io.Reader
	if len(cfg.Body) > 0 {
		body = bytes.NewReader(cfg.Body)
	}
	req, err := http.NewRequestWithContext(ctx, cfg.Method, cfg.URL+path, body)
	if err != nil {
		return 0, err
	}
	req.Header.Set("apikey", cfg.Key)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}
