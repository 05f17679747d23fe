package webhook_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/webhook"
)

var eventTime = time.Unix(1568997222, 0)

func msg(id string) webhook.Message {
	return webhook.Message{ID: id, Event: "PRODUCT_STATUS_CHANGED", Timestamp: eventTime,
		Data: json.RawMessage(`{"profile_id":"p1","new_status":"APPROVED"}`)}
}

func TestEnvelopeShape(t *testing.T) {
	t.Parallel()
	ep := webhook.Endpoint{ID: "e1", URL: "http://127.0.0.1/", Secret: "s3cret"}
	b, err := webhook.Envelope(ep, msg("m1"))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"m1","event":"PRODUCT_STATUS_CHANGED","secret":"s3cret","timestamp":1568997222,"data":{"profile_id":"p1","new_status":"APPROVED"}}`
	if string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
}

func TestEnvelopeErrors(t *testing.T) {
	t.Parallel()
	ep := webhook.Endpoint{Secret: "s"}
	for name, tc := range map[string]struct {
		m    webhook.Message
		want string
	}{
		"no id":        {webhook.Message{Event: "X", Timestamp: eventTime}, "no id"},
		"no event":     {webhook.Message{ID: "m", Timestamp: eventTime}, "no event"},
		"no timestamp": {webhook.Message{ID: "m", Event: "X"}, "no timestamp"},
		"bad data":     {webhook.Message{ID: "m", Event: "X", Timestamp: eventTime, Data: json.RawMessage(`{`)}, "not valid JSON"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := webhook.Envelope(ep, tc.m)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
	b, err := webhook.Envelope(ep, webhook.Message{ID: "m", Event: "X", Timestamp: eventTime})
	if err != nil || !strings.HasSuffix(string(b), `"data":null}`) {
		t.Errorf("empty data: got %s, %v, want data null", b, err)
	}
}

func TestBody(t *testing.T) {
	t.Parallel()
	single := webhook.Endpoint{Secret: "s"}
	batching := webhook.Endpoint{Secret: "s", Batching: true}
	msgs := func(n int) []webhook.Message {
		ms := make([]webhook.Message, n)
		for i := range ms {
			ms[i] = msg(fmt.Sprintf("m%d", i))
		}
		return ms
	}

	b, err := webhook.Body(single, msgs(1))
	if err != nil || b[0] != '{' {
		t.Errorf("unbatched: got %.20s…, %v, want one envelope", b, err)
	}
	b, err = webhook.Body(batching, msgs(1))
	if err != nil || b[0] != '[' {
		t.Errorf("batching one: got %.20s…, %v, want an array", b, err)
	}
	b, err = webhook.Body(batching, msgs(webhook.MaxBatch))
	if err != nil {
		t.Fatal(err)
	}
	var got []struct{ ID string }
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != webhook.MaxBatch {
		t.Fatalf("batch: got %d envelopes, want %d", len(got), webhook.MaxBatch)
	}
	for i, e := range got {
		if want := fmt.Sprintf("m%d", i); e.ID != want {
			t.Fatalf("batch[%d].id: got %q, want %q (order kept)", i, e.ID, want)
		}
	}

	for name, tc := range map[string]struct {
		ep webhook.Endpoint
		n  int
	}{
		"none":               {batching, 0},
		"two unbatched":      {single, 2},
		"over the batch max": {batching, webhook.MaxBatch + 1},
	} {
		if _, err := webhook.Body(tc.ep, msgs(tc.n)); err == nil {
			t.Errorf("%s: got no error, want one", name)
		}
	}
}
