package api_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/gatehouse/gatehouse/internal/loadgen"
)

// BenchmarkScreenHandler screens the benchmark's fixed query mix through
// the whole handler stack (request id, logging, API key, validation,
// search over the SDN and UN lists, JSON), without a network, on every
// core.
func BenchmarkScreenHandler(b *testing.B) {
	h, key := screenHandler(b, screenIndex(b))
	paths := loadgen.ScreenPaths()
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest("GET", paths[next.Add(1)%int64(len(paths))], nil)
			req.Header.Set("apikey", key)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
}

// BenchmarkScreenHTTP is the same over loopback HTTP with keep-alive
// connections, one client goroutine per core: the issue's "queries per
// second over HTTP with two clients" on a 2-core machine, server and
// clients sharing the cores.
func BenchmarkScreenHTTP(b *testing.B) {
	base, key := screenServer(b, screenIndex(b))
	paths := loadgen.ScreenPaths()
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	var next atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("GET", base+paths[next.Add(1)%int64(len(paths))], nil)
			req.Header.Set("apikey", key)
			resp, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Fatalf("status %d", resp.StatusCode)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
}
