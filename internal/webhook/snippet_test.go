package webhook_test

// This file holds a copy of the receiver in docs/webhooks.md, between the
// snippet markers; TestDocSnippetInSync keeps the two identical, and the
// tests here and in sign_test.go check it against Verify and Sender.

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/webhook"
)

// snippet:begin
// verifySignature checks a Gatehouse-Signature header,
// "t=<unix seconds>,v1=<hex HMAC-SHA256>[,v1=…]", against the raw body.
func verifySignature(secret, header string, body []byte, now time.Time) error {
	const tolerance = 5 * 60 // seconds either way
	malformed := errors.New("malformed Gatehouse-Signature header")
	var ts string
	var sigs [][]byte
	for _, item := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok {
			return malformed
		}
		switch k {
		case "t":
			if _, err := strconv.ParseUint(v, 10, 63); err != nil || ts != "" {
				return malformed
			}
			ts = v
		case "v1": // several during a secret rotation; other keys are ignored
			sig, err := hex.DecodeString(v)
			if err != nil || len(sig) != sha256.Size {
				return malformed
			}
			sigs = append(sigs, sig)
		}
	}
	if ts == "" || len(sigs) == 0 {
		return malformed
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	want := mac.Sum(nil)
	match := false
	for _, sig := range sigs {
		if hmac.Equal(sig, want) { // constant time
			match = true
		}
	}
	if !match {
		return errors.New("signature does not match")
	}
	t, _ := strconv.ParseInt(ts, 10, 64)
	if age := now.Unix() - t; age > tolerance || age < -tolerance {
		return errors.New("signature timestamp too old or in the future")
	}
	return nil
}

// envelope is one webhook message.
type envelope struct {
	ID        string          `json:"id"`
	Event     string          `json:"event"`
	Timestamp int64           `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

// webhookHandler receives Gatehouse webhooks, batched or not.
func webhookHandler(secret string, handle func(envelope)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 10<<20))
		if err != nil {
			http.Error(w, "cannot read body", http.StatusRequestEntityTooLarge)
			return
		}
		// The PassFort-style check: the shared secret as a bearer token.
		bearer := []byte(r.Header.Get("Authorization"))
		if subtle.ConstantTimeCompare(bearer, []byte("Bearer "+secret)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		// The signature: this exact body, sent within the last 5 minutes.
		if err := verifySignature(secret, r.Header.Get("Gatehouse-Signature"), body, time.Now()); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		var batch []envelope
		if bytes.HasPrefix(bytes.TrimSpace(body), []byte("[")) {
			err = json.Unmarshal(body, &batch)
		} else {
			batch = make([]envelope, 1)
			err = json.Unmarshal(body, &batch[0])
		}
		if err != nil {
			http.Error(w, "bad JSON", http.StatusBadRequest)
			return
		}
		for _, e := range batch {
			handle(e) // in order; skip ids already seen: delivery is at least once
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// snippet:end

func TestDocSnippetInSync(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../docs/webhooks.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("snippet_test.go")
	if err != nil {
		t.Fatal(err)
	}
	_, region, _ := strings.Cut(string(src), "// snippet:begin\n")
	region, _, _ = strings.Cut(region, "// snippet:end")
	if len(region) < 100 || !strings.Contains(string(doc), region) {
		t.Errorf("docs/webhooks.md does not contain the receiver in snippet_test.go verbatim; copy it across")
	}
	if !strings.Contains(string(doc), "t=1700000000,v1="+sigS3cret) {
		t.Errorf("docs/webhooks.md: the worked signature example is not Sign's")
	}
}

func TestDocSnippetReceivesDeliveries(t *testing.T) {
	t.Parallel()
	const secret = "receiver-secret"
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(webhookHandler(secret, func(e envelope) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, e.Event+" "+e.ID)
	}))
	t.Cleanup(srv.Close)
	s := &webhook.Sender{}
	ctx := context.Background()

	for _, tc := range []struct {
		name   string
		ep     webhook.Endpoint
		n      int
		status int
	}{
		{"single", webhook.Endpoint{URL: srv.URL, Secret: secret}, 1, http.StatusNoContent},
		{"batch", webhook.Endpoint{URL: srv.URL, Secret: secret, Batching: true}, 3, http.StatusNoContent},
		{"wrong secret", webhook.Endpoint{URL: srv.URL, Secret: "nope"}, 1, http.StatusUnauthorized},
	} {
		msgs := make([]webhook.Message, tc.n)
		for i := range msgs {
			msgs[i] = msg(tc.name + strconv.Itoa(i))
		}
		if a := s.Send(ctx, tc.ep, msgs); a.Status != tc.status {
			t.Errorf("%s: got %d (%s), want %d", tc.name, a.Status, a.Err, tc.status)
		}
	}
	want := []string{"PRODUCT_STATUS_CHANGED single0", "PRODUCT_STATUS_CHANGED batch0",
		"PRODUCT_STATUS_CHANGED batch1", "PRODUCT_STATUS_CHANGED batch2"}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestDocSnippetRefusesReplayAndTampering(t *testing.T) {
	t.Parallel()
	const secret = "receiver-secret"
	h := webhookHandler(secret, func(envelope) {})
	body := []byte(`{"id":"m1","event":"X","timestamp":1,"data":null}`)
	for _, tc := range []struct {
		name string
		sig  string
		body []byte
		want int
	}{
		{"fresh", webhook.Sign(secret, time.Now(), body), body, http.StatusNoContent},
		{"replayed an hour later", webhook.Sign(secret, time.Now().Add(-time.Hour), body), body, http.StatusUnauthorized},
		{"tampered", webhook.Sign(secret, time.Now(), body), bytes.Replace(body, []byte("m1"), []byte("m2"), 1), http.StatusUnauthorized},
		{"unsigned", "", body, http.StatusUnauthorized},
	} {
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(tc.body))
		req.Header.Set("Authorization", "Bearer "+secret)
		req.Header.Set("Gatehouse-Signature", tc.sig)
		rec := httptest.NewRecorder()
		h(rec, req)
		if rec.Code != tc.want {
			t.Errorf("%s: got %d, want %d", tc.name, rec.Code, tc.want)
		}
	}
}
