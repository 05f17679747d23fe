// Package checks runs due-diligence checks through providers: the
// deterministic demo sandbox, the built-in screening engine, and manual
// review. A provider turns a check request into an outcome; the kyc service
// records it and applies its effects (tasks, events, risk).
package checks

import (
	"context"
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Request is everything a provider gets to run one check.
type Request struct {
	CheckID   string
	CheckType kyc.CheckType
	Variant   kyc.CheckVariant
	// Input is the EntityData JSON the check runs on (the profile's
	// collected data, or the request's input_data override).
	Input json.RawMessage
	// Facts is the parsed view of Input.
	Facts kyc.Facts
	// DemoResult selects a sandbox outcome (PassFort's partner-protocol
	// values, e.g. SCREEN_SINGLE_PEP). Empty: the demo provider reads
	// keywords in the profile's name instead.
	DemoResult string
}

// Outcome is what a provider found. A provider that could not reach its
// source returns an error instead (the check is retried with back-off and
// ends as Error after the last attempt); an Outcome with Result "Error" is
// final.
type Outcome struct {
	// Result is the check type's result string: "2+2", "1+1", "Fail",
	// "Pass", "Refer", "PEP", "Sanction", "Media", "Partial" or "Error".
	Result string
	// Output is the check's output_data in the contract's shape for its
	// type (it must validate against the 4.0 spec's CheckResource).
	Output json.RawMessage
	// Errors are reported on the check (source PROVIDER or ENGINE).
	Errors []kyc.CheckError
	// Hits are potential matches (screening); each becomes an event.
	Hits []kyc.Hit
	// Providers names the data providers used.
	Providers []kyc.CheckProvider
	// Pending asks to leave the check running: the result arrives later
	// (the demo provider's "pending" keyword; manual review).
	Pending bool
}

// Provider runs checks.
type Provider interface {
	// Name is the provider's name in check variants (demo, screening, manual).
	Name() string
	// Supports reports whether the provider can run a check type.
	Supports(t kyc.CheckType) bool
	// Run runs one check. It must honour ctx's deadline.
	Run(ctx context.Context, req Request) (Outcome, error)
}
