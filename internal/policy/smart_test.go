package policy

import (
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// stepsPolicy is base with its steps replaced (YAML list items at 10 spaces).
func stepsPolicy(t *testing.T, steps string) *Policy {
	t.Helper()
	doc := base[:strings.Index(base, "          - tasks: [v]")] + steps
	return mustParse(t, doc)
}

func TestSmartPolicySteps(t *testing.T) {
	const (
		adult = `,"personal_details":{"dob":"1980-01-01","nationality":"FRA"}`
		minor = `,"personal_details":{"dob":"2015-06-30"}`
	)
	for _, tc := range []struct {
		name, steps, data string
		events            []*kyc.Event
		tasks             string
		reject            string
	}{
		{"unconditional", "          - tasks: [v]\n", "", nil, "v", ""},
		{"condition on the profile holds", "          - {when: \"profile.nationality == 'FRA'\", tasks: [v]}\n", adult, nil, "v", ""},
		{"condition on the profile does not hold", "          - tasks: [edd]\n          - {when: \"profile.nationality == 'GBR'\", tasks: [v]}\n", adult, nil, "edd", ""},
		{"optional field with a default", "          - {when: \"profile.?nationality.orValue('') == ''\", tasks: [v]}\n", "", nil, "v", ""},
		{"missing data counts as false", "          - tasks: [edd]\n          - {when: \"profile.nationality == 'FRA'\", tasks: [v]}\n", "", nil, "edd", ""},
		{"risk-dependent task: low", "          - tasks: [v]\n          - {when: \"risk.level == 'HIGH'\", tasks: [edd]}\n", adult, nil, "v", ""},
		{"risk-dependent task: high", "          - tasks: [v]\n          - {when: \"risk.level == 'HIGH'\", tasks: [edd]}\n", minor, nil, "v,edd", ""},
		{"risk score", "          - tasks: [v]\n          - {when: \"risk.score >= 100.0\", tasks: [edd]}\n", minor, nil, "v,edd", ""},
		{"tasks are de-duplicated in order", "          - tasks: [edd]\n          - tasks: [v, edd]\n          - {when: profile.is_associate, tasks: [v]}\n          - tasks: [v]\n", "", nil, "edd,v", ""},
		{"reject ends the policy", "          - tasks: [v]\n          - {when: \"risk.level == 'HIGH'\", outcome: reject, reason: Too young}\n          - tasks: [edd]\n",
			minor, nil, "v", "Too young"},
		{"reject not taken", "          - {when: \"risk.level == 'HIGH'\", outcome: reject}\n          - tasks: [v]\n", adult, nil, "v", ""},
		{"default reason", "          - {when: profile.sanctioned, outcome: reject}\n          - tasks: [v]\n", "",
			[]*kyc.Event{event(kyc.EventSanction, kyc.ResolvedMatch)}, "", "rejected by the smart policy (step 1)"},
		{"reject with tasks", "          - {when: profile.potential_pep, tasks: [edd], outcome: reject}\n", "",
			[]*kyc.Event{event(kyc.EventPEP, kyc.Unresolved)}, "edd", "rejected by the smart policy (step 1)"},
		{"unconditional reject", "          - {outcome: reject, reason: closed}\n", "", nil, "", "closed"},
		{"runtime error counts as false", "          - {when: 'profile.given_names.size() > 0 || profile.dob > 3', tasks: [v]}\n          - tasks: [edd]\n",
			`,"personal_details":{"dob":"1990"}`, nil, "edd", ""},
		{"non-bool dyn counts as false", "          - {when: profile.nationality, tasks: [v]}\n          - tasks: [edd]\n", adult, nil, "edd", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := stepsPolicy(t, tc.steps)
			pl := plan(t, p, individual(tc.data, tc.events...), "p")
			if got := aliases(pl.Tasks); got != tc.tasks || pl.Reject != (tc.reject != "") || pl.RejectReason != tc.reject {
				t.Errorf("got tasks %q reject %v %q, want tasks %q reject %q", got, pl.Reject, pl.RejectReason, tc.tasks, tc.reject)
			}
		})
	}
}

// TestExplain says which conditions could not be evaluated.
func TestExplain(t *testing.T) {
	p := stepsPolicy(t, "          - tasks: [v]\n          - {when: \"profile.nationality == 'FRA'\", tasks: [edd]}\n          - {when: profile.family_name, tasks: [edd]}\n")
	prod, _ := p.Product(kyc.ProductRef{Alias: "p"})
	pr := individual(`,"personal_details":{"name":{"family_name":"Doe"}}`)
	_, trace, err := p.Explain(pr, prod, now)
	if err != nil || len(trace) != 3 {
		t.Fatalf("Explain: %v %+v", err, trace)
	}
	if !trace[0].Applied || trace[0].Error != "" {
		t.Errorf("step 0 = %+v", trace[0])
	}
	if trace[1].Applied || !strings.Contains(trace[1].Error, "no such key: nationality") {
		t.Errorf("step 1 = %+v, want not applied: no such key", trace[1])
	}
	if trace[2].Applied || !strings.Contains(trace[2].Error, "not a bool") {
		t.Errorf("step 2 = %+v, want not applied: not a bool", trace[2])
	}
}

