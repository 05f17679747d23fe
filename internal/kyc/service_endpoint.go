package kyc

import (
	"context"
	"crypto/rand"
	"encoding/hex"
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
	if err := s.Store.Update(ctx, func(tx Tx) error { return tx.SaveWebhookEndpoint(ctx, e) }); err != nil {
		return nil, err
	}
	s.forgetEndpoints(actor.InstitutionID)
	return e, nil
}

// UpdateWebhookEndpoint changes an endpoint of the actor's institution.
func (s *Service) UpdateWebhookEndpoint(ctx context.Context, actor Actor, id string, in WebhookEndpointInput) (*WebhookEndpoint, error) {
	e, err := s.WebhookEndpoint(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := s.applyEndpoint(e, in); err != nil {
		return nil, err
	}
	e.UpdatedAt = s.now()
	if err := s.Store.Update(ctx, func(tx Tx) error { return tx.SaveWebhookEndpoint(ctx, e) }); err != nil {
		return nil, err
	}
	s.forgetEndpoints(actor.InstitutionID)
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
	n := WebhookDelivery{ID: NewID(), EventID: d.EventID, EndpointID: d.EndpointID, InstitutionID: d.InstitutionID,
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

// RequeueWebhooks queues the delivery job of endpoints that have queued
// deliveries but no job, which a job lost between its last delivery and
// new ones arriving would leave behind. It reports how many it queued.
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
	return 0, nil // the jobs run the deliveries; nothing to repeat at once
}
