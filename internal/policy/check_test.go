package policy

import (
	"strings"
	"testing"
)

func TestBaseIsValid(t *testing.T) { mustParse(t, base) }

// TestProviderConfig accepts a screening variant's options in range.
func TestProviderConfig(t *testing.T) {
	mustParse(t, strings.Replace(base, "check_variants:\n", "check_variants:\n  - {id: 5b2f0c8e-7d0a-4c57-9a0e-2f6c1d9b4e31, alias: s, name: S, "+
		"check_type: COMPANY_PEPS_AND_SANCTIONS_SCREEN, provider: screening, config: {threshold: 1, monitoring: false, other: x}}\n", 1))
}

// TestCheckErrors covers every kind of problem `gatehouse policy check`
// reports, each with its path in the document.
func TestCheckErrors(t *testing.T) {
	const (
		step0     = "          - tasks: [v]\n"
		screening = "  - {id: 5b2f0c8e-7d0a-4c57-9a0e-2f6c1d9b4e31, alias: s, name: S, check_type: PEPS_AND_SANCTIONS_SCREEN, provider: screening, "
		factor    = `      - {name: Age, value: profile.age, rules: [{when: "value < 18", score: 100}]}` + "\n"
	)
	for _, tc := range []struct {
		name string
		doc  string
		want []string
	}{
		{"empty", "", []string{"the document is empty"}},
		{"not yaml", "products: [", []string{"yaml:"}},
		{"unknown key", edit(t, "name: base", "nmae: base"), []string{"field nmae not found"}},
		{"unknown step key", edit(t, "- tasks: [v]", "- taks: [v]"), []string{"field taks not found in type policy.stepFile"}},
		{"unknown smart policy key", edit(t, "risk_model: m", "risk_modle: m"), []string{"field risk_modle not found in type policy.smartPolicyDoc"}},
		{"unknown task type", edit(t, "task_type: INDIVIDUAL_VERIFY_IDENTITY", "task_type: FLY"),
			[]string{`task_variants[0].task_type: unknown task type "FLY"`}},
		{"unknown check type", edit(t, "check_type: IDENTITY_CHECK", "check_type: DNA_TEST"),
			[]string{`check_variants[0].check_type: unknown check type "DNA_TEST"`}},
		{"check type does not fit the task", edit(t, "check_type: IDENTITY_CHECK", "check_type: PEPS_AND_SANCTIONS_SCREEN"),
			[]string{`task_variants[0].automatic_checks[0]: check variant "idc" is a PEPS_AND_SANCTIONS_SCREEN check, which cannot serve a INDIVIDUAL_VERIFY_IDENTITY task`}},
		{"unknown provider", edit(t, "provider: demo", "provider: acme"), []string{`check_variants[0].provider: must be one of demo, integration, manual, screening, got "acme"`}},
		{"provider does not run the check type", edit(t, "provider: demo}", "provider: screening}"),
			[]string{"check_variants[0].provider: screening does not run IDENTITY_CHECK checks (it runs COMPANY_PEPS_AND_SANCTIONS_SCREEN, PEPS_AND_SANCTIONS_SCREEN)"}},
		{"provider config", edit(t, "check_variants:\n", "check_variants:\n"+screening+"config: {threshold: 2, monitoring: often}}\n"),
			[]string{"check_variants[0].config.threshold: must be a number above 0 and at most 1, got 2", "check_variants[0].config.monitoring: must be true or false, got often"}},
		{"provider config threshold zero", edit(t, "check_variants:\n", "check_variants:\n"+screening+"config: {threshold: 0}}\n"),
			[]string{"check_variants[0].config.threshold: must be a number above 0 and at most 1, got 0"}},
		{"fall through on a result the check never gives", edit(t, "provider: demo}", "provider: demo, fall_through_on: [Pass]}"),
			[]string{`check_variants[0].fall_through_on[0]: IDENTITY_CHECK never ends with "Pass"`}},
		{"missing check variant", edit(t, "automatic_checks: [idc]", "acceptance_checks: [nope]"),
			[]string{`task_variants[0].acceptance_checks[0]: no check variant "nope"`}},
		{"check listed twice", edit(t, "automatic_checks: [idc]", "automatic_checks: [idc, idc]"),
			[]string{`task_variants[0].automatic_checks[1]: check variant "idc" is listed twice`}},
		{"missing task variant", edit(t, step0, "          - tasks: [w]\n"),
			[]string{`products[0].smart_policies.INDIVIDUAL.steps[0].tasks[0]: no task variant "w"`}},
		{"task twice in a step", edit(t, step0, "          - tasks: [v, v]\n"), []string{`steps[0].tasks[1]: task variant "v" is listed twice`}},
		{"task of the other entity type", edit(t, "INDIVIDUAL_VERIFY_SOURCE_OF_FUNDS", "COMPANY_MANUAL_TASK"),
			[]string{`steps[1].tasks[0]: task variant "edd" is a COMPANY task, not for INDIVIDUAL`}},
		{"missing risk model", edit(t, "risk_model: m", "risk_model: mm"), []string{`products[0].smart_policies.INDIVIDUAL.risk_model: no risk model "mm"`}},
		{"risk model of the other entity type", edit(t, "entity_type: INDIVIDUAL", "entity_type: COMPANY"),
			[]string{`risk_model: "m" is a risk model for COMPANY, not INDIVIDUAL`}},
		{"risk without a risk model", edit(t, "        risk_model: m\n", ""),
			[]string{"steps[1].when: reads risk, but the smart policy has no risk_model"}},
		{"duplicate id", edit(t, "c594111a-45c5-420c-8c01-31c35013d6cb", "3d7a333c-418d-72a1-007b-06854dbb28eb"),
			[]string{"task_variants[1].id: 3d7a333c-418d-72a1-007b-06854dbb28eb is used twice (also task_variants[0])"}},
		{"duplicate id across kinds", edit(t, "f76fe1c0-ad42-4748-b82c-bbbcb3a7733f", "b0ce7c17-2cab-86e7-9a83-ebee0d4d5dc8"),
			[]string{"products[0].id: b0ce7c17-2cab-86e7-9a83-ebee0d4d5dc8 is used twice (also check_variants[0])"}},
		{"duplicate alias", edit(t, "alias: edd", "alias: v"), []string{`task_variants[1].alias: "v" is used twice`}},
		{"duplicate risk model", strings.Replace(base, "products:", "  - {alias: m, entity_type: INDIVIDUAL, levels: {medium: 1, high: 2}, factors: [{name: A, value: profile.age, rules: [{when: 'value > 1', score: 1}]}]}\nproducts:", 1),
			[]string{`risk_models[1].alias: "m" is used twice`}},
		{"id not a UUID", edit(t, "id: b0ce7c17-2cab-86e7-9a83-ebee0d4d5dc8", "id: forexo"), []string{`products[0].id: must be a UUID, got "forexo"`}},
		{"name missing", edit(t, "    name: P\n", ""), []string{"products[0].name: is required"}},
		{"CEL syntax error", edit(t, `"value < 18"`, `"value < "`),
			[]string{"risk_models[0].factors[0].rules[0].when:1:", "Syntax error", "| value <"}},
		{"CEL undeclared name", edit(t, "risk.level == 'HIGH'", "profil.age > 1"),
			[]string{"products[0].smart_policies.INDIVIDUAL.steps[1].when:1:1: undeclared reference to 'profil'"}},
		{"value is not available in steps", edit(t, "risk.level == 'HIGH'", "value > 1"), []string{"steps[1].when:1:1: undeclared reference to 'value'"}},
		{"unknown profile field", edit(t, "risk.level == 'HIGH'", "profile.nationalty == 'GBR'"),
			[]string{`steps[1].when:1:9: profile has no field "nationalty" (did you mean nationality?)`, "| profile.nationalty == 'GBR'\n      | ........^"}},
		{"unknown optional profile field", edit(t, "risk.level == 'HIGH'", "profile.?nationalty.orValue('') == 'GBR'"), []string{`profile has no field "nationalty"`}},
		{"unknown risk field", edit(t, "risk.level == 'HIGH'", "risk.category == 'HIGH'"), []string{`risk has no field "category"`}},
		{"when not a bool", edit(t, "risk.level == 'HIGH'", "risk.score + 1.0"),
			[]string{`steps[1].when: must be a condition (a bool), but "risk.score + 1.0" gives double`}},
		{"empty value", edit(t, "value: profile.age,", "value: '',"), []string{"factors[0].value: is empty"}},
		{"constant false step", edit(t, "risk.level == 'HIGH'", "1 > 2"),
			[]string{`steps[1].when: "1 > 2" is always false: this branch can never apply`}},
		{"constant false rule", edit(t, `"value < 18"`, `"false && value < 18"`), []string{"rules[0].when", "is always false"}},
		{"step after an unconditional reject", edit(t, step0, "          - outcome: reject\n"+step0),
			[]string{"steps[1]: unreachable: products[0].smart_policies.INDIVIDUAL.steps[0] always rejects", "steps[2]: unreachable"}},
		{"step after an always-true reject", edit(t, step0, "          - {when: \"1 < 2\", outcome: reject}\n"+step0), []string{"steps[1]: unreachable"}},
		{"unknown outcome", edit(t, step0, "          - {tasks: [v], outcome: approve}\n"), []string{`steps[0].outcome: must be reject, got "approve"`}},
		{"reason without outcome", edit(t, step0, "          - {tasks: [v], reason: because}\n"), []string{"steps[0].reason: only an outcome has a reason"}},
		{"empty step", edit(t, step0, "          - when: profile.pep\n"), []string{"steps[0]: a step needs tasks or an outcome"}},
		{"no steps", edit(t, step0+"          - when: risk.level == 'HIGH'\n            tasks: [edd]\n", "          []\n"),
			[]string{"smart_policies.INDIVIDUAL.steps: a smart policy needs at least one step"}},
		{"thresholds out of order", edit(t, "{medium: 30, high: 60}", "{medium: 60, high: 30}"),
			[]string{"risk_models[0].levels: thresholds out of order: medium (60) must be below high (30)"}},
		{"threshold missing", edit(t, "{medium: 30, high: 60}", "{high: 60}"), []string{"risk_models[0].levels: needs the medium and high thresholds"}},
		{"group member not defined", edit(t, factor, factor+"    groups: [{name: G, combine: highest, members: [Age, Nope]}]\n"),
			[]string{`risk_models[0].groups[0].members[1]: no factor "Nope" in this risk model`}},
		{"group combine unknown", edit(t, factor, factor+"    groups: [{name: G, combine: max, members: [Age]}]\n"),
			[]string{`risk_models[0].groups[0].combine: must be one of highest, lowest, mean, sum, got "max"`}},
		{"factor in two groups", edit(t, factor, factor+"    groups: [{name: G, combine: sum, members: [Age]}, {name: H, combine: sum, members: [Age]}]\n"),
			[]string{`groups[1].members[0]: factor "Age" is already in a group`}},
		{"duplicate factor", edit(t, factor, factor+factor), []string{`factors[1].name: "Age" is used twice`}},
		{"factor without rules", edit(t, `rules: [{when: "value < 18", score: 100}]`, "rules: []"), []string{"factors[0].rules: a factor needs at least one rule"}},
		{"rule without score", edit(t, "score: 100}", "level: HIGH}"), []string{"rules[0].score: is required"}},
		{"rule level unknown", edit(t, "score: 100}", "score: 100, level: SEVERE}"), []string{`rules[0].level: must be LOW, MEDIUM or HIGH, got "SEVERE"`}},
		{"expiry days key", edit(t, "automatic_checks: [idc]", "automatic_checks: [idc], expiry_days: {LOWEST: 3}"),
			[]string{"task_variants[0].expiry_days.LOWEST: must be one of LOW, MEDIUM, HIGH, UNDETERMINED, default"}},
		{"expiry days negative", edit(t, "automatic_checks: [idc]", "automatic_checks: [idc], expiry_days: -1"), []string{"task_variants[0].expiry_days: must not be negative"}},
		{"expiry days not a number", edit(t, "automatic_checks: [idc]", "automatic_checks: [idc], expiry_days: soon"), []string{"expiry_days must be a whole number"}},
		{"country table", "country_risk: {HIGH: [PRK, gbr], MEDIUM: [PRK], SEVERE: [FRA]}\n" + base,
			[]string{`country_risk.HIGH[1]: "gbr" is not an ISO 3166-1 alpha-3 code`, "country_risk.MEDIUM[0]: PRK is already listed as HIGH", "country_risk.SEVERE: must be HIGH, MEDIUM or LOW"}},
		{"country code not in ISO 3166-1", "country_risk: {HIGH: [GRB]}\n" + base, []string{`country_risk.HIGH[0]: "GRB" is not an ISO 3166-1 alpha-3 code`}},
		{"entity type", edit(t, "      INDIVIDUAL:\n", "      ROBOT:\n"), []string{"products[0].smart_policies.ROBOT: must be INDIVIDUAL or COMPANY"}},
		{"no products", base[:strings.Index(base, "products:")], []string{"products: a policy needs at least one product"}},
		{"no smart policy", base[:strings.Index(base, "    smart_policies:")], []string{"products[0].smart_policies: a product needs a smart policy for INDIVIDUAL or COMPANY"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tc.doc), testProviders)
			if err == nil {
				t.Fatalf("got a valid policy, want an error containing %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %v\nwant an error containing %q", err, w)
				}
			}
		})
	}
}

