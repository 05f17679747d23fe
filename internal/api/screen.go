package api

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/screening"
)

// GET /gatehouse/v1/screen: screen one name against the lists in service,
// outside any profile (ad-hoc searches, other systems' payments).

// screenResult is the endpoint's answer: the best matches, highest score
// first, and the list versions searched.
type screenResult struct {
	Matches []screenMatch `json:"matches"`
	Lists   []screenList  `json:"lists"`
}

// screenMatch is one listed entity: list_id is the list's own identifier
// (the SDN ent_num for OFAC), name the entity's primary name, matched_name
// the name of it that matched, match whether score reaches the default
// threshold, reasons the pieces of the score as lines and explanation the
// same pieces for programs (paired words and how they matched, date of
// birth, country and type checks).
type screenMatch struct {
	List        string                 `json:"list"`
	ListID      string                 `json:"list_id"`
	Name        string                 `json:"name"`
	MatchedName string                 `json:"matched_name"`
	Score       float64                `json:"score"`
	Match       bool                   `json:"match"`
	Reasons     []string               `json:"reasons"`
	Explanation *screening.Explanation `json:"explanation"`
}

type screenList struct {
	List    string `json:"list"`
	Version string `json:"version"`
}

// Limits of the screen endpoint's parameters.
const (
	screenMaxName  = 300
	screenMaxLimit = 100
)

var screenDate = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

func (s *Server) screenName(w http.ResponseWriter, r *http.Request) error {
	q, err := screenQuery(r.URL.Query())
	if err != nil {
		return err
	}
	var idx *screening.Index
	if s.cfg.ScreenIndexFunc != nil {
		idx = s.cfg.ScreenIndexFunc()
	}
	if idx == nil {
		return &kyc.Error{Code: kyc.EProcessNotSetup,
			Message: "no sanctions lists loaded; start gatehouse serve with --lists (or import lists with gatehouse lists import)"}
	}
	ms := idx.Search(q)
	out := screenResult{Matches: make([]screenMatch, len(ms)), Lists: []screenList{}}
	for i := range ms {
		m := &ms[i]
		out.Matches[i] = screenMatch{List: m.List, ListID: m.ListID, Name: m.Entity.PrimaryName(), MatchedName: m.MatchedName,
			Score: m.Score, Match: m.Match, Reasons: m.Reasons, Explanation: &m.Explanation}
		if out.Matches[i].Reasons == nil {
			out.Matches[i].Reasons = []string{}
		}
	}
	for _, l := range idx.Lists() {
		out.Lists = append(out.Lists, screenList{List: l.Name, Version: l.Version})
	}
	s.writeJSON(w, http.StatusOK, out)
	return nil
}

// screenQuery validates the endpoint's parameters.
func screenQuery(v url.Values) (screening.Query, error) {
	q := screening.Query{Name: strings.TrimSpace(v.Get("name")), Limit: 10}
	switch {
	case q.Name == "":
		return q, kyc.MissingField("name")
	case len(q.Name) > screenMaxName:
		return q, kyc.FieldError("name", "must be at most "+strconv.Itoa(screenMaxName)+" bytes")
	}
	switch t := strings.TrimSpace(v.Get("type")); strings.ToLower(t) {
	case "":
	case "person":
		q.Type = screening.Person
	case "company":
		q.Type = screening.Organisation
	default:
		return q, kyc.FieldError("type", "must be person or company")
	}
	if d := strings.TrimSpace(v.Get("dob")); d != "" {
		if _, ok := screening.ParseDate(d); !ok || !screenDate.MatchString(d) {
			return q, kyc.FieldError("dob", "must be a date YYYY, YYYY-MM or YYYY-MM-DD")
		}
		q.DOB = d
	}
	if c := strings.TrimSpace(v.Get("country")); c != "" {
		a3, ok := screening.KnownCountry(c)
		if !ok {
			return q, kyc.FieldError("country", "is not a country code (ISO 3166 alpha-2 or alpha-3) or name Gatehouse knows")
		}
		q.Country = a3
	}
	if l := strings.TrimSpace(v.Get("limit")); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > screenMaxLimit {
			return q, kyc.FieldError("limit", "must be a whole number from 1 to "+strconv.Itoa(screenMaxLimit))
		}
		q.Limit = n
	}
	return q, nil
}
