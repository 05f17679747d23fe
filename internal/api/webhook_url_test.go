package api_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestWebhookURLLength: a webhook URL of up to 2048 bytes is accepted; a
// longer one gets a 400 naming the url field, on create and on update,
// without the URL echoed back.
func TestWebhookURLLength(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		const base = "http://127.0.0.1:9/"
		sized := func(n int) string { return base + strings.Repeat("a", n-len(base)) }
		status, body := e.c.Do("POST", "/gatehouse/v1/webhooks", map[string]any{"url": sized(2048)})
		if status != 200 {
			t.Fatalf("a 2048-byte URL: got %d %s, want 200", status, body)
		}
		id := decode[struct{ ID string }](t, body).ID
		for _, n := range []int{2049, 500 << 10} {
			for _, path := range []string{"/gatehouse/v1/webhooks", "/gatehouse/v1/webhooks/" + id} {
				status, body := e.c.Do("POST", path, map[string]any{"url": sized(n)})
				code, field := errorOf(t, body)
				if status != 400 || code != 201 || field != "url" {
					t.Errorf("POST %s, a %d-byte URL: got %d code %d field %q, want 400 code 201 field url", path, n, status, code, field)
				}
				if bytes.Contains(body, []byte(strings.Repeat("a", 100))) {
					t.Errorf("POST %s, a %d-byte URL: the error echoes the URL (%d bytes)", path, n, len(body))
				}
			}
		}
	})
}
