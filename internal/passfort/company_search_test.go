package passfort

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

func TestDecodeCompanySearch(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  kyc.CompanyQuery
		field string
	}{
		{"country=GBR&query=GoCard&provider=duedil", kyc.CompanyQuery{Country: "GBR", Query: "GoCard"}, ""},
		{"country=usa&state=+DE+&query=+Acme+", kyc.CompanyQuery{Country: "USA", State: "DE", Query: "Acme"}, ""},
		{"country=RKS&query=x", kyc.CompanyQuery{Country: "RKS", Query: "x"}, ""},
		{"query=x", kyc.CompanyQuery{}, "country"},
		{"country=GBN&query=x", kyc.CompanyQuery{}, "country"},
		{"country=GBR", kyc.CompanyQuery{}, "query"},
		{"country=USA&query=x", kyc.CompanyQuery{}, "state"},
		{"country=GBR&query=x&provider=DUEDIL", kyc.CompanyQuery{}, "provider"},
		{"country=GBR&query=x&query=y", kyc.CompanyQuery{}, "query"},
		{"country=GBR&query=" + strings.Repeat("é", 201), kyc.CompanyQuery{}, "query"},
		{"country=GBR&query=a%00b", kyc.CompanyQuery{}, "query"},
		{"country=USA&query=a&state=D%0AE", kyc.CompanyQuery{}, "state"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			v, _ := url.ParseQuery(tc.query)
			got, err := DecodeCompanySearch(v)
			if tc.field != "" {
				var ke *kyc.Error
				if !errors.As(err, &ke) || ke.Info["field"] != tc.field {
					t.Fatalf("got %v, want an error naming %s", err, tc.field)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

// FuzzDecodeCompanySearch: any query string is refused with an error
// naming a parameter, or gives a country code, a query within its limit
// and, in the USA, a state.
func FuzzDecodeCompanySearch(f *testing.F) {
	for _, s := range []string{"country=GBR&query=GoCard&provider=duedil", "country=USA&state=DE&query=a", "country=gbr&query=%00",
		"country=XXX&query=x", "query=" + strings.Repeat("a", 201) + "&country=FRA", "country=GBR&query=x&provider=y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := DecodeCompanySearch(v)
		if err != nil {
			var ke *kyc.Error
			if !errors.As(err, &ke) || (ke.Code != kyc.EInvalid && ke.Code != kyc.EMissingFields) {
				t.Fatalf("got %v, want an invalid or missing field error", err)
			}
			if f, _ := ke.Info["field"].(string); f == "" {
				t.Fatalf("got %v without a field", err)
			}
			return
		}
		if kyc.TextProblem(q.Query, kyc.Line) != "" || kyc.TextProblem(q.State, kyc.Line) != "" {
			t.Fatalf("accepted text that breaks the rules: %+v from %q", q, raw)
		}
		if !IsCountryCode(q.Country) || q.Query == "" || utf8.RuneCountInString(q.Query) > kyc.MaxCompanyQuery || q.Country == "USA" && q.State == "" {
			t.Fatalf("accepted %+v from %q", q, raw)
		}
	})
}
