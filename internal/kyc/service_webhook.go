package kyc

import (
	"context"
	"encoding/json"
	"sync"
	"time"
)

// endpointCacheTTL bounds how long a process keeps an institution's
// webhook endpoints without re-reading them (changes made through this
// process are seen at once; those made by another process within this time).
const endpointCacheTTL = 5 * time.Second

type endpointCache struct {
	mu sync.Mutex
	m  map[string]cachedEndpoints
}

type cachedEndpoints struct {
	eps   []WebhookEndpoint
	until time.Time
}

// endpoints returns an institution's endpoints, read through r (the
// transaction in progress: asking the pool for a second connection while a
// transaction holds one can exhaust it).
func (s *Service) endpoints(ctx context.Context, r Reader, institutionID string) ([]WebhookEndpoint, error) {
	now := time.Now()
	s.hooks.mu.Lock()
	c, ok := s.hooks.m[institutionID]
	s.hooks.mu.Unlock()
	if ok && now.Before(c.until) {
		return c.eps, nil
	}
	eps, err := r.WebhookEndpoints(ctx, institutionID)
	if err != nil {
		return nil, err
	}
	s.hooks.mu.Lock()
	if s.hooks.m == nil {
		s.hooks.m = map[string]cachedEndpoints{}
	}
	s.hooks.m[institutionID] = cachedEndpoints{eps: eps, until: now.Add(endpointCacheTTL)}
	s.hooks.mu.Unlock()
	return eps, nil
}

func (s *Service) forgetEndpoints(institutionID string) {
	s.hooks.mu.Lock()
	delete(s.hooks.m, institutionID)
	s.hooks.mu.Unlock()
}

// queueWebhooks turns the profile's recorded changes into deliveries for
// every endpoint that wants them, in the transaction that made the
// changes, and queues each endpoint's delivery job.
func (s *Service) queueWebhooks(ctx context.Context, tx Tx, p *Profile, changes []Change) error {
	if len(changes) == 0 {
		return nil
	}
	eps, err := s.endpoints(ctx, tx, p.InstitutionID)
	if err != nil || len(eps) == 0 {
		return err
	}
	var ds []WebhookDelivery
	jobs := map[string]bool{}
	for _, c := range changes {
		event := string(c.Kind)
		var data json.RawMessage
		eventID := NewID()
		for _, ep := range eps {
			if !ep.Wants(event) {
				continue
			}
			if data == nil {
				if data, err = json.Marshal(webhookData(p, c)); err != nil {
					return &Error{Code: EInternal, Message: "webhook payload", Err: err}
				}
			}
			ds = append(ds, WebhookDelivery{ID: NewID(), EventID: eventID, EndpointID: ep.ID, InstitutionID: p.InstitutionID, ProfileID: p.ID,
				Event: event, Data: data, Status: DeliveryPending, CreatedAt: c.At})
			jobs[ep.ID] = true
		}
	}
	if len(ds) == 0 {
		return nil
	}
	if err := tx.InsertDeliveries(ctx, ds...); err != nil {
		return err
	}
	for id := range jobs {
		if err := tx.EnqueueJobs(ctx, DeliveryJob(p.InstitutionID, id)); err != nil {
			return err
		}
	}
	return nil
}

// DeliveryJob is the job that delivers an endpoint's queued webhooks: one
// per endpoint at a time, so that they go out in order.
func DeliveryJob(institutionID, endpointID string) Job {
	return Job{Kind: JobWebhook, Ref: endpointID, InstitutionID: institutionID, Key: JobWebhook + ":" + endpointID}
}

// webhookData is the data of a webhook: what changed, on which profile, by
// whom (user and API key are null when the smart policy made the change).
func webhookData(p *Profile, c Change) map[string]any {
	d := map[string]any{"profile_id": p.ID, "customer_ref": nil, "user": nil, "apikey": nil}
	if ref := p.Facts().CustomerRef; ref != "" {
		d["customer_ref"] = ref
	}
	if u := c.Actor.User; u != nil {
		d["user"] = map[string]any{"id": u.ID, "name": u.Name, "email": u.Email}
	}
	if k := c.Actor.APIKey; k != nil {
		d["apikey"] = map[string]any{"name": k.Name}
	}
	app := func() {
		d["application_id"] = c.ApplicationID
		if a := p.Application(c.ApplicationID); a != nil {
			d["product"] = map[string]any{"id": a.Product.ID, "alias": a.Product.Alias, "name": a.Product.Name}
			d["status"] = string(a.Status)
		}
	}
	switch c.Kind {
	case ChangeProductStatus:
		app()
		d["new_status"] = c.New
		if c.Old != "" {
			d["old_status"] = c.Old
		}
	case ChangeProductBadge:
		app()
		d["new_flag"], d["old_flag"] = c.New, c.Old
	case ChangeManualActionRequired:
		app()
		d["flag"] = c.New
	case ChangeRiskLevel:
		app()
		d["new_risk_level"], d["old_risk_level"] = c.New, c.Old
	case ChangeCheckCompleted:
		d["check_id"] = c.CheckID
		if ck := p.Check(c.CheckID); ck != nil {
			d["check_type"], d["result"], d["state"] = string(ck.Type), ck.Result, string(ck.State)
		}
	case ChangeTaskCreated, ChangeTaskState:
		d["task_id"] = c.TaskID
		if t := p.Task(c.TaskID); t != nil {
			d["task_type"] = string(t.Variant.Type)
			d["variant"] = map[string]any{"id": t.Variant.ID, "alias": t.Variant.Alias, "name": t.Variant.Name}
			if c.Kind == ChangeTaskState {
				d["new_state"], d["old_state"], d["is_complete"] = c.New, c.Old, t.State.Complete()
			}
		}
	case ChangeCollectedData:
		if len(c.Linked) > 0 {
			d["linked_profile_ids"] = c.Linked
		}
		if len(c.Unlinked) > 0 {
			d["unlinked_profile_ids"] = c.Unlinked
		}
	case ChangeEventsCreated, ChangeEventsUpdated:
		d["event_ids"] = c.EventIDs
		if c.Kind == ChangeEventsUpdated {
			d["new_resolution"] = c.New
		}
	}
	return d
}
