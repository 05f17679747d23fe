package policy

import (
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// FuzzParse: the parser never panics, and a policy it accepts evaluates
// any profile without panicking.
func FuzzParse(f *testing.F) {
	f.Add(string(demoYAML))
	f.Add(base)
	f.Add("")
	f.Add("products: [")
	f.Add("country_risk: {HIGH: [PRK]}\nproducts: []\n")
	f.Add("task_variants:\n  - {id: 3d7a333c-418d-72a1-007b-06854dbb28eb, alias: v, name: V, task_type: INDIVIDUAL_VERIFY_IDENTITY, expiry_days: {LOW: 1}}\n")
	f.Add(base + "risk_models: [{alias: x, levels: {medium: 1, high: 1}, factors: [{name: a, value: '1/0', rules: [{when: 'value', score: 1}]}]}]\n")
	profiles := []*kyc.Profile{
		individual(guideIndividual),
		full("IRN", "1980-02-30", "VNM", event(kyc.EventPEP, kyc.ResolvedMatch)),
		company(guideCompany),
		{Role: kyc.RoleIndividualCustomer, CollectedData: []byte(`{"entity_type":`)},
		{Role: kyc.RoleCompanyAssociated},
	}
	f.Fuzz(func(t *testing.T, doc string) {
		p, err := Parse([]byte(doc), testProviders)
		if err != nil {
			return
		}
		for _, prod := range p.Products() {
			for _, pr := range profiles {
				_, _, _ = p.Explain(pr, prod, now)
			}
		}
	})
}
