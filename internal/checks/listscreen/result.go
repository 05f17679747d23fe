package listscreen

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/screening"
)

// result is one potential match: a SanctionsResult of the check's output
// and, with event_type and provider_name set and one flag's details only,
// the EventData of the event it raises. list, list_id, list_version,
// matched_name, listed_type and topics are Gatehouse's own members, which
// the contract allows.
type result struct {
	EventType       kyc.EventType    `json:"event_type,omitempty"`
	MatchID         string           `json:"match_id"`
	ProviderName    string           `json:"provider_name,omitempty"`
	MatchName       string           `json:"match_name"`
	MatchDates      []string         `json:"match_dates,omitempty"`
	MatchCountries  []string         `json:"match_countries,omitempty"`
	Score           float64          `json:"score"`
	Aliases         []string         `json:"aliases,omitempty"`
	Gender          string           `json:"gender,omitempty"`
	Remarks         []string         `json:"remarks,omitempty"`
	Identifications []identification `json:"identifications,omitempty"`
	Locations       []location       `json:"locations,omitempty"`
	PEP             *pep             `json:"pep,omitempty"`
	Sanctions       []sanction       `json:"sanctions,omitempty"`
	Details         []detail         `json:"details,omitempty"`
	Sources         []source         `json:"sources,omitempty"`

	List        string   `json:"list"`
	ListID      string   `json:"list_id"`
	ListVersion string   `json:"list_version,omitempty"`
	MatchedName string   `json:"matched_name"`
	ListedType  string   `json:"listed_type,omitempty"`
	Topics      []string `json:"topics,omitempty"`
}

type pep struct {
	Match bool `json:"match"`
}

type sanction struct {
	Issuer    string `json:"issuer,omitempty"`
	Name      string `json:"name"`
	List      string `json:"list"`
	Type      string `json:"type,omitempty"`
	IsCurrent bool   `json:"is_current"`
}

type detail struct {
	Title string `json:"title"`
	Text  string `json:"text"`
}

type source struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

type identification struct {
	Type   string    `json:"type"`
	Values []idValue `json:"values"`
}

type idValue struct {
	Value string `json:"value"`
	Notes string `json:"notes,omitempty"`
}

type location struct {
	Type    string `json:"type"`
	Address string `json:"address,omitempty"`
	City    string `json:"city,omitempty"`
	Country string `json:"country,omitempty"`
}

// issuers names the authority behind each list format.
var issuers = map[string]string{
	"ofac": "US Treasury, Office of Foreign Assets Control (OFAC)",
	"un":   "United Nations Security Council",
	"dpl":  "US Department of Commerce, Bureau of Industry and Security (BIS)",
	"csl":  "US Government, Consolidated Screening List",
}

// maxAliases caps the aliases reported per match (some entries list dozens).
const maxAliases = 25

// flags returns the events a listed entity raises: SANCTION_FLAG for an
// entity on a sanctions, export-control or debarment list, PEP_FLAG for a
// politically exposed person (both when both), and REFER_FLAG for any other
// listing (a crime list, or a list that does not say).
func flags(e *screening.Entity) []kyc.EventType {
	var out []kyc.EventType
	if e.IsSanctioned() || e.HasTopic(screening.TopicExportControl) || e.HasTopic(screening.TopicDebarment) {
		out = append(out, kyc.EventSanction)
	}
	if e.IsPEP() {
		out = append(out, kyc.EventPEP)
	}
	if len(out) == 0 {
		out = append(out, kyc.EventRefer)
	}
	return out
}

// newResult describes one match in the contract's SanctionsResult shape.
func newResult(m *screening.Match, info map[string]screening.ListInfo, threshold float64) result {
	e := m.Entity
	li := info[m.List]
	r := result{
		MatchID: m.List + ":" + m.ListID, MatchName: e.PrimaryName(), Score: round(m.Score),
		List: m.List, ListID: m.ListID, ListVersion: li.Version, MatchedName: m.MatchedName,
		ListedType: string(e.Type), Gender: e.Gender,
	}
	if r.MatchName == "" {
		r.MatchName = m.MatchedName
	}
	for _, t := range e.Topics {
		r.Topics = append(r.Topics, string(t))
	}
	seen := map[string]bool{strings.ToUpper(r.MatchName): true}
	for _, n := range e.Names {
		if k := strings.ToUpper(n.Full); !seen[k] && len(r.Aliases) < maxAliases {
			seen[k] = true
			r.Aliases = append(r.Aliases, n.Full)
		}
	}
	for _, d := range e.DatesOfBirth {
		if s := d.String(); passfort.IsPartialDate(s) {
			r.MatchDates = append(r.MatchDates, s)
		}
	}
	r.MatchCountries = alpha3(e.Countries)
	if e.Remarks != "" {
		r.Remarks = []string{e.Remarks}
	}
	r.Identifications = identifications(e.Identifiers)
	for _, a := range e.Addresses {
		l := location{Type: "address", Address: a.Line, City: a.City, Country: a.Country}
		if l.Address != "" || l.City != "" || l.Country != "" {
			r.Locations = append(r.Locations, l)
		}
	}
	issuer := issuers[li.Format]
	desc := issuer
	if li.Version != "" {
		desc = strings.TrimPrefix(desc+", version "+li.Version, ", ")
	}
	r.Sources = []source{{Name: m.List, Description: desc}}
	fl := flags(e)
	for _, f := range fl {
		switch f {
		case kyc.EventSanction:
			progs := e.Programs
			if len(progs) == 0 {
				progs = []string{m.List}
			}
			for _, p := range progs {
				r.Sanctions = append(r.Sanctions, sanction{Issuer: issuer, Name: p, List: m.List,
					Type: sanctionType(e), IsCurrent: true})
			}
		case kyc.EventPEP:
			r.PEP = &pep{Match: true}
		}
	}
	r.Details = append(r.Details, detail{Title: "Score", Text: fmt.Sprintf("%.3f against %q (%s name); potential match from %.2f",
		m.Score, m.MatchedName, m.NameKind, threshold)})
	for _, reason := range m.Reasons {
		r.Details = append(r.Details, detail{Title: "Reason", Text: reason})
	}
	return r
}

