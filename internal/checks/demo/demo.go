// Package demo is Gatehouse's sandbox check provider. It runs every check
// type of the contract without calling anyone: the outcome is chosen by the
// check's demo_result (PassFort's partner-protocol values) or, without one,
// by keywords in the entity's name ("Alex Wheeler pep"), and the output is
// built from the check's own input data in the contract's shape for the
// type. The same request always gives the same outcome; the ids it invents
// are derived from the check id. docs/sandbox.md is the user's guide.
package demo

import (
	"context"
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// ProviderName is the data provider named on demo checks and their events.
const ProviderName = "Demo"

// Provider is the demo check provider. It holds no state and is safe for
// concurrent use.
type Provider struct{}

var _ checks.Provider = (*Provider)(nil)

// New returns the demo provider.
func New() *Provider { return &Provider{} }

// Name is "demo", the provider's name in check variants.
func (*Provider) Name() string { return "demo" }

// Inline reports that the sandbox answers in the process (checks.Inliner).
func (*Provider) Inline() bool { return true }

// Supports reports true for every check type of the contract.
func (*Provider) Supports(t kyc.CheckType) bool { return families[t] != 0 }

// run is one check being run.
type run struct {
	req   checks.Request
	fam   family
	facts kyc.Facts
	in    input
	name  string // the entity's name, as keywords and match names read it
}

// Run runs one check. Its error is only ever transient (ctx done, or the
// demo_result ERROR_CONNECTION_TO_PROVIDER); every other failure is an
// outcome with result Error and its errors, final.
func (p *Provider) Run(ctx context.Context, req checks.Request) (checks.Outcome, error) {
	if err := ctx.Err(); err != nil {
		return checks.Outcome{}, err
	}
	r := newRun(req)
	if r.fam == 0 {
		return r.failed(kyc.CheckError{
			Code: codeInvalidInput, Source: "ENGINE",
			Message: "the demo provider does not run " + string(req.CheckType) + " checks",
			Info:    map[string]any{"check_type": string(req.CheckType)},
		}), nil
	}
	v := NormaliseDemoResult(req.DemoResult)
	byKeywords := v == ""
	var kw keywords
	switch {
	case byKeywords:
		kw = readKeywords(r.name)
		v = keywordScenario(r.fam, req.CheckType == kyc.CheckCompanyRegistry, req.CheckType == kyc.CheckCompanyOwnership, kw)
	case !ValidDemoResult(req.CheckType, v):
		return r.unsupported(v), nil
	}
	switch v {
	case resultConnection:
		return checks.Outcome{}, connectionError()
	case resultInvalidCredentials:
		return r.providerError(codeProcessNotSetup, "INVALID_CREDENTIALS", "",
			"Demo provider: the provider refused the configured credentials"), nil
	case resultProviderMessage:
		return r.providerError(codeProviderUnknown, "PROVIDER_MESSAGE", "",
			"Demo provider: the provider answered with an error message"), nil
	case internalError:
		return r.providerError(codeProviderUnknown, "PROVIDER_MESSAGE", "",
			`Demo provider: the name carries the keyword "error"`), nil
	case internalPending:
		return checks.Outcome{Pending: true, Output: r.bare(), Providers: r.providers()}, nil
	}
	switch r.fam {
	case famIdentity:
		return r.identity(v), nil
	case famDocument:
		return r.document(v), nil
	case famScreen:
		hits := screenScenarios[v]
		if byKeywords {
			hits = keywordHits(kw)
		}
		return r.screen(hits), nil
	case famBank:
		return r.bank(v == internalFail), nil
	case famCompany:
		return r.company(v, byKeywords), nil
	}
	// Manual forms: a person decides, through approve or reject.
	return checks.Outcome{Pending: true, Output: r.bare(), Providers: r.providers()}, nil
}

func newRun(req checks.Request) *run {
	r := &run{req: req, fam: families[req.CheckType], facts: req.Facts}
	if r.fam == famDocument || r.fam == famBank || r.fam == famCompany {
		r.in = readInput(req.Input) // only these echo parts of the input
	}
	if r.isCompany() {
		r.name = r.facts.CompanyName
	} else {
		r.name = personName(&r.facts)
	}
	return r
}

// isCompany reports whether the check runs on a company.
func (r *run) isCompany() bool {
	et, _ := r.req.CheckType.EntityType()
	return et == kyc.Company
}

// entityType is the output's entity_type: the one the check type runs on.
func (r *run) entityType() string {
	if r.isCompany() {
		return string(kyc.Company)
	}
	return string(kyc.Individual)
}

// bare is the output of a check that found nothing to report (an error, a
// pending check, a company not found): just its entity type.
func (r *run) bare() json.RawMessage {
	return json.RawMessage(`{"entity_type":"` + r.entityType() + `"}`)
}

func (r *run) providers() []kyc.CheckProvider {
	return []kyc.CheckProvider{{Name: ProviderName, IsMonitored: r.fam == famScreen}}
}

// done is a completed outcome with its output marshalled.
func (r *run) done(result string, output any, hits []kyc.Hit) checks.Outcome {
	raw, err := json.Marshal(output)
	if err != nil { // cannot happen: outputs are plain structs of valid JSON
		raw = r.bare()
	}
	return checks.Outcome{Result: result, Output: raw, Hits: hits, Providers: r.providers()}
}
