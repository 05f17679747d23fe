package integration_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/integration/integrationtest"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// TestMetadataAndConfig fetches GET / and GET /config of an integration of
// every check type and validates both.
func TestMetadataAndConfig(t *testing.T) {
	t.Parallel()
	for _, ct := range []integration.CheckType{
		integration.IdentityCheck, integration.DocumentVerification, integration.DocumentFetch, integration.CompanyData,
		integration.IndividualCustom, integration.CompanyCustom, integration.PEPsAndSanctionsScreen, integration.CompanyPEPsAndSanctionsScreen,
	} {
		t.Run(string(ct), func(t *testing.T) {
			t.Parallel()
			c, p, _, cfg := setup(t, ct, integrationtest.Options{Timeout: 7})
			md, err := c.Metadata(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if err := md.Validate(); err != nil || md.ProviderName != "Gatehouse Test Provider" {
				t.Errorf("metadata %+v: %v", md, err)
			}
			if r := p.Requests()[0]; r.Path != "/config" || r.Refused != "" {
				t.Errorf("first request %s refused %q, want /config verified", r.Path, r.Refused)
			}
			call, complete := cfg.Timeouts()
			switch ct.Template() {
			case integration.TemplatePolled:
				if s := cfg.Schedule(); s.MaxPolls != 5 || s.Interval.Milliseconds() != 10 || s.Initial != 0 {
					t.Errorf("schedule %+v, want 5 polls every 10 ms", s)
				}
			default:
				if call.Seconds() != 7 || complete.Seconds() != 7 {
					t.Errorf("timeouts %v, %v, want 7 s", call, complete)
				}
			}
			if err := cfg.Validate(integration.IdentityCheck); (err != nil) == (ct == integration.IdentityCheck) {
				t.Errorf("Validate(IDENTITY_CHECK) of a %s config: %v", ct, err)
			}
		})
	}
}

// TestSynchronousChecks runs every synchronous check type end to end over
// loopback with each demo_result the provider knows, a live check, and an
// unknown demo_result, and validates each outcome against the 4.0
// contract.
func TestSynchronousChecks(t *testing.T) {
	t.Parallel()
	type want struct {
		result string
		codes  []int
	}
	errs := map[string]want{
		"ERROR_INVALID_CREDENTIALS":    {"Error", []int{502}},
		"ERROR_ANY_PROVIDER_MESSAGE":   {"Error", []int{303}},
		"ERROR_CONNECTION_TO_PROVIDER": {"Error", []int{302}},
		"NOT_A_DEMO_RESULT":            {"Error", []int{201}},
	}
	for _, tc := range []struct {
		kind   integration.CheckType
		target kyc.CheckType
		input  string
		config map[string]any
		want   map[string]want
	}{
		{kind: integration.IdentityCheck, target: kyc.CheckIdentity, input: individual, want: map[string]want{
			"": {"2+2", nil}, "ANY": {"2+2", nil}, "ANY_CHARGE": {"2+2", nil}, "NO_MATCHES": {"Fail", nil},
			"ONE_NAME_ADDRESS_MATCH": {"Fail", nil}, "ONE_NAME_DOB_MATCH": {"Fail", nil}, "TWO_NAME_ADDRESS_MATCH": {"Fail", nil},
			"ONE_NAME_ADDRESS_ONE_NAME_DOB_MATCH": {"1+1", nil}, "ONE_NAME_ADDRESS_DOB_MATCH": {"1+1", nil},
			"MORTALITY_MATCH": {"Fail", nil}, "ONE_NAME_ADDRESS_MORTALITY_MATCH": {"Fail", nil},
			"ONE_NAME_ADDRESS_ONE_NAME_DOB_MORTALITY_MATCH": {"Fail", nil},
		}},
		{kind: integration.CompanyData, target: kyc.CheckCompanyRegistry, input: company, want: map[string]want{
			"": {"Pass", nil}, "ALL_DATA": {"Pass", nil}, "NO_DATA": {"Fail", nil}, "COMPANY_INACTIVE": {"Pass", nil},
			"COMPANY_NAME_MISMATCH": {"Refer", nil}, "COMPANY_NUMBER_MISMATCH": {"Refer", nil}, "COMPANY_ADDRESS_MATCH": {"Pass", nil},
			"COMPANY_ADDRESS_MISMATCH": {"Refer", nil}, "COMPANY_RESIGNED_OFFICER": {"Pass", nil},
			"COMPANY_SHAREHOLDER_WITH_100_PERCENT_OWNERSHIP": {"Pass", nil}, "COMPANY_INDIVIDUAL_OF_SIGNIFICANT_CONTROL": {"Pass", nil},
		}},
		{kind: integration.CompanyData, target: kyc.CheckCompanyOwnership, input: company, want: map[string]want{
			"ALL_DATA": {"Pass", nil}, "COMPANY_NAME_MISMATCH": {"Partial", nil}, "NO_DATA": {"Fail", nil},
		}},
		{kind: integration.IndividualCustom, target: kyc.CheckIndividualManualForm, input: individual, want: map[string]want{
			"": {"Pass", nil}, "ANY": {"Pass", nil},
		}},
		{kind: integration.CompanyCustom, target: kyc.CheckCompanyManualForm, input: company, want: map[string]want{"": {"Pass", nil}}},
	} {
		t.Run(string(tc.kind)+"/"+string(tc.target), func(t *testing.T) {
			t.Parallel()
			c, _, _, cfg := setup(t, tc.kind, integrationtest.Options{})
			md, err := c.Metadata(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			m := integration.Mapping{Kind: cfg.CheckType, Target: tc.target, Provider: md.ProviderName, Facts: facts(t, tc.input)}
			cases := map[string]want{}
			for k, v := range tc.want {
				cases[k] = v
			}
			for k, v := range errs {
				cases[k] = v
			}
			if tc.target == kyc.CheckIndividualManualForm || tc.target == kyc.CheckCompanyManualForm {
				for k, v := range errs {
					cases[k] = want{"Fail", v.codes} // manual forms have no Error result
				}
			}
			for demo, w := range cases {
				r, err := c.RunCheck(context.Background(), request(tc.input, demo))
				if err != nil {
					t.Fatalf("demo_result %q: %v", demo, err)
				}
				o := m.Outcome(r)
				if o.Result != w.result || !slices.Equal(codes(o.Errors), nonNil(w.codes)) {
					t.Errorf("demo_result %q: got %s %v, want %s %v (%+v)", demo, o.Result, codes(o.Errors), w.result, w.codes, o.Errors)
				}
				if len(o.Providers) != 1 || o.Providers[0].Name != "Gatehouse Test Provider" {
					t.Errorf("demo_result %q: providers %+v", demo, o.Providers)
				}
				validate(t, tc.target, tc.input, o)
			}
		})
	}
}

func nonNil(c []int) []int {
	if c == nil {
		return []int{}
	}
	return c
}

// TestCompanyOutput looks inside a company data check's output: metadata
// translated to 4.0 names and associates sorted into officers and owners.
func TestCompanyOutput(t *testing.T) {
	t.Parallel()
	c, _, _, cfg := setup(t, integration.CompanyData, integrationtest.Options{})
	m := integration.Mapping{Kind: cfg.CheckType, Target: kyc.CheckCompanyRegistry, Provider: "P", Facts: facts(t, company)}
	for _, tc := range []struct {
		demo  string
		check func(t *testing.T, out map[string]any)
	}{
		{"ALL_DATA", func(t *testing.T, out map[string]any) {
			md := out["metadata"].(map[string]any)
			if md["number"] != "04123456" || md["description"] != "Software for testing" {
				t.Errorf("metadata %v", md)
			}
			if cd := md["contact_details"].(map[string]any); cd["email"] != "hello@company.example" {
				t.Errorf("contact_details %v", cd)
			}
			if sic := md["sic_codes"].([]any); len(sic) != 1 || sic[0].(map[string]any)["code"] != "62012" {
				t.Errorf("sic_codes %v, want only the SIC classification", sic)
			}
			addr := md["addresses"].([]any)[0].(map[string]any)["address"].(map[string]any)
			if addr["street_number"] != "12" {
				t.Errorf("street_number %#v, want \"12\"", addr["street_number"])
			}
			if d := out["officers"].(map[string]any)["directors"].([]any); len(d) != 1 {
				t.Errorf("directors %v", d)
			}
			own := out["ownership_structure"].(map[string]any)
			if len(own["shareholders"].([]any)) != 2 || len(own["beneficial_owners"].([]any)) != 1 {
				t.Errorf("ownership %v", own)
			}
		}},
		{"COMPANY_RESIGNED_OFFICER", func(t *testing.T, out map[string]any) {
			r := out["officers"].(map[string]any)["resigned"].([]any)
			if len(r) != 1 || r[0].(map[string]any)["original_role"] != "SECRETARY" || r[0].(map[string]any)["resigned_on"] != "2015-01-31" {
				t.Errorf("resigned %v", r)
			}
		}},
		{"COMPANY_SHAREHOLDER_WITH_100_PERCENT_OWNERSHIP", func(t *testing.T, out map[string]any) {
			s := out["ownership_structure"].(map[string]any)["shareholders"].([]any)
			if len(s) != 1 || s[0].(map[string]any)["total_percentage"] != 100.0 {
				t.Errorf("shareholders %v", s)
			}
		}},
		{"COMPANY_ADDRESS_MISMATCH", func(t *testing.T, out map[string]any) {
			if fc := out["field_checks"].([]any); len(fc) != 1 {
				t.Errorf("field_checks %v", fc)
			}
		}},
	} {
		r, err := c.RunCheck(context.Background(), request(company, tc.demo))
		if err != nil {
			t.Fatal(err)
		}
		var out map[string]any
		if err := json.Unmarshal(m.Outcome(r).Output, &out); err != nil {
			t.Fatal(err)
		}
		t.Run(tc.demo, func(t *testing.T) { tc.check(t, out) })
	}
}

// TestCustomDecisions maps every decision of a custom check (set through
// provider_config) onto targets with and without Partial, Refer and Error.
func TestCustomDecisions(t *testing.T) {
	t.Parallel()
	c, _, _, cfg := setup(t, integration.CompanyCustom, integrationtest.Options{})
	for _, tc := range []struct {
		decision string
		target   kyc.CheckType
		want     string
		codes    []int
	}{
		{"PASS", kyc.CheckCompanyManualForm, "Pass", nil},
		{"FAIL", kyc.CheckCompanyManualForm, "Fail", nil},
		{"PARTIAL", kyc.CheckCompanyManualForm, "Fail", nil},
		{"WARN", kyc.CheckCompanyManualForm, "Fail", nil},
		{"ERROR", kyc.CheckCompanyManualForm, "Fail", []int{303}},
		{"PASS", kyc.CheckCompanyOwnership, "Pass", nil},
		{"PARTIAL", kyc.CheckCompanyOwnership, "Partial", nil},
		{"WARN", kyc.CheckCompanyOwnership, "Partial", nil},
		{"WARN", kyc.CheckCompanyRegistry, "Refer", nil},
		{"PARTIAL", kyc.CheckCompanyRegistry, "Refer", nil},
		{"ERROR", kyc.CheckCompanyRegistry, "Error", []int{303}},
	} {
		t.Run(tc.decision+"/"+string(tc.target), func(t *testing.T) {
			req := request(company, "")
			req.ProviderConfig = map[string]any{"decision": []any{tc.decision}}
			r, err := c.RunCheck(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			o := integration.Mapping{Kind: cfg.CheckType, Target: tc.target, Provider: "P"}.Outcome(r)
			if o.Result != tc.want || !slices.Equal(codes(o.Errors), nonNil(tc.codes)) {
				t.Errorf("got %s %v, want %s %v", o.Result, codes(o.Errors), tc.want, tc.codes)
			}
			var out struct {
				Custom struct {
					Decision  string `json:"decision"`
					Summary   string `json:"summary"`
					Resources []any  `json:"external_resources"`
				} `json:"custom_check"`
			}
			if err := json.Unmarshal(o.Output, &out); err != nil || out.Custom.Decision != tc.decision ||
				!strings.Contains(out.Custom.Summary, tc.decision) || len(out.Custom.Resources) != 1 {
				t.Errorf("output %s (%v)", o.Output, err)
			}
			validate(t, tc.target, company, o)
		})
	}
}

// TestSearch runs a company search.
func TestSearch(t *testing.T) {
	t.Parallel()
	c, p, _, _ := setup(t, integration.CompanyData, integrationtest.Options{Features: []string{integration.FeatureCompanySearch}})
	rel, creds := direct()
	r, err := c.Search(context.Background(), integration.SearchRequest{CommercialRelationship: rel, ProviderCredentials: creds,
		SearchInput: integration.SearchInput{Query: "Northwind", CountryOfIncorporation: "GBR"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.SearchOutput) != 3 || r.SearchOutput[0].Name != "Northwind Limited" || r.SearchOutput[2].Status != "DISSOLVED" ||
		r.SearchOutput[0].CountryOfIncorporation != "GBR" || len(r.Errors) != 0 {
		t.Errorf("search answer %+v", r)
	}
	if n := p.Count("/search"); n != 1 {
		t.Errorf("got %d search requests, want 1", n)
	}
	r, err = c.Search(context.Background(), integration.SearchRequest{DemoResult: "ERROR_INVALID_CREDENTIALS", CommercialRelationship: rel,
		ProviderCredentials: creds, SearchInput: integration.SearchInput{Query: "Northwind", CountryOfIncorporation: "GBR"}})
	if err != nil || len(r.Errors) != 1 || r.Errors[0].CheckError().Code != 502 {
		t.Errorf("demo error search: %+v, %v", r, err)
	}
}
