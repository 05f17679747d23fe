package api

import (
	"net/http"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

func renderEvent(v any) any { return passfort.FromEvent(v.(*kyc.Event)) }

func renderEvents(v any) any { return passfort.FromEvents(v.([]*kyc.Event)) }

func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.Profile(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromEvents(p.Events))
	return nil
}

func (s *Server) getEvent(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.Profile(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"))
	if err != nil {
		return err
	}
	e := p.Event(strings.ToLower(r.PathValue("event_id")))
	if e == nil {
		return kyc.NotFound("event", r.PathValue("event_id"))
	}
	s.writeJSON(w, http.StatusOK, passfort.FromEvent(e))
	return nil
}

func (s *Server) createEvent(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	in, err := passfort.DecodeNewEvent(body)
	if err != nil {
		return err
	}
	ctx, err := s.idempotent(r, body, renderEvent)
	if err != nil {
		return err
	}
	e, err := s.svc.CreateEvent(ctx, actorFrom(ctx), r.PathValue("profile_id"), in)
	return s.respond(ctx, w, e, err, renderEvent)
}

func (s *Server) updateEvent(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	u, err := passfort.DecodeEventUpdate(body, r.PathValue("event_id"))
	if err != nil {
		return err
	}
	render := func(v any) any { return passfort.FromEvent(v.([]*kyc.Event)[0]) }
	ctx, err := s.idempotent(r, body, render)
	if err != nil {
		return err
	}
	es, err := s.svc.UpdateEvents(ctx, actorFrom(ctx), r.PathValue("profile_id"), []kyc.EventUpdate{u}, false)
	return s.respond(ctx, w, es, err, render)
}

func (s *Server) bulkUpdateEvents(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	us, err := passfort.DecodeBulkEventUpdate(body)
	if err != nil {
		return err
	}
	ctx, err := s.idempotent(r, body, renderEvents)
	if err != nil {
		return err
	}
	es, err := s.svc.UpdateEvents(ctx, actorFrom(ctx), r.PathValue("profile_id"), us, true)
	return s.respond(ctx, w, es, err, renderEvents)
}
