package kyc

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// WebhookEndpointInput creates or changes an endpoint; nil fields keep
// their value on update.
type WebhookEndpointInput struct {
	URL      *string
	Secret   *string
	Events   *[]string
	Batching *bool
	Enabled  *bool
}

// MaxWebhookURLLength caps a webhook URL, in bytes: real receivers need
// far less, and every delivery, log line and listing carries the URL.
const MaxWebhookURLLength = 2048

// newWebhookSecret returns a random endpoint secret.
func newWebhookSecret() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return "whsec_" + hex.EncodeToString(b[:])
}

// apply validates and applies an input to an endpoint.
func (s *Service) applyEndpoint(e *WebhookEndpoint, in WebhookEndpointInput) error {
	if in.URL != nil {
		u := strings.TrimSpace(*in.URL)
		if u == "" {
			return MissingField("url")
		}
		if len(u) > MaxWebhookURLLength {
			return FieldError("url", fmt.Sprintf("must be at most %d bytes long", MaxWebhookURLLength))
		}
		if s.CheckWebhookURL != nil {
			if err := s.CheckWebhookURL(u); err != nil {
				return FieldError("url", err.Error())
			}
		}
		e.URL = u
	}
	if in.Secret != nil {
		if len(*in.Secret) < 16 || len(*in.Secret) > 200 {
			return FieldError("secret", "must be 16 to 200 characters")
		}
		e.Secret = *in.Secret
	}
	if in.Events != nil {
		for i, ev := range *in.Events {
			if !slices.Contains(WebhookEvents, ev) {
				return FieldError(fmt.Sprintf("events[%d]", i), "is not a webhook event: "+strings.Join(WebhookEvents, ", "))
			}
		}
		e.Events = append([]string{}, *in.Events...)
	}
	if in.Batching != nil {
		e.Batching = *in.Batching
	}
	if in.Enabled != nil {
		e.Enabled = *in.Enabled
	}
	return nil
}

// CreateWebhookEndpoint adds an endpoint for the actor's institution. A
// secret is generated when none is given.
func (s *Service) CreateWebhookEndpoint(ctx context.Context, actor Actor, in WebhookEndpointInput) (*WebhookEndpoint, error) {
	if in.URL == nil {
		return nil, MissingField("url")
	}
	now := s.now()
	e := &WebhookEndpoint{ID: NewID(), InstitutionID: actor.InstitutionID, Secret: newWebhookSecret(), Events: []string{},
		Enabled: true, Source: "api", CreatedAt: now, UpdatedAt: now}
	if err := s.applyEndpoint(e, in); err != nil {
		return nil, err
	}
	err := s.Store.Update(ctx, func(tx Tx) error {
		have, err := tx.WebhookEndpoints(ctx, actor.InstitutionID)
		if err != nil {
			return err
		}
		if limit := s.maxEndpoints(); len(have) >= limit {
			return &Error{Code: EConstraints, Message: fmt.Sprintf("an institution may have at most %d webhook endpoints; delete one first", limit),
				Info: map[string]any{"limit": limit}}
		}
		return tx.SaveWebhookEndpoint(ctx, e)
	})
	if err != nil {
		return nil, err
	}
	s.forgetEndpoints(actor.InstitutionID)
	return e, nil
}

// DefaultMaxWebhookEndpoints is how many webhook endpoints one institution
// may create when Service.MaxWebhookEndpoints is not set.
const DefaultMaxWebhookEndpoints = 10

func (s *Service) maxEndpoints() int {
	if s.MaxWebhookEndpoints > 0 {
		return s.MaxWebhookEndpoints
	}
	return DefaultMaxWebhookEndpoints
}

