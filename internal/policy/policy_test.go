package policy

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

func TestDemoPolicy(t *testing.T) {
	p := Demo()
	basic, ok := p.Product(kyc.ProductRef{Alias: "forexo_basic"})
	if !ok || basic.Name != "Forexo Basic Account" {
		t.Fatalf("forexo_basic = %+v, %v", basic, ok)
	}
	if byID, ok := p.Product(kyc.ProductRef{ID: strings.ToUpper(basic.ID)}); !ok || byID.Alias != "forexo_basic" {
		t.Errorf("lookup by upper-case id: %+v %v", byID, ok)
	}
	if got := p.AutoApply(kyc.Individual); len(got) != 1 || got[0].Alias != "forexo_basic" {
		t.Errorf("AutoApply(INDIVIDUAL) = %+v", got)
	}
	if got := p.AutoApply(kyc.Company); len(got) != 1 || got[0].Alias != "forexo_pro" {
		t.Errorf("AutoApply(COMPANY) = %+v", got)
	}
	ind := &kyc.Profile{Role: kyc.RoleIndividualCustomer}
	plan, err := p.Evaluate(ind, basic, time.Now())
	if err != nil || len(plan.Tasks) != 2 || plan.Tasks[0].Type != kyc.TaskIndividualVerifyIdentity {
		t.Errorf("Plan = %+v, %v", plan, err)
	}
	pro, _ := p.Product(kyc.ProductRef{Alias: "forexo_pro"})
	if _, err := p.Evaluate(ind, pro, time.Now()); !kyc.IsCode(err, kyc.EInvalid) {
		t.Errorf("forexo_pro for an individual: %v, want invalid", err)
	}
	if Demo() != p {
		t.Error("Demo() parses the demo policy again; want it once")
	}
}

// TestTaskVariantLookup finds a variant by id (any case), alias, or task
// type (the first variant of the type, as POST /tasks with a type asks).
func TestTaskVariantLookup(t *testing.T) {
	p := Demo()
	for _, ref := range []string{"3d7a333c-418d-72a1-007b-06854dbb28eb", "3D7A333C-418D-72A1-007B-06854DBB28EB", "verify_identity", "INDIVIDUAL_VERIFY_IDENTITY"} {
		if v, ok := p.TaskVariant(ref); !ok || v.Alias != "verify_identity" {
			t.Errorf("TaskVariant(%q) = %+v, %v", ref, v, ok)
		}
	}
	if v, ok := p.TaskVariant("INDIVIDUAL_VERIFY_ADDRESS"); ok {
		t.Errorf("a type without a variant found %+v", v)
	}
	var got []string
	for _, v := range p.TaskVariants() {
		got = append(got, v.Alias)
	}
	want := "verify_identity,pep_and_sanctions,verify_company,review_filings,identify_officers,identify_beneficial_owners,company_sanctions,source_of_funds,company_edd"
	if strings.Join(got, ",") != want {
		t.Errorf("task variants %v, want the guide's seven first, in order", got)
	}
}

// TestCheckVariantLookup finds a check variant by the same rule at run
// time as the document's references do: id in any case, or alias (as
// written, else in lower case).
func TestCheckVariantLookup(t *testing.T) {
	p := mustParse(t, edit(t, "automatic_checks: [idc]", "automatic_checks: [IDC]"))
	if _, auto := p.TaskChecks("3d7a333c-418d-72a1-007b-06854dbb28eb"); len(auto) != 1 || auto[0].Alias != "idc" {
		t.Errorf("automatic checks of v = %+v, want idc", auto)
	}
	for _, ref := range []string{"f76fe1c0-ad42-4748-b82c-bbbcb3a7733f", "F76FE1C0-AD42-4748-B82C-BBBCB3A7733F", "idc", "IDC"} {
		if v, ok := p.CheckVariant(ref); !ok || v.Alias != "idc" {
			t.Errorf("CheckVariant(%q) = %+v, %v", ref, v, ok)
		}
	}
	if v, ok := p.CheckVariant("idv"); ok {
		t.Errorf("an unknown reference found %+v", v)
	}
}

// TestExampleFileIsTheDemo keeps docs/policy.example.yaml equal to the
// built-in demo policy.
func TestExampleFileIsTheDemo(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "policy.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, demoYAML) {
		t.Error("docs/policy.example.yaml differs from internal/policy/demo.yaml; copy one over the other")
	}
}
