package integration_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/integration/httpsig"
	"github.com/gatehouse/gatehouse/internal/integration/integrationtest"
)

// tamperBody is a transport that changes a request's body after it was
// signed, as a man in the middle would.
type tamperBody struct{}

func (tamperBody) RoundTrip(r *http.Request) (*http.Response, error) {
	b, _ := io.ReadAll(r.Body)
	b = bytes.Replace(b, []byte("Fairweather"), []byte("Foulweather"), 1)
	r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	return http.DefaultTransport.RoundTrip(r)
}

// TestProviderRefusesBadSignatures: the test integration, with its own
// verifier, refuses Gatehouse requests signed with the wrong key, dated
// 31 s or more away, or whose body was changed after signing; each ends
// as a final 502 PROCESS_NOT_SETUP error, never retried.
func TestProviderRefusesBadSignatures(t *testing.T) {
	t.Parallel()
	c, p, _, _ := setup(t, integration.IdentityCheck, integrationtest.Options{})
	for _, tc := range []struct {
		name    string
		change  func(c *integration.Client) *integration.Client
		refused string
	}{
		{"wrong key", func(c *integration.Client) *integration.Client {
			other, _ := integration.NewClient(c.BaseURL(), mustKey(t, keyBytes(99)))
			return other
		}, "unknown key id"},
		{"stale date", func(c *integration.Client) *integration.Client {
			cp := *c
			cp.Now = func() time.Time { return time.Now().Add(-31 * time.Second) }
			return &cp
		}, "stale date"},
		{"date in the future", func(c *integration.Client) *integration.Client {
			cp := *c
			cp.Now = func() time.Time { return time.Now().Add(40 * time.Second) }
			return &cp
		}, "stale date"},
		{"tampered body", func(c *integration.Client) *integration.Client {
			cp := *c
			cp.HTTP = &http.Client{Transport: tamperBody{}}
			return &cp
		}, "digest does not match the body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(p.Requests())
			_, err := tc.change(c).RunCheck(context.Background(), request(individual, "ANY"))
			ce := integration.AsCallError(err)
			if ce == nil || ce.Kind != integration.KindStatus || ce.Status != http.StatusUnauthorized || ce.Temporary() {
				t.Fatalf("got %v, want a final 401", err)
			}
			if ce.CheckError().Code != 502 || !strings.Contains(ce.Error(), "signature") {
				t.Errorf("check error %+v from %q", ce.CheckError(), ce.Error())
			}
			reqs := p.Requests()[before:]
			if len(reqs) != 1 || reqs[0].Refused != tc.refused {
				t.Errorf("provider saw %+v, want one request refused for %q", reqs, tc.refused)
			}
		})
	}
	// The untouched client still gets through.
	if _, err := c.RunCheck(context.Background(), request(individual, "ANY")); err != nil {
		t.Errorf("a good request: %v", err)
	}
}

// TestGatehouseRefusesBadCallbacks: Gatehouse's callback handler refuses
// callbacks with a changed body, another key, a stale Date or no
// signature (401), and callbacks for checks not in progress (404); none
// reaches Accept.
func TestGatehouseRefusesBadCallbacks(t *testing.T) {
	t.Parallel()
	c, p, g, _ := setup(t, integration.DocumentFetch, integrationtest.Options{})
	req := request(fetchInput, "")
	start, err := c.StartCheck(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	g.track(start.Ref)
	for _, tc := range []struct {
		name   string
		tamper integrationtest.Tamper
		want   int
	}{
		{"tampered body", integrationtest.Tamper{Body: true}, http.StatusUnauthorized},
		{"wrong key", integrationtest.Tamper{Key: keyBytes(99)}, http.StatusUnauthorized},
		{"stale date", integrationtest.Tamper{Skew: -31 * time.Second}, http.StatusUnauthorized},
		{"future date", integrationtest.Tamper{Skew: 31 * time.Second}, http.StatusUnauthorized},
		{"unsigned", integrationtest.Tamper{Unsigned: true}, http.StatusUnauthorized},
		{"unknown reference", integrationtest.Tamper{Reference: "REF-9999"}, http.StatusNotFound},
		{"another provider_id", integrationtest.Tamper{ProviderID: "00000000-0000-4000-8000-000000000000"}, http.StatusNotFound},
		{"provider_id not a UUID", integrationtest.Tamper{ProviderID: "provider-1"}, http.StatusBadRequest},
		{"good", integrationtest.Tamper{}, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := p.Callback(context.Background(), start.Reference, tc.tamper)
			if err != nil || st != tc.want {
				t.Fatalf("got %d (%v), want %d", st, err, tc.want)
			}
			select {
			case cb := <-g.accepted:
				if tc.want != http.StatusOK {
					t.Errorf("Accept got a refused callback %+v", cb)
				}
			default:
				if tc.want == http.StatusOK {
					t.Error("Accept did not get the good callback")
				}
			}
		})
	}
	// A store that cannot record the callback asks the provider to retry.
	g.mu.Lock()
	g.acceptErr = errors.New("database is down")
	g.mu.Unlock()
	if st, _ := p.Callback(context.Background(), start.Reference, integrationtest.Tamper{}); st != http.StatusServiceUnavailable {
		t.Errorf("store failure: got %d, want 503", st)
	}
}

