// Package listscreen is the `screening` check provider: PEPS_AND_SANCTIONS_SCREEN
// and COMPANY_PEPS_AND_SANCTIONS_SCREEN checks run against the official
// sanctions and PEP lists with Gatehouse's own engine (package screening).
// Each potential match becomes a SanctionsResult in the check's output and
// an event (SANCTION_FLAG, PEP_FLAG, or REFER_FLAG for other listings); the
// output records the list versions screened. The index comes from a screening.Holder
// the server swaps when a list changes; ongoing monitoring (package
// monitor) builds its hits with the same functions.
package listscreen

import (
	"context"
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/screening"
)

// ProviderID is the provider's name in check variants.
const ProviderID = "screening"

// ProviderName is the data provider named on checks and their events.
const ProviderName = "Gatehouse screening"

// maxResults caps the potential matches reported by one check.
const maxResults = 25

// PassFort check error codes the provider reports.
const (
	codeMissingFields   = 101 // MISSING_REQUIRED_FIELDS
	codeProcessNotSetup = 502 // PROCESS_NOT_SETUP
)

// Provider runs screening checks on the index its Holder holds. It is safe
// for concurrent use.
type Provider struct {
	Holder *screening.Holder
}

var _ checks.Provider = (*Provider)(nil)

// New returns the provider over a holder.
func New(h *screening.Holder) *Provider { return &Provider{Holder: h} }

// Name is "screening".
func (*Provider) Name() string { return ProviderID }

// Inline reports that the engine screens in the process (checks.Inliner).
func (*Provider) Inline() bool { return true }

// Supports reports true for the two screening check types.
func (*Provider) Supports(t kyc.CheckType) bool {
	return t == kyc.CheckPEPsAndSanctions || t == kyc.CheckCompanyPEPsSanctions
}

// output is a screening check's output_data: the contract's members, and
// what was screened against which list versions (Gatehouse's own member).
type output struct {
	EntityType       kyc.EntityType `json:"entity_type"`
	SanctionsResults []result       `json:"sanctions_results"`
	Screening        *screened      `json:"screening,omitempty"`
}

type screened struct {
	Name      string        `json:"name"`
	Type      string        `json:"type"`
	DOB       string        `json:"dob,omitempty"`
	Country   string        `json:"country,omitempty"`
	Threshold float64       `json:"threshold"`
	Lists     []listVersion `json:"lists"`
}

// Run screens the check's entity. A configuration problem, missing lists
// or a missing name end the check as Error (never a silent Pass); the
// error returned is only ctx's.
func (p *Provider) Run(ctx context.Context, req checks.Request) (checks.Outcome, error) {
	if err := ctx.Err(); err != nil {
		return checks.Outcome{}, err
	}
	et := kyc.Individual
	if req.CheckType == kyc.CheckCompanyPEPsSanctions {
		et = kyc.Company
	}
	cfg, cfgErr := ParseConfig(req.Variant)
	providers := []kyc.CheckProvider{{Name: ProviderName, IsMonitored: cfg.Monitoring}}
	failed := func(code int, msg string, info map[string]any) checks.Outcome {
		raw, _ := json.Marshal(output{EntityType: et, SanctionsResults: []result{}})
		return checks.Outcome{Result: "Error", Output: raw, Providers: providers,
			Errors: []kyc.CheckError{{Code: code, Source: "ENGINE", Message: msg, Info: info}}}
	}
	if !p.Supports(req.CheckType) {
		return failed(codeProcessNotSetup, "the screening provider does not run "+string(req.CheckType)+" checks",
			map[string]any{"check_type": string(req.CheckType)}), nil
	}
	if cfgErr != nil {
		return failed(codeProcessNotSetup, cfgErr.Error(), map[string]any{"variant_id": req.Variant.ID}), nil
	}
	idx := p.Holder.Index()
	if idx == nil {
		return failed(codeProcessNotSetup, "no sanctions lists loaded; start gatehouse serve with --lists (or import lists with gatehouse lists import)",
			map[string]any{"provider": ProviderID}), nil
	}
	q := QueryFor(req.CheckType, &req.Facts)
	if q.Name == "" {
		field := "personal_details.name"
		if et == kyc.Company {
			field = "metadata.name"
		}
		return failed(codeMissingFields, "the screening check needs the entity's name", map[string]any{"field": field}), nil
	}
	q.Threshold, q.MatchesOnly, q.Limit = cfg.Threshold, true, maxResults
	rs, hits := results(idx, q, idx.Search(q), cfg.Threshold)
	out := output{EntityType: et, SanctionsResults: rs, Screening: &screened{
		Name: q.Name, Type: string(q.Type), DOB: q.DOB, Country: q.Country, Threshold: cfg.Threshold, Lists: listVersions(idx),
	}}
	raw, err := json.Marshal(out)
	if err != nil { // cannot happen: plain strings and numbers
		return failed(codeProcessNotSetup, "cannot encode the screening output", nil), nil
	}
	return checks.Outcome{Result: resultOf(hits), Output: raw, Hits: hits, Providers: providers}, nil
}

// resultOf is the check result: the most severe flag raised.
func resultOf(hits []kyc.Hit) string {
	r := "Pass"
	for _, h := range hits {
		switch {
		case h.Type == kyc.EventSanction:
			return "Sanction"
		case h.Type == kyc.EventPEP:
			r = "PEP"
		case h.Type == kyc.EventRefer && r == "Pass":
			r = "Refer"
		}
	}
	return r
}