func sanctionType(e *screening.Entity) string {
	switch {
	case e.IsSanctioned():
		return "Sanction"
	case e.HasTopic(screening.TopicExportControl):
		return "Export control"
	case e.HasTopic(screening.TopicDebarment):
		return "Debarment"
	}
	return ""
}

// alpha3 keeps the countries known as ISO 3166-1 alpha-3 codes.
func alpha3(cs []string) []string {
	var out []string
	for _, c := range cs {
		if a3, ok := screening.KnownCountry(c); ok && len(a3) == 3 && !contains(out, a3) {
			out = append(out, a3)
		}
	}
	return out
}

func identifications(ids []screening.Identifier) []identification {
	var out []identification
	idx := map[string]int{}
	for _, id := range ids {
		if id.Value == "" {
			continue
		}
		t := id.Type
		if t == "" {
			t = "Identifier"
		}
		i, ok := idx[t]
		if !ok {
			i = len(out)
			idx[t] = i
			out = append(out, identification{Type: t})
		}
		v := idValue{Value: id.Value}
		if id.Country != "" {
			v.Notes = "country: " + id.Country
		}
		out[i].Values = append(out[i].Values, v)
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func round(f float64) float64 { return float64(int(f*10000+0.5)) / 10000 }

// event is the EventData of the event one flag of a match raises: the
// match with that flag's details only. Every member is a plain string,
// number or list the contract allows (match dates and countries are kept
// only in its formats), so the event is valid EventData; the tests check
// events with the contract's decoder (TestHitsAreStable).
func (r result) event(t kyc.EventType) json.RawMessage {
	e := r
	e.EventType, e.ProviderName = t, ProviderName
	if t != kyc.EventSanction {
		e.Sanctions = nil
	}
	if t != kyc.EventPEP {
		e.PEP = nil
	}
	raw, err := json.Marshal(e)
	if err != nil { // cannot happen: plain strings and numbers
		raw, _ = json.Marshal(result{EventType: t, ProviderName: ProviderName, MatchID: r.MatchID, MatchName: r.MatchName, Score: r.Score,
			List: r.List, ListID: r.ListID, ListVersion: r.ListVersion, MatchedName: r.MatchedName})
	}
	return raw
}

// MatchKey identifies a potential match for kyc's "not raised again" rule:
// the listed entry (list, id, and a hash of everything the list says about
// it), the screened data (a hash of the normalised name and date of
// birth), and the flag. A match an analyst resolved as MISMATCH is raised
// again only when the list entry or the profile's name or date of birth
// has changed. Keys are stored on events: their form must not change.
func MatchKey(m *screening.Match, q screening.Query, t kyc.EventType) string {
	return matchKey(m, entityHash(m.Entity), queryHash(q), t)
}

// entityHash is the part of a match key that stands for a list entry.
func entityHash(e *screening.Entity) string {
	ent, _ := json.Marshal(e)
	h := sha256.Sum256(ent)
	return hex.EncodeToString(h[:6])
}

// queryHash is the part of a match key that stands for the screened data.
func queryHash(q screening.Query) string {
	h := sha256.Sum256([]byte(screening.Normalise(q.Name) + "|" + strings.TrimSpace(q.DOB)))
	return hex.EncodeToString(h[:4])
}

func matchKey(m *screening.Match, entity, query string, t kyc.EventType) string {
	return "screen:" + m.List + ":" + m.ListID + "@" + entity + "#" + query + "/" + string(t)
}

// Hits turns the potential matches of a query (those at or above the
// threshold) into the events they raise, in match order.
func Hits(idx *screening.Index, q screening.Query, ms []screening.Match, threshold float64) []kyc.Hit {
	_, hits := results(idx, q, ms, threshold)
	return hits
}

// results builds the SanctionsResults and hits of the matches at or above
// the threshold.
func results(idx *screening.Index, q screening.Query, ms []screening.Match, threshold float64) ([]result, []kyc.Hit) {
	info := map[string]screening.ListInfo{}
	for _, l := range idx.Lists() {
		info[l.Name] = l
	}
	out := []result{}
	var hits []kyc.Hit
	var qh string // the query's part of the keys, once there is a match
	for i := range ms {
		m := &ms[i]
		if m.Score < threshold || m.Entity == nil {
			continue
		}
		r := newResult(m, info, threshold)
		out = append(out, r)
		if qh == "" {
			qh = queryHash(q)
		}
		eh := entityHash(m.Entity)
		for _, f := range flags(m.Entity) {
			hits = append(hits, kyc.Hit{Type: f, MatchKey: matchKey(m, eh, qh, f), Event: r.event(f)})
		}
	}
	return out, hits
}

// listVersions are the lists and versions an index holds, for the record.
func listVersions(idx *screening.Index) []listVersion {
	ls := idx.Lists()
	out := make([]listVersion, len(ls))
	for i, l := range ls {
		out[i] = listVersion{List: l.Name, Version: l.Version}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].List < out[j].List })
	return out
}

type listVersion struct {
	List    string `json:"list"`
	Version string `json:"version"`
}
