package loadgen

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// PipelineConfig describes a background-work run: create profiles, then
// measure how fast the server's workers complete their automatic checks and
// deliver their webhooks to a receiver on loopback.
type PipelineConfig struct {
	URL      string
	Key      string
	Profiles int    // profiles to create
	Clients  int    // concurrent creating clients
	Body     []byte // the create-profile body
	Batching bool   // the receiver's endpoint batches webhooks
	Timeout  time.Duration
}

// PipelineResult is what a pipeline run measured.
type PipelineResult struct {
	Profiles        int
	CreateTime      time.Duration // to create every profile
	Checks          int           // checks completed (provider runs)
	ChecksTime      time.Duration // from the first create to the last check
	Webhooks        int64         // events received
	WebhookRequests int64         // HTTP requests received
	WebhooksTime    time.Duration // from the first create to the last event
}

// String formats the result.
func (r PipelineResult) String() string {
	return fmt.Sprintf("%d profiles created in %.1fs; %d checks completed in %.1fs (%.0f checks/s); "+
		"%d webhook events in %d requests received in %.1fs (%.0f events/s)",
		r.Profiles, r.CreateTime.Seconds(), r.Checks, r.ChecksTime.Seconds(), float64(r.Checks)/r.ChecksTime.Seconds(),
		r.Webhooks, r.WebhookRequests, r.WebhooksTime.Seconds(), float64(r.Webhooks)/r.WebhooksTime.Seconds())
}

// checksDone matches the providers' completed runs (every provider's line is summed).
var checksDone = regexp.MustCompile(`^gatehouse_check_runs_total\{outcome="complete",provider="[^"]+"\} (\d+)`)

// Pipeline runs the background-work benchmark. The server must serve
// /metrics to this (loopback) client.
func Pipeline(ctx context.Context, cfg PipelineConfig) (PipelineResult, error) {
	if cfg.Clients <= 0 {
		cfg.Clients = 8
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Minute
	}
	// A receiver on loopback, counting events.
	var events, requests atomic.Int64
	var last atomic.Int64
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return PipelineResult{}, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		n := int64(1)
		if len(b) > 0 && b[0] == '[' {
			var arr []json.RawMessage
			_ = json.Unmarshal(b, &arr)
			n = int64(len(arr))
		}
		events.Add(n)
		requests.Add(1)
		last.Store(time.Now().UnixNano())
	})}
	go srv.Serve(ln)
	defer srv.Close()

	before, err := metric(ctx, cfg.URL, checksDone)
	if err != nil {
		return PipelineResult{}, err
	}
	ep, _ := json.Marshal(map[string]any{"url": "http://" + ln.Addr().String(), "batching": cfg.Batching})
	var endpoint struct{ ID string }
	if err := post(ctx, cfg, "/gatehouse/v1/webhooks", ep, &endpoint); err != nil {
		return PipelineResult{}, fmt.Errorf("create the webhook endpoint: %w", err)
	}

	start := time.Now()
	var wg sync.WaitGroup
	var failed atomic.Int64
	next := make(chan struct{})
	for range cfg.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range next {
				if err := post(ctx, cfg, "/4.0/profiles", cfg.Body, nil); err != nil {
					failed.Add(1)
				}
			}
		}()
	}
	for range cfg.Profiles {
		next <- struct{}{}
	}
	close(next)
	wg.Wait()
	res := PipelineResult{Profiles: cfg.Profiles, CreateTime: time.Since(start)}
	if n := failed.Load(); n > 0 {
		return res, fmt.Errorf("%d creates failed", n)
	}
	// Wait until the checks are done and webhooks stop arriving.
	deadline := time.Now().Add(cfg.Timeout)
	want := 0
	for time.Now().Before(deadline) {
		n, err := metric(ctx, cfg.URL, checksDone)
		if err != nil {
			return res, err
		}
		if res.Checks != n-before {
			res.Checks, res.ChecksTime = n-before, time.Since(start)
		}
		quiet := last.Load() > 0 && time.Since(time.Unix(0, last.Load())) > 2*time.Second
		if want == 0 && res.ChecksTime > 0 && time.Since(start)-res.ChecksTime > 2*time.Second {
			want = res.Checks // checks have stopped completing
		}
		if want > 0 && quiet {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	res.Webhooks, res.WebhookRequests = events.Load(), requests.Load()
	res.WebhooksTime = time.Unix(0, last.Load()).Sub(start)
	return res, nil
}

func post(ctx context.Context, cfg PipelineConfig, path string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, "POST", cfg.URL+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("apikey", cfg.Key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: status %d: %s", path, resp.StatusCode, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// metric sums the counter lines re matches in the server's /metrics.
func metric(ctx context.Context, base string, re *regexp.Regexp) (int, error) {
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/metrics", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("/metrics: status %d (run on the server's machine, or set GATEHOUSE_METRICS_TOKEN)", resp.StatusCode)
	}
	sum := 0
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			n, err := strconv.Atoi(m[1])
			if err != nil {
				return 0, err
			}
			sum += n
		}
	}
	return sum, sc.Err()
}
