package demo

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

func decode(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("output is not a JSON object: %v: %s", err, raw)
	}
	return m
}

// path walks decoded JSON by member names and array indexes.
func path(v any, steps ...any) any {
	for _, s := range steps {
		switch k := s.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func TestScreeningOutput(t *testing.T) {
	t.Parallel()
	req := request(t, kyc.CheckPEPsAndSanctions, individual([]string{"Alex"}, "Wheeler-pep"), "")
	o, _ := runCheck(t, req)
	out := decode(t, o.Output)
	if got := path(out, "sanctions_results", 0, "match_name"); got != "Alex Wheeler" {
		t.Errorf("got match_name %v, want the input name without its keyword, Alex Wheeler", got)
	}
	ev := decode(t, o.Hits[0].Event)
	id := path(out, "sanctions_results", 0, "match_id")
	if ev["match_id"] != id || ev["provider_name"] != ProviderName || o.Hits[0].MatchKey != "demo:"+id.(string)+"/PEP_FLAG" {
		t.Errorf("got event %v with key %q, want match_id %v from provider Demo", ev, o.Hits[0].MatchKey, id)
	}

	// The same entity screened by another check finds the same match.
	other := req
	other.CheckID = "9e8d7c6b-5a49-4382-8170-6f5e4d3c2b1a"
	o2, _ := runCheck(t, other)
	if o2.Hits[0].MatchKey != o.Hits[0].MatchKey {
		t.Errorf("got key %q on another check, want %q", o2.Hits[0].MatchKey, o.Hits[0].MatchKey)
	}

	for demo, n := range map[string]int{"SCREEN_ALL_FLAGS_SAME_HIT": 1, "SCREEN_ALL_FLAGS_SEPARATE_HITS": 4, "MANY_HITS": 3, "SCREEN_NO_HITS": 0} {
		o, _ := runCheck(t, request(t, kyc.CheckPEPsAndSanctions, individual([]string{"Alex"}, "Wheeler"), demo))
		if got := len(path(decode(t, o.Output), "sanctions_results").([]any)); got != n {
			t.Errorf("%s: got %d sanctions results, want %d", demo, got, n)
		}
	}
}

// TestOnlyContractFormats: whatever facts a caller passes, a match reports
// only the contract's CountryCodes (not ICAO-only or made-up codes) and
// calendar dates.
func TestOnlyContractFormats(t *testing.T) {
	t.Parallel()
	in := []byte(`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Jo"],"family_name":"Bo"},` +
		`"dob":"1990-02-30","nationality":"ZZZ"},"address_history":[{"address":{"country":"GBN"}},{"address":{"country":"FRA"}}]}`)
	facts, _ := kyc.ParseFacts(in)
	o, _ := runCheck(t, checks.Request{CheckID: checkID, CheckType: kyc.CheckPEPsAndSanctions, Input: in, Facts: facts, DemoResult: "SCREEN_SINGLE_PEP"})
	m := path(decode(t, o.Output), "sanctions_results", 0)
	if got := path(m, "match_countries"); len(got.([]any)) != 1 || path(got, 0) != "FRA" {
		t.Errorf("got match_countries %v, want [FRA]", got)
	}
	if got := path(m, "match_dates"); got != nil {
		t.Errorf("got match_dates %v for an impossible date of birth, want none", got)
	}
}

func TestIdentityOutput(t *testing.T) {
	t.Parallel()
	for demo, n := range map[string]int{"ANY": 2, "NO_MATCHES": 0, "ONE_NAME_ADDRESS_ONE_NAME_DOB_MATCH": 2, "MORTALITY_MATCH": 1} {
		o, _ := runCheck(t, request(t, kyc.CheckIdentity, individual([]string{"Alex"}, "Wheeler"), demo))
		out := decode(t, o.Output)
		if got := len(path(out, "electronic_id_check", "matches").([]any)); got != n {
			t.Errorf("%s: got %d matches, want %d", demo, got, n)
		}
		if got := path(out, "db_matches", "mortality_list", "match"); got != strings.Contains(demo, "MORTALITY") {
			t.Errorf("%s: got mortality_list.match %v", demo, got)
		}
	}
}

func TestDocumentOutput(t *testing.T) {
	t.Parallel()
	cases := []struct{ demo, family, dob string }{
		{"ANY", "Wheeler", "1985-07-14"},
		{"DOCUMENT_NAME_FIELD_DIFFERENT", "Morgan", "1985-07-14"},
		{"DOCUMENT_NAME_FIELD_UNREADBALE", "", "1985-07-14"},
		{"DOCUMENT_DOB_FIELD_DIFFERENT", "Wheeler", "1986-07-14"},
		{"DOCUMENT_DOB_FIELD_UNREADBALE", "Wheeler", ""},
	}
	for _, c := range cases {
		o, _ := runCheck(t, request(t, kyc.CheckDocumentVerification, individual([]string{"Alex"}, "Wheeler"), c.demo))
		pd := path(decode(t, o.Output), "documents", 0, "extracted_data", "personal_details")
		family, _ := path(pd, "name", "family_name").(string)
		dob, _ := path(pd, "dob").(string)
		if family != c.family || dob != c.dob {
			t.Errorf("%s: got family name %q, dob %q; want %q, %q", c.demo, family, dob, c.family, c.dob)
		}
	}
	o, _ := runCheck(t, request(t, kyc.CheckDocumentVerification, individual([]string{"Alex"}, "Wheeler"), ""))
	if got := path(decode(t, o.Output), "documents", 0, "id"); got != "0b7e3b0c-3c1d-4a51-8a8e-2f4b5c6d7e8f" {
		t.Errorf("got document id %v, want the input document's", got)
	}
}

func TestCompanyOutput(t *testing.T) {
	t.Parallel()
	md := func(demo string) map[string]any {
		o, _ := runCheck(t, request(t, kyc.CheckCompanyRegistry, company("Acme Widgets Limited"), demo))
		m, _ := path(decode(t, o.Output), "metadata").(map[string]any)
		return m
	}
	if m := md("ANY"); m["name"] != "Acme Widgets Limited" || m["number"] != "09565115" ||
		m["country_of_incorporation"] != "GBR" || m["is_active"] != true ||
		path(m, "addresses", 0, "address", "text") != "1 Poultry, London EC2R 8EJ" {
		t.Errorf("ANY: got metadata %v, want the input's", m)
	}
	checks := []struct {
		demo, member string
		want         any
	}{
		{"COMPANY_NAME_MISMATCH", "name", "Acme Widgets Holdings Limited"},
		{"COMPANY_NUMBER_MISMATCH", "number", "09565116"},
		{"COMPANY_COUNTRY_OF_INCORPORATION_MISMATCH", "country_of_incorporation", "IRL"},
		{"COMPANY_INACTIVE", "is_active", false},
	}
	for _, c := range checks {
		if got := md(c.demo)[c.member]; got != c.want {
			t.Errorf("%s: got %s %v, want %v", c.demo, c.member, got, c.want)
		}
	}
	if a := path(md("COMPANY_ADDRESS_MISMATCH"), "addresses", 0, "address").(map[string]any); a["type"] != "STRUCTURED" || a["country"] != "GBR" || a["route"] == nil {
		t.Errorf("COMPANY_ADDRESS_MISMATCH: got %v, want another structured address in GBR", a)
	}

	own := func(demo string, steps ...any) any {
		o, _ := runCheck(t, request(t, kyc.CheckCompanyOwnership, company("Acme Widgets Limited"), demo))
		return path(decode(t, o.Output), steps...)
	}
	if got := own("COMPANY_SHAREHOLDER_WITH_100_PERCENT_OWNERSHIP", "ownership_structure", "shareholders", 0, "total_percentage"); got != 100.0 {
		t.Errorf("100%% shareholder: got %v", got)
	}
	if got := own("COMPANY_COMPANY_OF_SIGNIFICANT_CONTROL", "ownership_structure", "beneficial_owners", 0, "entity_type"); got != "COMPANY" {
		t.Errorf("company of significant control: got entity_type %v", got)
	}
	inc := path(md("ANY"), "incorporation_date").(string)
	appointed, _ := own("COMPANY_RESIGNED_OFFICER", "officers", "resigned", 0, "appointed_on").(string)
	resigned, _ := own("COMPANY_RESIGNED_OFFICER", "officers", "resigned", 0, "resigned_on").(string)
	if !(inc < appointed && appointed < resigned) {
		t.Errorf("resigned officer: got appointed_on %q, resigned_on %q, want both after incorporation (%s), in order", appointed, resigned, inc)
	}
	director := own("COMPANY_OFFICER_WITH_MULTIPLE_ROLES", "officers", "directors", 0, "resolver_id")
	if secretary := own("COMPANY_OFFICER_WITH_MULTIPLE_ROLES", "officers", "secretaries", 0, "resolver_id"); director == nil || secretary != director {
		t.Errorf("multiple roles: got director %v and secretary %v, want one person", director, secretary)
	}
}

// TestIDsFromCheckID: invented ids follow the check id.
func TestIDsFromCheckID(t *testing.T) {
	t.Parallel()
	id := func(checkID string) any {
		req := request(t, kyc.CheckCompanyRegistry, company("Acme Widgets Limited"), "")
		req.CheckID = checkID
		o, _ := runCheck(t, req)
		return path(decode(t, o.Output), "officers", "directors", 0, "resolver_id")
	}
	a, b := id(checkID), id("9e8d7c6b-5a49-4382-8170-6f5e4d3c2b1a")
	if a == b || a != id(checkID) {
		t.Errorf("got resolver ids %v and %v, want them to follow the check id", a, b)
	}
}

func TestReadKeywords(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		want keywords
	}{
		{"Alex Wheeler", 0},
		{"Alex Wheeler-pep", kwPEP},
		{"PEP Wheeler", kwPEP},
		{"Alex pep sanction", kwPEP | kwSanction},
		{"Alex Sanctions", kwSanction},
		{"O'Pending", kwPending},
		{"Pepper Failsworth Mediator", 0},
		{"refer_media", kwRefer | kwMedia},
		{"élodie fail", kwFail},
		{"error2", 0},
	}
	for _, c := range cases {
		if got := readKeywords(c.name); got != c.want {
			t.Errorf("readKeywords(%q) = %b, want %b", c.name, got, c.want)
		}
	}
	if got := withoutKeywords("Alex Wheeler-pep sanction"); got != "Alex Wheeler" {
		t.Errorf("withoutKeywords: got %q, want Alex Wheeler", got)
	}
}

func TestValidDemoResult(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		ct   kyc.CheckType
		v    string
		want bool
	}{
		{kyc.CheckIdentity, "", true},
		{kyc.CheckIdentity, " no_matches ", true},
		{kyc.CheckIdentity, "SCREEN_SINGLE_PEP", false},
		{kyc.CheckCompanyPEPsSanctions, "MANY_HITS", true},
		{kyc.CheckIndividualManualForm, "ANY", true},
		{kyc.CheckIndividualManualForm, "ERROR_ANY_PROVIDER_MESSAGE", false},
		{"NOT_A_TYPE", "", false},
		{kyc.CheckBankAccount, "demo:fail", false},
	} {
		if got := ValidDemoResult(c.ct, c.v); got != c.want {
			t.Errorf("ValidDemoResult(%s, %q) = %v, want %v", c.ct, c.v, got, c.want)
		}
	}
}

// TestDocumentByID: a check instructed for one document verifies that one,
// not the first document of identity.
func TestDocumentByID(t *testing.T) {
	t.Parallel()
	var in map[string]any
	if err := json.Unmarshal([]byte(individual([]string{"Alex"}, "Wheeler")), &in); err != nil {
		t.Fatal(err)
	}
	const second = "5c1f6a2e-9d3b-4e7a-8b1c-2d3e4f5a6b7c"
	in["documents"] = append(in["documents"].([]any), map[string]any{
		"id": second, "category": "PROOF_OF_ADDRESS", "document_type": "BANK_STATEMENT", "images": []any{}})
	req := request(t, kyc.CheckDocumentVerification, mustJSON(in), "")
	req.DocumentID = strings.ToUpper(second)
	o, _ := runCheck(t, req)
	doc := path(decode(t, o.Output), "documents", 0)
	if id, _ := path(doc, "id").(string); id != second || path(doc, "document_type") != "BANK_STATEMENT" {
		t.Errorf("verified %v, want the instructed document %s", doc, second)
	}
}
