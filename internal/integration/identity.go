package integration

import (
	"math"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// IdentityMatch is one database an identity check searched, as the
// protocol sends it: how many records matched, and on which fields.
type IdentityMatch struct {
	Count         *float64 `json:"count"`
	DatabaseName  string   `json:"database_name"`
	DatabaseType  string   `json:"database_type"`
	MatchedFields []string `json:"matched_fields"`
}

type identityOutput struct {
	ElectronicIDCheck *struct {
		Matches     []IdentityMatch `json:"matches"`
		ProviderURL string          `json:"provider_url,omitempty"`
	} `json:"electronic_id_check"`
}

// Matched fields of the protocol; 4.0 knows only the first four.
var (
	ekycFields    = []string{"FORENAME", "SURNAME", "ADDRESS", "DOB", "IDENTITY_NUMBER", "IDENTITY_NUMBER_SUFFIX"}
	ekycFields40  = []string{"FORENAME", "SURNAME", "ADDRESS", "DOB"}
	ekycDatabases = []string{"CREDIT", "CIVIL", "MORTALITY"}
)

// identity maps an identity check. The output is 4.0's
// {entity_type, electronic_id_check: {matches}}: each database with its
// count, type and matched fields, less IDENTITY_NUMBER and
// IDENTITY_NUMBER_SUFFIX, which 4.0's EKYCMatchField does not have.
//
// The result is the provider's when it gives one; else IdentityResult of
// the matches.
func (m Mapping) identity(r *Result) (kyc.CheckOutcome, *Problem) {
	name, given, p := providerResult(r)
	if p != nil {
		return kyc.CheckOutcome{}, p
	}
	if isAbsent(r.CheckOutput) {
		if !given {
			return kyc.CheckOutcome{}, &Problem{Field: "check_output", Reason: "is required when the answer has no result or errors"}
		}
		return kyc.CheckOutcome{Result: fit(m.Target, name)}, nil
	}
	var out identityOutput
	if p := object("check_output", r.CheckOutput, &out); p != nil {
		return kyc.CheckOutcome{}, p
	}
	if out.ElectronicIDCheck == nil {
		if !given {
			return kyc.CheckOutcome{}, &Problem{Field: "check_output.electronic_id_check", Reason: "is required when the answer has no result"}
		}
		return kyc.CheckOutcome{Result: fit(m.Target, name)}, nil
	}
	matches := make([]map[string]any, 0, len(out.ElectronicIDCheck.Matches))
	for i, mt := range out.ElectronicIDCheck.Matches {
		at := "check_output.electronic_id_check.matches[" + itoa(i) + "]"
		switch {
		case mt.Count == nil:
			return kyc.CheckOutcome{}, &Problem{Field: at + ".count", Reason: "is required"}
		case *mt.Count < 0 || *mt.Count != math.Trunc(*mt.Count) || *mt.Count > 1e9:
			return kyc.CheckOutcome{}, &Problem{Field: at + ".count", Reason: "must be a whole number, 0 or more"}
		case mt.DatabaseName == "":
			return kyc.CheckOutcome{}, &Problem{Field: at + ".database_name", Reason: "is required"}
		case !contains(ekycDatabases, mt.DatabaseType):
			return kyc.CheckOutcome{}, &Problem{Field: at + ".database_type", Reason: quote(mt.DatabaseType) + " is not one of CREDIT, CIVIL, MORTALITY"}
		}
		fields := []string{}
		for j, f := range mt.MatchedFields {
			if !contains(ekycFields, f) {
				return kyc.CheckOutcome{}, &Problem{Field: at + ".matched_fields[" + itoa(j) + "]", Reason: quote(f) + " is not a matched field of the protocol"}
			}
			if contains(ekycFields40, f) && !contains(fields, f) {
				fields = append(fields, f)
			}
		}
		matches = append(matches, map[string]any{
			"database_name": mt.DatabaseName, "database_type": mt.DatabaseType, "matched_fields": fields, "count": int(*mt.Count),
		})
	}
	result := IdentityResult(out.ElectronicIDCheck.Matches)
	if given {
		result = fit(m.Target, name)
	}
	output := map[string]any{"entity_type": kyc.Individual, "electronic_id_check": map[string]any{"matches": matches}}
	return kyc.CheckOutcome{Result: result, Output: marshal(output)}, nil
}

// IdentityResult derives an identity check's result from its matches, as
// the UK's JMLSG guidance counts sources ("2+2"): a database with a count
// above 0 confirms name and address when it matched FORENAME, SURNAME and
// ADDRESS, and name and date of birth when it matched FORENAME, SURNAME and
// DOB (one database may confirm both). 2+2: two databases confirm name and
// address and two confirm name and date of birth. 1+1: one of each. Fail
// otherwise, and whenever a mortality register matched the name: the
// person is recorded as dead. Mortality registers confirm nothing else.
//
// The built-in demo provider derives its results the same way.
func IdentityResult(ms []IdentityMatch) string {
	var address, dob int
	for _, m := range ms {
		if m.Count == nil || *m.Count <= 0 {
			continue
		}
		name := contains(m.MatchedFields, "FORENAME") && contains(m.MatchedFields, "SURNAME")
		if !name {
			continue
		}
		if m.DatabaseType == "MORTALITY" {
			return "Fail"
		}
		if contains(m.MatchedFields, "ADDRESS") {
			address++
		}
		if contains(m.MatchedFields, "DOB") {
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
