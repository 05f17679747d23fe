package api

import (
	"net/http"

	"github.com/gatehouse/gatehouse/internal/passfort"
)

// The collect key endpoints take no Idempotency-Key: their answer is the
// key, which is never stored, so it cannot be replayed. A retry issues
// another key; the first one expires unused.

func (s *Server) createCollectKey(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	ids, err := passfort.DecodeCollectKeyRequest(body)
	if err != nil {
		return err
	}
	secret, k, err := s.svc.CreateCollectKey(r.Context(), actorFrom(r.Context()), ids, "profile_ids")
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromCollectKey(secret, k))
	return nil
}

func (s *Server) createProfileCollectKey(w http.ResponseWriter, r *http.Request) error {
	secret, k, err := s.svc.CreateCollectKey(r.Context(), actorFrom(r.Context()), []string{r.PathValue("profile_id")}, "")
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromCollectKey(secret, k))
	return nil
}
