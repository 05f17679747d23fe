package partner_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/gatehouse/gatehouse/internal/checks/partner"
	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/integration/integrationtest"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// Configs as PassFort's published reference integrations declare them,
// short of the protocol's text in ways that must not keep them from
// running: the screening integration nests its schedule in a
// polling_strategy object; the identity integration lists no
// supported_countries and gives a credential a default.
const (
	nestedScreeningConfig = `{"check_type":"PEPS_AND_SANCTIONS_SCREEN","check_template":{"type":"ONE_TIME_POLLING",
		"polling_strategy":{"type":"UNIFORM","initial_interval":0,"polling_interval":0.01,"max_polls":5}},
		"pricing":{"supports_reselling":true,"maximum_cost":200},"supported_countries":["GBR"],
		"supported_features":["PEPS","SANCTIONS","ADVERSE_MEDIA"],
		"credentials":{"fields":[{"type":"string","name":"username","label":"User"},{"type":"password","name":"password","label":"Password"}]},
		"config":{"fields":[]}}`
	countrylessIdentityConfig = `{"check_type":"IDENTITY_CHECK","check_template":{"type":"ONE_TIME_SYNCHRONOUS","timeout":60},
		"pricing":{"supports_reselling":true,"maximum_cost":200},
		"credentials":{"fields":[{"type":"string","name":"username","label":"Username"},{"type":"password","name":"password","label":"Password"},
		{"type":"string","name":"url","label":"URL","default":"https://provider.example/api"}]},
		"config":{"fields":[{"type":"boolean","name":"require_dob","label":"DOB required","default":false}]}}`
)

// TestReferenceIntegrationQuirks runs integrations that behave as
// PassFort's own published reference integrations do: a nested polling
// schedule, a config without supported_countries, a credential with a
// default, and a document integration without /ready that calls back on
// its own.
func TestReferenceIntegrationQuirks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		vs := []variant{
			{alias: "screen", target: kyc.CheckPEPsAndSanctions, kind: integration.PEPsAndSanctionsScreen},
			{alias: "idv", target: kyc.CheckIdentity, kind: integration.IdentityCheck},
			{alias: "docs", target: kyc.CheckDocumentVerification, kind: integration.DocumentVerification},
		}
		// The quirks are injected before Gatehouse probes the integrations.
		e := newEnvWith(t, db, vs, options{}, func(ints map[string]*integrationtest.Provider) {
			ints["screen"].Inject("/config", -1, integrationtest.Fault{Body: nestedScreeningConfig})
			ints["idv"].Inject("/config", -1, integrationtest.Fault{Body: countrylessIdentityConfig})
			ints["docs"].Inject("/checks/*/ready", -1, integrationtest.Fault{Status: http.StatusNotFound})
		})
		for _, st := range e.statuses {
			if st.Status != partner.StatusReady {
				t.Fatalf("%s: %s %s", st.Variant.Alias, st.Status, st.Reason())
			}
			if st.Variant.Alias == "idv" && (len(st.Warnings) != 1 || st.Warnings[0].Field != "GET /config: supported_countries") {
				t.Errorf("idv warnings %+v, want one on supported_countries", st.Warnings)
			}
		}
		id := e.profile(individual)
		if c := e.wait(id, e.instruct(id, "screen", kyc.CheckPEPsAndSanctions, "SCREEN_SINGLE_PEP", "").ID); c.Result != "PEP" {
			t.Errorf("nested schedule: got %s %+v, want PEP", c.Result, c.Errors)
		}
		if c := e.instruct(id, "idv", kyc.CheckIdentity, "", ""); c.Result != "2+2" {
			t.Errorf("countryless identity: got %s %+v, want 2+2", c.Result, c.Errors)
		}
		var sent struct {
			Credentials map[string]string `json:"provider_credentials"`
			Config      map[string]any    `json:"provider_config"`
		}
		for _, r := range e.ints["idv"].Requests() {
			if r.Path == "/checks" {
				_ = json.Unmarshal(r.Body, &sent)
			}
		}
		if sent.Credentials["url"] != "https://provider.example/api" || sent.Credentials["username"] != "tester" || sent.Config["require_dob"] != false {
			t.Errorf("sent credentials %v and config %v, want the url default, the given ones and require_dob false", sent.Credentials, sent.Config)
		}

		docs := e.ints["docs"]
		c := e.instruct(id, "docs", kyc.CheckDocumentVerification, "DOCUMENT_ALL_PASS", "")
		var st *kyc.ProviderCheck
		waitFor(t, "/ready answered 404", func() bool {
			var err error
			st, err = e.store.ProviderCheck(ctx, c.ID)
			return err == nil && st.Stage == kyc.ProviderStarted && docs.Count("/checks/"+c.ID+"/ready") == 1 && e.get(id, c.ID).State == "RUNNING"
		})
		if got, err := docs.Callback(ctx, st.Reference, integrationtest.Tamper{}); err != nil || got != http.StatusOK {
			t.Fatalf("callback: %d %v", got, err)
		}
		if c := e.wait(id, c.ID); c.Result != "Pass" || !slices.Equal(c.codes(), []int{}) {
			t.Errorf("document check without /ready: got %s %v, want Pass", c.Result, c.codes())
		}
	})
}
