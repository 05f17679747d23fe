package demo

import (
	"context"

	"github.com/gatehouse/gatehouse/internal/checks/demo/registry"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

var _ kyc.CompanySearcher = (*Provider)(nil)

// SearchCompanies searches the demo registry (registry.SearchCompanies):
// a company number finds that company, a name the companies whose names
// start with it, with the numbers the demo company checks find them by.
func (*Provider) SearchCompanies(ctx context.Context, _ kyc.CheckVariant, q kyc.CompanyQuery) (*kyc.CompanySearchResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res, err := registry.SearchCompanies(q.Country, q.State, q.Query)
	if err != nil {
		return nil, err
	}
	out := &kyc.CompanySearchResult{Companies: make([]kyc.CompanyCandidate, 0, len(res.Companies)), Errors: []kyc.CheckError{}}
	for _, c := range res.Companies {
		cand := kyc.CompanyCandidate{Name: c.Name, Number: c.Number, Country: c.Country}
		if c.State != nil {
			cand.State = *c.State
		}
		out.Companies = append(out.Companies, cand)
	}
	for _, e := range res.Errors {
		out.Errors = append(out.Errors, kyc.CheckError{Code: e.Code, Message: e.Message, Source: e.Source, Info: e.Info})
	}
	return out, nil
}
