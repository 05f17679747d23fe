package api

import (
	"net/http"

	"github.com/gatehouse/gatehouse/internal/passfort"
)

func (s *Server) searchCompanies(w http.ResponseWriter, r *http.Request) error {
	q, err := passfort.DecodeCompanySearch(r.URL.Query())
	if err != nil {
		return err
	}
	res, err := s.svc.SearchCompanies(r.Context(), actorFrom(r.Context()), q)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromCompanySearch(res))
	return nil
}
