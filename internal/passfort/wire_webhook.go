package passfort

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// The wire types of Gatehouse's own webhook endpoints (/gatehouse/v1/webhooks).

// WebhookEndpoint is an endpoint as shown to its institution.
type WebhookEndpoint struct {
	ID        string   `json:"id"`
	URL       string   `json:"url"`
	Secret    string   `json:"secret"`
	Events    []string `json:"events"`
	Batching  bool     `json:"batching"`
	Enabled   bool     `json:"enabled"`
	Source    string   `json:"source"`
	CreatedAt DateTime `json:"created_at"`
	UpdatedAt DateTime `json:"updated_at"`
}

// FromWebhookEndpoint converts an endpoint; the secret is shown in full
// only when reveal is set (on creation), masked otherwise.
func FromWebhookEndpoint(e *kyc.WebhookEndpoint, reveal bool) WebhookEndpoint {
	secret := e.Secret
	if !reveal {
		secret = maskSecret(secret)
	}
	return WebhookEndpoint{ID: e.ID, URL: e.URL, Secret: secret, Events: orEmpty(e.Events), Batching: e.Batching,
		Enabled: e.Enabled, Source: e.Source, CreatedAt: DateTime(e.CreatedAt), UpdatedAt: DateTime(e.UpdatedAt)}
}

// maskSecret hides a secret but for its last 4 characters, enough to tell
// which of two secrets is configured and too few to help guess it: the
// shortest secret allowed has 16. A shorter one is hidden entirely.
func maskSecret(s string) string {
	switch {
	case s == "":
		return ""
	case len(s) < 16:
		return "********"
	}
	i := len(s) - 4
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++ // never half a character
	}
	return "********" + s[i:]
}

// WebhookDelivery is one entry of the delivery log.
type WebhookDelivery struct {
	ID          string          `json:"id"`
	EventID     string          `json:"event_id"`
	Event       string          `json:"event"`
	Status      string          `json:"status"`
	Attempts    int             `json:"attempts"`
	LastStatus  int             `json:"last_status"`
	LastError   string          `json:"last_error"`
	CreatedAt   DateTime        `json:"created_at"`
	DeliveredAt *DateTime       `json:"delivered_at"`
	Data        json.RawMessage `json:"data"`
	Log         []WebhookTry    `json:"attempt_log,omitempty"`
}

// WebhookTry is one HTTP attempt.
type WebhookTry struct {
	At        DateTime `json:"at"`
	Status    int      `json:"status"`
	LatencyMS float64  `json:"latency_ms"`
	Error     string   `json:"error"`
	Response  string   `json:"response"`
}

// FromWebhookDelivery converts a delivery and its attempts.
func FromWebhookDelivery(d *kyc.WebhookDelivery, as []kyc.WebhookAttempt) WebhookDelivery {
	out := WebhookDelivery{ID: d.ID, EventID: d.EventID, Event: d.Event, Status: d.Status, Attempts: d.Attempts,
		LastStatus: d.LastStatus, LastError: d.LastError, CreatedAt: DateTime(d.CreatedAt),
		DeliveredAt: dateTimePtr(d.DeliveredAt), Data: d.Data}
	for _, a := range as {
		out.Log = append(out.Log, WebhookTry{At: DateTime(a.At), Status: a.Status,
			LatencyMS: float64(a.Latency.Microseconds()) / 1000, Error: a.Error, Response: a.Response})
	}
	return out
}

// DecodeWebhookEndpoint reads a create or update body:
// {"url", "secret", "events", "batching", "enabled"}.
func DecodeWebhookEndpoint(body []byte) (kyc.WebhookEndpointInput, error) {
	var b struct {
		URL      *string   `json:"url"`
		Secret   *string   `json:"secret"`
		Events   *[]string `json:"events"`
		Batching *bool     `json:"batching"`
		Enabled  *bool     `json:"enabled"`
	}
	if err := decodeBody(body, &b); err != nil {
		return kyc.WebhookEndpointInput{}, err
	}
	in := kyc.WebhookEndpointInput{URL: b.URL, Secret: b.Secret, Events: b.Events, Batching: b.Batching, Enabled: b.Enabled}
	if b.Events != nil && len(*b.Events) > len(kyc.WebhookEvents) {
		return in, kyc.FieldError("events", fmt.Sprintf("lists more than the %d events there are", len(kyc.WebhookEvents)))
	}
	return in, nil
}
