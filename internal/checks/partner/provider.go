// Package partner runs checks through external integrations over PassFort's
// partner protocol (package integration): the check provider named
// "integration". A check variant names the integration's base URL, the key
// both sides share and the terms of the check (see Settings); an
// integration written for PassFort plugs in unchanged.
//
// Each integration's metadata (GET /) and config (GET /config) are read and
// validated when the policy loads (Connect): `gatehouse policy check`
// fails on an unreachable or mismatched integration; `gatehouse serve`
// warns, runs the variant's checks as Error (502 PROCESS_NOT_SETUP) while
// it is mismatched, and tries an unreachable one again when a check needs
// it.
//
// Every call to an integration is made from the durable job queue (or, for
// a synchronous check, inline with a job to fall back on), so a crash
// resumes it:
//
//   - a synchronous check (identity, company data, custom checks) is one
//     POST /checks;
//   - a callback check (document verification and fetch) records the
//     check's state (kyc.ProviderCheck) before POST /checks, so the
//     integration may download the document's images at once, records the
//     integration's reference before POST /checks/{id}/ready, then waits:
//     the callback (Accept) merges custom_data and queues the job that
//     fetches the result (JobComplete) in one transaction; for a fetch,
//     that job also downloads the images the result names into the
//     documents store (fetch.go);
//   - a polled screening records the reference and queues its first poll
//     (JobPoll) in one transaction; each poll stores what it learnt and
//     queues the next, until the result or max_polls.
//
// A call that gets no answer is retried by the client with back-off, then
// by the job queue; an answer, even HTTP 500, is final and ends the check
// as Error with the failure mapped into the check's errors.
package partner

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Job kinds of integration checks, run by the check workers (their pool
// and retry policy are declared with the process's other kinds).
const (
	// JobComplete fetches a callback check's result after its callback.
	JobComplete = "integration_complete"
	// JobPoll polls a polled check once and queues the next poll.
	JobPoll = "integration_poll"
)

// DefaultReprobe is how long an integration that could not be used stays
// unused before a check tries it again.
const DefaultReprobe = 30 * time.Second

// Provider is the "integration" check provider. Set its fields before
// Connect; it is safe for concurrent use after that.
type Provider struct {
	// Store keeps the state of checks in progress at integrations and
	// queues the jobs that continue them.
	Store kyc.Store
	// Service records the results that arrive after a callback or a poll.
	Service *kyc.Service
	// Images reads the document images integrations download
	// (DocumentImages over the documents service, in a server); nil
	// means none is available (the image endpoint answers 404).
	Images ImageSource
	// Notify, when set, wakes the job runner after a callback queued work.
	Notify func()
	// Resolver reads the secrets variants give by reference.
	Resolver integration.Resolver
	// HTTP sends requests to integrations; nil means a client that follows
	// no redirects.
	HTTP *http.Client
	// Retry is how a call that gets no answer is retried in place.
	Retry integration.Retry
	// Reprobe is how long an unusable integration waits before a check
	// tries it again (DefaultReprobe when 0).
	Reprobe time.Duration
	// Now is the clock of signatures and records; nil means time.Now.
	Now func() time.Time
	// Log receives warnings; never a secret or personal data.
	Log *slog.Logger

	mu    sync.Mutex
	conns map[string]*conn // by variant id
	peers atomic.Pointer[integration.Peers]
}

// New returns an integration provider with no integrations yet (Connect
// adds them).
func New() *Provider { return &Provider{} }

// Name is "integration".
func (p *Provider) Name() string { return kyc.ProviderIntegration }

// Supports every 4.0 check type: an integration's custom checks map onto
// any of them (see Settings).
func (p *Provider) Supports(t kyc.CheckType) bool {
	_, ok := t.EntityType()
	return ok
}

// VariantProblems reports what is wrong with a variant's settings, before
// any secret is read or call made (checks.ConfigChecker).
func (p *Provider) VariantProblems(v kyc.CheckVariant) []kyc.ConfigProblem {
	_, ps := ParseSettings(v)
	return ps
}

// Run runs a check through its variant's integration. A synchronous check
// runs at once; a callback or polled check runs only from its own job
// (req.Queued), which starts it, records its state and leaves it running;
// called inline, it answers Pending so that the check gets its job.
func (p *Provider) Run(ctx context.Context, req kyc.CheckRequest) (kyc.CheckOutcome, error) {
	c := p.conn(req.Variant.ID)
	if c == nil {
		return notSetUp(req, "", "the variant "+variantName(req.Variant)+" is not among the integrations loaded with the policy"), nil
	}
	if c.settings.Kind.Template() != integration.TemplateSync && !req.Queued {
		return kyc.CheckOutcome{Pending: true}, nil
	}
	if o, err := p.usable(ctx, c, req); err != nil || o.Result != "" {
		return o, err
	}
	switch c.cfg.CheckType.Template() {
	case integration.TemplateCallback:
		return p.startCallback(ctx, c, req)
	case integration.TemplatePolled:
		return p.startPolled(ctx, c, req)
	}
	m := c.mapping(req)
	res, err := c.client.RunCheck(ctx, c.request(req))
	if err != nil {
		return m.Failure(err)
	}
	return m.Outcome(res), nil
}

// usable makes sure a variant's integration can run checks. When it
// cannot, the check gets the outcome (Error, the integration is not set
// up) or the error (it could not be reached: try again later); a zero
// outcome and no error mean it can.
func (p *Provider) usable(ctx context.Context, c *conn, req kyc.CheckRequest) (kyc.CheckOutcome, error) {
	switch err := p.ready(ctx, c); {
	case err == nil:
		return kyc.CheckOutcome{}, nil
	case kyc.IsCode(err, kyc.EProvider):
		return kyc.CheckOutcome{}, err
	default:
		return notSetUp(req, c.status().Provider, err.Error()), nil
	}
}

// notSetUp is the outcome of a check whose integration cannot be used:
// Error (Fail for a type without Error) with 502 PROCESS_NOT_SETUP.
func notSetUp(req kyc.CheckRequest, provider, reason string) kyc.CheckOutcome {
	if provider == "" {
		provider = kyc.ProviderIntegration
	}
	m := integration.Mapping{Kind: DefaultKind(req.CheckType), Target: req.CheckType, Provider: provider, Facts: req.Facts}
	o, _ := m.Failure(&integration.CallError{Op: "set-up", Kind: integration.KindRequest, Reason: reason})
	return o
}

func (p *Provider) now() time.Time {
	if p.Now != nil {
		return p.Now().UTC()
	}
	return time.Now().UTC()
}

func (p *Provider) log() *slog.Logger {
	if p.Log != nil {
		return p.Log
	}
	return slog.Default()
}

func (p *Provider) notify() {
	if p.Notify != nil {
		p.Notify()
	}
}

func (p *Provider) conn(variantID string) *conn {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.conns[variantID]
}

func variantName(v kyc.CheckVariant) string {
	if v.Alias != "" {
		return v.Alias
	}
	return v.ID
}
