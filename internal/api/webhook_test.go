package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
	"github.com/gatehouse/gatehouse/internal/webhook"
)

// receiver is a real HTTP receiver on loopback that records what arrives,
// verifying PassFort's bearer secret and Gatehouse's signature.
type receiver struct {
	t      *testing.T
	secret string
	mu     sync.Mutex
	got    []envelope
	bodies int
	fail   int // answer 503 to this many requests first
	srv    *httptest.Server
}

type envelope struct {
	ID        string          `json:"id"`
	Event     string          `json:"event"`
	Secret    string          `json:"secret"`
	Timestamp int64           `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

func newReceiver(t *testing.T, fail int) *receiver {
	r := &receiver{t: t, fail: fail}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail > 0 {
		r.fail--
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	if req.Header.Get("Authorization") != "Bearer "+r.secret {
		r.t.Errorf("webhook without the bearer secret")
	}
	if err := webhook.Verify(r.secret, req.Header.Get("Gatehouse-Signature"), body, time.Now(), 5*time.Minute); err != nil {
		r.t.Errorf("webhook signature: %v", err)
	}
	var batch []envelope
	if len(body) > 0 && body[0] == '[' {
		if err := json.Unmarshal(body, &batch); err != nil {
			r.t.Errorf("batch body: %v", err)
		}
	} else {
		var e envelope
		if err := json.Unmarshal(body, &e); err != nil {
			r.t.Errorf("body: %v", err)
		}
		batch = []envelope{e}
	}
	for _, e := range batch {
		if e.Secret != r.secret || e.ID == "" || e.Timestamp < 1.7e9 {
			r.t.Errorf("envelope %+v", e)
		}
	}
	r.got = append(r.got, batch...)
	r.bodies++
}

func (r *receiver) events() []envelope {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]envelope(nil), r.got...)
}

// TestWebhooks: a profile's checks, tasks and flags reach a real receiver
// in order, signed, retried through failures, and the delivery log and
// redelivery work.
func TestWebhooks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		for _, batching := range []bool{false, true} {
			e := newEnv(t, db, api.Config{})
			rcv := newReceiver(t, 2)
			status, body := e.c.Do("POST", "/gatehouse/v1/webhooks", map[string]any{"url": rcv.srv.URL, "batching": batching})
			ep := decode[struct {
				ID, Secret string
			}](t, body)
			if status != 200 || len(ep.Secret) < 20 {
				t.Fatalf("create endpoint: %d %s", status, body)
			}
			rcv.secret = ep.Secret
			if status, body = e.c.Do("POST", "/gatehouse/v1/webhooks", map[string]any{"url": "http://169.254.169.254/latest"}); status != 400 {
				t.Errorf("a metadata address: %d %s", status, body)
			}

			_, body = e.c.Do("POST", "/4.0/profiles", guideIndividual)
			pid := decode[profileView](t, body).ID
			e.settle()
			deadline := time.Now().Add(10 * time.Second)
			for len(rcv.events()) < 10 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			e.settle()
			got := rcv.events()
			seen := map[string]int{}
			var flags []string
			ids := map[string]bool{}
			for _, ev := range got {
				seen[ev.Event]++
				if ids[ev.ID] {
					t.Errorf("event %s delivered twice", ev.ID)
				}
				ids[ev.ID] = true
				var d struct {
					ProfileID string `json:"profile_id"`
					NewFlag   string `json:"new_flag"`
				}
				json.Unmarshal(ev.Data, &d)
				if d.ProfileID != pid {
					t.Errorf("%s for profile %s", ev.Event, d.ProfileID)
				}
				if ev.Event == "PRODUCT_BADGE_CHANGED" {
					flags = append(flags, d.NewFlag)
				}
			}
			for _, want := range []string{"PRODUCT_STATUS_CHANGED", "TASK_CREATED", "CHECK_COMPLETED", "TASK_STATE_CHANGED",
				"PRODUCT_BADGE_CHANGED", "MANUAL_ACTION_REQUIRED"} {
				if seen[want] == 0 {
					t.Errorf("batching %v: no %s webhook (got %v)", batching, want, seen)
				}
			}
			// The checks ran in the create: the flag went to READY_FOR_DECISION at once.
			if len(flags) != 1 || flags[0] != "READY_FOR_DECISION" {
				t.Errorf("batching %v: badge changes in order %v", batching, flags)
			}
			if got[0].Event != "PRODUCT_STATUS_CHANGED" {
				t.Errorf("first webhook %s", got[0].Event)
			}

			// The delivery log shows every attempt, including the two refused ones.
			_, body = e.c.Do("GET", "/gatehouse/v1/webhooks/"+ep.ID+"/deliveries?limit=500", nil)
			log := decode[struct {
				Deliveries []struct {
					ID       string `json:"id"`
					Status   string `json:"status"`
					EventID  string `json:"event_id"`
					Attempts int    `json:"attempts"`
				}
			}](t, body)
			if len(log.Deliveries) != len(got) {
				t.Errorf("delivery log has %d deliveries, receiver got %d", len(log.Deliveries), len(got))
			}
			// Pages: limit is 1..500 (never silently clamped), and next
			// leads to the following page.
			for _, bad := range []string{"0", "501", "1000", "-1", "x"} {
				status, body := e.c.Do("GET", "/gatehouse/v1/webhooks/"+ep.ID+"/deliveries?limit="+bad, nil)
				if code, field := errorOf(t, body); status != 400 || code != 201 || field != "limit" {
					t.Errorf("limit=%s: %d %s, want 400 naming limit", bad, status, body)
				}
			}
			type page struct {
				Deliveries []struct{ ID string }
				Next       string
			}
			_, body = e.c.Do("GET", "/gatehouse/v1/webhooks/"+ep.ID+"/deliveries?limit=2", nil)
			p1 := decode[page](t, body)
			if len(p1.Deliveries) != 2 || p1.Next == "" {
				t.Fatalf("limit=2: %s", body)
			}
			_, body = e.c.Do("GET", "/gatehouse/v1/webhooks/"+ep.ID+"/deliveries"+p1.Next, nil)
			if p2 := decode[page](t, body); len(p2.Deliveries) != 2 || p2.Deliveries[0].ID != log.Deliveries[2].ID {
				t.Errorf("page after %s: %s", p1.Next, body)
			}
			first := log.Deliveries[len(log.Deliveries)-1]
			_, body = e.c.Do("GET", "/gatehouse/v1/webhooks/"+ep.ID+"/deliveries/"+first.ID, nil)
			one := decode[struct {
				Status     string
				AttemptLog []struct{ Status int } `json:"attempt_log"`
			}](t, body)
			if one.Status != "delivered" || len(one.AttemptLog) != 3 || one.AttemptLog[0].Status != 503 || one.AttemptLog[2].Status != 200 {
				t.Errorf("first delivery's log: %s", body)
			}
			status, body = e.c.Do("POST", "/gatehouse/v1/webhooks/"+ep.ID+"/deliveries/"+first.ID+"/redeliver", nil)
			if status != 200 {
				t.Fatalf("redeliver: %d %s", status, body)
			}
			e.settle()
			if again := rcv.events(); len(again) != len(got)+1 || again[len(again)-1].ID != got[0].ID {
				t.Errorf("redelivery: receiver has %d events, last id %s, want the first event's id %s", len(again), again[len(again)-1].ID, got[0].ID)
			}
			if batching && rcv.bodies >= len(got) {
				t.Errorf("batching sent %d requests for %d events", rcv.bodies, len(got))
			}
		}
	})
}

// TestConfigWebhooks: endpoints declared in the operator's webhooks file
// deliver like API ones, are read-only through the API, converge on a
// second sync, and are disabled when no longer declared.
func TestConfigWebhooks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		rcv := newReceiver(t, 0)
		rcv.secret = "config-secret-0123456789"
		hooks := []kyc.ConfigWebhook{{Institution: "Acme", URL: rcv.srv.URL, Secret: rcv.secret,
			Events: []string{"PRODUCT_STATUS_CHANGED"}, Batching: true}}
		for range 2 { // a second sync (another process, a restart) changes nothing
			if n, off, err := e.svc.SyncConfigWebhooks(ctx, hooks); err != nil || n != 1 || off != 0 {
				t.Fatalf("sync: %d %d %v", n, off, err)
			}
		}
		_, body := e.c.Do("GET", "/gatehouse/v1/webhooks", nil)
		eps := decode[[]struct {
			ID, Source, URL string
			Enabled         bool
		}](t, body)
		if len(eps) != 1 || eps[0].Source != "config" || !eps[0].Enabled || eps[0].URL != rcv.srv.URL {
			t.Fatalf("endpoints after sync: %s", body)
		}
		// Another institution sees none of them.
		if _, body := e.client("Other").Do("GET", "/gatehouse/v1/webhooks", nil); strings.TrimSpace(string(body)) != "[]" {
			t.Errorf("another institution's endpoints: %s", body)
		}
		if status, body := e.c.Do("POST", "/gatehouse/v1/webhooks/"+eps[0].ID, map[string]any{"batching": false}); status != 409 {
			t.Errorf("changing a declared endpoint through the API: %d %s", status, body)
		}
		if status, _ := e.c.Do("DELETE", "/gatehouse/v1/webhooks/"+eps[0].ID, nil); status != 409 {
			t.Errorf("deleting a declared endpoint through the API: %d", status)
		}

		e.c.Do("POST", "/4.0/profiles", guideIndividual)
		e.settle()
		got := rcv.events()
		if len(got) == 0 {
			t.Fatal("the declared endpoint received nothing")
		}
		for _, ev := range got {
			if ev.Event != "PRODUCT_STATUS_CHANGED" {
				t.Errorf("received %s, not subscribed", ev.Event)
			}
		}

		// Bad entries name the entry and field; nothing is applied.
		bad := append(hooks, kyc.ConfigWebhook{Institution: "Acme", URL: "http://169.254.169.254/", Secret: rcv.secret})
		if _, _, err := e.svc.SyncConfigWebhooks(ctx, bad); err == nil || !strings.Contains(err.Error(), "webhooks[1].url") {
			t.Errorf("a metadata address: %v", err)
		}
		// No longer declared: disabled, log kept.
		if n, off, err := e.svc.SyncConfigWebhooks(ctx, nil); err != nil || n != 0 || off != 1 {
			t.Fatalf("sync of nothing: %d %d %v", n, off, err)
		}
		_, body = e.c.Do("GET", "/gatehouse/v1/webhooks/"+eps[0].ID, nil)
		if one := decode[struct{ Enabled bool }](t, body); one.Enabled {
			t.Errorf("an endpoint no longer declared is still enabled: %s", body)
		}
		_, body = e.c.Do("GET", "/gatehouse/v1/webhooks/"+eps[0].ID+"/deliveries", nil)
		if log := decode[struct{ Deliveries []any }](t, body); len(log.Deliveries) != len(got) {
			t.Errorf("delivery log of a disabled endpoint: %d entries, %d delivered", len(log.Deliveries), len(got))
		}
	})
}

// TestWebhookEndpointCap: an institution creates at most the configured
// number of endpoints; the next is refused with the limit named, and
// another institution is not affected.
func TestWebhookEndpointCap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		e.svc.MaxWebhookEndpoints = 3
		for i := range 3 {
			if status, body := e.c.Do("POST", "/gatehouse/v1/webhooks", map[string]any{"url": fmt.Sprintf("http://127.0.0.1:9/%d", i)}); status != 200 {
				t.Fatalf("endpoint %d: %d %s", i, status, body)
			}
		}
		status, body := e.c.Do("POST", "/gatehouse/v1/webhooks", map[string]any{"url": "http://127.0.0.1:9/4"})
		if status != 422 || !strings.Contains(string(body), "at most 3 webhook endpoints") {
			t.Errorf("fourth endpoint: got %d %s; want 422 naming the limit", status, body)
		}
		if status, body := e.client("Other").Do("POST", "/gatehouse/v1/webhooks", map[string]any{"url": "http://127.0.0.1:9/x"}); status != 200 {
			t.Errorf("another institution: got %d %s", status, body)
		}
	})
}
