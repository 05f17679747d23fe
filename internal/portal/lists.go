package portal

import (
	"net/http"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// listsData is the lists page's data: every configured path with its
// lists (version, entities, when loaded, stale or failed) and the latest
// list changes monitoring acted on.
type listsData struct {
	Sources []ListSource
	Runs    []kyc.MonitorRun
}

func (s *Server) lists(w http.ResponseWriter, r *http.Request, rq *request) error {
	d := listsData{}
	if s.cfg.ListsFunc != nil {
		d.Sources = s.cfg.ListsFunc()
	}
	runs, err := s.svc.Store.MonitorRuns(r.Context(), 20)
	if err != nil {
		return err
	}
	d.Runs = runs
	return s.render(w, "lists", newPage(rq, "Lists", "lists", d))
}
