package api

import (
	"net/http"
	"strconv"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// Gatehouse's own endpoints for webhook configuration and the delivery log.

func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request) error {
	eps, err := s.svc.WebhookEndpoints(r.Context(), actorFrom(r.Context()))
	if err != nil {
		return err
	}
	out := make([]passfort.WebhookEndpoint, len(eps))
	for i := range eps {
		out[i] = passfort.FromWebhookEndpoint(&eps[i], false)
	}
	s.writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	in, err := passfort.DecodeWebhookEndpoint(body)
	if err != nil {
		return err
	}
	e, err := s.svc.CreateWebhookEndpoint(r.Context(), actorFrom(r.Context()), in)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromWebhookEndpoint(e, true))
	return nil
}

func (s *Server) getWebhook(w http.ResponseWriter, r *http.Request) error {
	e, err := s.svc.WebhookEndpoint(r.Context(), actorFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromWebhookEndpoint(e, false))
	return nil
}

func (s *Server) updateWebhook(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	in, err := passfort.DecodeWebhookEndpoint(body)
	if err != nil {
		return err
	}
	e, err := s.svc.UpdateWebhookEndpoint(r.Context(), actorFrom(r.Context()), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromWebhookEndpoint(e, in.Secret != nil))
	return nil
}

// deleteWebhook disables an endpoint; its delivery log stays readable.
func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	off := false
	e, err := s.svc.UpdateWebhookEndpoint(r.Context(), actorFrom(r.Context()), r.PathValue("id"), kyc.WebhookEndpointInput{Enabled: &off})
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromWebhookEndpoint(e, false))
	return nil
}

// maxDeliveriesLimit is the largest page of the delivery log.
const maxDeliveriesLimit = 500

func (s *Server) listDeliveries(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	before, err := intParam(q.Get("before"), "before", 0)
	if err != nil {
		return err
	}
	limit, err := intParam(q.Get("limit"), "limit", 100)
	if err != nil {
		return err
	}
	// Refuse what the service would silently clamp: `next` relies on
	// getting exactly limit rows when more remain.
	if limit < 1 || limit > maxDeliveriesLimit {
		return kyc.FieldError("limit", "must be a whole number from 1 to "+strconv.Itoa(maxDeliveriesLimit))
	}
	ds, err := s.svc.WebhookDeliveries(r.Context(), actorFrom(r.Context()), r.PathValue("id"), int64(before), limit)
	if err != nil {
		return err
	}
	out := struct {
		Deliveries []passfort.WebhookDelivery `json:"deliveries"`
		Next       string                     `json:"next,omitempty"`
	}{Deliveries: make([]passfort.WebhookDelivery, len(ds))}
	for i := range ds {
		out.Deliveries[i] = passfort.FromWebhookDelivery(&ds[i], nil)
	}
	if len(ds) == limit {
		out.Next = "?before=" + strconv.FormatInt(ds[len(ds)-1].Seq, 10) + "&limit=" + strconv.Itoa(limit)
	}
	s.writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) getDelivery(w http.ResponseWriter, r *http.Request) error {
	d, as, err := s.svc.WebhookDelivery(r.Context(), actorFrom(r.Context()), r.PathValue("id"), r.PathValue("delivery_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromWebhookDelivery(d, as))
	return nil
}

func (s *Server) redeliver(w http.ResponseWriter, r *http.Request) error {
	d, err := s.svc.Redeliver(r.Context(), actorFrom(r.Context()), r.PathValue("id"), r.PathValue("delivery_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromWebhookDelivery(d, nil))
	return nil
}
