package kyc

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"
)

// CompanyQuery is a company search (GET /search/companies): a name or a
// company number in a country's register, and for the United States, whose
// registers are kept by each state, the state.
type CompanyQuery struct {
	Country string // CountryCode (ISO 3166-1 alpha-3), already checked by the wire layer
	State   string
	Query   string
}

// Company search limits.
const (
	MaxCompanyQuery = 200 // characters of a company search's query
	MaxCompanyState = 100 // characters of its state
)

// Validate checks what every provider needs of a query: one-line texts,
// the query (at most MaxCompanyQuery characters), and the state for the
// United States. It returns the query with its texts trimmed.
func (q CompanyQuery) Validate() (CompanyQuery, error) {
	q.Country, q.State, q.Query = strings.TrimSpace(q.Country), strings.TrimSpace(q.State), strings.TrimSpace(q.Query)
	for _, f := range [][2]string{{"country", q.Country}, {"state", q.State}, {"query", q.Query}} {
		if err := CheckText(f[0], f[1], Line); err != nil {
			return q, err
		}
	}
	switch {
	case q.Country == "":
		return q, MissingField("country")
	case q.Query == "":
		return q, MissingField("query")
	case utf8.RuneCountInString(q.Query) > MaxCompanyQuery:
		return q, FieldError("query", "is longer than "+strconv.Itoa(MaxCompanyQuery)+" characters")
	case q.Country == "USA" && q.State == "":
		return q, &Error{Code: EMissingFields, Message: "state: is required for companies in the USA",
			Info: map[string]any{"field": "state", "reason": "is required for companies in the USA"}}
	case utf8.RuneCountInString(q.State) > MaxCompanyState:
		return q, FieldError("state", "is longer than "+strconv.Itoa(MaxCompanyState)+" characters")
	}
	return q, nil
}

// CompanyCandidate is a company a search found.
type CompanyCandidate struct {
	Name    string
	Number  string
	Country string
	State   string // "" when the register gives none (outside the USA)
}

// CompanySearchResult is what a search found, and the errors the provider
// reported (a provider that answered with an error gives a result whose
// Errors say so, as PassFort's search answer carries them).
type CompanySearchResult struct {
	Companies []CompanyCandidate
	Errors    []CheckError
}

// CompanySearcher searches company registers. The check providers that can
// (the demo registry; integrations whose metadata lists COMPANY_SEARCH)
// implement it, and the checks registry implements it by routing to the
// provider of the variant, so that a search goes where the institution's
// company registry checks go, as PassFort chooses the search provider by
// the Company Registry check's configuration. q is valid (Validate).
// Errors: EProcessNotSetup when the variant's provider cannot search,
// EProvider when it could not be reached.
type CompanySearcher interface {
	SearchCompanies(ctx context.Context, v CheckVariant, q CompanyQuery) (*CompanySearchResult, error)
}

// SearchCompanies searches for companies through the provider of the
// policy's COMPANY_REGISTRY check variant (the demo registry when the policy
// names none). A collect key cannot search (EForbidden).
func (s *Service) SearchCompanies(ctx context.Context, actor Actor, q CompanyQuery) (*CompanySearchResult, error) {
	if err := actor.institutionWide("search companies"); err != nil {
		return nil, err
	}
	q, err := q.Validate()
	if err != nil {
		return nil, err
	}
	if s.Companies == nil {
		return nil, Errorf(EProcessNotSetup, "company search is not set up on this server")
	}
	res, err := s.Companies.SearchCompanies(ctx, s.Policy.DefaultCheckVariant(CheckCompanyRegistry), q)
	if err != nil {
		return nil, err
	}
	if res.Companies == nil {
		res.Companies = []CompanyCandidate{}
	}
	if res.Errors == nil {
		res.Errors = []CheckError{}
	}
	return res, nil
}
