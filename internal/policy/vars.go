package policy

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
)

// profileFields are the keys of the CEL `profile` map (docs/policy.md lists
// them). A key whose data the profile lacks is absent, never a zero value,
// so `has(profile.age)` tells and reading it is an error ("data missing");
// the screening keys (pep to adverse_media) lack data until a screen has
// completed (see screened).
var profileFields = []string{
	"entity_type", "role", "is_associate", "status",
	"given_names", "family_name", "name", "dob", "age", "nationality", "gender",
	"countries", "address_countries", "country_of_incorporation", "company_number", "industry",
	"pep", "potential_pep", "sanctioned", "potential_sanction", "adverse_media",
	"unresolved_event_types", "tags", "collected_data", "associates",
}

// associateFields are the keys of each map of `profile.associates`.
var associateFields = []string{
	"id", "name", "entity_type", "roles", "linked", "direct", "nationality", "countries",
	"pep", "potential_pep", "sanctioned", "potential_sanction", "adverse_media",
	"ownership", "control", "beneficial_owner",
}

// riskFields are the keys of the CEL `risk` map of step conditions.
var riskFields = []string{"level", "score"}

var adapter = types.DefaultTypeAdapter

// profileVar builds the CEL `profile` value of a profile at now. withRaw
// decodes the collected data for `profile.collected_data` and a positive
// uboThreshold builds `profile.associates` (only policies that mention them
// pay for that).
func profileVar(p *kyc.Profile, now time.Time, withRaw bool, uboThreshold float64) ref.Val {
	f := p.Facts()
	m := make(map[string]any, 24)
	et := p.EntityType()
	if et == "" {
		et = f.EntityType
	}
	m["entity_type"] = types.String(et)
	m["role"] = types.String(p.Role)
	m["is_associate"] = types.Bool(p.IsAssociate())
	status := p.Status
	if status == "" {
		status = kyc.StatusNormal
	}
	m["status"] = types.String(status)

	str := func(k, v string) {
		if v != "" {
			m[k] = types.String(v)
		}
	}
	list := func(k string, v []string) {
		if len(v) > 0 {
			m[k] = types.NewStringList(adapter, v)
		}
	}
	var given []string
	for _, g := range f.GivenNames {
		if g != "" {
			given = append(given, g)
		}
	}
	list("given_names", given)
	str("family_name", f.FamilyName)
	str("name", f.DisplayName())
	str("dob", f.DOB)
	if age, ok := ageAt(f.DOB, now); ok {
		m["age"] = types.Int(age)
	}
	str("nationality", f.Nationality)
	str("gender", f.Gender)
	list("countries", f.Countries())
	var addr []string
	for _, a := range f.Addresses {
		if a.Country != "" && !slices.Contains(addr, a.Country) {
			addr = append(addr, a.Country)
		}
	}
	list("address_countries", addr)
	str("country_of_incorporation", f.CountryOfIncorporation)
	str("company_number", f.CompanyNumber)
	list("industry", f.Industry)

	var pep, potentialPEP, sanctioned, potentialSanction, media bool
	open := []string{}
	for _, e := range p.Events {
		match, unresolved := e.Resolution == kyc.ResolvedMatch, e.Open()
		switch e.Type {
		case kyc.EventPEP:
			pep, potentialPEP = pep || match, potentialPEP || unresolved
		case kyc.EventSanction:
			sanctioned, potentialSanction = sanctioned || match, potentialSanction || unresolved
		case kyc.EventAdverseMedia:
			media = media || match
		}
		if unresolved && !slices.Contains(open, string(e.Type)) {
			open = append(open, string(e.Type))
		}
	}
	if len(p.Events) > 0 || screened(p) {
		m["pep"], m["potential_pep"] = types.Bool(pep), types.Bool(potentialPEP)
		m["sanctioned"], m["potential_sanction"] = types.Bool(sanctioned), types.Bool(potentialSanction)
		m["adverse_media"] = types.Bool(media)
	}
	m["unresolved_event_types"] = types.NewStringList(adapter, open)
	tags := make([]string, 0, len(p.Tags))
	for _, t := range p.Tags {
		tags = append(tags, t.Name)
	}
	m["tags"] = types.NewStringList(adapter, tags)

	if uboThreshold > 0 && et == kyc.Company {
		m["associates"] = associatesVar(p, uboThreshold)
	}
	if withRaw && len(p.CollectedData) > 0 {
		var raw map[string]any
		if json.Unmarshal(p.CollectedData, &raw) == nil {
			m["collected_data"] = raw
		}
	}
	return types.NewStringInterfaceMap(adapter, m)
}

// screened reports whether a PEP and sanctions screen of the profile has
// completed with a result: until then (or an event arrives), pep,
// potential_pep, sanctioned, potential_sanction and adverse_media are
// absent, not false, so that a factor or condition reading them is
// undetermined rather than "not a PEP". A check that ended in Error, or a
// monitoring-only one (disable_initial_screen: no result), screened nothing.
func screened(p *kyc.Profile) bool {
	for _, c := range p.Checks {
		if (c.Type == kyc.CheckPEPsAndSanctions || c.Type == kyc.CheckCompanyPEPsSanctions) &&
			c.State == kyc.CheckComplete && c.Result != "" && c.Result != "Error" {
			return true
		}
	}
	return false
}

// ageAt is the age in whole years at now of a PassFort partial date of
// birth (YYYY, YYYY-MM or YYYY-MM-DD). A missing month or day counts as the
// first, so a year-only date gives the age reached on 1 January. A date that
// cannot be read or lies in the future has no age.
func ageAt(dob string, now time.Time) (int, bool) {
	var layout string
	switch len(dob) {
	case 4:
		layout = "2006"
	case 7:
		layout = "2006-01"
	case 10:
		layout = "2006-01-02"
	default:
		return 0, false
	}
	d, err := time.Parse(layout, dob)
	if err != nil {
		return 0, false
	}
	now = now.UTC()
	age := now.Year() - d.Year()
	if now.Month() < d.Month() || now.Month() == d.Month() && now.Day() < d.Day() {
		age--
	}
	if age < 0 {
		return 0, false
	}
	return age, true
}
