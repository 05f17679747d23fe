package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/checks/demo"
	"github.com/gatehouse/gatehouse/internal/checks/documents"
	"github.com/gatehouse/gatehouse/internal/checks/listscreen"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestCompanySearchRubyClient sends GET search/companies as GoCardless's
// PassFort gem sends it (the apikey header, country, the deprecated
// provider=duedil and query, no other header) and reads the answer as the
// gem does: a 200 whose body has no errors, and a companies list whose
// entries carry name, number and country.
func TestCompanySearchRubyClient(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		req, _ := http.NewRequest("GET", e.url+"/4.0/search/companies?country=GBR&provider=duedil&query=GoCard", nil)
		req.Header.Set("apikey", e.c.Key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		// The gem raises unless the status is 200 or 201, then raises the
		// first of body["errors"] when there is any.
		if resp.StatusCode != 200 {
			t.Fatalf("got %d %s, want 200", resp.StatusCode, body)
		}
		var got struct {
			Companies []map[string]any `json:"companies"`
			Errors    []any            `json:"errors"`
		}
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatalf("not JSON: %v: %s", err, body)
		}
		if len(got.Errors) != 0 || len(got.Companies) == 0 {
			t.Fatalf("got %s, want companies and no errors", body)
		}
		for _, c := range got.Companies {
			name, _ := c["name"].(string)
			number, _ := c["number"].(string)
			if !strings.HasPrefix(name, "GoCard") || number == "" || c["country"] != "GBR" {
				t.Errorf("got company %v, want a name starting GoCard, a number and country GBR", c)
			}
			if _, ok := c["state"]; ok {
				t.Errorf("got a state outside the USA: %v", c)
			}
		}
		// The same through the validating client: the answer is the contract's.
		e.c.Do("GET", "/4.0/search/companies?country=GBR&provider=duedil&query=GoCard", nil)
	})
}

type companiesView struct {
	Companies []struct {
		Name, Number, Country string
		State                 *string
	}
	Errors []struct {
		Code    int
		Message string
		Source  string
	}
}

// TestCompanySearch: numbers and names, US states, and every bad parameter
// named.
func TestCompanySearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		status, body := e.c.Do("GET", "/4.0/search/companies?country=GBR&query=09565115", nil)
		got := decode[companiesView](t, body)
		if status != 200 || len(got.Companies) != 1 || got.Companies[0].Name != "PassFort Limited" {
			t.Errorf("by number: %d %s, want PassFort Limited", status, body)
		}
		status, body = e.c.Do("GET", "/4.0/search/companies?country=usa&state=DE&query=Acme", nil)
		got = decode[companiesView](t, body)
		if status != 200 || len(got.Companies) == 0 {
			t.Fatalf("USA: %d %s", status, body)
		}
		for _, c := range got.Companies {
			if c.Country != "USA" || c.State == nil || *c.State != "DE" {
				t.Errorf("got %+v, want country USA, state DE", c)
			}
		}
		long := strings.Repeat("a", 201)
		for _, tc := range []struct {
			name, query string
			status      int
			code        int
			field       string
		}{
			{"no country", "query=acme", 400, 101, "country"},
			{"bad country", "country=GB&query=acme", 400, 201, "country"},
			{"no query", "country=GBR", 400, 101, "query"},
			{"blank query", "country=GBR&query=++", 400, 101, "query"},
			{"long query", "country=GBR&query=" + long, 400, 201, "query"},
			{"USA without state", "country=USA&query=acme", 400, 101, "state"},
			{"long state", "country=USA&query=acme&state=" + long, 400, 201, "state"},
			{"another provider", "country=GBR&query=acme&provider=kompany", 400, 201, "provider"},
			{"country twice", "country=GBR&country=USA&query=acme", 400, 201, "country"},
			{"control character", "country=GBR&query=ac%07me", 400, 201, "query"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, body := e.c.Do("GET", "/4.0/search/companies?"+tc.query, nil)
				code, field := errorOf(t, body)
				if status != tc.status || code != tc.code || field != tc.field {
					t.Errorf("got %d code %d field %q (%s), want %d code %d field %q", status, code, field, body, tc.status, tc.code, tc.field)
				}
			})
		}
	})
}

// registryService stands in for an external company register reached
// through a provider (as an integration with the COMPANY_SEARCH feature
// is): it answers one company, or a provider error for the query "down".
type registryService struct{ name string }

func (r registryService) Name() string                { return r.name }
func (registryService) Supports(t kyc.CheckType) bool { return t == kyc.CheckCompanyRegistry }
func (registryService) Run(context.Context, checks.Request) (checks.Outcome, error) {
	return checks.Outcome{Result: "Pass"}, nil
}
func (r registryService) SearchCompanies(_ context.Context, v kyc.CheckVariant, q kyc.CompanyQuery) (*kyc.CompanySearchResult, error) {
	if q.Query == "down" {
		return &kyc.CompanySearchResult{Errors: []kyc.CheckError{{Code: 303, Source: "PROVIDER", Message: "the register is down"}}}, nil
	}
	return &kyc.CompanySearchResult{Companies: []kyc.CompanyCandidate{{Name: q.Query + " (" + v.Alias + ")", Number: "1", Country: q.Country}}}, nil
}

// TestCompanySearchProvider: a search goes to the provider of the policy's
// COMPANY_REGISTRY check variant; its errors come back in the answer's
// errors; a provider without search is PROCESS_NOT_SETUP.
func TestCompanySearchProvider(t *testing.T) {
	pol := func(provider string) string {
		return strings.Replace(string(policy.DemoYAML()), "check_variants:\n", "check_variants:\n"+
			"  - id: 7d4e5b0a-1c2d-4e3f-8a9b-0c1d2e3f4a5b\n    alias: registry_of_record\n    name: Register of record\n"+
			"    check_type: COMPANY_REGISTRY\n    provider: "+provider+"\n", 1)
	}
	for _, tc := range []struct {
		provider string
		query    string
		status   int
		want     string
	}{
		{"acme-registry", "Northwind", 200, `"name":"Northwind (registry_of_record)"`},
		{"acme-registry", "down", 200, `"errors":[{"code":303,"message":"the register is down","source":"PROVIDER","info":{}}]`},
		{"manual", "Northwind", 422, `"code":502`},
	} {
		t.Run(tc.provider+" "+tc.query, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db storetest.Opener) {
				providers := checks.NewRegistry(demo.New(), listscreen.New(&screening.Holder{}), documents.New(), checks.Manual{}, registryService{"acme-registry"})
				p, err := policy.Parse([]byte(pol(tc.provider)), providers)
				if err != nil {
					t.Fatal(err)
				}
				e := newEnvWith(t, db, api.Config{}, func(svc *kyc.Service, _ kyc.Store) { svc.Policy, svc.Checks, svc.Companies = p, providers, providers })
				status, body := e.c.Do("GET", "/4.0/search/companies?country=GBR&query="+tc.query, nil)
				if status != tc.status || !strings.Contains(string(body), tc.want) {
					t.Errorf("got %d %s, want %d with %s", status, body, tc.status, tc.want)
				}
			})
		})
	}
}