// TestCheckReportsEverything lists every problem of a document at once.
func TestCheckReportsEverything(t *testing.T) {
	_, err := Parse([]byte(edit(t, "task_type: INDIVIDUAL_VERIFY_IDENTITY", "task_type: FLY", "id: b0ce7c17-2cab-86e7-9a83-ebee0d4d5dc8", "id: x",
		"risk.level == 'HIGH'", "risk.levl == 'HIGH'")), testProviders)
	ps, ok := err.(Problems)
	if !ok || len(ps) != 3 {
		t.Errorf("got %v, want three problems", err)
	}
}

// TestShortForm keeps the short form of a smart policy, a list of steps.
func TestShortForm(t *testing.T) {
	p := mustParse(t, edit(t, "        risk_model: m\n        steps:\n", "        ", "          - when: risk.level == 'HIGH'\n            tasks: [edd]\n", ""))
	if got := aliases(plan(t, p, individual(""), "p").Tasks); got != "v" {
		t.Errorf("tasks = %s, want v", got)
	}
}

// TestIntegrationVariants: a variant on an integration names its URL and
// secrets by reference in its config; what is wrong is reported with its
// path, and a secret pasted where a reference belongs is never repeated.
func TestIntegrationVariants(t *testing.T) {
	const variant = "  - {id: 5b2f0c8e-7d0a-4c57-9a0e-2f6c1d9b4e31, alias: i, name: I, check_type: COMPANY_REGISTRY, provider: integration, config: "
	ok := variant + "{url: 'https://registry.example/passfort/', key: 'env:REGISTRY_KEY', commercial_relationship: PASSFORT, provider_config: {strict: true}}}\n"
	p := mustParse(t, strings.Replace(base, "check_variants:\n", "check_variants:\n"+ok, 1))
	v, found := p.CheckVariant("i")
	if !found || v.Provider != "integration" || v.Config["url"] != "https://registry.example/passfort/" {
		t.Errorf("got %+v", v)
	}
	if vs := p.CheckVariants(); len(vs) != 2 || vs[0].Alias != "i" || vs[1].Alias != "idc" {
		t.Errorf("CheckVariants: got %d variants, want i then idc", len(vs))
	}
	bad := variant + "{url: 'https://registry.example/passfort', key: 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=', provider_credentials: {password: hunter2}, colour: red}}\n"
	_, err := Parse([]byte(strings.Replace(base, "check_variants:\n", "check_variants:\n"+bad, 1)), testProviders)
	want := []string{
		"check_variants[0].config.colour: is not a setting of an integration variant",
		"check_variants[0].config.url: must end with / (the protocol's base URLs do), got https://registry.example/passfort",
		"check_variants[0].config.key: must be a reference, env:NAME or file:/absolute/path, never the secret itself",
		"check_variants[0].config.provider_credentials.password: must be a reference",
	}
	ps, _ := err.(Problems)
	if len(ps) != len(want) {
		t.Fatalf("got %q, want %q", ps, want)
	}
	for i := range ps {
		if !strings.HasPrefix(ps[i], want[i]) {
			t.Errorf("got %q, want %q", ps[i], want[i])
		}
		if strings.Contains(ps[i], "hunter2") || strings.Contains(ps[i], "c2VjcmV0") {
			t.Errorf("%q shows a secret", ps[i])
		}
	}
}
