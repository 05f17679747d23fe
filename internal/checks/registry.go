package checks

import (
	"context"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Registry dispatches checks to the provider their variant names. It
// implements kyc.CheckRunner.
type Registry struct {
	providers map[string]Provider
}

// NewRegistry returns a registry of providers.
func NewRegistry(ps ...Provider) *Registry {
	r := &Registry{providers: map[string]Provider{}}
	for _, p := range ps {
		r.providers[p.Name()] = p
	}
	return r
}

// Run runs a check. A variant naming a provider that is not configured, or
// that cannot run the check type, ends as Error (PROCESS_NOT_SETUP): a
// misconfiguration is not retried.
func (r *Registry) Run(ctx context.Context, req Request) (Outcome, error) {
	p := r.providers[req.Variant.Provider]
	if p == nil || !p.Supports(req.CheckType) {
		return Outcome{Result: "Error", Errors: []kyc.CheckError{{Code: 502, Source: "ENGINE",
			Message: "provider " + req.Variant.Provider + " is not set up for " + string(req.CheckType) + " checks",
			Info:    map[string]any{"provider": req.Variant.Provider, "variant_id": req.Variant.ID}}}}, nil
	}
	return p.Run(ctx, req)
}

// Manual is the provider of checks a person completes: the check stays
// running until someone approves or rejects it.
type Manual struct{}

// Name is "manual".
func (Manual) Name() string { return "manual" }

// Supports every check type.
func (Manual) Supports(kyc.CheckType) bool { return true }

// Run leaves the check to a person.
func (Manual) Run(context.Context, Request) (Outcome, error) { return Outcome{Pending: true}, nil }
