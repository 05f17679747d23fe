package kyc

import (
	"context"
	"time"
)

// ProviderIntegration is the provider name of check variants that run
// through an external integration over PassFort's partner protocol
// (package checks/partner).
const ProviderIntegration = "integration"

// ProviderStage is how far a check in progress at an external provider has
// gone.
type ProviderStage string

// Provider stages. A callback check goes starting → started → called_back;
// a polled check goes starting → polling.
const (
	// ProviderStarting: the check is about to be started (or was, with no
	// answer recorded); its images may be downloaded from now on.
	ProviderStarting ProviderStage = "starting"
	// ProviderStarted: the integration's reference is recorded; the check
	// waits for the integration's callback.
	ProviderStarted ProviderStage = "started"
	// ProviderCalledBack: the callback arrived; a job fetches the result.
	ProviderCalledBack ProviderStage = "called_back"
	// ProviderPolling: a job polls the integration for the result.
	ProviderPolling ProviderStage = "polling"
)

// ProviderCheck is the durable state of a check in progress at an external
// provider: the integration's own reference to it (provider_id, reference
// and the custom_data the integration keeps with Gatehouse), how far it has
// gone, the polls made, and the images the integration may download while
// it runs. It lives exactly as long as its check runs: the store deletes it
// in the transaction that completes the check, so a callback or an image
// download for a finished check finds nothing.
type ProviderCheck struct {
	CheckID       string
	InstitutionID string
	ProfileID     string
	// Peer identifies the integration by the key it shares with Gatehouse
	// (a fingerprint, never the key): only requests signed with that key
	// reach the check.
	Peer       string
	Stage      ProviderStage
	ProviderID string
	Reference  string
	// CustomData is the integration's custom_data, a JSON object (nil when
	// it sent none), merged from every answer and callback.
	CustomData []byte
	Polls      int
	// ImageIDs are the document images the integration may download.
	ImageIDs  []string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ProviderCheckReader reads the state of checks in progress at external
// providers.
type ProviderCheckReader interface {
	// ProviderCheck returns a check's provider state; ENotFound when the
	// check is not in progress at a provider.
	ProviderCheck(ctx context.Context, checkID string) (*ProviderCheck, error)
	// ProviderCheckByRef finds a peer's check in progress by the
	// integration's provider_id and reference (the newest, should two
	// match); ENotFound when there is none.
	ProviderCheckByRef(ctx context.Context, peer, providerID, reference string) (*ProviderCheck, error)
	// ProviderCheckForImage finds a peer's check in progress that was
	// granted an image (the newest); ENotFound when there is none.
	ProviderCheckForImage(ctx context.Context, peer, imageID string) (*ProviderCheck, error)
	// ProviderChecksStarting reports whether a check of the peer is being
	// started (stage starting: its reference not recorded yet).
	ProviderChecksStarting(ctx context.Context, peer string) (bool, error)
}

// ProviderCheckWriter writes the state of checks in progress at external
// providers.
type ProviderCheckWriter interface {
	// InsertProviderCheck stores a check's provider state with its image
	// grants. The check must be stored and running; EConflict when it has
	// a provider state already.
	InsertProviderCheck(ctx context.Context, pc *ProviderCheck) error
	// UpdateProviderCheck stores how far a check has gone: its stage,
	// reference, custom_data, polls and UpdatedAt (the grants stay as
	// inserted). ENotFound when the state is gone (the check completed
	// meanwhile): it is never brought back.
	UpdateProviderCheck(ctx context.Context, pc *ProviderCheck) error
	// DeleteProviderCheck removes a check's provider state, if it has one.
	DeleteProviderCheck(ctx context.Context, checkID string) error
}
