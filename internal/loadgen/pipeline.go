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
	"net/url"
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
	// MetricsToken is the server's GATEHOUSE_METRICS_TOKEN, sent as a bearer
	// token to /metrics; when empty, /metrics must answer this loopback
	// client.
	MetricsToken string
	// Settle is how long the completed-checks count and the received-events
	// count must stay unchanged for the work to count as done (default 2s).
	Settle time.Duration
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
func Pipeline(ctx context.Context, cfg PipelineConfig) (_ PipelineResult, rerr error) {
	if cfg.Clients <= 0 {
		cfg.Clients = 8
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Minute
	}
	if cfg.Settle <= 0 {
		cfg.Settle = 2 * time.Second
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

	before, err := metric(ctx, cfg.URL, cfg.MetricsToken, checksDone)
	if err != nil {
		return PipelineResult{}, err
	}
	ep, _ := json.Marshal(map[string]any{"url": "http://" + ln.Addr().String(), "batching": cfg.Batching})
	var endpoint struct{ ID string }
	if err := post(ctx, cfg, "/gatehouse/v1/webhooks", ep, &endpoint); err != nil {
		return PipelineResult{}, fmt.Errorf("create the webhook endpoint: %w", err)
	}
	// Remove the endpoint afterwards, or the server would go on delivering
	// to a receiver that is gone.
	defer func() {
		if err := removeEndpoint(ctx, cfg, endpoint.ID); err != nil && rerr == nil {
			rerr = fmt.Errorf("remove the webhook endpoint: %w", err)
		}
	}()

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
	// Wait until the checks are done (the completed count has stopped
	// growing) and, after them, the webhooks (the received count has
	// stopped growing too). Neither total is known in advance: the policy
	// decides how many checks a profile gets and how many events follow.
	deadline := time.Now().Add(cfg.Timeout)
	for {
		n, err := metric(ctx, cfg.URL, cfg.MetricsToken, checksDone)
		if err != nil {
			return res, err
		}
		if res.Checks != n-before {
			res.Checks, res.ChecksTime = n-before, time.Since(start)
		}
		checksSettled := res.Checks > 0 && time.Since(start)-res.ChecksTime > cfg.Settle
		lastEvent := last.Load()
		eventsSettled := lastEvent > 0 && time.Since(time.Unix(0, lastEvent)) > cfg.Settle
		if checksSettled && eventsSettled {
			break
		}
		if time.Now().After(deadline) {
			return res, fmt.Errorf("the work did not settle within %s: %d checks completed (settled %v), %d webhook events received (settled %v)",
				cfg.Timeout, res.Checks, checksSettled, events.Load(), eventsSettled)
		}
		select {
		case <-ctx.Done():
			return res, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	res.Webhooks, res.WebhookRequests = events.Load(), requests.Load()
	res.WebhooksTime = time.Unix(0, last.Load()).Sub(start)
	return res, nil
}

// removeEndpoint deletes the run's webhook endpoint, even when ctx is
// already cancelled (an interrupted run).
func removeEndpoint(ctx context.Context, cfg PipelineConfig, id string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "DELETE", cfg.URL+"/gatehouse/v1/webhooks/"+url.PathEscape(id), nil)
	if err != nil {
		return err
	}
	req.Header.Set("apikey", cfg.Key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %s", resp.StatusCode, b)
	}
	return nil
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

// metric sums the counter lines re matches in the server's /metrics,
// authenticating with token when set.
func metric(ctx context.Context, base, token string, re *regexp.Regexp) (int, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/metrics", nil)
	if err != nil {
		return 0, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
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
