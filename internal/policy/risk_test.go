package policy

import (
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// riskPolicy is a policy whose one product scores individuals with a risk
// model made of the given factors and groups (YAML, indented for the model).
func riskPolicy(t *testing.T, model string) *Policy {
	t.Helper()
	if !strings.HasPrefix(model, "    factors:") {
		model = "    factors:\n" + model
	}
	return mustParse(t, `task_variants:
  - {id: 3d7a333c-418d-72a1-007b-06854dbb28eb, alias: v, name: V, task_type: INDIVIDUAL_VERIFY_IDENTITY}
risk_models:
  - alias: m
    entity_type: INDIVIDUAL
    levels: {medium: 30, high: 60}
`+model+`
products:
  - id: b0ce7c17-2cab-86e7-9a83-ebee0d4d5dc8
    alias: p
    name: P
    smart_policies:
      INDIVIDUAL:
        risk_model: m
        steps: [{tasks: [v]}]
`)
}

// fixed is a factor whose value is the string s, scoring score.
func fixed(name string, s string, score string) string {
	return "      - {name: " + name + ", value: \"'" + s + "'\", rules: [{when: \"value == '" + s + "'\", score: " + score + "}]}\n"
}

func component(r kyc.Risk, name string) kyc.RiskComponent {
	for _, c := range r.Components {
		if c.Name == name {
			return c
		}
	}
	return kyc.RiskComponent{Name: "(none)"}
}

func TestRisk(t *testing.T) {
	ageBands := `    factors:
      - name: Age
        value: profile.age
        rules:
          - {when: "value > 10", score: 10}
          - {when: "value > 20", score: 50, level: HIGH}
          - {when: "value > 30", score: 20}
`
	born := func(dob string) *kyc.Profile { return individual(`,"personal_details":{"dob":"` + dob + `"}`) }
	for _, tc := range []struct {
		name, model string
		profile     *kyc.Profile
		score       float64
		category    kyc.RiskCategory
		missing     []string
		check       func(t *testing.T, r kyc.Risk)
	}{
		{"highest matching rule wins", ageBands, born("1990-01-01"), 50, kyc.RiskMedium, nil, func(t *testing.T, r kyc.Risk) {
			c := component(r, "Age")
			if c.Score != 50 || c.Category != kyc.RiskHigh || c.InputValue != "36" || c.RawValue != "36" || c.Undetermined {
				t.Errorf("Age = %+v, want score 50, level HIGH from the rule, input 36", c)
			}
		}},
		{"no rule matches scores 0", ageBands, born("2020"), 0, kyc.RiskLow, nil, func(t *testing.T, r kyc.Risk) {
			if c := component(r, "Age"); c.Score != 0 || c.Category != kyc.RiskLow || c.Undetermined {
				t.Errorf("Age = %+v, want determined, 0, LOW", c)
			}
		}},
		{"optional factor missing contributes nothing", ageBands + fixed("B", "b", "40"), individual(""), 40, kyc.RiskMedium, nil, func(t *testing.T, r kyc.Risk) {
			c := component(r, "Age")
			if !c.Undetermined || len(c.Errors) != 1 || !strings.Contains(c.Errors[0], "data missing") {
				t.Errorf("Age = %+v, want undetermined with a data-missing error", c)
			}
		}},
		{"required factor missing makes the risk undetermined",
			strings.Replace(ageBands, "- name: Age", "- name: Age\n        required: true", 1) + fixed("B", "b", "100"),
			individual(""), 100, kyc.RiskUndetermined, []string{"Age"}, nil},
		{"empty string is missing data", "    factors:\n      - {name: N, required: true, value: \"''\", rules: [{when: 'true', score: 1}]}\n",
			individual(""), 0, kyc.RiskUndetermined, []string{"N"}, nil},
		{"empty list is missing data", "    factors:\n      - {name: N, required: true, value: '[]', rules: [{when: 'true', score: 1}]}\n",
			individual(""), 0, kyc.RiskUndetermined, []string{"N"}, nil},
		{"null is missing data", "    factors:\n      - {name: N, required: true, value: 'null', rules: [{when: 'true', score: 1}]}\n",
			individual(""), 0, kyc.RiskUndetermined, []string{"N"}, nil},
		{"false is data", "    factors:\n      - {name: N, required: true, value: profile.pep, rules: [{when: '!value', score: 5}]}\n",
			withScreen(individual("")), 5, kyc.RiskLow, nil, nil},
		{"a list value is shown as text", "    factors:\n      - {name: C, value: profile.address_countries, rules: [{when: \"'FRA' in value\", score: 35}]}\n",
			individual(`,"address_history":[{"address":{"country":"GBR"}},{"address":{"country":"FRA"}}]`), 35, kyc.RiskMedium, nil,
			func(t *testing.T, r kyc.Risk) {
				if c := component(r, "C"); c.InputValue != "GBR, FRA" || c.RawValue != `["GBR","FRA"]` {
					t.Errorf("C input %q raw %q", c.InputValue, c.RawValue)
				}
			}},
		{"a rule error is recorded and counts as false",
			"    factors:\n      - {name: A, value: \"'x'\", rules: [{when: 'value > 1', score: 90}, {when: \"value == 'x'\", score: 10}]}\n",
			individual(""), 10, kyc.RiskLow, nil, func(t *testing.T, r kyc.Risk) {
				c := component(r, "A")
				if len(c.Errors) != 1 || !strings.Contains(c.Errors[0], "rule 1: value > 1") || c.Undetermined {
					t.Errorf("A = %+v, want one error for rule 1", c)
				}
			}},
		{"group highest", fixed("A", "a", "10") + fixed("B", "b", "40") + fixed("C", "c", "5") +
			"    groups: [{name: G, combine: highest, members: [A, B]}]\n", individual(""), 45, kyc.RiskMedium, nil,
			func(t *testing.T, r kyc.Risk) {
				if g := component(r, "G"); g.Score != 40 || g.InputValue != "highest(A=10, B=40)" {
					t.Errorf("G = %+v", g)
				}
			}},
		{"group lowest", fixed("A", "a", "10") + fixed("B", "b", "40") + "    groups: [{name: G, combine: lowest, members: [A, B]}]\n",
			individual(""), 10, kyc.RiskLow, nil, nil},
		{"group mean", fixed("A", "a", "10") + fixed("B", "b", "40") + "    groups: [{name: G, combine: mean, members: [A, B]}]\n",
			individual(""), 25, kyc.RiskLow, nil, nil},
		{"group sum", fixed("A", "a", "10") + fixed("B", "b", "40") + "    groups: [{name: G, combine: sum, members: [A, B]}]\n",
			individual(""), 50, kyc.RiskMedium, nil, nil},
		{"group mean of the members with data", fixed("A", "a", "10") + fixed("B", "b", "40") +
			"      - {name: Age, value: profile.age, rules: [{when: 'value > 0', score: 100}]}\n" +
			"    groups: [{name: G, combine: mean, members: [A, B, Age]}]\n", individual(""), 25, kyc.RiskLow, nil, nil},
		{"group without data is undetermined", ageBands + fixed("B", "b", "20") + "    groups: [{name: G, combine: sum, members: [Age]}]\n",
			individual(""), 20, kyc.RiskLow, nil, func(t *testing.T, r kyc.Risk) {
				if g := component(r, "G"); !g.Undetermined {
					t.Errorf("G = %+v, want undetermined", g)
				}
			}},
		{"threshold medium is inclusive", fixed("A", "a", "30"), individual(""), 30, kyc.RiskMedium, nil, nil},
		{"threshold high is inclusive", fixed("A", "a", "60"), individual(""), 60, kyc.RiskHigh, nil, nil},
		{"below medium is low", fixed("A", "a", "29.5"), individual(""), 29.5, kyc.RiskLow, nil, nil},
		{"negative scores lower the total", fixed("A", "a", "70") + fixed("B", "b", "-20"), individual(""), 50, kyc.RiskMedium, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := riskPolicy(t, tc.model)
			r := plan(t, p, tc.profile, "p").Risk
			if r.Model != "m" || r.Score != tc.score || r.Category != tc.category || !slices.Equal(r.MissingRequired, tc.missing) {
				t.Errorf("got model %q score %g category %s missing %v, want score %g category %s missing %v\n%+v",
					r.Model, r.Score, r.Category, r.MissingRequired, tc.score, tc.category, tc.missing, r.Components)
			}
			if r.Undetermined() != (tc.category == kyc.RiskUndetermined) {
				t.Errorf("Undetermined() = %v", r.Undetermined())
			}
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

// TestRiskComponentsOrder lists factors in document order, then groups.
func TestRiskComponentsOrder(t *testing.T) {
	p := riskPolicy(t, fixed("A", "a", "1")+fixed("B", "b", "2")+"    groups: [{name: G, combine: sum, members: [B]}]\n")
	r := plan(t, p, individual(""), "p").Risk
	var names []string
	for _, c := range r.Components {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, ","); got != "A,B,G" {
		t.Errorf("components %s, want A,B,G", got)
	}
}

// TestPEPStatusNeedsAScreen: the screening variables (profile.pep and the
// rest) are data only once a screen has completed or an event arrived, so
// the demo model's required "PEP status" factor leaves the risk
// UNDETERMINED before any screen, instead of reading NOT_PEP.
func TestPEPStatusNeedsAScreen(t *testing.T) {
	screen := func(state kyc.CheckState, result string) *kyc.Check {
		return &kyc.Check{Type: kyc.CheckPEPsAndSanctions, State: state, Result: result}
	}
	with := func(cs ...*kyc.Check) *kyc.Profile {
		p := individual(guideIndividual)
		p.Checks = cs
		return p
	}
	for _, tc := range []struct {
		name     string
		profile  *kyc.Profile
		category kyc.RiskCategory
		value    string
	}{
		{"no screen yet", with(), kyc.RiskUndetermined, ""},
		{"screen running", with(screen(kyc.CheckRunning, "")), kyc.RiskUndetermined, ""},
		{"screen ended in error", with(screen(kyc.CheckComplete, "Error")), kyc.RiskUndetermined, ""},
		{"monitoring only, no screen", with(screen(kyc.CheckComplete, "")), kyc.RiskUndetermined, ""},
		{"another check type", with(&kyc.Check{Type: kyc.CheckIdentity, State: kyc.CheckComplete, Result: "2+2"}), kyc.RiskUndetermined, ""},
		{"screen passed", with(screen(kyc.CheckComplete, "Pass")), kyc.RiskLow, "NOT_PEP"},
		{"screen found a PEP", with(screen(kyc.CheckComplete, "PEP")), kyc.RiskLow, "NOT_PEP"},
		{"an event without a check", individual(guideIndividual, event(kyc.EventPEP, kyc.Unresolved)), kyc.RiskMedium, "POTENTIAL_PEP"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := plan(t, Demo(), tc.profile, "forexo_basic").Risk
			c := component(r, "PEP status")
			if r.Category != tc.category || c.InputValue != tc.value || c.Undetermined != (tc.value == "") {
				t.Errorf("got risk %s, PEP status %q (undetermined %v), want %s, %q", r.Category, c.InputValue, c.Undetermined, tc.category, tc.value)
			}
			if missing := slices.Contains(r.MissingRequired, "PEP status"); missing != (tc.value == "") {
				t.Errorf("got missing required %v, want PEP status missing %v", r.MissingRequired, tc.value == "")
			}
		})
	}
}
