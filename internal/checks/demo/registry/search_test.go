package registry

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/spectest"
)

// TestSearchCompanies: a number finds its company or nothing; a name
// finds companies whose numbers a check by that name and number finds.
func TestSearchCompanies(t *testing.T) {
	t.Parallel()
	r, err := SearchCompanies("GBR", "", "09565115")
	if err != nil || len(r.Companies) != 1 || r.Companies[0].Name != "PassFort Limited" || r.Companies[0].Number != "09565115" {
		t.Errorf("by number: got %+v, %v; want PassFort Limited", r, err)
	}
	if r, err := SearchCompanies("GBR", "", "09565110"); err != nil || len(r.Companies) != 0 {
		t.Errorf("unknown number: got %+v, %v; want nothing", r, err)
	}
	r, err = SearchCompanies("GBR", "", "passfort")
	if err != nil || len(r.Companies) < 2 || r.Companies[0].Name != "PassFort Limited" || r.Companies[0].Number != "09565115" {
		t.Errorf("by name: got %+v, %v; want PassFort Limited first, and namesakes", r, err)
	}
	for _, tc := range []struct{ country, state, query string }{
		{"GBR", "", "acme widgets"}, {"FRA", "", "Boulangerie Martin"}, {"DEU", "", "Müller Maschinenbau GmbH"},
		{"IRL", "", "acme"}, {"NLD", "", "acme b.v."}, {"USA", "CA", "Acme"}, {"BRA", "", "acme"},
	} {
		r, err := SearchCompanies(tc.country, tc.state, tc.query)
		if err != nil || len(r.Companies) == 0 || r.Errors == nil {
			t.Fatalf("%+v: got %+v, %v", tc, r, err)
		}
		for _, c := range r.Companies {
			if !strings.HasPrefix(strings.ToLower(c.Name), strings.ToLower(strings.Fields(tc.query)[0])) || c.Country != tc.country {
				t.Errorf("%+v: got %+v, want a name starting with the query in %s", tc, c, tc.country)
			}
			if (c.State != nil) != (tc.country == "USA") || c.State != nil && *c.State != tc.state {
				t.Errorf("%+v: got state %v", tc, c.State)
			}
			co, err := Lookup(Query{Country: c.Country, State: tc.state, Number: c.Number, Name: c.Name})
			if err != nil || co.Name != c.Name {
				t.Errorf("%+v: result %+v is not found by a check: %v", tc, c, err)
			}
			if again, _ := SearchCompanies(tc.country, tc.state, c.Number); len(again.Companies) != 1 {
				t.Errorf("%+v: searching the number %s finds %+v", tc, c.Number, again)
			}
		}
	}
}

func TestSearchParameters(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		country, state, query, field string
		code                         kyc.Code
	}{
		{"", "", "acme", "country", kyc.EMissingFields},
		{"UK", "", "acme", "country", kyc.EInvalid},
		{"USA", "", "acme", "state", kyc.EMissingFields},
		{"GBR", "", "  ", "query", kyc.EMissingFields},
		{"GBR", "", strings.Repeat("a", 201), "query", kyc.EInvalid},
	} {
		_, err := SearchCompanies(tc.country, tc.state, tc.query)
		if codeOf(err) != tc.code || fieldOf(err) != tc.field {
			t.Errorf("SearchCompanies(%q, %q, %q): got %v, want a %s error naming %s", tc.country, tc.state, tc.query, err, tc.code, tc.field)
		}
	}
}

// TestSearchAnswerValidates checks the answer of GET /search/companies
// against the contract.
func TestSearchAnswerValidates(t *testing.T) {
	v := spectest.Load(t)
	for _, q := range [][3]string{{"GBR", "", "passfort"}, {"USA", "DE", "acme"}, {"GBR", "", "09565110"}} {
		r, err := SearchCompanies(q[0], q[1], q[2])
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(r)
		v.Check(t, httptest.NewRequest("GET", "/4.0/search/companies?country=GBR&query=x", nil), 200,
			http.Header{"Content-Type": {"application/json"}}, body)
	}
}

func FuzzSearchCompanies(f *testing.F) {
	f.Add("GBR", "", "passfort")
	f.Add("DEU", "", "HRB 1234 B")
	f.Add("USA", "NY", "12-3456789")
	f.Add("FRA", "", "sarl")
	f.Add("GBR", "", "\xff limited")
	f.Fuzz(func(t *testing.T, country, state, query string) {
		r, err := SearchCompanies(country, state, query)
		if err != nil {
			if fieldOf(err) == nil {
				t.Fatalf("got %v, want an error naming its field", err)
			}
			return
		}
		for _, c := range r.Companies {
			if c.Name == "" || c.Number == "" {
				t.Fatalf("got %+v", c)
			}
		}
	})
}