// TestPlanChecksAndExpiry fills the expiry of the plan's tasks at the
// evaluated risk level; TaskChecks gives their checks.
func TestPlanChecksAndExpiry(t *testing.T) {
	p := mustParse(t, edit(t, "automatic_checks: [idc]", "automatic_checks: [idc], acceptance_checks: [idc], expiry_days: {HIGH: 30, default: 400}",
		"name: EDD,", "name: EDD, expiry_days: 0,"))
	low := plan(t, p, individual(""), "p")
	if low.ExpiryDays["3d7a333c-418d-72a1-007b-06854dbb28eb"] != 400 || len(low.ExpiryDays) != 1 {
		t.Errorf("LOW expiry = %v, want 400 days for v only", low.ExpiryDays)
	}
	high := plan(t, p, individual(`,"personal_details":{"dob":"2016"}`), "p")
	if high.Risk.Category != kyc.RiskHigh || high.ExpiryDays["3d7a333c-418d-72a1-007b-06854dbb28eb"] != 30 {
		t.Errorf("HIGH expiry = %v (%s), want 30", high.ExpiryDays, high.Risk.Category)
	}
	if got := aliases(high.Tasks); got != "v,edd" {
		t.Errorf("HIGH tasks = %s, want v,edd", got)
	}
	ac, auto := p.TaskChecks("3d7a333c-418d-72a1-007b-06854dbb28eb")
	if len(ac) != 1 || ac[0] != "f76fe1c0-ad42-4748-b82c-bbbcb3a7733f" || len(auto) != 1 || auto[0].Alias != "idc" ||
		auto[0].CheckType != "IDENTITY_CHECK" || auto[0].Provider != "demo" || auto[0].Config == nil {
		t.Errorf("checks: acceptance %v automatic %+v", ac, auto)
	}
	if _, auto := p.TaskChecks("c594111a-45c5-420c-8c01-31c35013d6cb"); len(auto) != 0 {
		t.Error("edd has automatic checks, want none")
	}
}

// TestEvaluateUnknownProduct refuses products outside the policy.
func TestEvaluateUnknownProduct(t *testing.T) {
	_, err := mustParse(t, base).Evaluate(individual(""), kyc.Product{ID: kyc.NewID(), Alias: "gone"}, now)
	if !kyc.IsCode(err, kyc.EInvalid) {
		t.Errorf("got %v, want invalid", err)
	}
}

// TestCELErrorsNeverPanic: runtime errors in conditions and factor values
// count as false / data missing and are recorded; evaluation goes on.
func TestCELErrorsNeverPanic(t *testing.T) {
	data := `,"personal_details":{"name":{"given_names":["A"],"family_name":"B"},"dob":"1980"},"extra":{"n":[1,2]}`
	for _, e := range []string{
		"1 / (profile.age - profile.age) > 0",
		"profile.given_names[5] == 'x'",
		"int(profile.family_name) > 1",
		"profile.collected_data.extra.n[9] == 1",
		"profile.collected_data.personal_details.dob.size() > profile.collected_data.nope",
		"profile.family_name.matches(profile.family_name + '[') ",
		"9223372036854775807 + profile.age > 0",
		"profile.dob.split('-')[3] == ''",
		"dyn(profile.age) == dyn(profile.family_name) || profile.tags[0] == 'x'",
		"country_risk(dyn(profile.age)) == 'LOW'",
		"country_risk(dyn([1])) == 'LOW'",
	} {
		t.Run(e, func(t *testing.T) {
			steps := "          - {when: \"" + e + "\", tasks: [edd]}\n          - tasks: [v]\n"
			p := stepsPolicy(t, steps)
			prod, _ := p.Product(kyc.ProductRef{Alias: "p"})
			pl, trace, err := p.Explain(individual(data), prod, now)
			if err != nil || aliases(pl.Tasks) != "v" || trace[0].Applied || trace[0].Error == "" {
				t.Errorf("got %v tasks %s trace %+v, want the step skipped with an error", err, aliases(pl.Tasks), trace)
			}
			factor := strings.Replace(base, "value: profile.age,", "value: \""+strings.ReplaceAll(e, `"`, `\"`)+"\", required: true,", 1)
			r := plan(t, mustParse(t, factor), individual(data), "p").Risk
			if r.Category != kyc.RiskUndetermined || len(r.Components[0].Errors) != 1 {
				t.Errorf("as a factor value: %+v, want undetermined with an error", r)
			}
		})
	}
}