// TestCallbackErrorEnvelope checks the bodies of refusals: the PassFort
// error envelope, naming the member at fault.
func TestCallbackErrorEnvelope(t *testing.T) {
	t.Parallel()
	key := mustKey(t, keyBytes(3))
	g := newGatehouse(t, key)
	send := func(method, body string, signed bool) (int, map[string]any) {
		r, _ := http.NewRequest(method, g.base+"callbacks", strings.NewReader(body))
		if signed {
			if err := (httpsig.Signer{Key: key}).SignRequest(r, []byte(body)); err != nil {
				t.Fatal(err)
			}
		}
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var env struct {
			Errors []map[string]any `json:"errors"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&env)
		if len(env.Errors) != 1 {
			return resp.StatusCode, nil
		}
		return resp.StatusCode, env.Errors[0]
	}
	for _, tc := range []struct {
		name, method, body string
		signed             bool
		status, code       int
		field              string
	}{
		{"unsigned", "POST", `{}`, false, 401, 203, ""},
		{"not JSON", "POST", `provider_id=1`, true, 400, 201, "body"},
		{"no provider_id", "POST", `{"reference":"R"}`, true, 400, 101, "provider_id"},
		{"reference a number", "POST", `{"provider_id":"7c6b1f3e-5a8d-4c2e-9f10-2b3a4c5d6e7f","reference":7}`, true, 400, 201, "reference"},
		{"empty reference", "POST", `{"provider_id":"7c6b1f3e-5a8d-4c2e-9f10-2b3a4c5d6e7f","reference":" "}`, true, 400, 101, "reference"},
		{"custom_data a list", "POST", `{"provider_id":"7c6b1f3e-5a8d-4c2e-9f10-2b3a4c5d6e7f","reference":"R","custom_data":[1]}`, true, 400, 201, "custom_data"},
		{"GET", "GET", ``, true, 405, 201, ""},
		{"too large", "POST", `{"reference":"` + strings.Repeat("r", 1<<20) + `"}`, true, 413, 201, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, e := send(tc.method, tc.body, tc.signed)
			if status != tc.status || e == nil || e["code"] != float64(tc.code) || e["source"] != "API" || e["message"] == "" {
				t.Fatalf("got %d %v, want %d with code %d", status, e, tc.status, tc.code)
			}
			if tc.field != "" {
				if info, _ := e["info"].(map[string]any); info["field"] != tc.field {
					t.Errorf("info %v, want field %s", e["info"], tc.field)
				}
			}
		})
	}
}

// TestImageDownloads: an integration may download an image only while a
// check of its own on it runs, and only with a good signature.
func TestImageDownloads(t *testing.T) {
	t.Parallel()
	_, p, g, _ := setup(t, integration.DocumentVerification, integrationtest.Options{})
	other := "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a"
	g.grant(imageID)
	g.mu.Lock()
	g.images[other] = "another-provider"
	g.mu.Unlock()
	for _, tc := range []struct {
		name   string
		id     string
		tamper integrationtest.Tamper
		want   int
	}{
		{"granted", imageID, integrationtest.Tamper{}, 200},
		{"wrong key", imageID, integrationtest.Tamper{Key: keyBytes(99)}, 401},
		{"stale date", imageID, integrationtest.Tamper{Skew: -45 * time.Second}, 401},
		{"unsigned", imageID, integrationtest.Tamper{Unsigned: true}, 401},
		{"another provider's check", other, integrationtest.Tamper{}, 404},
		{"no check", "11111111-2222-4333-8444-555555555555", integrationtest.Tamper{}, 404},
		{"not an id", "..%2f..%2fetc", integrationtest.Tamper{}, 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, n, err := p.FetchImage(context.Background(), tc.id, tc.tamper)
			if err != nil || st != tc.want {
				t.Fatalf("got %d (%v), want %d", st, err, tc.want)
			}
			if tc.want == 200 && n != len(integrationtest.PNG) {
				t.Errorf("got %d bytes, want %d", n, len(integrationtest.PNG))
			}
		})
	}
	g.revoke(imageID)
	if st, _, _ := p.FetchImage(context.Background(), imageID, integrationtest.Tamper{}); st != 404 {
		t.Errorf("after the check: got %d, want 404", st)
	}
}

// TestPeers: key ids must tell peers apart.
func TestPeers(t *testing.T) {
	t.Parallel()
	a, b := mustKey(t, keyBytes(1)), mustKey(t, keyBytes(2))
	if _, err := integration.NewPeers(integration.Peer{Name: "a", Key: a}, integration.Peer{Name: "b", Key: a}); err == nil {
		t.Error("two peers with one key accepted")
	}
	if _, err := integration.NewPeers(integration.Peer{Name: "", Key: a}); err == nil {
		t.Error("a peer without a name accepted")
	}
	if _, err := integration.NewPeers(integration.Peer{Name: "a"}); err == nil {
		t.Error("a peer without a key accepted")
	}
	ps, err := integration.NewPeers(integration.Peer{Name: "a", Key: a}, integration.Peer{Name: "b", Key: b})
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := ps.Lookup(b.ID()); !ok || p.Name != "b" {
		t.Errorf("Lookup(%s) = %+v, %v", b.ID(), p, ok)
	}
}
