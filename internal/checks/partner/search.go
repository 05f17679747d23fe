package partner

import (
	"context"
	"slices"
	"strings"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// CompanySearch is what a company search asks (GET /4.0/search/companies):
// a name or number, the country of incorporation (ISO alpha-3), and for US
// companies the state.
type CompanySearch struct {
	Query      string
	Country    string
	State      string
	DemoResult string
}

// Company is a company a search found, as the 4.0 search answer shows it.
type Company struct {
	Name    string
	Number  string
	Country string
	State   string // "" when the integration gives none
}

// SearchResult is a search's answer: the companies found and the errors
// the integration reported, as 4.0 errors.
type SearchResult struct {
	Companies []Company
	Errors    []kyc.CheckError
}

// SearchCompanies searches for companies through the integration of a
// company check variant (the institution's COMPANY_REGISTRY variant, as
// PassFort chooses the search provider by the company registry check's
// configuration). Errors: kyc.EInvalid or EMissingFields for a bad query,
// kyc.EProcessNotSetup when the variant does not run on an integration that
// declares COMPANY_SEARCH (or that integration cannot be used),
// kyc.EProvider when it could not be reached. An integration that answers
// with errors, or with a failure, gives a result whose Errors say so.
func (p *Provider) SearchCompanies(ctx context.Context, v kyc.CheckVariant, q CompanySearch) (*SearchResult, error) {
	q.Query, q.Country, q.State = strings.TrimSpace(q.Query), strings.TrimSpace(q.Country), strings.TrimSpace(q.State)
	switch {
	case q.Query == "":
		return nil, kyc.MissingField("query")
	case q.Country == "":
		return nil, kyc.MissingField("country")
	case !passfort.IsCountryCode(q.Country):
		return nil, kyc.FieldError("country", "is not an ISO 3166-1 alpha-3 country code")
	}
	c := p.conn(v.ID)
	if v.Provider != kyc.ProviderIntegration || c == nil {
		return nil, kyc.Errorf(kyc.EProcessNotSetup, "the check variant %s does not run on an integration, so it cannot search for companies", variantName(v))
	}
	if err := p.ready(ctx, c); err != nil {
		return nil, err
	}
	if !slices.Contains(c.cfg.SupportedFeatures, integration.FeatureCompanySearch) {
		return nil, kyc.Errorf(kyc.EProcessNotSetup, "the integration of check variant %s (%s) does not offer company search", variantName(v), c.meta.ProviderName)
	}
	cfg := c.request(kyc.CheckRequest{}).ProviderConfig
	res, err := c.client.Search(ctx, integration.SearchRequest{DemoResult: q.DemoResult, CommercialRelationship: c.settings.CommercialRelationship,
		SearchInput:    integration.SearchInput{Query: q.Query, CountryOfIncorporation: q.Country, State: q.State},
		ProviderConfig: cfg, ProviderCredentials: c.creds})
	if err != nil {
		ce := integration.AsCallError(err)
		if ce == nil {
			return nil, err
		}
		if ke := ce.KYCError(); ke != nil {
			return nil, ke
		}
		return &SearchResult{Companies: []Company{}, Errors: []kyc.CheckError{ce.CheckError()}}, nil
	}
	out := &SearchResult{Companies: []Company{}, Errors: []kyc.CheckError{}}
	for _, e := range res.Errors {
		out.Errors = append(out.Errors, e.CheckError())
	}
	for _, cand := range res.SearchOutput {
		country := cand.CountryOfIncorporation
		if !passfort.IsCountryCode(country) {
			country = q.Country
		}
		out.Companies = append(out.Companies, Company{Name: cand.Name, Number: cand.Number, Country: country})
	}
	return out, nil
}
