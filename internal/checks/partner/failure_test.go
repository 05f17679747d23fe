package partner_test

import (
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/checks/partner"
	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/integration/integrationtest"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestProviderFailures: an integration that answers an error status ends
// its check as Error at once (an answer is never retried); one that does
// not answer (times out, drops the connection) is retried with back-off,
// by the client then by the job queue, and its check ends as Error after
// the last attempt. The env's client makes 2 attempts per call and its
// jobs 2 attempts.
func TestProviderFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		vs := []variant{
			{alias: "status500", target: kyc.CheckCompanyRegistry, kind: integration.CompanyData},
			{alias: "slow", target: kyc.CheckCompanyRegistry, kind: integration.CompanyData, opts: integrationtest.Options{Timeout: 1}},
			{alias: "dropped", target: kyc.CheckCompanyRegistry, kind: integration.CompanyData},
			{alias: "complete500", target: kyc.CheckDocumentVerification, kind: integration.DocumentVerification},
			{alias: "poll500", target: kyc.CheckPEPsAndSanctions, kind: integration.PEPsAndSanctionsScreen},
			{alias: "ready_dropped", target: kyc.CheckDocumentVerification, kind: integration.DocumentVerification},
		}
		e := newEnv(t, db, vs, options{maxAttempts: 2})
		e.ints["status500"].Inject("/checks", -1, integrationtest.Fault{Status: http.StatusInternalServerError})
		e.ints["slow"].Inject("/checks", -1, integrationtest.Fault{Delay: 3 * time.Second})
		e.ints["dropped"].Inject("/checks", -1, integrationtest.Fault{Drop: true})
		e.ints["complete500"].Inject("/checks/*/complete", -1, integrationtest.Fault{Status: http.StatusInternalServerError})
		e.ints["poll500"].Inject("/checks/*/poll", -1, integrationtest.Fault{Status: http.StatusInternalServerError})
		e.ints["ready_dropped"].Inject("/checks/*/ready", -1, integrationtest.Fault{Drop: true})
		person, firm := e.profile(individual), e.profile(company)
		for _, tc := range []struct {
			alias   string
			target  kyc.CheckType
			profile string
			demo    string
			code    int
			path    string
			calls   int
		}{
			{"status500", kyc.CheckCompanyRegistry, firm, "ALL_DATA", 303, "/checks", 1},
			{"slow", kyc.CheckCompanyRegistry, firm, "ALL_DATA", 302, "/checks", 4},
			{"dropped", kyc.CheckCompanyRegistry, firm, "ALL_DATA", 302, "/checks", 4},
			{"complete500", kyc.CheckDocumentVerification, person, "DOCUMENT_ALL_PASS", 303, "/checks/*/complete", 1},
			{"poll500", kyc.CheckPEPsAndSanctions, person, "SCREEN_NO_HITS", 303, "/checks/*/poll", 1},
			{"ready_dropped", kyc.CheckDocumentVerification, person, "DOCUMENT_ALL_PASS", 302, "/checks/*/ready", 4},
		} {
			t.Run(tc.alias, func(t *testing.T) {
				t.Parallel()
				c := e.wait(tc.profile, e.instruct(tc.profile, tc.alias, tc.target, tc.demo, "async").ID)
				if c.Result != "Error" || !slices.Equal(c.codes(), []int{tc.code}) || c.Errors[0].Source != "PROVIDER" {
					t.Errorf("got %s %v, want Error [%d] from the PROVIDER (%+v)", c.Result, c.codes(), tc.code, c.Errors)
				}
				if n := e.ints[tc.alias].Count(tc.path); n != tc.calls {
					t.Errorf("got %d requests to %s, want %d", n, tc.path, tc.calls)
				}
			})
		}
	})
}

