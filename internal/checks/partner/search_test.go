package partner_test

import (
	"testing"

	"github.com/gatehouse/gatehouse/internal/checks/partner"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestSearchCompanies searches through the company registry variant's
// integration (feature COMPANY_SEARCH), signed, and refuses what cannot
// be searched.
func TestSearchCompanies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, syncVariants[:3], options{})
		registry, _ := e.pol.CheckVariant("registry")
		res, err := e.prov.SearchCompanies(ctx, registry, partner.CompanySearch{Query: "Northwind", Country: "GBR"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Companies) != 3 || res.Companies[0] != (partner.Company{Name: "Northwind Limited", Number: "01234567", Country: "GBR"}) ||
			len(res.Errors) != 0 {
			t.Errorf("got %+v", res)
		}
		res, err = e.prov.SearchCompanies(ctx, registry, partner.CompanySearch{Query: "Northwind", Country: "GBR", DemoResult: "ERROR_INVALID_CREDENTIALS"})
		if err != nil || len(res.Companies) != 0 || len(res.Errors) != 1 || res.Errors[0].Code != 502 {
			t.Errorf("demo error: got %+v, %v; want one 502 error", res, err)
		}
		ownership, _ := e.pol.CheckVariant("ownership")
		idv, _ := e.pol.CheckVariant("idv")
		for _, tc := range []struct {
			name string
			v    kyc.CheckVariant
			q    partner.CompanySearch
			code kyc.Code
		}{
			{"no query", registry, partner.CompanySearch{Country: "GBR"}, kyc.EMissingFields},
			{"bad country", registry, partner.CompanySearch{Query: "x", Country: "GB"}, kyc.EInvalid},
			{"no COMPANY_SEARCH feature", ownership, partner.CompanySearch{Query: "x", Country: "GBR"}, kyc.EProcessNotSetup},
			{"not an integration", kyc.CheckVariant{ID: kyc.NewID(), Provider: "demo"}, partner.CompanySearch{Query: "x", Country: "GBR"}, kyc.EProcessNotSetup},
			{"an identity integration", idv, partner.CompanySearch{Query: "x", Country: "GBR"}, kyc.EProcessNotSetup},
		} {
			if _, err := e.prov.SearchCompanies(ctx, tc.v, tc.q); !kyc.IsCode(err, tc.code) {
				t.Errorf("%s: got %v, want %s", tc.name, err, tc.code)
			}
		}
		if n := e.ints["registry"].Count("/search"); n != 2 {
			t.Errorf("got %d searches, want 2", n)
		}
		e.signedBothWays("registry")
	})
}
