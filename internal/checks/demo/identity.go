package demo

import (
	"strings"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// ekycMatch is an EKYCMatch: a database that confirmed some of the
// individual's details.
type ekycMatch struct {
	DatabaseName  string   `json:"database_name"`
	DatabaseType  string   `json:"database_type"`
	MatchedFields []string `json:"matched_fields"`
	Count         int      `json:"count"`
}

type matchResult struct {
	Match bool `json:"match"`
	Count int  `json:"count"`
}

type identityOutput struct {
	EntityType        string `json:"entity_type"`
	ElectronicIDCheck struct {
		Matches []ekycMatch `json:"matches"`
	} `json:"electronic_id_check"`
	CreditRef map[string]matchResult `json:"credit_ref"`
	DBMatches map[string]matchResult `json:"db_matches"`
}

// The demo's identity databases, one of each type per country: an address
// is only ever matched in a database of its own country.
var (
	civil     = ekycMatch{DatabaseName: "Demo Electoral Register", DatabaseType: "CIVIL", Count: 1}
	credit    = ekycMatch{DatabaseName: "Demo Credit Bureau", DatabaseType: "CREDIT", Count: 1}
	mortality = ekycMatch{DatabaseName: "Demo Death Register", DatabaseType: "MORTALITY", Count: 1}
)

// matched is a database a scenario says confirms the name and some
// fields (ADDRESS, DOB), before the input is looked at.
func matched(db ekycMatch, fields ...string) ekycMatch {
	db.MatchedFields = fields
	return db
}

// identityScenarios are the databases each demo_result value matches, and
// what they would confirm if the input has it.
var identityScenarios = map[string][]ekycMatch{
	resultAny:                             {matched(civil, "ADDRESS", "DOB"), matched(credit, "ADDRESS", "DOB")},
	"NO_MATCHES":                          {},
	"ONE_NAME_ADDRESS_MATCH":              {matched(credit, "ADDRESS")},
	"ONE_NAME_DOB_MATCH":                  {matched(civil, "DOB")},
	"TWO_NAME_ADDRESS_MATCH":              {matched(civil, "ADDRESS"), matched(credit, "ADDRESS")},
	"ONE_NAME_ADDRESS_ONE_NAME_DOB_MATCH": {matched(credit, "ADDRESS"), matched(civil, "DOB")},
	"ONE_NAME_ADDRESS_DOB_MATCH":          {matched(credit, "ADDRESS", "DOB")},
	"MORTALITY_MATCH":                     {matched(mortality, "DOB")},
	"ONE_NAME_ADDRESS_MORTALITY_MATCH":    {matched(credit, "ADDRESS"), matched(mortality, "DOB")},
	"ONE_NAME_ADDRESS_ONE_NAME_DOB_MORTALITY_MATCH": {
		matched(credit, "ADDRESS"), matched(civil, "DOB"), matched(mortality, "DOB"),
	},
}

// confirm is what a database of the scenario reports for this input: the
// name parts the input has, its address only when the input has a current
// address with a country code (the databases are that country's), its date
// of birth only when the input has one. A database that can confirm
// nothing is not reported.
func (r *run) confirm(db ekycMatch, country string) (ekycMatch, bool) {
	out := db
	out.MatchedFields = nil
	if len(givenNameList(&r.facts)) > 0 {
		out.MatchedFields = append(out.MatchedFields, "FORENAME")
	}
	if strings.TrimSpace(r.facts.FamilyName) != "" {
		out.MatchedFields = append(out.MatchedFields, "SURNAME")
	}
	if len(out.MatchedFields) == 0 {
		return ekycMatch{}, false
	}
	for _, f := range db.MatchedFields {
		switch {
		case f == "ADDRESS" && country != "":
			out.MatchedFields = append(out.MatchedFields, f)
		case f == "DOB" && passfort.IsPartialDate(r.facts.DOB):
			out.MatchedFields = append(out.MatchedFields, f)
		}
	}
	if c := r.databaseCountry(country); c != "" {
		out.DatabaseName += " (" + c + ")"
	}
	return out, true
}

// addressCountry is the country of the individual's current address (the
// first address without an end date, else the first address), when it is a
// CountryCode; "" otherwise.
func (r *run) addressCountry() string {
	as := r.facts.Addresses
	if len(as) == 0 {
		return ""
	}
	a := as[0]
	for _, x := range as {
		if x.Current {
			a = x
			break
		}
	}
	if !passfort.IsCountryCode(a.Country) {
		return ""
	}
	return a.Country
}

// databaseCountry is the country whose databases answer: the address's,
// else the nationality's.
func (r *run) databaseCountry(address string) string {
	if address != "" {
		return address
	}
	if passfort.IsCountryCode(r.facts.Nationality) {
		return r.facts.Nationality
	}
	return ""
}

// identityResult derives the result from the matches, as the UK's JMLSG
// guidance counts sources: 2+2 when two databases confirm name and address
// and two confirm name and date of birth, 1+1 when one does each (a single
// database may confirm both), Fail otherwise, and Fail whenever a mortality
// register matches.
func identityResult(ms []ekycMatch) string {
	var address, dob int
	for _, m := range ms {
		if m.DatabaseType == "MORTALITY" {
			return "Fail"
		}
		if has(m.MatchedFields, "ADDRESS") {
			address++
		}
		if has(m.MatchedFields, "DOB") {
			dob++
		}
	}
	switch {
	case address >= 2 && dob >= 2:
		return "2+2"
	case address >= 1 && dob >= 1:
		return "1+1"
	}
	return "Fail"
}

func has(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

func (r *run) identity(v string) checks.Outcome {
	scenario, ok := identityScenarios[v]
	if !ok { // ANY_CHARGE
		scenario = identityScenarios[resultAny]
	}
	country := r.addressCountry()
	ms := make([]ekycMatch, 0, len(scenario))
	for _, db := range scenario {
		if m, ok := r.confirm(db, country); ok {
			ms = append(ms, m)
		}
	}
	out := identityOutput{EntityType: r.entityType()}
	out.ElectronicIDCheck.Matches = ms
	found := func(typ, field string) matchResult {
		for _, m := range ms {
			if m.DatabaseType == typ && has(m.MatchedFields, field) {
				return matchResult{Match: true, Count: m.Count}
			}
		}
		return matchResult{}
	}
	out.CreditRef = map[string]matchResult{
		"exact": found("CREDIT", "ADDRESS"), "exact_dob": found("CREDIT", "DOB"),
	}
	out.DBMatches = map[string]matchResult{
		"electoral_exact": found("CIVIL", "ADDRESS"), "electoral_exact_dob": found("CIVIL", "DOB"),
		"mortality_list": found("MORTALITY", "DOB"),
	}
	return r.done(identityResult(ms), out, nil)
}
