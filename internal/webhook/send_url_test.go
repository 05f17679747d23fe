package webhook_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/webhook"
)

// TestAttemptErrorsNameNoPath: an attempt's error is kept in the delivery
// log and logged with the failed job, so it names at most the URL's scheme
// and host, never its path or query (which can be long, or carry tokens).
func TestAttemptErrorsNameNoPath(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	one := []webhook.Message{msg("m1")}
	const path = "/p4th-" + "xyz?tok=abc123"
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // so that the server sees the client go
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(hang.Close)
	for _, tc := range []struct {
		name   string
		sender *webhook.Sender
		url    string
	}{
		{"connection refused", &webhook.Sender{}, "http://127.0.0.1:1" + path},
		{"connection refused, by name", &webhook.Sender{Guard: withDNS(webhook.DefaultGuard())}, "http://loopback.test:1" + path},
		{"timeout", &webhook.Sender{Timeout: 50 * time.Millisecond}, hang.URL + path},
		{"unparsable", &webhook.Sender{}, "http://127.0.0.1:1/%zz" + path},
		{"refused by the guard", &webhook.Sender{}, "http://169.254.169.254" + path},
		{"long", &webhook.Sender{}, "http://127.0.0.1:1" + path + strings.Repeat("a", 100000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := tc.sender.Send(ctx, webhook.Endpoint{URL: tc.url, Secret: testSecret}, one)
			if a.OK || a.Err == "" {
				t.Fatalf("got %+v, want a failure", a)
			}
			if strings.Contains(a.Err, "p4th") || strings.Contains(a.Err, "abc123") || len(a.Err) > 300 {
				t.Errorf("got %q (%d bytes), want an error without the URL's path and query", a.Err, len(a.Err))
			}
		})
	}
}
