package portal

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// rawHit is a potential match's EventData (or a SanctionsResult), with
// Gatehouse's own members from the screening engine (list, list_id,
// list_version, matched_name, listed_type, topics).
type rawHit struct {
	EventType       string   `json:"event_type"`
	MatchID         string   `json:"match_id"`
	ProviderName    string   `json:"provider_name"`
	MatchName       string   `json:"match_name"`
	MatchDates      []string `json:"match_dates"`
	MatchCountries  []string `json:"match_countries"`
	Score           *float64 `json:"score"`
	Aliases         []string `json:"aliases"`
	Gender          string   `json:"gender"`
	Remarks         []string `json:"remarks"`
	Riskography     string   `json:"riskography"`
	DeceasedDates   []string `json:"deceased_dates"`
	Identifications []struct {
		Type   string `json:"type"`
		Values []struct {
			Value string `json:"value"`
		} `json:"values"`
	} `json:"identifications"`
	Locations []struct {
		Type    string `json:"type"`
		Address string `json:"address"`
		City    string `json:"city"`
		Country string `json:"country"`
	} `json:"locations"`
	PEP *struct {
		Match bool `json:"match"`
		Tier  *int `json:"tier"`
		Roles []struct {
			Name string `json:"name"`
		} `json:"roles"`
	} `json:"pep"`
	Sanctions []struct {
		Issuer      string `json:"issuer"`
		Name        string `json:"name"`
		List        string `json:"list"`
		Type        string `json:"type"`
		Kind        string `json:"kind"`
		IsCurrent   *bool  `json:"is_current"`
		TimePeriods []struct {
			From string `json:"from_date"`
			To   string `json:"to_date"`
		} `json:"time_periods"`
	} `json:"sanctions"`
	Media []struct {
		Title   string `json:"title"`
		Snippet string `json:"snippet"`
		URL     string `json:"url"`
		Date    string `json:"date"`
	} `json:"media"`
	Details []struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"details"`
	Sources []struct {
		Name        string `json:"name"`
		Description string `json:"description"`
		URL         string `json:"url"`
	} `json:"sources"`
	List        string   `json:"list"`
	ListID      string   `json:"list_id"`
	ListVersion string   `json:"list_version"`
	MatchedName string   `json:"matched_name"`
	ListedType  string   `json:"listed_type"`
	Topics      []string `json:"topics"`
}

func parseHit(data []byte) rawHit {
	var h rawHit
	_ = json.Unmarshal(data, &h) // validated when the event was raised
	return h
}

// hitView is a potential match as the analyst reviews it: what in the
// profile matched what in the list entry (names, date of birth, country)
// and how strongly, the engine's explanation, and the entry's details.
// Everything about a match is rendered by the one template "hit", so new
// structured pieces of the engine's explanation are added in one place.
type hitView struct {
	Event      *kyc.Event
	Open       bool
	QueryName  string // the profile's name, which was screened
	Type       string
	MatchName  string
	Provider   string
	Score      string
	Strength   string
	Names      []nameMatch
	DOB        factMatch
	Country    factMatch
	Reasons    []string
	List       string
	ListID     string
	Version    string
	ListedType string
	Topics     []string
	Sanctions  []string
	PEP        []string
	Media      []mediaView
	Locations  []string
	IDs        []string
	Remarks    []string
	Sources    []string
	Gender     string
	Resolved   string
}

// nameMatch is one name of the list entry; Matched marks the one the
// profile's name matched.
type nameMatch struct {
	Name    string
	Matched bool
}

// factMatch compares one fact of the profile with the list entry's.
type factMatch struct {
	Profile string
	Listed  string
	Verdict string // "exact", "same year and month", "same year", "differs", "not compared"
	Match   bool
}

type mediaView struct {
	Title, Snippet, URL, Date string
}

// strength names a score band: a strong match is close to certain, a weak
// one a name that merely resembles.
func strength(score float64) string {
	switch {
	case score >= 0.9:
		return "strong"
	case score >= 0.75:
		return "moderate"
	}
	return "weak"
}

func hitOf(e *kyc.Event, facts *kyc.Facts) hitView {
	h := parseHit(e.Data)
	v := hitView{Event: e, Open: e.Open(), QueryName: facts.DisplayName(), Type: string(e.Type), MatchName: h.MatchName, Provider: h.ProviderName,
		List: h.List, ListID: h.ListID, Version: h.ListVersion, ListedType: h.ListedType, Topics: h.Topics,
		Gender: h.Gender, Remarks: append(slices.Clone(h.Remarks), nonEmpty(h.Riskography)...)}
	if e.ResolutionDate != nil {
		v.Resolved = e.ResolutionDate.UTC().Format(time.DateTime)
	}
	if h.Score != nil {
		v.Score = fmt.Sprintf("%.0f%%", *h.Score*100)
		v.Strength = strength(*h.Score)
	}
	matched := h.MatchedName
	if matched == "" {
		matched = h.MatchName
	}
	seen := map[string]bool{}
	for _, n := range append([]string{h.MatchName}, h.Aliases...) {
		k := strings.ToUpper(strings.TrimSpace(n))
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		v.Names = append(v.Names, nameMatch{Name: n, Matched: strings.EqualFold(n, matched)})
	}
	if matched != "" && !seen[strings.ToUpper(strings.TrimSpace(matched))] {
		v.Names = append(v.Names, nameMatch{Name: matched, Matched: true})
	}
	v.DOB = compareDOB(facts.DOB, h.MatchDates)
	v.Country = compareCountries(facts.Countries(), h.MatchCountries)
	for _, d := range h.Details {
		switch {
		case d.Title == "" || d.Title == "Reason" || d.Title == "Score":
			v.Reasons = append(v.Reasons, d.Text)
		default:
			v.Reasons = append(v.Reasons, d.Title+": "+d.Text)
		}
	}
	for _, s := range h.Sanctions {
		line := joinNonEmpty(" — ", s.Issuer, joinNonEmpty(", ", s.Name, s.List), joinNonEmpty(", ", s.Type, s.Kind))
		for _, tp := range s.TimePeriods {
			line += " (" + joinNonEmpty(" to ", "since "+tp.From, tp.To) + ")"
		}
		if s.IsCurrent != nil && !*s.IsCurrent {
			line += " — no longer in force"
		}
		v.Sanctions = append(v.Sanctions, line)
	}
	if h.PEP != nil && h.PEP.Match {
		line := "Politically exposed person"
		if h.PEP.Tier != nil {
			line += fmt.Sprintf(", tier %d", *h.PEP.Tier)
		}
		v.PEP = append(v.PEP, line)
		for _, r := range h.PEP.Roles {
			v.PEP = append(v.PEP, r.Name)
		}
	}
	for _, m := range h.Media {
		v.Media = append(v.Media, mediaView{Title: m.Title, Snippet: m.Snippet, URL: m.URL, Date: m.Date})
	}
	for _, l := range h.Locations {
		v.Locations = append(v.Locations, joinNonEmpty(", ", l.Address, l.City, l.Country))
	}
	for _, id := range h.Identifications {
		var vals []string
		for _, x := range id.Values {
			vals = append(vals, x.Value)
		}
		v.IDs = append(v.IDs, id.Type+": "+strings.Join(vals, ", "))
	}
	for _, s := range h.Sources {
		v.Sources = append(v.Sources, joinNonEmpty(" — ", s.Name, s.Description))
	}
	return v
}

func nonEmpty(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return []string{s}
}

// compareDOB compares the profile's (partial) date of birth with the
// entry's dates: the closest agreement wins.
func compareDOB(dob string, listed []string) factMatch {
	f := factMatch{Profile: dob, Listed: strings.Join(listed, ", "), Verdict: "not compared"}
	if dob == "" || len(listed) == 0 {
		return f
	}
	best := 0
	for _, d := range listed {
		n := 0
		for _, l := range []int{4, 7, 10} {
			if len(d) >= l && len(dob) >= l && d[:l] == dob[:l] {
				n = l
			}
		}
		best = max(best, n)
	}
	switch best {
	case 10:
		f.Verdict, f.Match = "exact", true
	case 7:
		f.Verdict, f.Match = "same year and month", true
	case 4:
		f.Verdict, f.Match = "same year", true
	default:
		f.Verdict = "differs"
	}
	if best > 0 && best < min(len(dob), 10) && !slices.ContainsFunc(listed, func(d string) bool { return len(d) > best }) {
		f.Verdict = "agrees as far as the list knows (" + f.Verdict + ")"
	}
	return f
}

// compareCountries lists the countries the profile and the entry share.
func compareCountries(mine, listed []string) factMatch {
	f := factMatch{Profile: strings.Join(mine, ", "), Listed: strings.Join(listed, ", "), Verdict: "not compared"}
	if len(mine) == 0 || len(listed) == 0 {
		return f
	}
	var common []string
	for _, c := range mine {
		if slices.Contains(listed, c) {
			common = append(common, c)
		}
	}
	if len(common) == 0 {
		f.Verdict = "differs"
		return f
	}
	f.Verdict, f.Match = "shared: "+strings.Join(common, ", "), true
	return f
}
