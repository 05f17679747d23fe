package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/blob"
	"github.com/gatehouse/gatehouse/internal/content"
	"github.com/gatehouse/gatehouse/internal/content/contenttest"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// benchServer is an API server on SQLite with the directory blob store,
// one profile and a key.
func benchServer(b *testing.B, maxDocument int64) (url, key, pid string) {
	b.Helper()
	s := storetest.OpenSQLite(b)
	bs, err := blob.OpenDir(filepath.Join(b.TempDir(), "blobs"))
	if err != nil {
		b.Fatal(err)
	}
	cs := &content.Store{Blobs: bs, Keys: s.Keyring(), KeyStore: s, MaxBytes: maxDocument}
	svc := &kyc.Service{Store: s, Policy: policy.Demo(), Content: cs}
	key, _, _, err = svc.CreateAPIKey(ctx, "Bench", "bench")
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(api.New(svc, api.Config{MaxDocumentBytes: maxDocument}, nil, nil, nil))
	b.Cleanup(srv.Close)
	req, _ := http.NewRequest("POST", srv.URL+"/4.0/profiles", bytes.NewReader([]byte(`{"role":"INDIVIDUAL_CUSTOMER","applications":[],"collected_data":{"entity_type":"INDIVIDUAL"}}`)))
	req.Header.Set("apikey", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	var p struct{ ID string }
	if err := json.Unmarshal(mustRead(b, resp), &p); err != nil {
		b.Fatal(err)
	}
	return srv.URL, key, p.ID
}

func mustRead(b *testing.B, resp *http.Response) []byte {
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		b.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	return body
}

// BenchmarkUpload1MB uploads 1 MB JPEG images over HTTP on loopback from
// parallel clients to a server on SQLite with the directory blob store:
// base64 in JSON, decoded, sniffed, hashed, encrypted and fsynced, then the
// row and its audit item committed.
func BenchmarkUpload1MB(b *testing.B) {
	url, key, pid := benchServer(b, 0)
	body := []byte(contenttest.JSON(`"image_type":"FRONT","document_type":"PASSPORT"`, contenttest.JPEG(1<<20)))
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	b.SetBytes(1 << 20)
	b.SetParallelism(2)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("POST", url+"/4.0/profiles/"+pid+"/document_images", bytes.NewReader(body))
			req.Header.Set("apikey", key)
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			mustRead(b, resp)
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "uploads/s")
}

// BenchmarkUpload20MBHeap uploads a 20 MB document (streamed by the client,
// never held) and reports the heap: the most the heap in use grew while
// the upload ran (sampled every millisecond) and the bytes allocated in
// all, client included, an upper bound on any growth. Both stay a small
// multiple of the 64 KiB segment whatever the document's size.
func BenchmarkUpload20MBHeap(b *testing.B) {
	const size = 20 << 20
	url, key, pid := benchServer(b, size)
	var peak, total uint64
	for i := 0; i < b.N; i++ {
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		var high atomic.Uint64
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ms runtime.MemStats
			t := time.NewTicker(time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-done:
					return
				case <-t.C:
					runtime.ReadMemStats(&ms)
					if ms.HeapInuse > high.Load() {
						high.Store(ms.HeapInuse)
					}
				}
			}
		}()
		members := `"image_type":"FRONT"`
		req, _ := http.NewRequest("POST", url+"/4.0/profiles/"+pid+"/document_images",
			contenttest.Body(members, contenttest.PDFReader(size)))
		req.ContentLength = contenttest.BodySize(members, size)
		req.Header.Set("apikey", key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		mustRead(b, resp)
		close(done)
		wg.Wait()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		if h := high.Load(); h > base.HeapInuse && h-base.HeapInuse > peak {
			peak = h - base.HeapInuse
		}
		total += after.TotalAlloc - base.TotalAlloc
	}
	b.ReportMetric(float64(peak), "peak-heap-growth-B")
	b.ReportMetric(float64(total)/float64(b.N), "allocated-B/upload")
	b.ReportMetric(float64(vault.SegmentSize), "segment-B")
}
