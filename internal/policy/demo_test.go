package policy

import (
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// The two sample profiles of PassFort's "Create profiles (API)" guide.
const (
	guideIndividual = `,"personal_details":{"name":{"given_names":["Alex","D"],"family_name":"Wheeler"}}`
	guideCompany    = `,"metadata":{"name":"PassFort Limited","number":"09565115","country_of_incorporation":"GBR"}`
	basicTasks      = "verify_identity,pep_and_sanctions"
	proTasks        = "verify_company,review_filings,identify_officers,identify_beneficial_owners,company_sanctions"
)

// full is a screened individual with every field the demo risk model reads.
func full(nationality, dob, country string, events ...*kyc.Event) *kyc.Profile {
	return withScreen(individual(`,"personal_details":{"name":{"given_names":["Jane"],"family_name":"Doe"},"dob":"`+dob+`","nationality":"`+nationality+`"},`+
		`"address_history":[{"address":{"country":"`+country+`"}}]`, events...))
}

func TestDemoPlans(t *testing.T) {
	demo := Demo()
	for _, tc := range []struct {
		name     string
		profile  *kyc.Profile
		product  string
		tasks    string
		category kyc.RiskCategory
		score    float64
		reject   string
	}{
		// The guide's samples keep the task lists the API golden files show,
		// with a determined (LOW) risk once screened.
		{"guide individual", withScreen(individual(guideIndividual)), "forexo_basic", basicTasks, kyc.RiskLow, 0, ""},
		{"guide company", company(guideCompany), "forexo_pro", proTasks, kyc.RiskLow, 0, ""},
		{"individual, low risk", full("GBR", "1980-04-02", "GBR"), "forexo_basic", basicTasks, kyc.RiskLow, 0, ""},
		{"individual, young adult", full("GBR", "2004-01-01", "GBR"), "forexo_basic", basicTasks, kyc.RiskMedium, 30, ""},
		{"individual, potential PEP", full("GBR", "1980", "GBR", event(kyc.EventPEP, kyc.Unresolved)), "forexo_basic", basicTasks, kyc.RiskMedium, 30, ""},
		{"individual, increased-monitoring nationality", full("MCO", "1980", "FRA"), "forexo_basic", basicTasks + ",source_of_funds", kyc.RiskHigh, 60, ""},
		{"individual, increased-monitoring residence", full("GBR", "1980", "VNM"), "forexo_basic", basicTasks + ",source_of_funds", kyc.RiskHigh, 60, ""},
		{"individual, PEP", full("GBR", "1980", "GBR", event(kyc.EventPEP, kyc.ResolvedMatch)), "forexo_basic", basicTasks + ",source_of_funds", kyc.RiskHigh, 100, ""},
		{"individual, call-for-action nationality", full("IRN", "1980", "GBR"), "forexo_basic", "", kyc.RiskHigh, 100,
			"Nationality is a FATF high-risk jurisdiction subject to a call for action"},
		{"individual, call-for-action residence only", full("GBR", "1980", "PRK"), "forexo_basic", basicTasks + ",source_of_funds", kyc.RiskHigh, 100, ""},
		{"individual, sanctioned", full("GBR", "1980", "GBR", event(kyc.EventSanction, kyc.ResolvedMatch)), "forexo_basic", "", kyc.RiskLow, 0, "Confirmed sanctions match"},
		{"individual, minor", full("GBR", "2012-05-01", "GBR"), "forexo_basic", "", kyc.RiskHigh, 100, "The applicant is under 18"},
		{"company, call-for-action incorporation", company(`,"metadata":{"name":"X","country_of_incorporation":"PRK"}`), "forexo_pro", "", kyc.RiskHigh, 100,
			"Incorporated in a FATF high-risk jurisdiction subject to a call for action"},
		{"company, gambling", company(`,"metadata":{"name":"X","country_of_incorporation":"GBR","sic_codes":[{"code":"62020"},{"code":"92000"}]}`),
			"forexo_pro", proTasks + ",company_edd", kyc.RiskHigh, 60, ""},
		{"company, holding", company(`,"metadata":{"name":"X","country_of_incorporation":"GBR","sic_codes":[{"code":"64209"}]}`),
			"forexo_pro", proTasks, kyc.RiskMedium, 30, ""},
		{"company without a country of incorporation", company(`,"metadata":{"name":"X"}`), "forexo_pro", proTasks, kyc.RiskUndetermined, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pl := plan(t, demo, tc.profile, tc.product)
			if got := aliases(pl.Tasks); got != tc.tasks {
				t.Errorf("tasks = %q, want %q", got, tc.tasks)
			}
			if pl.Risk.Category != tc.category || pl.Risk.Score != tc.score {
				t.Errorf("risk = %s %g, want %s %g\n%+v", pl.Risk.Category, pl.Risk.Score, tc.category, tc.score, pl.Risk.Components)
			}
			if pl.Reject != (tc.reject != "") || pl.RejectReason != tc.reject {
				t.Errorf("reject = %v %q, want %q", pl.Reject, pl.RejectReason, tc.reject)
			}
		})
	}
}

