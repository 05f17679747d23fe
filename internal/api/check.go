package api

import (
	"net/http"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

func renderCheck(v any) any { return passfort.FromCheck(v.(*kyc.Check)) }

func (s *Server) listChecks(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.Profile(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromChecks(p.Checks))
	return nil
}

func (s *Server) getCheck(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.Profile(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"))
	if err != nil {
		return err
	}
	c := p.Check(strings.ToLower(r.PathValue("check_id")))
	if c == nil {
		return kyc.NotFound("check", r.PathValue("check_id"))
	}
	s.writeJSON(w, http.StatusOK, passfort.FromCheck(c))
	return nil
}

// createCheck instructs a check; ?mode=sync|async overrides the type's default.
func (s *Server) createCheck(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	in, err := passfort.DecodeNewCheck(body, r.URL.Query().Get("mode"))
	if err != nil {
		return err
	}
	ctx, err := s.idempotent(r, body, renderCheck)
	if err != nil {
		return err
	}
	c, err := s.svc.InstructCheck(ctx, actorFrom(ctx), r.PathValue("profile_id"), in)
	return s.respond(ctx, w, c, err, renderCheck)
}

func (s *Server) updateCheck(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	ids, err := passfort.DecodeCheckTasks(body)
	if err != nil {
		return err
	}
	ctx, err := s.idempotent(r, body, renderCheck)
	if err != nil {
		return err
	}
	c, err := s.svc.UpdateCheckTasks(ctx, actorFrom(ctx), r.PathValue("profile_id"), r.PathValue("check_id"), ids)
	return s.respond(ctx, w, c, err, renderCheck)
}

func (s *Server) approveCheck(w http.ResponseWriter, r *http.Request) error {
	return s.reviewCheck(w, r, true)
}

func (s *Server) rejectCheck(w http.ResponseWriter, r *http.Request) error {
	return s.reviewCheck(w, r, false)
}

// reviewCheck answers with the check that carries the decision (the
// contract's response is an untyped object).
func (s *Server) reviewCheck(w http.ResponseWriter, r *http.Request, approve bool) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	ctx, err := s.idempotent(r, body, renderCheck)
	if err != nil {
		return err
	}
	c, err := s.svc.ReviewCheck(ctx, actorFrom(ctx), r.PathValue("profile_id"), r.PathValue("check_id"), approve)
	return s.respond(ctx, w, c, err, renderCheck)
}

func renderSteps(v any) any { return passfort.FromCollectionSteps(v.([]kyc.CollectionStep)) }

func (s *Server) listCollectionSteps(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.Profile(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromCollectionSteps(p.CollectionSteps))
	return nil
}

func (s *Server) setCollectionSteps(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	steps, err := passfort.DecodeCollectionSteps(body)
	if err != nil {
		return err
	}
	ctx, err := s.idempotent(r, body, renderSteps)
	if err != nil {
		return err
	}
	out, err := s.svc.SetCollectionSteps(ctx, actorFrom(ctx), r.PathValue("profile_id"), steps)
	return s.respond(ctx, w, out, err, renderSteps)
}
