package api

import (
	"net/http"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

func renderApplication(v any) any {
	av := v.(*kyc.AppView)
	return passfort.FromApplication(av.Profile, av.Application)
}

func (s *Server) addApplication(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	na, err := passfort.DecodeApplication(body)
	if err != nil {
		return err
	}
	ctx, err := s.idempotent(r, body, renderApplication)
	if err != nil {
		return err
	}
	a, p, err := s.svc.AddApplication(ctx, actorFrom(ctx), r.PathValue("profile_id"), na)
	return s.respond(ctx, w, &kyc.AppView{Profile: p, Application: a}, err, renderApplication)
}

func (s *Server) listApplications(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.Applications(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"))
	if err != nil {
		return err
	}
	out := make([]passfort.Application, len(p.Applications))
	for i, a := range p.Applications {
		out[i] = passfort.FromApplication(p, a)
	}
	s.writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) getApplication(w http.ResponseWriter, r *http.Request) error {
	a, p, err := s.svc.Application(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"), r.PathValue("application_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromApplication(p, a))
	return nil
}

func (s *Server) decideApplication(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	status, comment, err := passfort.DecodeDecision(body)
	if err != nil {
		return err
	}
	ctx, err := s.idempotent(r, body, renderApplication)
	if err != nil {
		return err
	}
	av, err := s.svc.DecideApplication(ctx, actorFrom(ctx), r.PathValue("profile_id"), r.PathValue("application_id"), status, comment)
	return s.respond(ctx, w, av, err, renderApplication)
}

func (s *Server) revertDecision(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	comment, err := passfort.DecodeRevert(body)
	if err != nil {
		return err
	}
	ctx, err := s.idempotent(r, body, renderApplication)
	if err != nil {
		return err
	}
	av, err := s.svc.RevertDecision(ctx, actorFrom(ctx), r.PathValue("profile_id"), r.PathValue("application_id"), comment)
	return s.respond(ctx, w, av, err, renderApplication)
}
