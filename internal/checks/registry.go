package checks

import (
	"context"
	"slices"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/prometheus/client_golang/prometheus"
)

// Registry dispatches checks to the provider their variant names. It
// implements kyc.CheckRunner.
type Registry struct {
	providers map[string]Provider
	// Metrics, when set, counts and times provider runs.
	Metrics *Metrics
}

// NewRegistry returns a registry of providers.
func NewRegistry(ps ...Provider) *Registry {
	r := &Registry{providers: map[string]Provider{}}
	for _, p := range ps {
		r.providers[p.Name()] = p
	}
	return r
}

// ConfigChecker is implemented by providers whose check variants carry
// options in their config, to report bad values when a policy loads.
type ConfigChecker interface {
	VariantProblems(v kyc.CheckVariant) []kyc.ConfigProblem
}

var _ kyc.ProviderCatalog = (*Registry)(nil)

// ProviderNames lists the registered providers' names, sorted.
func (r *Registry) ProviderNames() []string {
	names := make([]string, 0, len(r.providers))
	for n := range r.providers {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// ProviderRuns reports whether the named provider is registered and runs t.
func (r *Registry) ProviderRuns(provider string, t kyc.CheckType) (known, runs bool) {
	p := r.providers[provider]
	if p == nil {
		return false, false
	}
	return true, p.Supports(t)
}

// VariantProblems asks the variant's provider what it would refuse in the
// variant's config.
func (r *Registry) VariantProblems(v kyc.CheckVariant) []kyc.ConfigProblem {
	if c, ok := r.providers[v.Provider].(ConfigChecker); ok {
		return c.VariantProblems(v)
	}
	return nil
}

// Inliner is implemented by providers that answer in the process, without
// calling out: their automatic checks may run in the request that creates
// a profile.
type Inliner interface {
	Inline() bool
}

var _ kyc.InlineRunner = (*Registry)(nil)

// Inline reports whether the variant's provider answers in the process.
func (r *Registry) Inline(v kyc.CheckVariant) bool {
	in, ok := r.providers[v.Provider].(Inliner)
	return ok && in.Inline()
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
	start := time.Now()
	o, err := p.Run(ctx, req)
	r.Metrics.observe(p.Name(), o, err, time.Since(start))
	return o, err
}

// MonitoredBy reports whether checks of variant v put the profiles they
// screen under ongoing monitoring, and the provider's name as checks show
// it: a provider says so by implementing MonitoredBy itself (the
// screening provider); others monitor nothing, whatever their outcomes
// claim. It implements kyc.MonitoringRunner.
func (r *Registry) MonitoredBy(v kyc.CheckVariant) (string, bool) {
	if m, ok := r.providers[v.Provider].(kyc.MonitoringRunner); ok {
		return m.MonitoredBy(v)
	}
	return "", false
}

// Metrics are the providers' Prometheus metrics.
type Metrics struct {
	runs     *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the check metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gatehouse_check_runs_total",
			Help: "Provider runs of checks, by provider and outcome (complete, pending: left to a person or a callback, error: to be retried).",
		}, []string{"provider", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "gatehouse_check_run_duration_seconds",
			Help:    "Time a provider took to run one check, by provider.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"provider"}),
	}
	reg.MustRegister(m.runs, m.duration)
	return m
}

func (m *Metrics) observe(provider string, o Outcome, err error, d time.Duration) {
	if m == nil {
		return
	}
	outcome := "complete"
	switch {
	case err != nil:
		outcome = "error"
	case o.Pending:
		outcome = "pending"
	}
	m.runs.WithLabelValues(provider, outcome).Inc()
	m.duration.WithLabelValues(provider).Observe(d.Seconds())
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