// UpdateWebhookEndpoint changes an endpoint of the actor's institution.
func (s *Service) UpdateWebhookEndpoint(ctx context.Context, actor Actor, id string, in WebhookEndpointInput) (*WebhookEndpoint, error) {
	e, err := s.WebhookEndpoint(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if e.Source == SourceConfig {
		return nil, Errorf(EConflict, "webhook endpoint %s is declared in the operator's webhooks file; change it there", e.ID)
	}
	wasEnabled := e.Enabled
	if err := s.applyEndpoint(e, in); err != nil {
		return nil, err
	}
	e.UpdatedAt = s.now()
	err = s.Store.Update(ctx, func(tx Tx) error {
		if err := tx.SaveWebhookEndpoint(ctx, e); err != nil {
			return err
		}
		if e.Enabled && !wasEnabled {
			// The job of a disabled endpoint ends, leaving its pending
			// deliveries; enabling it sends them.
			return tx.EnqueueJobs(ctx, DeliveryJob(e.InstitutionID, e.ID))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.forgetEndpoints(actor.InstitutionID)
	if e.Enabled && !wasEnabled {
		s.notify()
	}
	return e, nil
}

// WebhookEndpoint returns an endpoint of the actor's institution.
func (s *Service) WebhookEndpoint(ctx context.Context, actor Actor, id string) (*WebhookEndpoint, error) {
	if !ValidID(id) {
		return nil, NotFound("webhook endpoint", id)
	}
	return s.Store.WebhookEndpoint(ctx, actor.InstitutionID, strings.ToLower(id))
}

// WebhookEndpoints lists the actor's institution's endpoints.
func (s *Service) WebhookEndpoints(ctx context.Context, actor Actor) ([]WebhookEndpoint, error) {
	return s.Store.WebhookEndpoints(ctx, actor.InstitutionID)
}

// WebhookDeliveries lists an endpoint's deliveries, newest first.
func (s *Service) WebhookDeliveries(ctx context.Context, actor Actor, endpointID string, beforeSeq int64, limit int) ([]WebhookDelivery, error) {
	e, err := s.WebhookEndpoint(ctx, actor, endpointID)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	return s.Store.Deliveries(ctx, actor.InstitutionID, e.ID, beforeSeq, limit)
}

// WebhookDelivery returns one delivery with every attempt.
func (s *Service) WebhookDelivery(ctx context.Context, actor Actor, endpointID, id string) (*WebhookDelivery, []WebhookAttempt, error) {
	if !ValidID(id) {
		return nil, nil, NotFound("webhook delivery", id)
	}
	d, as, err := s.Store.Delivery(ctx, actor.InstitutionID, strings.ToLower(id))
	if err != nil {
		return nil, nil, err
	}
	if d.EndpointID != strings.ToLower(endpointID) {
		return nil, nil, NotFound("webhook delivery", id)
	}
	return d, as, nil
}

// Redeliver queues a delivery again, with the same event id (receivers
// de-duplicate on it), after the endpoint's other queued deliveries.
func (s *Service) Redeliver(ctx context.Context, actor Actor, endpointID, id string) (*WebhookDelivery, error) {
	d, _, err := s.WebhookDelivery(ctx, actor, endpointID, id)
	if err != nil {
		return nil, err
	}
	n := WebhookDelivery{ID: NewID(), EventID: d.EventID, EndpointID: d.EndpointID, InstitutionID: d.InstitutionID, ProfileID: d.ProfileID,
		Event: d.Event, Data: d.Data, Status: DeliveryPending, CreatedAt: s.now()}
	err = s.Store.Update(ctx, func(tx Tx) error {
		if err := tx.InsertDeliveries(ctx, n); err != nil {
			return err
		}
		return tx.EnqueueJobs(ctx, DeliveryJob(n.InstitutionID, n.EndpointID))
	})
	if err != nil {
		return nil, err
	}
	s.notify()
	return &n, nil
}

// RequeueWebhooks queues the delivery job of enabled endpoints that have
// queued deliveries but no job. A delivery job that ends re-queues itself
// when deliveries arrived meanwhile, and enabling an endpoint queues its
// job, so only deliveries left by an earlier version, or jobs removed by
// hand, need this; the server runs it at start. It reports how many it
// queued.
func (s *Service) RequeueWebhooks(ctx context.Context) (int, error) {
	ctx = Background(ctx)
	eps, err := s.Store.EndpointsWithPending(ctx, 100)
	if err != nil || len(eps) == 0 {
		return 0, err
	}
	err = s.Store.Update(ctx, func(tx Tx) error {
		for _, e := range eps {
			if err := tx.EnqueueJobs(ctx, DeliveryJob(e.InstitutionID, e.ID)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	s.notify()
	return len(eps), nil
}

// ConfigWebhook is a webhook endpoint declared in the operator's webhooks
// file rather than through the API.
type ConfigWebhook struct {
	Institution string // the institution's name; created when absent
	URL         string
	Secret      string
	Events      []string // empty: every event
	Batching    bool
}

// SourceConfig marks endpoints that the webhooks file declares.
const SourceConfig = "config"

// configEndpointID is the stable id of a declared endpoint, so that every
// process that syncs the same file arrives at the same rows.
func configEndpointID(institutionID, url string) string {
	h := sha256.Sum256([]byte("gatehouse-config-webhook\x00" + institutionID + "\x00" + url))
	h[6] = (h[6] & 0x0f) | 0x80 // RFC 9562 version 8 (custom)
	h[8] = (h[8] & 0x3f) | 0x80
	x := hex.EncodeToString(h[:16])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

// SyncConfigWebhooks makes the declared endpoints match hooks, in one
// transaction: each is created or updated (and enabled), and a declared
// endpoint no longer in hooks is disabled (its delivery log stays). An
// institution named by hooks is created when absent. Endpoints created
// through the API are not touched. It returns how many endpoints hooks
// declares and how many it disabled.
func (s *Service) SyncConfigWebhooks(ctx context.Context, hooks []ConfigWebhook) (declared, disabled int, err error) {
	now := s.now()
	touched := map[string]bool{}
	var requeued bool
	err = s.Store.Update(ctx, func(tx Tx) error {
		requeued = false
		insts, err := tx.Institutions(ctx)
		if err != nil {
			return err
		}
		byName := map[string]string{}
		for _, in := range insts {
			byName[in.Name] = in.ID
		}
		seen := map[string]bool{}
		for i, h := range hooks {
			name := strings.TrimSpace(h.Institution)
			if name == "" {
				return FieldError(fmt.Sprintf("webhooks[%d].institution", i), "is required")
			}
			instID, ok := byName[name]
			if !ok {
				inst := &Institution{ID: NewID(), Name: name, CreatedAt: now}
				if err := tx.CreateInstitution(ctx, inst); err != nil {
					return err
				}
				instID, byName[name] = inst.ID, inst.ID
			}
			url, secret, events, on := strings.TrimSpace(h.URL), h.Secret, append([]string{}, h.Events...), true
			id := configEndpointID(instID, url)
			if seen[id] {
				return FieldError(fmt.Sprintf("webhooks[%d].url", i), "is declared twice for institution "+name)
			}
			seen[id] = true
			e, err := tx.WebhookEndpoint(ctx, instID, id)
			if err != nil {
				if !IsCode(err, ENotFound) {
					return err
				}
				e = &WebhookEndpoint{ID: id, InstitutionID: instID, Enabled: true, CreatedAt: now}
			}
			wasEnabled := e.Enabled
			e.Source, e.UpdatedAt = SourceConfig, now
			if err := s.applyEndpoint(e, WebhookEndpointInput{URL: &url, Secret: &secret, Events: &events, Batching: &h.Batching, Enabled: &on}); err != nil {
				var ke *Error
				if errors.As(err, &ke) {
					if f, ok := ke.Info["field"].(string); ok {
						return FieldError(fmt.Sprintf("webhooks[%d].%s", i, f), fmt.Sprint(ke.Info["reason"]))
					}
				}
				return err
			}
			if err := tx.SaveWebhookEndpoint(ctx, e); err != nil {
				return err
			}
			if !wasEnabled { // enabled again: send what it has pending
				if err := tx.EnqueueJobs(ctx, DeliveryJob(instID, id)); err != nil {
					return err
				}
				requeued = true
			}
			touched[instID] = true
		}
		for _, in := range byName {
			eps, err := tx.WebhookEndpoints(ctx, in)
			if err != nil {
				return err
			}
			for _, e := range eps {
				if e.Source != SourceConfig || seen[e.ID] || !e.Enabled {
					continue
				}
				e.Enabled, e.UpdatedAt = false, now
				if err := tx.SaveWebhookEndpoint(ctx, &e); err != nil {
					return err
				}
				disabled++
				touched[in] = true
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	for id := range touched {
		s.forgetEndpoints(id)
	}
	if requeued {
		s.notify()
	}
	return len(hooks), disabled, nil
}