// TestDemoGuideSamplesDetermined: the guide's samples get a determined
// risk once their automatic checks have run (the individual's required PEP
// status comes from its screen; before it the risk is UNDETERMINED for that
// alone), so the settled flags of the API tests are not REQUIRES_RISK_SCORE.
func TestDemoGuideSamplesDetermined(t *testing.T) {
	for _, tc := range []struct {
		p       *kyc.Profile
		product string
	}{{withScreen(individual(guideIndividual)), "forexo_basic"}, {company(guideCompany), "forexo_pro"}, {withScreen(company(guideCompany)), "forexo_pro"}} {
		r := plan(t, Demo(), tc.p, tc.product).Risk
		if r.Undetermined() || len(r.MissingRequired) > 0 || r.Model == "" {
			t.Errorf("%s: risk %+v, want determined", tc.product, r)
		}
	}
	if r := plan(t, Demo(), individual(guideIndividual), "forexo_basic").Risk; !r.Undetermined() || !slices.Equal(r.MissingRequired, []string{"PEP status"}) {
		t.Errorf("unscreened individual: risk %s missing %v, want UNDETERMINED for PEP status alone", r.Category, r.MissingRequired)
	}
}

// TestDemoPlanDetails checks the checks and expiry periods of a demo plan.
func TestDemoPlanDetails(t *testing.T) {
	demo := Demo()
	pl := plan(t, demo, full("MCO", "1980", "FRA"), "forexo_basic")
	pep, _ := demo.TaskVariant("pep_and_sanctions")
	sof, _ := demo.TaskVariant("source_of_funds")
	if pl.ExpiryDays[pep.ID] != 90 || pl.ExpiryDays[sof.ID] != 365 {
		t.Errorf("expiry = %v, want 90 days for PEP screening at HIGH risk, 365 for source of funds", pl.ExpiryDays)
	}
	pepAcceptance, auto := demo.TaskChecks(pep.ID)
	if len(auto) != 1 || auto[0].CheckType != "PEPS_AND_SANCTIONS_SCREEN" || auto[0].Provider != "demo" {
		t.Errorf("automatic checks of %s = %+v", pep.Alias, auto)
	}
	if sofAcceptance, _ := demo.TaskChecks(sof.ID); len(pepAcceptance) != 1 || len(sofAcceptance) != 1 {
		t.Errorf("acceptance checks = %v, %v", pepAcceptance, sofAcceptance)
	}
	low := plan(t, demo, withScreen(individual(guideIndividual)), "forexo_basic")
	if low.ExpiryDays[pep.ID] != 365 {
		t.Errorf("LOW expiry = %v, want 365", low.ExpiryDays)
	}
	id, _ := demo.TaskVariant("verify_identity")
	if _, ok := low.ExpiryDays[id.ID]; ok {
		t.Error("verify_identity expires, want never")
	}
}

// TestDemoCountryTable checks the shipped FATF table.
func TestDemoCountryTable(t *testing.T) {
	table := buildCountryTable(builtinCountryRisk(), func(f string, a ...any) { t.Errorf(f, a...) })
	for code, want := range map[string]string{"PRK": "HIGH", "IRN": "HIGH", "MMR": "HIGH", "VNM": "MEDIUM", "MCO": "MEDIUM",
		"ZAF": "LOW", "NGA": "LOW", "GBR": "LOW", "gbr": "LOW", "": "LOW", "prk": "HIGH"} {
		if got := string(table.level(code)); got != want {
			t.Errorf("country_risk(%q) = %s, want %s", code, got, want)
		}
	}
	if !strings.Contains(string(demoYAML), "24 October 2025") || !strings.Contains(string(demoYAML), "MUST keep this table current") {
		t.Error("the country table's header must give its source date and tell operators to keep it current")
	}
}

// TestBuiltinCountryTable: a policy without a table uses the built-in one;
// a policy's own table replaces it.
func TestBuiltinCountryTable(t *testing.T) {
	doc := edit(t, "risk.level == 'HIGH'", "has(profile.nationality) && country_risk(profile.nationality) == 'MEDIUM'")
	builtin := mustParse(t, doc)
	own := mustParse(t, "country_risk: {MEDIUM: [GBR]}\n"+doc)
	if !builtin.UsesBuiltinCountryRisk() || own.UsesBuiltinCountryRisk() {
		t.Errorf("UsesBuiltinCountryRisk = %v, %v; want true, false", builtin.UsesBuiltinCountryRisk(), own.UsesBuiltinCountryRisk())
	}
	for _, tc := range []struct {
		p                 *Policy
		nationality, want string
	}{{builtin, "VNM", "v,edd"}, {builtin, "GBR", "v"}, {own, "GBR", "v,edd"}, {own, "VNM", "v"}} {
		if got := aliases(plan(t, tc.p, full(tc.nationality, "1980", "FRA"), "p").Tasks); got != tc.want {
			t.Errorf("nationality %s: tasks %s, want %s", tc.nationality, got, tc.want)
		}
	}
}
