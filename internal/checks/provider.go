// Package checks runs due-diligence checks through providers: the
// deterministic demo sandbox, the built-in screening engine, manual
// review, and external integrations over PassFort's partner protocol
// (package checks/partner). A provider turns a check request into an outcome; the kyc service
// records it and applies its effects (tasks, events, risk).
package checks

import (
	"context"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Request is everything a provider gets to run one check (kyc.CheckRequest).
type Request = kyc.CheckRequest

// Outcome is what a provider found (kyc.CheckOutcome).
type Outcome = kyc.CheckOutcome

// Provider runs checks.
type Provider interface {
	// Name is the provider's name in check variants (demo, screening, manual, integration).
	Name() string
	// Supports reports whether the provider can run a check type.
	Supports(t kyc.CheckType) bool
	// Run runs one check. It must honour ctx's deadline.
	Run(ctx context.Context, req Request) (Outcome, error)
}
