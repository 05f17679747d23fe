package checks

import (
	"context"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

var _ kyc.CompanySearcher = (*Registry)(nil)

// SearchCompanies routes a company search to the provider of the check
// variant (the policy's COMPANY_REGISTRY variant), when that provider can
// search: a provider offers company search by implementing
// kyc.CompanySearcher. Otherwise EProcessNotSetup, naming the variant and
// its provider.
func (r *Registry) SearchCompanies(ctx context.Context, v kyc.CheckVariant, q kyc.CompanyQuery) (*kyc.CompanySearchResult, error) {
	s, ok := r.providers[v.Provider].(kyc.CompanySearcher)
	if !ok {
		return nil, &kyc.Error{Code: kyc.EProcessNotSetup,
			Message: "the company registry check variant " + v.Name + " runs on provider " + v.Provider + ", which offers no company search",
			Info:    map[string]any{"variant_id": v.ID, "provider": v.Provider}}
	}
	return s.SearchCompanies(ctx, v, q)
}
