package webhook_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/webhook"
)

const testSecret = "whsec-7f3a9c1e5b"

// received is what a test receiver saw.
type received struct {
	method string
	header http.Header
	body   []byte
}

// receiver starts a loopback server that records requests and answers
// with status and body (which may echo the request with "ECHO").
func receiver(t *testing.T, status int, answer string) (*httptest.Server, <-chan received) {
	t.Helper()
	ch := make(chan received, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ch <- received{r.Method, r.Header.Clone(), body}
		if answer == "ECHO" {
			w.WriteHeader(status)
			fmt.Fprintf(w, "%v %s", r.Header, body)
			return
		}
		w.WriteHeader(status)
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv, ch
}

// noSecret fails the test if the secret appears anywhere in the attempt.
func noSecret(t *testing.T, a webhook.Attempt) {
	t.Helper()
	for _, s := range []string{fmt.Sprintf("%+v", a), a.Err, a.ResponseSnippet} {
		if strings.Contains(s, testSecret) || strings.Contains(s, testSecret[:10]) {
			t.Errorf("attempt contains the secret: %+v", a)
		}
	}
}

func TestSendSingle(t *testing.T) {
	t.Parallel()
	srv, got := receiver(t, http.StatusOK, `{"ok":true}`)
	ep := webhook.Endpoint{ID: "e1", URL: srv.URL + "/hook", Secret: testSecret}
	before := time.Now()
	a := (&webhook.Sender{}).Send(context.Background(), ep, []webhook.Message{msg("m1")})
	if !a.OK || a.Status != 200 || a.Err != "" || a.Latency <= 0 || a.ResponseSnippet != `{"ok":true}` {
		t.Errorf("got %+v, want OK 200 with the answer", a)
	}
	r := <-got
	h := r.header
	for k, want := range map[string]string{
		"Content-Type":       "application/json",
		"Authorization":      "Bearer " + testSecret,
		"Gatehouse-Event":    "PRODUCT_STATUS_CHANGED",
		"Gatehouse-Delivery": "m1",
		"User-Agent":         webhook.DefaultUserAgent,
	} {
		if h.Get(k) != want {
			t.Errorf("%s: got %q, want %q", k, h.Get(k), want)
		}
	}
	if r.method != http.MethodPost {
		t.Errorf("method: got %s, want POST", r.method)
	}
	if err := webhook.Verify(testSecret, h.Get("Gatehouse-Signature"), r.body, time.Now(), time.Minute); err != nil {
		t.Errorf("signature: %v", err)
	}
	var ts int64
	fmt.Sscanf(h.Get("Gatehouse-Signature"), "t=%d,", &ts)
	if ts < before.Unix() || ts > time.Now().Unix() {
		t.Errorf("signature t=%d: want the send time, %d…%d", ts, before.Unix(), time.Now().Unix())
	}
	var env map[string]any
	dec := json.NewDecoder(strings.NewReader(string(r.body)))
	dec.UseNumber()
	if err := dec.Decode(&env); err != nil {
		t.Fatal(err)
	}
	if len(env) != 5 || env["id"] != "m1" || env["event"] != "PRODUCT_STATUS_CHANGED" ||
		env["secret"] != testSecret || env["timestamp"] != json.Number("1568997222") {
		t.Errorf("envelope: got %v, want {id, event, secret, timestamp (number), data}", env)
	}
	if d, _ := env["data"].(map[string]any); d["new_status"] != "APPROVED" {
		t.Errorf("data: got %v, want the message data", env["data"])
	}
	noSecret(t, a)
}

func TestSendBatch(t *testing.T) {
	t.Parallel()
	srv, got := receiver(t, http.StatusNoContent, "")
	ep := webhook.Endpoint{URL: srv.URL, Secret: testSecret, Batching: true}
	s := &webhook.Sender{UserAgent: "test-agent/2"}
	a := s.Send(context.Background(), ep, []webhook.Message{msg("m1"), msg("m2"), msg("m3")})
	if !a.OK || a.Status != http.StatusNoContent {
		t.Fatalf("got %+v, want OK 204", a)
	}
	r := <-got
	var envs []struct{ ID, Secret string }
	if err := json.Unmarshal(r.body, &envs); err != nil {
		t.Fatalf("body is not an array: %v", err)
	}
	if len(envs) != 3 || envs[0].ID != "m1" || envs[1].ID != "m2" || envs[2].ID != "m3" || envs[2].Secret != testSecret {
		t.Errorf("got %+v, want m1, m2, m3 in order, each with the secret", envs)
	}
	if g := r.header.Get("Gatehouse-Delivery"); g != "m1,m2,m3" {
		t.Errorf("Gatehouse-Delivery: got %q, want m1,m2,m3", g)
	}
	if _, ok := r.header["Gatehouse-Event"]; ok {
		t.Errorf("Gatehouse-Event: got %q, want none for a batch", r.header.Get("Gatehouse-Event"))
	}
	if ua := r.header.Get("User-Agent"); ua != "test-agent/2" {
		t.Errorf("User-Agent: got %q, want test-agent/2", ua)
	}
	if err := webhook.Verify(testSecret, r.header.Get("Gatehouse-Signature"), r.body, time.Now(), 0); err != nil {
		t.Errorf("signature: %v", err)
	}
}

func TestSendFailures(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	one := []webhook.Message{msg("m1")}

	t.Run("non-2xx, echoing the secret", func(t *testing.T) {
		t.Parallel()
		srv, _ := receiver(t, http.StatusInternalServerError, "ECHO")
		a := (&webhook.Sender{}).Send(ctx, webhook.Endpoint{URL: srv.URL, Secret: testSecret}, one)
		if a.OK || a.Status != 500 || a.Err != "HTTP 500" || a.Latency <= 0 {
			t.Errorf("got %+v, want a failure with status 500 and latency", a)
		}
		if len(a.ResponseSnippet) == 0 || len(a.ResponseSnippet) > webhook.SnippetSize || !strings.Contains(a.ResponseSnippet, "[redacted]") {
			t.Errorf("snippet: got %d bytes %q, want ≤ %d with the secret redacted", len(a.ResponseSnippet), a.ResponseSnippet, webhook.SnippetSize)
		}
		noSecret(t, a)
	})

	t.Run("long answer", func(t *testing.T) {
		t.Parallel()
		srv, _ := receiver(t, http.StatusOK, strings.Repeat("é", 1000))
		a := (&webhook.Sender{}).Send(ctx, webhook.Endpoint{URL: srv.URL, Secret: testSecret}, one)
		if !a.OK || len(a.ResponseSnippet) != webhook.SnippetSize || !strings.HasPrefix(a.ResponseSnippet, "éé") {
			t.Errorf("got %+v (%d bytes), want OK with the first %d bytes", a, len(a.ResponseSnippet), webhook.SnippetSize)
		}
	})

	t.Run("timeout", func(t *testing.T) {
		t.Parallel()
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}))
		t.Cleanup(srv.Close)
		t.Cleanup(func() { close(release) })
		s := &webhook.Sender{Timeout: 50 * time.Millisecond}
		a := s.Send(ctx, webhook.Endpoint{URL: srv.URL + "/?token=" + testSecret, Secret: testSecret}, one)
		if a.OK || a.Status != 0 || !strings.Contains(a.Err, "timed out after 50ms") || a.Latency <= 0 {
			t.Errorf("got %+v, want a timeout with latency", a)
		}
		noSecret(t, a)
	})

	t.Run("redirect", func(t *testing.T) {
		t.Parallel()
		var hit atomic.Int32
		target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit.Add(1) }))
		t.Cleanup(target.Close)
		srv := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusTemporaryRedirect))
		t.Cleanup(srv.Close)
		for name, s := range map[string]*webhook.Sender{
			"default client": {},
			"given client":   {Client: &http.Client{}},
		} {
			a := s.Send(ctx, webhook.Endpoint{URL: srv.URL, Secret: testSecret}, one)
			if a.OK || a.Status != http.StatusTemporaryRedirect || !strings.Contains(a.Err, "redirect not followed") {
				t.Errorf("%s: got %+v, want a failed 307", name, a)
			}
		}
		if n := hit.Load(); n != 0 {
			t.Errorf("redirect target: got %d requests, want 0", n)
		}
	})

	t.Run("connection refused", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewServer(http.NotFoundHandler())
		url := srv.URL
		srv.Close()
		a := (&webhook.Sender{}).Send(ctx, webhook.Endpoint{URL: url, Secret: testSecret}, one)
		if a.OK || a.Status != 0 || a.Err == "" {
			t.Errorf("got %+v, want a failure without status", a)
		}
	})

	t.Run("invalid", func(t *testing.T) {
		t.Parallel()
		for name, tc := range map[string]struct {
			ep   webhook.Endpoint
			msgs []webhook.Message
			want string
		}{
			"no secret":   {webhook.Endpoint{URL: "http://127.0.0.1/"}, one, "no secret"},
			"two, single": {webhook.Endpoint{URL: "http://127.0.0.1/", Secret: testSecret}, []webhook.Message{msg("a"), msg("b")}, "does not batch"},
			"none":        {webhook.Endpoint{URL: "http://127.0.0.1/", Secret: testSecret, Batching: true}, nil, "no messages"},
			"bad URL":     {webhook.Endpoint{URL: "gopher://127.0.0.1/", Secret: testSecret}, one, "scheme"},
		} {
			a := (&webhook.Sender{}).Send(ctx, tc.ep, tc.msgs)
			if a.OK || !strings.Contains(a.Err, tc.want) {
				t.Errorf("%s: got %+v, want an error containing %q", name, a, tc.want)
			}
		}
	})
}

