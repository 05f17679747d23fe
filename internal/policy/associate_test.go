package policy

import (
	"strconv"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// companyBase is a small company policy whose officers task names the
// product associates apply for.
const companyBase = `name: kyb
task_variants:
  - {id: 41579478-c4bd-47bf-8e69-8d5e3a53eed4, alias: officers, name: Officers, task_type: COMPANY_IDENTIFY_OFFICERS, associate_product: assoc}
  - {id: 3d7a333c-418d-72a1-007b-06854dbb28eb, alias: v, name: V, task_type: INDIVIDUAL_VERIFY_IDENTITY}
  - {id: a8a8ae37-0654-4c4f-a242-8bc56fd9c14e, alias: vc, name: VC, task_type: COMPANY_VERIFY_IDENTITY}
products:
  - id: c37d4e6c-22ca-4dc7-a14f-218f956a108d
    alias: pro
    name: Pro
    smart_policies:
      COMPANY: [{tasks: [officers]}]
  - id: fd681a1a-9908-4cdf-b035-b1d225df90e6
    alias: assoc
    name: Associates
    smart_policies:
      INDIVIDUAL: [{tasks: [v]}]
`

func TestAssociateProduct(t *testing.T) {
	t.Parallel()
	const officers = "41579478-c4bd-47bf-8e69-8d5e3a53eed4"
	for _, tc := range []struct {
		name       string
		doc        string
		individual string // the product alias an individual associate gets, "" for none
		company    string
		threshold  float64
		promote    bool
	}{
		{name: "one product, for the entity types it has a policy for", doc: companyBase, individual: "assoc", threshold: 25},
		{name: "a product by id", doc: strings.Replace(companyBase, "associate_product: assoc", "associate_product: FD681A1A-9908-4CDF-B035-B1D225DF90E6", 1),
			individual: "assoc", threshold: 25},
		{name: "a map by entity type", doc: strings.Replace(companyBase, "associate_product: assoc", "associate_product: {INDIVIDUAL: assoc, COMPANY: pro}", 1),
			individual: "assoc", company: "pro", threshold: 25},
		{name: "the associates section", doc: companyBase + "associates: {ubo_threshold: 10, promote: true}\n",
			individual: "assoc", threshold: 10, promote: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := mustParse(t, tc.doc)
			for et, want := range map[kyc.EntityType]string{kyc.Individual: tc.individual, kyc.Company: tc.company} {
				prod, ok := p.AssociateProduct(officers, et)
				if got := prod.Alias; got != want || ok != (want != "") {
					t.Errorf("%s associates apply for %q (%v), want %q", et, got, ok, want)
				}
			}
			if a := p.Associates(); a.UBOThreshold != tc.threshold || a.Promote != tc.promote {
				t.Errorf("associates: got %+v, want threshold %g promote %v", a, tc.threshold, tc.promote)
			}
		})
	}
}

func TestAssociateProductProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"an unknown product", "associate_product: assoc", "associate_product: nope", `task_variants[0].associate_product: no product "nope"`},
		{"a task that onboards no associate", "task_type: COMPANY_VERIFY_IDENTITY}", "task_type: COMPANY_VERIFY_IDENTITY, associate_product: assoc}",
			"task_variants[2].associate_product: only identify officers"},
		{"a product without a policy for the entity type", "associate_product: assoc", "associate_product: {COMPANY: assoc}",
			`task_variants[0].associate_product.COMPANY: product "assoc" has no smart policy for COMPANY`},
		{"not an entity type", "associate_product: assoc", "associate_product: {PERSON: assoc}", "task_variants[0].associate_product.PERSON: must be INDIVIDUAL or COMPANY"},
		{"a list", "associate_product: assoc", "associate_product: [assoc]", "associate_product must be a product alias or id"},
		{"a threshold of 0", "name: kyb", "name: kyb\nassociates: {ubo_threshold: 0}", "associates.ubo_threshold: must be a percentage above 0 and below 100"},
		{"a threshold of 100", "name: kyb", "name: kyb\nassociates: {ubo_threshold: 100}", "associates.ubo_threshold"},
		{"an unknown key", "name: kyb", "name: kyb\nassociates: {threshold: 10}", "field threshold not found"},
		{"an unknown empty", "name: kyb", "name: kyb\nrisk_models: [{alias: r, entity_type: COMPANY, levels: {medium: 1, high: 2}, factors: [{name: A, value: profile.associates, empty: zero, rules: [{when: 'true', score: 1}]}]}]",
			"empty: must be missing or none"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if !strings.Contains(companyBase, tc.old) {
				t.Fatalf("the base has no %q", tc.old)
			}
			_, err := Parse([]byte(strings.Replace(companyBase, tc.old, tc.new, 1)), testProviders)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want a problem containing %q", err, tc.want)
			}
		})
	}
}

