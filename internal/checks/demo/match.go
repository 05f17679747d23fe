package demo

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// screenMatch is a SanctionsResult of a screening output and, with
// event_type and provider_name set and only one flag's details, the
// EventData of the event it raises.
type screenMatch struct {
	EventType      kyc.EventType `json:"event_type,omitempty"`
	MatchID        string        `json:"match_id"`
	ProviderName   string        `json:"provider_name,omitempty"`
	MatchName      string        `json:"match_name"`
	MatchDates     []string      `json:"match_dates,omitempty"`
	MatchCountries []string      `json:"match_countries,omitempty"`
	Score          float64       `json:"score"`
	Aliases        []string      `json:"aliases,omitempty"`
	PEP            *pep          `json:"pep,omitempty"`
	Sanctions      []sanction    `json:"sanctions,omitempty"`
	Media          []article     `json:"media,omitempty"`
	Details        []detail      `json:"details,omitempty"`
	Sources        []source      `json:"sources,omitempty"`
}

type pep struct {
	Match     bool      `json:"match"`
	Tier      int       `json:"tier"`
	IsCurrent bool      `json:"is_current"`
	Roles     []pepRole `json:"roles"`
}

type pepRole struct {
	Name      string `json:"name"`
	Tier      int    `json:"tier"`
	FromDate  string `json:"from_date,omitempty"`
	IsCurrent bool   `json:"is_current"`
}

type sanction struct {
	Issuer      string       `json:"issuer"`
	Name        string       `json:"name"`
	List        string       `json:"list"`
	Type        string       `json:"type"`
	IsCurrent   bool         `json:"is_current"`
	TimePeriods []timePeriod `json:"time_periods"`
}

type timePeriod struct {
	FromDate string `json:"from_date"`
}

type article struct {
	URL     string `json:"url"`
	Snippet string `json:"snippet"`
	Date    string `json:"date"`
}

type detail struct {
	Text string `json:"text"`
}

type source struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// match builds the potential match a hit reports. Its match_id depends
// only on the entity's name and the hit's flags, so that screening the
// same entity again finds the same match (and a match resolved as a
// mismatch is not raised again).
func (r *run) match(s hitSpec) screenMatch {
	name := withoutKeywords(r.name)
	if name == "" {
		name = "Unnamed"
	}
	t, score := "ALL", 0.97
	if len(s.flags) == 1 {
		t, score = flags[s.flags[0]].tag, flags[s.flags[0]].score
	}
	id := "DEMO-" + t + "-" + tag(strings.ToLower(name))
	if s.namesake > 0 {
		id += "-" + strconv.Itoa(s.namesake+1)
		score -= 0.1 * float64(s.namesake)
	}
	m := screenMatch{MatchID: id, MatchName: name, Score: score, MatchCountries: countries(&r.facts, r.isCompany())}
	if !r.isCompany() && passfort.IsPartialDate(r.facts.DOB) {
		m.MatchDates = []string{shiftYear(r.facts.DOB, -11*s.namesake)}
	}
	for _, f := range s.flags {
		m.Sources = append(m.Sources, flags[f].source)
		switch f {
		case flagPEP:
			m.PEP = r.pepDetails()
		case flagSanction:
			m.Sanctions = []sanction{{
				Issuer: "Demo Sanctions Authority", Name: "Demo Consolidated Sanctions List",
				List: "DEMO-CONSOLIDATED", Type: "Asset freeze", IsCurrent: true,
				TimePeriods: []timePeriod{{FromDate: "2022-03-15"}},
			}}
			given, family := withoutKeywords(givenNames(&r.facts)), withoutKeywords(r.facts.FamilyName)
			if !r.isCompany() && len(s.flags) == 1 && given != "" && family != "" {
				m.MatchName = strings.ToUpper(family) + ", " + given
				m.Aliases = []string{name}
			}
		case flagMedia:
			m.Media = []article{{
				URL:     "https://news.example.org/demo/" + strings.ToLower(id),
				Snippet: name + " is named in a fictitious demo report on financial crime.",
				Date:    "2023-09-14",
			}}
		case flagRefer:
			m.Details = []detail{{Text: "Possible match on name only: no other detail confirms or rules it out."}}
			given, family := []rune(withoutKeywords(givenNames(&r.facts))), withoutKeywords(r.facts.FamilyName)
			if !r.isCompany() && len(s.flags) == 1 && len(given) > 0 && family != "" {
				m.MatchName = string(given[0]) + ". " + family
			}
		}
	}
	return m
}

func (r *run) pepDetails() *pep {
	if r.isCompany() {
		return &pep{Match: true, Tier: 2, IsCurrent: true, Roles: []pepRole{{Name: "State-owned enterprise", Tier: 2, IsCurrent: true}}}
	}
	return &pep{Match: true, Tier: 1, IsCurrent: true, Roles: []pepRole{{
		Name: "Member of the National Legislature", Tier: 1, FromDate: "2016-05", IsCurrent: true,
	}}}
}

// hit is the event one flag of a match raises: the match with that flag's
// details only. Its key names the match and the flag, since one match may
// raise several events (SCREEN_ALL_FLAGS_SAME_HIT).
func (r *run) hit(m screenMatch, f flag) kyc.Hit {
	e := m
	e.EventType, e.ProviderName = flags[f].event, ProviderName
	e.PEP, e.Sanctions, e.Media, e.Details, e.Sources = nil, nil, nil, nil, []source{flags[f].source}
	switch f {
	case flagPEP:
		e.PEP = m.PEP
	case flagSanction:
		e.Sanctions = m.Sanctions
	case flagMedia:
		e.Media = m.Media
	case flagRefer:
		e.Details = m.Details
	}
	raw, err := json.Marshal(e)
	if err != nil { // cannot happen: plain strings and numbers
		raw = []byte(`{"event_type":"` + string(e.EventType) + `"}`)
	}
	return kyc.Hit{Type: e.EventType, MatchKey: "demo:" + m.MatchID + "/" + string(e.EventType), Event: raw}
}

// shiftYear moves a PartialDate by some years, for a namesake's date of
// birth.
func shiftYear(d string, years int) string {
	if years == 0 {
		return d
	}
	y, _ := strconv.Atoi(d[:4])
	y += years
	if y < 1000 {
		y += 1000
	}
	return fmt.Sprintf("%04d", y%10000) + d[4:]
}
