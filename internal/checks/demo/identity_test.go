package demo

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// identityMatches runs an identity check and returns its result and matches.
func identityMatches(t *testing.T, input, demoResult string) (string, []ekycMatch) {
	t.Helper()
	o, err := runCheck(t, request(t, kyc.CheckIdentity, input, demoResult))
	if err != nil {
		t.Fatal(err)
	}
	var out identityOutput
	if err := json.Unmarshal(o.Output, &out); err != nil {
		t.Fatal(err)
	}
	return o.Result, out.ElectronicIDCheck.Matches
}

func person(dob string, addresses ...map[string]any) string {
	pd := map[string]any{"name": map[string]any{"given_names": []string{"Alex"}, "family_name": "Wheeler"}}
	if dob != "" {
		pd["dob"] = dob
	}
	d := map[string]any{"entity_type": "INDIVIDUAL", "personal_details": pd}
	if len(addresses) > 0 {
		d["address_history"] = addresses
	}
	return mustJSON(d)
}

func lived(country, start, end string) map[string]any {
	e := map[string]any{"address": map[string]any{"type": "STRUCTURED", "country": country, "route": "Main Street", "locality": "Town"}}
	if start != "" {
		e["start_date"] = start
	}
	if end != "" {
		e["end_date"] = end
	}
	return e
}

// TestIdentityMatchesOnlyWhatTheInputHas: the demo never reports a field
// as matched that the input does not have, and matches an address only in
// a database of the address's country.
func TestIdentityMatchesOnlyWhatTheInputHas(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, input, demoResult string
		result                  string
		fields                  [][]string // matched fields per match
		country                 string     // of every database, "" for none
	}{
		{"name alone", person(""), "", "Fail",
			[][]string{{"FORENAME", "SURNAME"}, {"FORENAME", "SURNAME"}}, ""},
		{"name alone, ANY", person(""), "ANY", "Fail",
			[][]string{{"FORENAME", "SURNAME"}, {"FORENAME", "SURNAME"}}, ""},
		{"name and date of birth", person("1985-07-14"), "", "Fail",
			[][]string{{"FORENAME", "SURNAME", "DOB"}, {"FORENAME", "SURNAME", "DOB"}}, ""},
		{"name and address", person("", lived("GBR", "2019-03", "")), "", "Fail",
			[][]string{{"FORENAME", "SURNAME", "ADDRESS"}, {"FORENAME", "SURNAME", "ADDRESS"}}, "GBR"},
		{"everything in GBR", person("1985-07-14", lived("GBR", "2019-03", "")), "", "2+2",
			[][]string{{"FORENAME", "SURNAME", "ADDRESS", "DOB"}, {"FORENAME", "SURNAME", "ADDRESS", "DOB"}}, "GBR"},
		{"everything in the USA", person("1985-07-14", lived("USA", "", "")), "", "2+2",
			[][]string{{"FORENAME", "SURNAME", "ADDRESS", "DOB"}, {"FORENAME", "SURNAME", "ADDRESS", "DOB"}}, "USA"},
		{"the current address's country", person("1985-07-14", lived("FRA", "2010-01", "2018-12"), lived("DEU", "2019-01", "")), "", "2+2",
			[][]string{{"FORENAME", "SURNAME", "ADDRESS", "DOB"}, {"FORENAME", "SURNAME", "ADDRESS", "DOB"}}, "DEU"},
		{"one name, address and dob match without an address", person("1985-07-14"), "ONE_NAME_ADDRESS_DOB_MATCH", "Fail",
			[][]string{{"FORENAME", "SURNAME", "DOB"}}, ""},
		{"mortality without a date of birth", person(""), "MORTALITY_MATCH", "Fail",
			[][]string{{"FORENAME", "SURNAME"}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			result, ms := identityMatches(t, tc.input, tc.demoResult)
			if result != tc.result {
				t.Errorf("got result %q, want %q", result, tc.result)
			}
			var got [][]string
			for _, m := range ms {
				got = append(got, m.MatchedFields)
				if tc.country != "" && !strings.HasSuffix(m.DatabaseName, "("+tc.country+")") {
					t.Errorf("database %q: want one of %s, the address's country", m.DatabaseName, tc.country)
				}
			}
			if !slices.EqualFunc(got, tc.fields, slices.Equal[[]string]) {
				t.Errorf("got matched fields %v, want %v", got, tc.fields)
			}
		})
	}
}

// TestIdentityAddressWithoutCountry: an address without a country code
// is never matched.
func TestIdentityAddressWithoutCountry(t *testing.T) {
	t.Parallel()
	in := mustJSON(map[string]any{
		"entity_type":      "INDIVIDUAL",
		"personal_details": map[string]any{"name": map[string]any{"given_names": []string{"Alex"}, "family_name": "Wheeler"}, "dob": "1985-07-14"},
		"address_history":  []any{map[string]any{"address": map[string]any{"type": "STRUCTURED", "route": "Main Street"}}},
	})
	result, ms := identityMatches(t, in, "")
	for _, m := range ms {
		if slices.Contains(m.MatchedFields, "ADDRESS") {
			t.Errorf("database %q matched an address with no country", m.DatabaseName)
		}
	}
	if result != "Fail" {
		t.Errorf("got %q, want Fail", result)
	}
}
