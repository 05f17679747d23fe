package policy

import (
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/checks"
	demochecks "github.com/gatehouse/gatehouse/internal/checks/demo"
	"github.com/gatehouse/gatehouse/internal/checks/listscreen"
	"github.com/gatehouse/gatehouse/internal/checks/partner"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// now is the evaluation time of the tests.
var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// base is a small valid policy that the check tests break one way at a time.
const base = `name: base
check_variants:
  - {id: f76fe1c0-ad42-4748-b82c-bbbcb3a7733f, alias: idc, name: ID, check_type: IDENTITY_CHECK, provider: demo}
task_variants:
  - {id: 3d7a333c-418d-72a1-007b-06854dbb28eb, alias: v, name: V, task_type: INDIVIDUAL_VERIFY_IDENTITY, automatic_checks: [idc]}
  - {id: c594111a-45c5-420c-8c01-31c35013d6cb, alias: edd, name: EDD, task_type: INDIVIDUAL_VERIFY_SOURCE_OF_FUNDS}
risk_models:
  - alias: m
    entity_type: INDIVIDUAL
    levels: {medium: 30, high: 60}
    factors:
      - {name: Age, value: profile.age, rules: [{when: "value < 18", score: 100}]}
products:
  - id: b0ce7c17-2cab-86e7-9a83-ebee0d4d5dc8
    alias: p
    name: P
    smart_policies:
      INDIVIDUAL:
        risk_model: m
        steps:
          - tasks: [v]
          - when: risk.level == 'HIGH'
            tasks: [edd]
`

// edit returns base with each old string replaced by the new one after it.
func edit(t *testing.T, pairs ...string) string {
	t.Helper()
	doc := base
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(doc, pairs[i]) {
			t.Fatalf("the base policy has no %q", pairs[i])
		}
		doc = strings.Replace(doc, pairs[i], pairs[i+1], 1)
	}
	return doc
}

func mustParse(t testing.TB, doc string) *Policy {
	t.Helper()
	p, err := Parse([]byte(doc), testProviders)
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, doc)
	}
	return p
}

// individual is an individual customer with collected data (JSON) and events.
func individual(data string, events ...*kyc.Event) *kyc.Profile {
	return &kyc.Profile{Role: kyc.RoleIndividualCustomer, Status: kyc.StatusNormal,
		CollectedData: []byte(`{"entity_type":"INDIVIDUAL"` + data + `}`), Events: events}
}

// company is a company customer with collected data (JSON).
func company(data string) *kyc.Profile {
	return &kyc.Profile{Role: kyc.RoleCompanyCustomer, Status: kyc.StatusNormal,
		CollectedData: []byte(`{"entity_type":"COMPANY"` + data + `}`)}
}

func event(t kyc.EventType, r kyc.Resolution) *kyc.Event { return &kyc.Event{Type: t, Resolution: r} }

// withScreen gives a profile a completed, passing PEP and sanctions screen of
// its entity type: its screening variables are data from then on.
func withScreen(p *kyc.Profile) *kyc.Profile {
	t := kyc.CheckPEPsAndSanctions
	if p.EntityType() == kyc.Company {
		t = kyc.CheckCompanyPEPsSanctions
	}
	p.Checks = append(p.Checks, &kyc.Check{Type: t, State: kyc.CheckComplete, Result: "Pass"})
	return p
}

// plan evaluates the only (or the named) product of a policy.
func plan(t testing.TB, p *Policy, pr *kyc.Profile, alias string) kyc.Plan {
	t.Helper()
	prod, ok := p.Product(kyc.ProductRef{Alias: alias})
	if !ok {
		t.Fatalf("no product %s", alias)
	}
	pl, err := p.Evaluate(pr, prod, now)
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	return pl
}

func aliases(tasks []kyc.TaskVariant) string {
	var out []string
	for _, v := range tasks {
		out = append(out, v.Alias)
	}
	return strings.Join(out, ",")
}

// testProviders are the providers `gatehouse serve` runs checks with.
var testProviders = checks.NewRegistry(demochecks.New(), listscreen.New(nil), checks.Manual{}, partner.New())

// TestDemoPolicyProviders: the built-in demo policy, parsed without a
// catalog when the process starts, passes the provider checks of the
// providers serve runs.
func TestDemoPolicyProviders(t *testing.T) {
	if _, err := Parse(DemoYAML(), testProviders); err != nil {
		t.Fatal(err)
	}
}