// TestUnusableIntegrations: what probing finds of integrations that cannot
// run their variant's checks, and what their checks become: Error 502 at
// once for a mismatched one, Error 302 after the retries for one that
// cannot be reached; an integration that comes up later is used.
func TestUnusableIntegrations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		down := "http://" + l.Addr().String() + "/"
		l.Close() // nothing listens there
		vs := []variant{
			{alias: "wrong_type", target: kyc.CheckIdentity, kind: integration.IdentityCheck,
				opts: integrationtest.Options{CheckType: string(integration.CompanyData)}},
			{alias: "wrong_key", target: kyc.CheckCompanyRegistry, kind: integration.CompanyData,
				opts: integrationtest.Options{Key: []byte("0123456789abcdef0123456789abcdef")}},
			{alias: "no_secret", target: kyc.CheckCompanyRegistry, kind: integration.CompanyData,
				config: map[string]any{"key": "env:NOT_SET"}},
			{alias: "bad_config", target: kyc.CheckCompanyRegistry, kind: integration.CompanyData,
				config: map[string]any{"provider_config": map[string]any{"colour": "red", "strict": "yes"}}},
			{alias: "missing_credential", target: kyc.CheckCompanyRegistry, kind: integration.CompanyData,
				config: map[string]any{"provider_credentials": map[string]any{"username": "env:INT_USER"}}},
			{alias: "unknown_credential", target: kyc.CheckCompanyRegistry, kind: integration.CompanyData,
				config: map[string]any{"provider_credentials": map[string]any{"username": "env:INT_USER", "password": "env:INT_PASSWORD",
					"token": "env:INT_USER"}}},
			{alias: "down", target: kyc.CheckCompanyRegistry, kind: integration.CompanyData, url: down},
		}
		e := newEnv(t, db, vs, options{maxAttempts: 2})
		want := map[string]struct {
			status   partner.Status
			problems []string
			warnings []string
		}{
			"wrong_type": {partner.StatusMismatched, []string{"GET /config: check_type: is COMPANY_DATA; this integration is set up for IDENTITY_CHECK checks"}, nil},
			"wrong_key":  {partner.StatusMismatched, []string{"GET /config: the integration answered HTTP 401 Unauthorized"}, nil},
			"no_secret":  {partner.StatusMismatched, []string{"config.key: integration: the environment variable NOT_SET is not set"}, nil},
			"bad_config": {partner.StatusMismatched, []string{"config.provider_config.strict: must be true or false for a boolean field",
				"config.provider_config.colour: is not a configuration field of this integration"}, nil},
			"missing_credential": {partner.StatusReady, nil, []string{"config.provider_credentials.password: is not given (Password)"}},
			"unknown_credential": {partner.StatusMismatched, []string{"config.provider_credentials.token: is not a credential field"}, nil},
			"down":               {partner.StatusUnreachable, []string{"GET /: no answer (after 2 attempts)"}, nil},
		}
		for _, st := range e.statuses {
			w := want[st.Variant.Alias]
			var got, warned []string
			for _, p := range st.Problems {
				got = append(got, p.String())
			}
			for _, p := range st.Warnings {
				warned = append(warned, p.String())
			}
			if st.Status != w.status || len(got) != len(w.problems) || len(warned) != len(w.warnings) {
				t.Errorf("%s: got %s %q %q, want %s %q %q", st.Variant.Alias, st.Status, got, warned, w.status, w.problems, w.warnings)
				continue
			}
			for i := range got {
				if !strings.HasPrefix(got[i], w.problems[i]) {
					t.Errorf("%s: got problem %q, want %q", st.Variant.Alias, got[i], w.problems[i])
				}
			}
			for i := range warned {
				if !strings.HasPrefix(warned[i], w.warnings[i]) {
					t.Errorf("%s: got warning %q, want %q", st.Variant.Alias, warned[i], w.warnings[i])
				}
			}
		}
		person, firm := e.profile(individual), e.profile(company)
		c := e.instruct(person, "wrong_type", kyc.CheckIdentity, "", "")
		if c.State != "COMPLETE" || c.Result != "Error" || !slices.Equal(c.codes(), []int{502}) || c.Errors[0].Source != "ENGINE" ||
			!strings.Contains(c.Errors[0].Message, "check_type") {
			t.Errorf("mismatched: got %s %s %+v, want COMPLETE Error [502] from the ENGINE naming check_type", c.State, c.Result, c.Errors)
		}
		if n := e.ints["wrong_type"].Count("/checks"); n != 0 {
			t.Errorf("mismatched: got %d POST /checks, want none", n)
		}
		// Ready with a credential left out: the integration refuses it.
		c = e.wait(firm, e.instruct(firm, "missing_credential", kyc.CheckCompanyRegistry, "ALL_DATA", "").ID)
		if c.Result != "Error" || !slices.Equal(c.codes(), []int{502}) || c.Errors[0].Info["type"] != "INVALID_CREDENTIALS" {
			t.Errorf("missing credential: got %s %+v, want Error [502] INVALID_CREDENTIALS", c.Result, c.Errors)
		}
		c = e.wait(firm, e.instruct(firm, "down", kyc.CheckCompanyRegistry, "ALL_DATA", "").ID)
		if c.Result != "Error" || !slices.Equal(c.codes(), []int{302}) {
			t.Errorf("unreachable: got %s %+v, want Error [302]", c.Result, c.Errors)
		}

		// The integration comes up where the variant points: the next
		// check probes it again and runs.
		l, err = net.Listen("tcp", strings.TrimSuffix(strings.TrimPrefix(down, "http://"), "/"))
		if err != nil {
			t.Skipf("cannot listen on %s again: %v", down, err)
		}
		late := integrationtest.StartOn(t, l, integrationtest.Options{CheckType: string(integration.CompanyData), Key: e.keys["down"]})
		time.Sleep(60 * time.Millisecond) // past the env's Reprobe
		c = e.wait(firm, e.instruct(firm, "down", kyc.CheckCompanyRegistry, "ALL_DATA", "").ID)
		if c.Result != "Pass" {
			t.Errorf("after the integration came up: got %s %+v, want Pass", c.Result, c.Errors)
		}
		if late.Count("/config") != 1 {
			t.Errorf("got %d GET /config, want 1 (probed once)", late.Count("/config"))
		}
	})
}
