package portal

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Search limits: candidates read by a name's word, and results shown.
const (
	searchCandidates = 500
	searchResults    = 50
	maxSearchText    = 200
)

// searchResult is one profile found, with its visible applications.
type searchResult struct {
	ProfileID    string
	DisplayName  string
	Created      string
	Applications []kyc.QueueItem
	Via          string // "name", "tag NAME" or "id"
}

// searchData is the search page's data.
type searchData struct {
	Query     string
	Results   []searchResult
	Truncated bool
}

// search finds profiles by name, tag or id. It is a POST so that a name
// never appears in a URL (browser history, proxy and server logs); an id
// goes straight to its case page.
func (s *Server) search(w http.ResponseWriter, r *http.Request, rq *request) error {
	text := strings.TrimSpace(r.PostForm.Get("q"))
	ctx, inst := r.Context(), rq.user.InstitutionID
	d := searchData{Query: text}
	switch {
	case text == "":
		return &redirect{to: "/portal/queue"}
	case len(text) > maxSearchText:
		return kyc.FieldError("q", "must be at most 200 characters")
	case kyc.ValidID(text):
		id := strings.ToLower(text)
		if _, err := s.svc.Profile(ctx, rq.actor(), id); err == nil {
			return &redirect{to: "/portal/profiles/" + id}
		}
		if pid, err := s.svc.Store.ApplicationProfile(ctx, inst, id); err == nil {
			return &redirect{to: "/portal/profiles/" + pid}
		}
		p := newPage(rq, "Search", "queue", d)
		return s.render(w, "search", p)
	}
	found := map[string]*searchResult{}
	var order []string
	add := func(m kyc.NameMatch, via string) {
		if found[m.ProfileID] == nil {
			found[m.ProfileID] = &searchResult{ProfileID: m.ProfileID, DisplayName: m.DisplayName,
				Created: m.CreatedAt.UTC().Format("2006-01-02"), Via: via}
			order = append(order, m.ProfileID)
		}
	}
	words := strings.Fields(strings.ToLower(text))
	longest := slices.MaxFunc(words, func(a, b string) int { return len(a) - len(b) })
	ms, err := s.svc.Store.ProfilesByNameToken(ctx, inst, longest, searchCandidates)
	if err != nil {
		return err
	}
	d.Truncated = len(ms) == searchCandidates
	slices.SortStableFunc(ms, func(a, b kyc.NameMatch) int { return b.CreatedAt.Compare(a.CreatedAt) })
	for _, m := range ms {
		if nameHasWords(m.DisplayName, words) {
			add(m, "name")
		}
	}
	tags, err := s.svc.SearchTags(ctx, rq.actor(), text, 10)
	if err != nil {
		return err
	}
	for _, t := range tags {
		tms, err := s.svc.Store.ProfilesByTag(ctx, inst, t.ID, searchResults)
		if err != nil {
			return err
		}
		for _, m := range tms {
			add(m, "tag "+t.Name)
		}
	}
	if len(order) > searchResults {
		order, d.Truncated = order[:searchResults], true
	}
	items, err := s.svc.Store.QueueItemsOf(ctx, inst, order)
	if err != nil {
		return err
	}
	for _, it := range items {
		if res := found[it.ProfileID]; res != nil {
			res.Applications = append(res.Applications, it)
		}
	}
	for _, id := range order {
		d.Results = append(d.Results, *found[id])
	}
	return s.render(w, "search", newPage(rq, "Search", "queue", d))
}

// nameHasWords reports whether every word of a query starts a word of the
// name (the name index matched only the longest).
func nameHasWords(name string, words []string) bool {
	nw := strings.Fields(strings.ToLower(name))
	for _, w := range words {
		if !slices.ContainsFunc(nw, func(x string) bool { return strings.HasPrefix(x, w) }) {
			return false
		}
	}
	return true
}
