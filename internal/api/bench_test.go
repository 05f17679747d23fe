package api_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// BenchmarkCreateProfile creates the guide's individual over real HTTP on
// loopback from parallel clients (GOMAXPROCS × -cpu goroutines), on each
// database. The load-generator command in docs/benchmarks.md measures the
// same against a separate server process, with latency percentiles.
func BenchmarkCreateProfile(b *testing.B) {
	for _, db := range storetest.Databases() {
		b.Run(db.Name, func(b *testing.B) { benchCreate(b, db.Open(b)) })
	}
}

// BenchmarkCreateProfileEncryption is BenchmarkCreateProfile with the
// store's sealing of personal data on (as every server runs) and off (a
// store without the master key, which only this benchmark opens), one
// after the other for each database: run it with -count to interleave
// the two and compare their ns/op (docs/data-protection.md).
func BenchmarkCreateProfileEncryption(b *testing.B) {
	for _, db := range storetest.Databases() {
		for _, mode := range []string{"on", "off"} {
			b.Run(db.Name+"/encryption="+mode, func(b *testing.B) {
				url := db.URL(b)
				s := storetest.OpenURL(b, url)
				if mode == "off" {
					s = storetest.OpenUnprotected(b, url)
				}
				benchCreate(b, s)
			})
		}
	}
}

// benchCreate creates the guide's individual over HTTP from parallel clients.
func benchCreate(b *testing.B, s kyc.Store) {
	svc := &kyc.Service{Store: s, Policy: policy.Demo()}
	key, _, _, err := svc.CreateAPIKey(ctx, "Bench", "bench")
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(api.New(svc, api.Config{}, nil, nil, nil))
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	body := []byte(guideIndividual)
	b.SetParallelism(8)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("POST", srv.URL+"/4.0/profiles", bytes.NewReader(body))
			req.Header.Set("apikey", key)
			req.Header.Set("Content-Type", "application/json")
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
}
