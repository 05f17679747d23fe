package demo

import (
	"github.com/gatehouse/gatehouse/internal/checks"
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

// The demo's identity databases, one of each database type.
var (
	civil     = ekycMatch{DatabaseName: "Demo Electoral Register", DatabaseType: "CIVIL", Count: 1}
	credit    = ekycMatch{DatabaseName: "Demo Credit Bureau", DatabaseType: "CREDIT", Count: 1}
	mortality = ekycMatch{DatabaseName: "Demo Death Register", DatabaseType: "MORTALITY", Count: 1}
)

func matched(db ekycMatch, fields ...string) ekycMatch {
	db.MatchedFields = append([]string{"FORENAME", "SURNAME"}, fields...)
	return db
}

// identityScenarios are the databases each demo_result value matches.
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
	ms, ok := identityScenarios[v]
	if !ok { // ANY_CHARGE
		ms = identityScenarios[resultAny]
	}
	out := identityOutput{EntityType: r.entityType()}
	out.ElectronicIDCheck.Matches = append(make([]ekycMatch, 0, len(ms)), ms...)
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
