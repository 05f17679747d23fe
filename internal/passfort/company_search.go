package passfort

import (
	"net/url"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// CompanySearch is the answer of GET /search/companies.
type CompanySearch struct {
	Companies []CompanySummary `json:"companies"`
	Errors    []apiError       `json:"errors"`
}

// CompanySummary is one company a search found. State is given for
// companies of the United States only, as the contract describes it.
type CompanySummary struct {
	Name    string  `json:"name"`
	Number  string  `json:"number"`
	Country string  `json:"country"`
	State   *string `json:"state,omitempty"`
}

// FromCompanySearch converts a search's result, never with null lists.
func FromCompanySearch(r *kyc.CompanySearchResult) CompanySearch {
	out := CompanySearch{Companies: make([]CompanySummary, 0, len(r.Companies)), Errors: make([]apiError, 0, len(r.Errors))}
	for _, c := range r.Companies {
		s := CompanySummary{Name: c.Name, Number: c.Number, Country: c.Country}
		if c.State != "" {
			state := c.State
			s.State = &state
		}
		out.Companies = append(out.Companies, s)
	}
	for _, e := range r.Errors {
		info := e.Info
		if info == nil {
			info = map[string]any{}
		}
		out.Errors = append(out.Errors, apiError{Code: e.Code, Message: e.Message, Source: e.Source, Info: info})
	}
	return out
}

// DecodeCompanySearch reads the parameters of GET /search/companies:
// country (a CountryCode, required; upper-cased), state (required for the
// USA), query (required) and the deprecated provider, which may only be
// duedil and is ignored: the provider is the one of the policy's company
// registry check. Each parameter may be given once.
func DecodeCompanySearch(v url.Values) (kyc.CompanyQuery, error) {
	for _, name := range []string{"country", "state", "query", "provider"} {
		if len(v[name]) > 1 {
			return kyc.CompanyQuery{}, kyc.FieldError(name, "is given more than once")
		}
	}
	q := kyc.CompanyQuery{
		Country: strings.ToUpper(strings.TrimSpace(v.Get("country"))),
		State:   v.Get("state"),
		Query:   v.Get("query"),
	}
	if p := v.Get("provider"); p != "" && p != "duedil" {
		return q, kyc.FieldError("provider", "must be duedil or absent (it is deprecated and ignored: searches use the provider of the company registry check)")
	}
	if q.Country != "" && !IsCountryCode(q.Country) {
		return q, kyc.FieldError("country", "is not a CountryCode (ISO 3166-1 alpha-3)")
	}
	return q.Validate()
}
