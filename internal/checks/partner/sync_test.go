package partner_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/gatehouse/gatehouse/internal/checks/partner"
	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// syncVariants are one variant of every synchronous template's check type.
var syncVariants = []variant{
	{alias: "idv", target: kyc.CheckIdentity, kind: integration.IdentityCheck},
	{alias: "registry", target: kyc.CheckCompanyRegistry, kind: integration.CompanyData,
		opts: integrationOpts(integration.FeatureCompanySearch)},
	{alias: "ownership", target: kyc.CheckCompanyOwnership, kind: integration.CompanyData,
		config: map[string]any{"commercial_relationship": "PASSFORT", "provider_credentials": nil}},
	{alias: "sof_form", target: kyc.CheckIndividualManualForm, kind: integration.IndividualCustom,
		config: map[string]any{"provider_config": map[string]any{"decision": []any{"FAIL"}}}},
	{alias: "tax_form", target: kyc.CheckCompanyManualForm, kind: integration.CompanyCustom},
	{alias: "filings", target: kyc.CheckCompanyFilings, kind: integration.CompanyCustom},
}

// TestSynchronousChecks runs every synchronous check type through the 4.0
// API against test integrations, on both databases: each answer validated
// against the contract, every request signed and verified.
func TestSynchronousChecks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, syncVariants, options{})
		for _, st := range e.statuses {
			if st.Status != partner.StatusReady {
				t.Fatalf("variant %s: %s %s", st.Variant.Alias, st.Status, st.Reason())
			}
		}
		person, firm := e.profile(individual), e.profile(company)
		for _, tc := range []struct {
			alias   string
			target  kyc.CheckType
			demo    string
			profile string
			result  string
			codes   []int
		}{
			{"idv", kyc.CheckIdentity, "", person, "2+2", nil},
			{"idv", kyc.CheckIdentity, "ONE_NAME_ADDRESS_ONE_NAME_DOB_MATCH", person, "1+1", nil},
			{"idv", kyc.CheckIdentity, "NO_MATCHES", person, "Fail", nil},
			{"idv", kyc.CheckIdentity, "MORTALITY_MATCH", person, "Fail", nil},
			{"idv", kyc.CheckIdentity, "ERROR_INVALID_CREDENTIALS", person, "Error", []int{502}},
			{"idv", kyc.CheckIdentity, "ERROR_CONNECTION_TO_PROVIDER", person, "Error", []int{302}},
			{"idv", kyc.CheckIdentity, "NOT_A_DEMO_RESULT", person, "Error", []int{201}},
			{"registry", kyc.CheckCompanyRegistry, "ALL_DATA", firm, "Pass", nil},
			{"registry", kyc.CheckCompanyRegistry, "COMPANY_NAME_MISMATCH", firm, "Refer", nil},
			{"registry", kyc.CheckCompanyRegistry, "NO_DATA", firm, "Fail", nil},
			{"ownership", kyc.CheckCompanyOwnership, "COMPANY_SHAREHOLDER_WITH_100_PERCENT_OWNERSHIP", firm, "Pass", nil},
			{"ownership", kyc.CheckCompanyOwnership, "COMPANY_NAME_MISMATCH", firm, "Partial", nil},
			{"sof_form", kyc.CheckIndividualManualForm, "", person, "Fail", nil},
			{"tax_form", kyc.CheckCompanyManualForm, "", firm, "Pass", nil},
			{"filings", kyc.CheckCompanyFilings, "", firm, "Pass", nil},
		} {
			t.Run(tc.alias+"/"+tc.demo, func(t *testing.T) {
				c := e.instruct(tc.profile, tc.alias, tc.target, tc.demo, "")
				if tc.target != kyc.CheckIdentity && c.State == "COMPLETE" {
					t.Errorf("a %s check answered COMPLETE, want it run in the background", tc.target)
				}
				c = e.wait(tc.profile, c.ID)
				if c.Result != tc.result || !slices.Equal(c.codes(), nonNil(tc.codes)) {
					t.Errorf("got %s %v, want %s %v (%+v)", c.Result, c.codes(), tc.result, tc.codes, c.Errors)
				}
				if len(c.Providers) != 1 || c.Providers[0].Name != "Gatehouse Test Provider" {
					t.Errorf("providers %+v, want the integration's provider_name", c.Providers)
				}
			})
		}
		// The identity check ran at once: its answer already had the result.
		if c := e.instruct(person, "idv", kyc.CheckIdentity, "ONE_NAME_ADDRESS_DOB_MATCH", ""); c.State != "COMPLETE" || c.Result != "1+1" {
			t.Errorf("synchronous identity check answered %s %s, want COMPLETE 1+1", c.State, c.Result)
		}
		for alias := range e.ints {
			if n := e.signedBothWays(alias); n == 0 {
				t.Errorf("%s received no request", alias)
			}
		}
		// The custom check's output carries the decision. (The PASSFORT
		// ownership variant sent no credentials: the test integration
		// answers 400 to credentials with that relationship.)
		var out struct {
			Custom struct{ Decision string } `json:"custom_check"`
		}
		c := e.instruct(person, "sof_form", kyc.CheckIndividualManualForm, "", "sync")
		if err := json.Unmarshal(c.OutputData, &out); err != nil || out.Custom.Decision != "FAIL" {
			t.Errorf("custom output %s: %v", c.OutputData, err)
		}
	})
}

// TestAutomaticIdentityCheck: a product's automatic identity check runs on
// its integration when the profile is created, and passes the task.
func TestAutomaticIdentityCheck(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, syncVariants[:1], options{})
		id := e.profile(individual, "onboarding")
		var tasks []struct {
			State    string   `json:"state"`
			CheckIDs []string `json:"check_ids"`
		}
		waitFor(t, "the identity task passes", func() bool {
			_, out := e.c.Do("GET", "/4.0/profiles/"+id+"/tasks", nil)
			_ = json.Unmarshal(out, &tasks)
			return len(tasks) == 1 && tasks[0].State == "COMPLETED_PASS"
		})
		if c := e.get(id, tasks[0].CheckIDs[0]); c.Result != "2+2" {
			t.Errorf("got %s, want 2+2", c.Result)
		}
		if n := e.ints["idv"].Count("/checks"); n != 1 {
			t.Errorf("got %d POST /checks, want 1", n)
		}
	})
}

func nonNil(c []int) []int {
	if c == nil {
		return []int{}
	}
	return c
}
