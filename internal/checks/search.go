package checks

import (
	"context"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

var _ kyc.CompanySearcher = (*Registry)(nil)

// companySearchOffer is implemented by providers that offer company search
// through another value (the integration provider, whose own
// SearchCompanies speaks its package's terms).
type companySearchOffer interface {
	CompanySearcher() kyc.CompanySearcher
}

// SearchCompanies routes a company search to the provider of the check
// variant (the policy's COMPANY_REGISTRY variant), when that provider can
// search: a provider offers company search by implementing
// kyc.CompanySearcher, or by returning one from CompanySearcher().
// Otherwise EProcessNotSetup, naming the variant and its provider.
func (r *Registry) SearchCompanies(ctx context.Context, v kyc.CheckVariant, q kyc.CompanyQuery) (*kyc.CompanySearchResult, error) {
	p := r.providers[v.Provider]
	s, ok := p.(kyc.CompanySearcher)
	if o, offers := p.(companySearchOffer); !ok && offers {
		s, ok = o.CompanySearcher(), true
	}
	if !ok {
		return nil, &kyc.Error{Code: kyc.EProcessNotSetup,
			Message: "the company registry check variant " + v.Name + " runs on provider " + v.Provider + ", which offers no company search",
			Info:    map[string]any{"variant_id": v.ID, "provider": v.Provider}}
	}
	return s.SearchCompanies(ctx, v, q)
}
