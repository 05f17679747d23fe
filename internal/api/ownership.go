package api

import (
	"net/http"

	"github.com/gatehouse/gatehouse/internal/passfort"
)

// getOwnership serves a company's ownership graph (Gatehouse's own
// endpoint, docs/kyb.md).
func (s *Server) getOwnership(w http.ResponseWriter, r *http.Request) error {
	p, o, err := s.svc.Ownership(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromOwnership(p, o))
	return nil
}