func TestSendGuard(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	one := []webhook.Message{msg("m1")}
	srv, _ := receiver(t, http.StatusOK, "")
	port := srv.URL[strings.LastIndexByte(srv.URL, ':'):]

	for _, tc := range []struct {
		name  string
		guard *webhook.Guard
		url   string
		want  string // "" delivered, else part of Err
	}{
		{"loopback allowed by default", nil, srv.URL, ""},
		{"name resolving to loopback", withDNS(webhook.DefaultGuard()), "http://loopback.test" + port, ""},
		{"loopback refused when not allowed", &webhook.Guard{AllowPrivate: true}, srv.URL, "loopback"},
		{"metadata address", nil, "http://169.254.169.254/latest/meta-data/", "metadata"},
		{"link-local IPv6", nil, "http://[fe80::1]" + port + "/", "link-local"},
		{"name resolving to metadata, at dial time", withDNS(webhook.DefaultGuard()), "http://evil.test" + port + "/", "metadata"},
		{"private refused when not allowed", withDNS(&webhook.Guard{AllowLoopback: true}), "http://private.test" + port + "/", "private"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := (&webhook.Sender{Guard: tc.guard}).Send(ctx, webhook.Endpoint{URL: tc.url, Secret: testSecret}, one)
			switch {
			case tc.want == "" && !a.OK:
				t.Errorf("got %+v, want delivered", a)
			case tc.want != "" && (a.OK || a.Status != 0 || !strings.Contains(a.Err, tc.want)):
				t.Errorf("got %+v, want refused with %q", a, tc.want)
			}
			noSecret(t, a)
		})
	}

	t.Run("rebinding after configuration", func(t *testing.T) {
		t.Parallel()
		var calls atomic.Int32
		g := webhook.DefaultGuard()
		g.LookupFunc = func(ctx context.Context, host string) ([]netip.Addr, error) {
			if calls.Add(1) == 1 {
				return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
			}
			return []netip.Addr{netip.MustParseAddr("169.254.169.254")}, nil
		}
		ep := webhook.Endpoint{URL: "http://rebind.test" + port + "/", Secret: testSecret}
		if err := g.CheckURL(ep.URL); err != nil {
			t.Fatalf("config time: got %v, want allowed", err)
		}
		a := (&webhook.Sender{Guard: g}).Send(ctx, ep, one)
		if a.OK || !strings.Contains(a.Err, "metadata") {
			t.Errorf("got %+v, want refused at dial time", a)
		}
	})
}
