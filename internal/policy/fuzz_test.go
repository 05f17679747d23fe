package policy

import (
	"strings"
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
	f.Add(companyBase + "associates: {ubo_threshold: 10, promote: true}\n")
	f.Add(strings.Replace(companyBase, "associate_product: assoc", "associate_product: {INDIVIDUAL: assoc, COMPANY: pro}", 1))
	profiles := []*kyc.Profile{
		individual(guideIndividual),
		full("IRN", "1980-02-30", "VNM", event(kyc.EventPEP, kyc.ResolvedMatch)),
		company(guideCompany),
		{Role: kyc.RoleIndividualCustomer, CollectedData: []byte(`{"entity_type":`)},
		{Role: kyc.RoleCompanyAssociated},
		withAssociates(),
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

// withAssociates is a company whose data links a holding company and a
// person, both loaded, with a PEP event.
func withAssociates() *kyc.Profile {
	const hold, pam = "a0000000-0000-4000-8000-000000000001", "a0000000-0000-4000-8000-000000000002"
	p := company(`,"ownership_structure":{"shareholders":[{"entity_type":"COMPANY","linked_profile":{"id":"` + hold + `"},"total_percentage":60}]}`)
	p.ID = "root"
	p.SetAssociates(map[string]*kyc.Associate{
		hold: {ID: hold, Role: kyc.RoleCompanyAssociated, DisplayName: "Hold",
			CollectedData: []byte(`{"entity_type":"COMPANY","ownership_structure":{"shareholders":[{"entity_type":"INDIVIDUAL","linked_profile":{"id":"` + pam + `"},"total_percentage":50}]}}`)},
		pam: {ID: pam, Role: kyc.RoleIndividualAssociated, DisplayName: "Pam", Events: []kyc.AssociateEvent{{ID: "e", Type: kyc.EventPEP, Resolution: kyc.ResolvedMatch}}},
	})
	return p
}
