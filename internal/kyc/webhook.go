package kyc

import (
	"encoding/json"
	"slices"
	"time"
)

// WebhookEndpoint is where an institution receives webhooks.
type WebhookEndpoint struct {
	ID            string
	InstitutionID string
	URL           string
	Secret        string   // sent as the envelope's secret and Bearer token, and used to sign
	Events        []string // event names to send; empty means all
	Batching      bool     // send up to 100 events per request, as a JSON array
	Enabled       bool
	Source        string // "api" or "config" (the policy file)
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Wants reports whether the endpoint receives an event.
func (e *WebhookEndpoint) Wants(event string) bool {
	return e.Enabled && (len(e.Events) == 0 || slices.Contains(e.Events, event))
}

// WebhookEvents are the event names Gatehouse sends.
var WebhookEvents = []string{
	string(ChangeProductStatus), string(ChangeProductBadge), string(ChangeCheckCompleted), string(ChangeTaskCreated),
	string(ChangeTaskState), string(ChangeRiskLevel), string(ChangeEventsCreated), string(ChangeEventsUpdated),
	string(ChangeCollectedData), string(ChangeManualActionRequired), EventProfileErased,
}

// EventProfileErased is Gatehouse's own webhook event (not PassFort's): a
// profile was erased. Its data is the profile's id, role, when and why
// ("request", "retention" or "ledger": erased again after a restore), and
// who; nothing personal, since the delivery outlives the profile's key.
const EventProfileErased = "PROFILE_ERASED"

// Delivery states.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
)

// WebhookDelivery is one event to send to one endpoint. Deliveries of an
// endpoint go out in Seq order; a failing one holds back those after it.
type WebhookDelivery struct {
	Seq           int64
	ID            string
	EventID       string // the envelope's id: the same for every attempt and redelivery
	EndpointID    string
	InstitutionID string
	// ProfileID is the profile the payload is about ("" for none): its
	// key seals the payload, so the payload goes with its erasure.
	ProfileID   string
	Event       string
	Data        json.RawMessage
	Status      string
	Attempts    int
	LastStatus  int
	LastError   string
	CreatedAt   time.Time
	DeliveredAt *time.Time
}

// WebhookAttempt is one HTTP request that carried deliveries.
type WebhookAttempt struct {
	ID         string
	EndpointID string
	DeliveryID string
	At         time.Time
	Status     int
	Latency    time.Duration
	Error      string
	Response   string
}
