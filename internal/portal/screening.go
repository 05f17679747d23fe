package portal

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/screening"
)

// screeningData is the ad-hoc screening page's data: the query (from the
// form's body: a name never goes in a URL) and the matches.
type screeningData struct {
	Name, DOB, Country, Type string
	Searched                 bool
	Matches                  []screenMatchView
	Lists                    []screening.ListInfo
	NoLists                  bool
}

// screenMatchView is one listed entity found, with the engine's
// explanation: each piece of the score and the entry's details.
type screenMatchView struct {
	M         *screening.Match
	Score     string
	Strength  string
	Names     []nameMatch
	Dates     []string
	Countries []string
	Addresses []string
	IDs       []string
	Topics    []string
}

var partialDate = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// Ad-hoc screening limits.
const (
	screenMaxName    = 300
	screenMaxResults = 20
)

func (s *Server) screeningPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	d := screeningData{}
	s.screeningLists(&d)
	return s.render(w, "screening", newPage(rq, "Screening", "screening", d))
}

func (s *Server) screeningLists(d *screeningData) *screening.Index {
	var idx *screening.Index
	if s.cfg.ScreenIndexFunc != nil {
		idx = s.cfg.ScreenIndexFunc()
	}
	if idx == nil {
		d.NoLists = true
		return nil
	}
	d.Lists = idx.Lists()
	return idx
}

// screen searches the loaded lists for a name, outside any profile.
func (s *Server) screen(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := r.PostForm
	d := screeningData{Name: strings.TrimSpace(f.Get("name")), DOB: strings.TrimSpace(f.Get("dob")),
		Country: strings.TrimSpace(f.Get("country")), Type: f.Get("type")}
	idx := s.screeningLists(&d)
	p := newPage(rq, "Screening", "screening", d)
	var err error
	switch {
	case d.Name == "":
		err = kyc.MissingField("name")
	case len(d.Name) > screenMaxName:
		err = kyc.FieldError("name", "must be at most 300 characters")
	case d.DOB != "" && !partialDate.MatchString(d.DOB):
		err = kyc.FieldError("dob", "must be YYYY, YYYY-MM or YYYY-MM-DD")
	case len(d.Country) > 60:
		err = kyc.FieldError("country", "must be a country code or name")
	case d.Type != "" && d.Type != string(screening.Person) && d.Type != string(screening.Organisation):
		err = kyc.FieldError("type", "must be person or organisation")
	case idx == nil:
		err = &kyc.Error{Code: kyc.EProcessNotSetup, Message: "No sanctions lists are loaded: start the server with --lists or import lists with gatehouse lists import."}
	}
	if err != nil {
		p.Status, p.Error = statusOf(err), err.(*kyc.Error).Message
		p.Data = d
		return s.render(w, "screening", p)
	}
	ms := idx.Search(screening.Query{Name: d.Name, DOB: d.DOB, Country: d.Country, Type: screening.EntityType(d.Type),
		Limit: screenMaxResults})
	d.Searched = true
	for i := range ms {
		d.Matches = append(d.Matches, screenMatchOf(&ms[i]))
	}
	p.Data = d
	return s.render(w, "screening", p)
}

func screenMatchOf(m *screening.Match) screenMatchView {
	v := screenMatchView{M: m, Score: pct(m.Score), Strength: strength(m.Score)}
	e := m.Entity
	if e == nil {
		return v
	}
	for _, n := range e.Names {
		v.Names = append(v.Names, nameMatch{Name: n.Full + kindNote(n.Kind), Matched: n.Full == m.MatchedName})
	}
	for _, d := range e.DatesOfBirth {
		v.Dates = append(v.Dates, d.String())
	}
	v.Countries = e.Countries
	for _, a := range e.Addresses {
		v.Addresses = append(v.Addresses, joinNonEmpty(", ", a.Line, a.City, a.Region, a.PostalCode, a.Country))
	}
	for _, id := range e.Identifiers {
		v.IDs = append(v.IDs, joinNonEmpty(" ", id.Type+":", id.Value, id.Country))
	}
	for _, t := range e.Topics {
		v.Topics = append(v.Topics, string(t))
	}
	return v
}

func kindNote(k screening.NameKind) string {
	switch k {
	case screening.NamePrimary, "":
		return ""
	}
	return " (" + string(k) + ")"
}

func pct(f float64) string { return itoa(int(f*100+0.5)) + "%" }