// TestDemoAssociates: the demo policy's identify tasks name the associate
// product, for individuals and companies.
func TestDemoAssociates(t *testing.T) {
	t.Parallel()
	p := Demo()
	for _, alias := range []string{"identify_officers", "identify_beneficial_owners"} {
		v, _ := p.TaskVariant(alias)
		for _, et := range []kyc.EntityType{kyc.Individual, kyc.Company} {
			if prod, ok := p.AssociateProduct(v.ID, et); !ok || prod.Alias != "forexo_associate" || prod.AutomaticallyApply {
				t.Errorf("%s, %s: got %+v %v, want forexo_associate, not applied automatically", alias, et, prod, ok)
			}
		}
	}
	if a := p.Associates(); a.UBOThreshold != 25 || a.Promote {
		t.Errorf("demo associates: %+v", a)
	}
}

// TestRiskFromAssociates: the demo company risk model scores a company on
// its associates: a PEP beneficial owner (through a holding company) or a
// sanctioned director raise it, and the overview names where the risk came
// from; an associate with nothing against them, or a PEP who is no
// beneficial owner, does not.
func TestRiskFromAssociates(t *testing.T) {
	t.Parallel()
	const (
		hold = "a0000000-0000-4000-8000-000000000001"
		pam  = "a0000000-0000-4000-8000-000000000002"
		dir  = "a0000000-0000-4000-8000-000000000003"
	)
	person := func(id, name string, events ...kyc.AssociateEvent) *kyc.Associate {
		return &kyc.Associate{ID: id, Role: kyc.RoleIndividualAssociated, DisplayName: name, Events: events,
			CollectedData: []byte(`{"entity_type":"INDIVIDUAL","personal_details":{"nationality":"GBR"}}`)}
	}
	pep := kyc.AssociateEvent{ID: "e1", Type: kyc.EventPEP, Resolution: kyc.ResolvedMatch}
	sanction := kyc.AssociateEvent{ID: "e2", Type: kyc.EventSanction, Resolution: kyc.Unresolved}
	for _, tc := range []struct {
		name     string
		pamOwns  int // percent of the holding company
		pam, dir []kyc.AssociateEvent
		score    float64
		from     string
	}{
		{"nothing against anyone", 50, nil, nil, 0, ""},
		{"a PEP beneficial owner through a holding company", 50, []kyc.AssociateEvent{pep}, nil, 60, pam},
		{"a PEP who is no beneficial owner", 10, []kyc.AssociateEvent{pep}, nil, 0, ""},
		{"a possibly sanctioned director", 10, nil, []kyc.AssociateEvent{sanction}, 60, dir},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pr := company(`,"metadata":{"name":"Root","country_of_incorporation":"GBR"},` +
				`"officers":{"directors":[{"entity_type":"INDIVIDUAL","linked_profile":{"id":"` + dir + `"}}]},` +
				`"ownership_structure":{"shareholders":[{"entity_type":"COMPANY","linked_profile":{"id":"` + hold + `"},"total_percentage":60}]}`)
			pr.ID = "root"
			holdData := `{"entity_type":"COMPANY","ownership_structure":{"shareholders":[{"entity_type":"INDIVIDUAL","linked_profile":{"id":"` + pam +
				`"},"total_percentage":` + strconv.Itoa(tc.pamOwns) + `}]}}`
			pr.SetAssociates(map[string]*kyc.Associate{
				hold: {ID: hold, Role: kyc.RoleCompanyAssociated, DisplayName: "Hold", CollectedData: []byte(holdData)},
				pam:  person(pam, "Pam Owner", tc.pam...),
				dir:  person(dir, "Dir Ector", tc.dir...),
			})
			r := plan(t, Demo(), pr, "forexo_pro").Risk
			var comp *kyc.RiskComponent
			for i := range r.Components {
				if r.Components[i].Name == "Associates" {
					comp = &r.Components[i]
				}
			}
			if comp == nil || comp.Undetermined || comp.Score != tc.score {
				t.Fatalf("the Associates component: %+v, want score %g", comp, tc.score)
			}
			switch {
			case tc.from == "" && r.Inherited != nil:
				t.Errorf("risk inherited from %+v, want its own", r.Inherited)
			case tc.from != "" && (r.Inherited == nil || r.Inherited.ProfileID != tc.from):
				t.Errorf("risk inherited from %+v, want %s", r.Inherited, tc.from)
			case tc.from != "" && !strings.Contains(comp.InputValue, r.Inherited.Name):
				t.Errorf("the component's input %q does not name %s", comp.InputValue, r.Inherited.Name)
			}
		})
	}
}
