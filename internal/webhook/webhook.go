// Package webhook delivers Gatehouse's outbound webhooks: the PassFort 4.0
// envelope and batching (so existing PassFort receivers keep working), an
// HMAC signature for new receivers, a guard that keeps deliveries away from
// link-local and cloud metadata addresses, one-attempt HTTP delivery and
// the retry schedule. It holds no state: the caller owns the queue, the
// per-endpoint ordering and the delivery log.
//
// The secret shared with an endpoint travels in every request, in the
// envelope's "secret" field and in "Authorization: Bearer", because that is
// what PassFort receivers check. Gatehouse-Signature adds what the bearer
// cannot: proof that this body, sent at this time, came from the holder of
// the secret. See Sign and Verify. This is not the draft-cavage HTTP
// Signatures scheme of the PassFort integration protocol, which signs
// requests in the other direction.
package webhook

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// MaxBatch is the most messages one request may carry, PassFort's batch size.
const MaxBatch = 100

// Endpoint is a receiver configured by an integrator.
type Endpoint struct {
	ID     string
	URL    string
	Secret string
	// Batching sends a JSON array of envelopes per request, even for one
	// message, instead of one envelope per request.
	Batching bool
}

// Message is one event to deliver. ID is the stable event id: the same on
// every retry and in every batch it is part of, so receivers de-duplicate
// on it. Timestamp is when the event happened, not when it is sent.
type Message struct {
	ID        string
	Event     string
	Timestamp time.Time
	Data      json.RawMessage
}

// envelope is PassFort's webhook body; the field order is PassFort's.
type envelope struct {
	ID        string          `json:"id"`
	Event     string          `json:"event"`
	Secret    string          `json:"secret"`
	Timestamp int64           `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

func newEnvelope(ep Endpoint, m Message) (envelope, error) {
	switch {
	case m.ID == "":
		return envelope{}, errors.New("webhook: message has no id")
	case m.Event == "":
		return envelope{}, fmt.Errorf("webhook: message %s has no event", m.ID)
	case m.Timestamp.IsZero():
		return envelope{}, fmt.Errorf("webhook: message %s has no timestamp", m.ID)
	}
	data := m.Data
	if len(data) == 0 {
		data = json.RawMessage("null")
	} else if !json.Valid(data) {
		return envelope{}, fmt.Errorf("webhook: message %s: data is not valid JSON", m.ID)
	}
	return envelope{ID: m.ID, Event: m.Event, Secret: ep.Secret, Timestamp: m.Timestamp.Unix(), Data: data}, nil
}

// Envelope returns the PassFort envelope of one message for an endpoint:
// {"id", "event", "secret", "timestamp" (Unix seconds), "data"}. Data must
// be valid JSON; empty Data is sent as null.
func Envelope(ep Endpoint, m Message) ([]byte, error) {
	e, err := newEnvelope(ep, m)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("webhook: message %s: %w", m.ID, err)
	}
	return b, nil
}

// Body returns the request body delivering msgs to ep: one envelope when the
// endpoint does not batch (msgs must then hold exactly one message), a JSON
// array of envelopes in the order given when it does (1 to MaxBatch).
func Body(ep Endpoint, msgs []Message) ([]byte, error) {
	switch {
	case len(msgs) == 0:
		return nil, errors.New("webhook: no messages")
	case !ep.Batching && len(msgs) > 1:
		return nil, fmt.Errorf("webhook: %d messages for an endpoint that does not batch", len(msgs))
	case len(msgs) > MaxBatch:
		return nil, fmt.Errorf("webhook: batch of %d messages exceeds %d", len(msgs), MaxBatch)
	}
	if !ep.Batching {
		return Envelope(ep, msgs[0])
	}
	es := make([]envelope, len(msgs))
	for i, m := range msgs {
		e, err := newEnvelope(ep, m)
		if err != nil {
			return nil, err
		}
		es[i] = e
	}
	b, err := json.Marshal(es)
	if err != nil {
		return nil, fmt.Errorf("webhook: batch: %w", err)
	}
	return b, nil
}
