package partner

import (
	"context"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// CompanySearcher returns the provider as a kyc.CompanySearcher: the
// checks registry routes GET /search/companies to it when the policy's
// COMPANY_REGISTRY check variant runs on an integration (one that
// declares COMPANY_SEARCH; otherwise the search is PROCESS_NOT_SETUP).
func (p *Provider) CompanySearcher() kyc.CompanySearcher { return companySearcher{p} }

type companySearcher struct{ p *Provider }

// SearchCompanies is Provider.SearchCompanies in the kyc service's terms.
func (s companySearcher) SearchCompanies(ctx context.Context, v kyc.CheckVariant, q kyc.CompanyQuery) (*kyc.CompanySearchResult, error) {
	res, err := s.p.SearchCompanies(ctx, v, CompanySearch{Query: q.Query, Country: q.Country, State: q.State})
	if err != nil {
		return nil, err
	}
	out := &kyc.CompanySearchResult{Companies: make([]kyc.CompanyCandidate, 0, len(res.Companies)), Errors: res.Errors}
	for _, c := range res.Companies {
		out.Companies = append(out.Companies, kyc.CompanyCandidate{Name: c.Name, Number: c.Number, Country: c.Country, State: c.State})
	}
	return out, nil
}
