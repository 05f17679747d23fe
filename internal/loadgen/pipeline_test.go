package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeServer plays Gatehouse for Pipeline: each created profile completes
// two checks and, unless silent, sends one webhook event to the endpoint.
type fakeServer struct {
	silent  bool
	checks  atomic.Int64
	mu      sync.Mutex
	target  string
	deleted []string
	wg      sync.WaitGroup
}

func (f *fakeServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == "GET" && r.URL.Path == "/metrics":
		if r.Header.Get("Authorization") != "Bearer metrics-token" {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		fmt.Fprintf(w, "gatehouse_check_runs_total{outcome=\"complete\",provider=\"demo\"} %d\n", f.checks.Load())
	case r.Method == "POST" && r.URL.Path == "/gatehouse/v1/webhooks":
		var ep struct{ URL string }
		_ = json.NewDecoder(r.Body).Decode(&ep)
		f.mu.Lock()
		f.target = ep.URL
		f.mu.Unlock()
		fmt.Fprint(w, `{"id":"ep-1"}`)
	case r.Method == "DELETE" && strings.HasPrefix(r.URL.Path, "/gatehouse/v1/webhooks/"):
		f.mu.Lock()
		f.deleted = append(f.deleted, strings.TrimPrefix(r.URL.Path, "/gatehouse/v1/webhooks/"))
		f.mu.Unlock()
		fmt.Fprint(w, `{}`)
	case r.Method == "POST" && r.URL.Path == "/4.0/profiles":
		f.checks.Add(2)
		if !f.silent {
			f.mu.Lock()
			target := f.target
			f.mu.Unlock()
			f.wg.Add(1)
			go func() {
				defer f.wg.Done()
				resp, err := http.Post(target, "application/json", bytes.NewBufferString(`{"event":"X"}`))
				if err == nil {
					resp.Body.Close()
				}
			}()
		}
		fmt.Fprint(w, `{}`)
	default:
		http.NotFound(w, r)
	}
}

func runPipeline(t *testing.T, f *fakeServer, timeout time.Duration) (PipelineResult, error) {
	t.Helper()
	srv := httptest.NewServer(f)
	defer srv.Close()
	res, err := Pipeline(context.Background(), PipelineConfig{
		URL: srv.URL, Key: "k", Profiles: 5, Clients: 2, Body: []byte(`{}`),
		Timeout: timeout, Settle: 200 * time.Millisecond, MetricsToken: "metrics-token",
	})
	f.wg.Wait()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.deleted) != 1 || f.deleted[0] != "ep-1" {
		t.Errorf("endpoints deleted: %q, want [ep-1]", f.deleted)
	}
	return res, err
}

// TestPipeline: the run sends the metrics token, waits for the checks and
// events to settle, and removes its webhook endpoint.
func TestPipeline(t *testing.T) {
	res, err := runPipeline(t, &fakeServer{}, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if res.Checks != 10 || res.Webhooks != 5 || res.WebhookRequests != 5 || res.ChecksTime <= 0 || res.WebhooksTime <= 0 {
		t.Errorf("result: %+v", res)
	}
}

// TestPipelineDeadline: when the events never arrive the run fails at the
// deadline instead of reporting figures, and still removes its endpoint.
func TestPipelineDeadline(t *testing.T) {
	_, err := runPipeline(t, &fakeServer{silent: true}, time.Second)
	if err == nil || !strings.Contains(err.Error(), "did not settle") {
		t.Errorf("err = %v, want a deadline error", err)
	}
}
