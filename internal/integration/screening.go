package integration

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// screeningHit is a ScreeningHit of a polled screening check.
type screeningHit struct {
	Provider *struct {
		Name  string `json:"name"`
		Label string `json:"label"`
		HitID string `json:"hit_id"`
	} `json:"provider"`
	Status string `json:"status"`
	Flags  []struct {
		Type  string `json:"type"`
		Label string `json:"label"`
	} `json:"flags"`
	Data json.RawMessage `json:"data"`
}

type hitData struct {
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	Dates   []struct {
		Type string          `json:"type"`
		Date json.RawMessage `json:"date"`
	} `json:"dates"`
	Countries []struct {
		Country string `json:"country"`
	} `json:"countries"`
	ConfidenceScore *float64 `json:"confidence_score"`
	Gender          string   `json:"gender"`
	Details         []struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"details"`
	Sources []struct {
		Name        string `json:"name"`
		URL         string `json:"url"`
		Description string `json:"description"`
	} `json:"sources"`
	PEP *struct {
		Tier  *int `json:"tier"`
		Roles []struct {
			Name   string         `json:"name"`
			Tier   *int           `json:"tier"`
			Tenure map[string]any `json:"tenure"`
		} `json:"roles"`
	} `json:"pep"`
	Sanctions []struct {
		Name string `json:"name"`
		Type string `json:"type"`
		List *struct {
			Name string `json:"name"`
		} `json:"list"`
		IssuedBy    string           `json:"issued_by"`
		TimePeriods []map[string]any `json:"time_periods"`
	} `json:"sanctions"`
	Media []struct {
		Title   string `json:"title"`
		URL     string `json:"url"`
		PDFURL  string `json:"pdf_url"`
		Snippet string `json:"snippet"`
		Date    string `json:"date"`
	} `json:"media"`
	Associates []struct {
		Association struct {
			Label string `json:"label"`
		} `json:"association"`
		Data struct {
			Name string `json:"name"`
		} `json:"data"`
	} `json:"associates"`
}

// flagEvents maps the protocol's flags to 4.0 event types, with their
// severity for the check result and the result they give.
var flagEvents = map[string]struct {
	event    kyc.EventType
	severity int
	result   string
}{
	"SANCTION":      {kyc.EventSanction, 4, "Sanction"},
	"PEP":           {kyc.EventPEP, 3, "PEP"},
	"ADVERSE_MEDIA": {kyc.EventAdverseMedia, 2, "Media"},
	"REFER":         {kyc.EventRefer, 1, "Refer"},
}

// screening maps a polled screening check. Each hit the provider has not
// ruled out (status MATCH or UNRESOLVED; MISMATCH hits are left out)
// becomes a 4.0 SanctionsResult in output_data.sanctions_results and one
// kyc.Hit per flag it carries (REFER_FLAG when it carries none), whose
// Event is the SanctionsResult with that flag's details only, valid 4.0
// EventData: the lead raises events from them as the built-in screening
// provider's. A hit's match key is the provider's name and hit id with a
// hash of the hit's data, so the same hit found again is recognised, and a
// hit whose data changed is raised again. The result is the most severe
// flag: Sanction, PEP, Media, Refer, else Pass.
func (m Mapping) screening(r *Result) (kyc.CheckOutcome, *Problem) {
	if isAbsent(r.CheckOutput) {
		name, given, p := providerResult(r)
		if p != nil {
			return kyc.CheckOutcome{}, p
		}
		if !given {
			return kyc.CheckOutcome{}, &Problem{Field: "check_output", Reason: "is required when the answer has no result or errors"}
		}
		return kyc.CheckOutcome{Result: fit(m.Target, name)}, nil
	}
	var out struct {
		ScreeningHits []screeningHit `json:"screening_hits"`
	}
	if p := object("check_output", r.CheckOutput, &out); p != nil {
		return kyc.CheckOutcome{}, p
	}
	results := []any{}
	var hits []kyc.Hit
	worst := 0
	result := "Pass"
	for i, h := range out.ScreeningHits {
		at := "check_output.screening_hits[" + itoa(i) + "]"
		sr, events, p := m.screeningResult(at, h)
		if p != nil {
			return kyc.CheckOutcome{}, p
		}
		if sr == nil {
			continue // ruled out
		}
		results = append(results, sr)
		for _, f := range events {
			fe := flagEvents[f]
			if fe.severity > worst {
				worst, result = fe.severity, fe.result
			}
			ev := map[string]any{}
			for k, v := range sr {
				ev[k] = v
			}
			ev["event_type"], ev["provider_name"] = fe.event, m.Provider
			if f != "SANCTION" {
				delete(ev, "sanctions")
			}
			if f != "PEP" {
				delete(ev, "pep")
			}
			if f != "ADVERSE_MEDIA" {
				delete(ev, "media")
			}
			raw := marshal(ev)
			if _, _, err := passfort.DecodeEventData(raw, at); err != nil {
				return kyc.CheckOutcome{}, problemOf(err)
			}
			hits = append(hits, kyc.Hit{Type: fe.event, MatchKey: hitKey(h, fe.event), Event: raw})
		}
	}
	output := marshal(map[string]any{"entity_type": m.entityType(), "sanctions_results": results})
	return kyc.CheckOutcome{Result: fit(m.Target, result), Output: output, Hits: hits}, nil
}

// screeningResult builds the SanctionsResult of a hit and lists the flags
// it raises; nil when the provider ruled the hit out.
func (m Mapping) screeningResult(at string, h screeningHit) (map[string]any, []string, *Problem) {
	switch {
	case h.Provider == nil:
		return nil, nil, &Problem{Field: at + ".provider", Reason: "is required"}
	case h.Provider.HitID == "":
		return nil, nil, &Problem{Field: at + ".provider.hit_id", Reason: "is required"}
	case h.Status != "" && !contains([]string{"MATCH", "MISMATCH", "UNRESOLVED"}, h.Status):
		return nil, nil, &Problem{Field: at + ".status", Reason: quote(h.Status) + " is not one of MATCH, MISMATCH, UNRESOLVED"}
	}
	var flags []string
	for j, f := range h.Flags {
		if _, ok := flagEvents[f.Type]; !ok {
			return nil, nil, &Problem{Field: at + ".flags[" + itoa(j) + "].type", Reason: quote(f.Type) + " is not one of PEP, SANCTION, ADVERSE_MEDIA, REFER"}
		}
		if !contains(flags, f.Type) {
			flags = append(flags, f.Type)
		}
	}
	var d hitData
	if p := object(at+".data", h.Data, &d); p != nil {
		return nil, nil, p
	}
	if d.Name == "" {
		return nil, nil, &Problem{Field: at + ".data.name", Reason: "is required"}
	}
	if h.Status == "MISMATCH" {
		return nil, nil, nil
	}
	if len(flags) == 0 {
		flags = []string{"REFER"}
	}
	sr := map[string]any{"match_id": h.Provider.HitID, "match_name": d.Name}
	var dobs, deceased []string
	for _, dt := range d.Dates {
		var s string
		if json.Unmarshal(dt.Date, &s) != nil || !passfort.IsPartialDate(s) {
			continue
		}
		switch dt.Type {
		case "DOB":
			dobs = append(dobs, s)
		case "DECEASED":
			deceased = append(deceased, s)
		}
	}
	setList(sr, "match_dates", dobs)
	setList(sr, "deceased_dates", deceased)
	var countries []string
	for _, c := range d.Countries {
		if passfort.IsCountryCode(c.Country) && !contains(countries, c.Country) {
			countries = append(countries, c.Country)
		}
	}
	setList(sr, "match_countries", countries)
	if s := d.ConfidenceScore; s != nil && *s >= 0 && *s <= 1 {
		sr["score"] = *s
	}
	setList(sr, "aliases", d.Aliases)
	if d.Gender != "" {
		sr["gender"] = d.Gender
	}
	var details, sources, media, associates, sanctions []any
	for _, x := range d.Details {
		details = append(details, map[string]any{"title": x.Title, "text": x.Text})
	}
	for _, x := range d.Sources {
		if x.Name != "" {
			sources = append(sources, omitEmpty(map[string]any{"name": x.Name, "url": x.URL, "description": x.Description}))
		}
	}
	for _, x := range d.Media {
		a := omitEmpty(map[string]any{"title": x.Title, "url": x.URL, "pdf_url": x.PDFURL, "snippet": x.Snippet})
		if passfort.IsFullDate(x.Date) {
			a["date"] = x.Date
		}
		media = append(media, a)
	}
	for _, x := range d.Associates {
		if x.Data.Name != "" {
			associates = append(associates, omitEmpty(map[string]any{"name": x.Data.Name, "association": x.Association.Label}))
		}
	}
	for _, x := range d.Sanctions {
		s := omitEmpty(map[string]any{"name": x.Name, "type": x.Type, "issuer": x.IssuedBy})
		if x.List != nil && x.List.Name != "" {
			s["list"] = x.List.Name
		}
		var periods []any
		current := len(x.TimePeriods) == 0
		for _, t := range x.TimePeriods {
			from, to := tenure(t)
			periods = append(periods, omitEmpty(map[string]any{"from_date": from, "to_date": to}))
			current = current || to == ""
		}
		if periods != nil {
			s["time_periods"] = periods
		}
		s["is_current"] = current
		sanctions = append(sanctions, s)
	}
	if d.PEP != nil {
		pep := map[string]any{"match": true}
		if d.PEP.Tier != nil {
			pep["tier"] = *d.PEP.Tier
		}
		roles := []any{}
		for _, ro := range d.PEP.Roles {
			role := map[string]any{"name": ro.Name}
			if ro.Tier != nil {
				role["tier"] = *ro.Tier
			}
			from, to := tenure(ro.Tenure)
			if from != "" {
				role["from_date"] = from
			}
			if to != "" {
				role["to_date"] = to
			}
			role["is_current"] = to == ""
			roles = append(roles, role)
		}
		pep["roles"] = roles
		sr["pep"] = pep
	}
	for k, v := range map[string][]any{"details": details, "sources": sources, "media": media, "associates": associates, "sanctions": sanctions} {
		if len(v) > 0 {
			sr[k] = v
		}
	}
	return sr, flags, nil
}

// tenure reads the start and end of a period, whichever of the names
// start/end, from/to or from_date/to_date it uses, keeping partial dates
// only.
func tenure(t map[string]any) (from, to string) {
	pick := func(names ...string) string {
		for _, n := range names {
			if s, ok := t[n].(string); ok && passfort.IsPartialDate(s) {
				return s
			}
		}
		return ""
	}
	return pick("start", "from", "from_date", "start_date"), pick("end", "to", "to_date", "end_date")
}

// hitKey identifies a hit for kyc's "not raised again" rule: the
// provider's name and hit id, a hash of what it says of the hit, and the
// event type.
func hitKey(h screeningHit, t kyc.EventType) string {
	id := sha256.Sum256([]byte(h.Provider.Name + "\x00" + h.Provider.HitID))
	var data any
	_ = json.Unmarshal(h.Data, &data)
	dh := sha256.Sum256(marshal(data)) // re-encoded: white space and member order do not count
	return "integration:" + hex.EncodeToString(id[:8]) + "@" + hex.EncodeToString(dh[:6]) + "/" + string(t)
}

func setList(m map[string]any, key string, list []string) {
	if len(list) > 0 {
		m[key] = list
	}
}

func omitEmpty(m map[string]any) map[string]any {
	for k, v := range m {
		if s, ok := v.(string); ok && s == "" {
			delete(m, k)
		}
	}
	return m
}
