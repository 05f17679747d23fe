package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/gatehouse/gatehouse/internal/address"
	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/checks/builtin"
	"github.com/gatehouse/gatehouse/internal/checks/partner"
	"github.com/gatehouse/gatehouse/internal/collect"
	"github.com/gatehouse/gatehouse/internal/config"
	"github.com/gatehouse/gatehouse/internal/content"
	"github.com/gatehouse/gatehouse/internal/erasure"
	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/jobs"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/monitor"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/portal"
	"github.com/gatehouse/gatehouse/internal/portal/credential"
	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/webhook"
	"github.com/gatehouse/gatehouse/internal/webhook/deliver"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// app is the server assembled from its configuration: the one place where
// the parts are built and connected (the composition root). buildApp
// builds it; serve runs it.
type app struct {
	cfg    *config.Config
	getenv func(string) string
	log    *slog.Logger
	store  kyc.Store
	ping   func() error
	// content keeps uploaded documents, encrypted, in the blob store.
	content *content.Store
	// ledger lists erased profiles, beside the blobs (package erasure).
	ledger  *erasure.Ledger
	svc     *kyc.Service
	runner  *jobs.Runner
	api     *api.Server
	portal  *portal.Server
	acc     *kyc.Accounts
	watcher *monitor.Watcher
	// integrations is the provider of checks on partner integrations.
	integrations *partner.Provider
	// notify fans a commit that left background work out to the loops.
	notify chan struct{}
	// banner facts.
	policyName, screening, firstKey string
	policyVersion                   string
	integrationStatus               []partner.VariantStatus
}

// jobKinds is every kind of background work of the process, with its
// handler, its pool of workers and its retry policy.
func jobKinds(svc *kyc.Service, delivery *deliver.Worker, monitoring *monitor.Worker, integrations *partner.Provider) []jobs.Kind {
	return []jobs.Kind{
		// A check job's last attempt records the check as Error.
		{Name: kyc.JobCheck, Pool: "checks", Handler: jobs.HandlerFunc(svc.RunCheckJob), MaxAttempts: 6},
		{Name: kyc.JobAutomate, Pool: "checks", Handler: jobs.HandlerFunc(svc.RunAutomateJob), MaxAttempts: 6},
		// A company catches up with a change of one of its associates.
		{Name: kyc.JobAssociates, Pool: "checks", Handler: jobs.HandlerFunc(svc.RunAssociatesJob), MaxAttempts: 6},
		// An integration check's follow-ups: fetching a callback check's
		// result, and each poll of a polled one (a poll job queues the
		// next). Only calls that got no answer are retried; the last
		// attempt records the check as Error.
		{Name: partner.JobComplete, Pool: "checks", Handler: jobs.HandlerFunc(integrations.RunCompleteJob), MaxAttempts: 6},
		{Name: partner.JobPoll, Pool: "checks", Handler: jobs.HandlerFunc(integrations.RunPollJob), MaxAttempts: 6},
		// Webhooks are retried until the receiver answers 2xx (PassFort's
		// rule), on the sender's schedule; order is kept per endpoint.
		{Name: kyc.JobWebhook, Pool: "webhooks", Handler: delivery, Backoff: delivery.Backoff},
		{Name: kyc.JobMonitor, Pool: "monitor", Handler: monitoring},
		// Retention erases the profiles due (hourly; each erasure is its
		// own transaction, so a retried run redoes only what is left).
		{Name: kyc.JobRetention, Pool: "checks", Handler: jobs.HandlerFunc(svc.RunRetentionJob), MaxAttempts: 3},
	}
}

// newProviders is the registry of the check providers a process runs
// checks with, and validates policies against, and its provider of checks
// on partner integrations (set up by Connect once the policy is loaded);
// lists is the screening index in service (nil when only validating).
func newProviders(lists *screening.Holder) (*checks.Registry, *partner.Provider) {
	integrations := partner.New()
	return builtin.Registry(lists, integrations), integrations
}

// buildApp opens the database, loads the policy and the lists, and builds
// the service, the job runner with its pools and the HTTP server. Nothing
// runs yet; the caller closes a.store.
func buildApp(ctx context.Context, cfg *config.Config, getenv func(string) string, stdout io.Writer) (*app, error) {
	a := &app{cfg: cfg, getenv: getenv, log: newLogger(cfg.LogLevel), notify: make(chan struct{}, 1)}
	lists := &screening.Holder{} // the screening index in service, swapped when a list changes
	providers, integrations := newProviders(lists)
	pol, polName := policy.Demo(), "built-in demo policy"
	if cfg.Policy != "" {
		var err error
		if pol, err = policy.Load(cfg.Policy, providers); err != nil {
			return nil, fmt.Errorf("policy %s: %w", cfg.Policy, err)
		}
		polName = cfg.Policy
	}
	a.policyName, a.policyVersion = polName, pol.Version()
	s, ping, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	a.store, a.ping = s, ping
	masters, err := masterKeys(cfg, true, stdout)
	if err != nil {
		s.Close()
		return nil, err
	}
	if a.ledger, err = protect(ctx, cfg, s, masters); err != nil {
		s.Close()
		return nil, err
	}
	if err := refuseUnsealed(ctx, s); err != nil {
		a.ledger.Close()
		s.Close()
		return nil, err
	}
	if a.content, err = openContent(ctx, cfg, s); err != nil {
		a.ledger.Close()
		s.Close()
		return nil, err
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	providers.Metrics = checks.NewMetrics(reg)
	a.runner = &jobs.Runner{Store: s, Log: a.log, Lease: cfg.JobLease, Metrics: jobs.NewMetrics(reg),
		Pools: []jobs.Pool{
			{Name: "checks", Workers: cfg.Workers},
			{Name: "webhooks", Workers: cfg.WebhookWorkers},
			{Name: "monitor", Workers: cfg.MonitorWorkers},
		}}
	a.svc = &kyc.Service{Store: s, Policy: pol, Checks: providers, MaxWebhookEndpoints: cfg.MaxWebhookEndpoints,
		Companies: providers, CollectKeyTTL: cfg.CollectKeyTTL,
		MonitorSubjectFunc: monitor.Subject, Content: a.content, Ledger: a.ledger, Log: a.log,
		Notify: func() {
			a.runner.Wake()
			select {
			case a.notify <- struct{}{}:
			default:
			}
		}}
	guard := webhook.DefaultGuard()
	guard.AllowLinkLocal = cfg.WebhookAllowLinkLocal
	guard.AllowPrivate = !cfg.WebhookDenyPrivate
	guard.AllowLoopback = guard.AllowPrivate
	a.svc.CheckWebhookURL = guard.CheckURL
	delivery := &deliver.Worker{Store: s, Sender: &webhook.Sender{Guard: guard}, Metrics: deliver.NewMetrics(reg)}
	monitorMetrics := monitor.NewMetrics(reg)
	monitoring := &monitor.Worker{Service: a.svc, Holder: lists, Log: a.log, Metrics: monitorMetrics}
	a.integrations = integrations
	integrations.Store, integrations.Service, integrations.Notify, integrations.Log = s, a.svc, a.svc.Notify, a.log
	// Document verification integrations download the images uploaded to
	// the documents service (each read audited as a view).
	integrations.Images = partner.DocumentImages{Service: a.svc, MaxBytes: cfg.MaxDocumentBytes}
	integrations.Resolver = integration.Resolver{Getenv: getenv}
	a.integrationStatus = connectIntegrations(ctx, integrations, pol.CheckVariants(), a.log)
	for _, st := range a.integrationStatus {
		// A job's calls are cut off before its lease runs out.
		if st.Timeout > cfg.JobLease {
			a.log.Warn("an integration's timeout is longer than a job may run: its slow calls are cut off and retried; raise GATEHOUSE_JOB_LEASE",
				"variant", st.Variant.Alias, "timeout", st.Timeout.String(), "job_lease", cfg.JobLease.String())
		}
	}
	a.runner.Kinds = jobKinds(a.svc, delivery, monitoring, integrations)
	if err := a.runner.Check(); err != nil {
		s.Close()
		return nil, err
	}
	// A restored backup may hold profiles erased since: erase them again
	// before anything reads them (the keyring refuses their keys already).
	reerased, recorded, err := a.svc.ReconcileErasures(ctx, ledgerRefs(a.ledger), a.ledger)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("erasure ledger: %w", err)
	}
	if reerased+recorded > 0 {
		a.log.Warn("erasure ledger reconciled: profiles erased again (a backup from before their erasure was restored?) and erasures recorded",
			"erased_again", reerased, "recorded", recorded)
	}
	if a.firstKey, err = bootstrap(ctx, a.svc, s); err != nil {
		s.Close()
		return nil, err
	}
	if cfg.Webhooks != "" {
		if err := a.declareWebhooks(ctx, stdout); err != nil {
			s.Close()
			return nil, err
		}
	}
	a.watcher, a.screening = startLists(ctx, cfg, lists, s, a.runner, monitorMetrics, a.log, stdout)
	addresses, err := addressSearcher(cfg, getenv)
	if err != nil {
		s.Close()
		return nil, err
	}
	// The form's document step stores uploads through the documents
	// service, each image up to the size the API accepts.
	form := collect.New(collect.Config{Service: a.svc, Addresses: addresses, ThemeFunc: pol.CollectTheme, Log: a.log,
		Documents: collect.ServiceDocuments{Service: a.svc}, MaxImageBytes: cfg.MaxDocumentBytes})
	a.api = api.New(a.svc, api.Config{
		Addresses:         addresses,
		Collect:           form,
		MaxBodyBytes:      cfg.MaxBodyBytes,
		CompatErrorStatus: cfg.CompatErrorStatus,
		MetricsToken:      cfg.MetricsToken,
		OperationsOnly:    cfg.Role == "worker",
		ScreenIndexFunc:   lists.Index,
		// Integrations call back and download images with signatures
		// by the keys their variants share, not API keys.
		IntegrationCallbacks: integrations.CallbackHandler(),
		IntegrationImages:    integrations.ImageHandler(),
		MaxDocumentBytes:     cfg.MaxDocumentBytes,
	}, a.log, reg, ping)
	a.acc = &kyc.Accounts{Store: s, Credentials: credential.New(), IdleTimeout: cfg.SessionIdle, MaxAge: cfg.SessionMaxAge}
	if cfg.Role != "worker" {
		watcher := a.watcher
		a.portal, err = portal.New(a.svc, a.acc, portal.Config{
			PublicURL:       cfg.PublicURL,
			ClientIPHeader:  cfg.ClientIPHeader,
			ScreenIndexFunc: lists.Index,
			ListsFunc:       func() []portal.ListSource { return listSources(watcher.Lists.Status()) },
		}, a.log, reg)
		if err != nil {
			s.Close()
			return nil, err
		}
	}
	return a, nil
}

// addressSearcher is the address searcher the settings name: the demo
// searcher, or an address service whose key is read from its reference.
func addressSearcher(cfg *config.Config, getenv func(string) string) (address.Searcher, error) {
	if cfg.AddressSearchURL == "" {
		return address.Demo{}, nil
	}
	h := &address.HTTPSearcher{BaseURL: strings.TrimSuffix(cfg.AddressSearchURL, "/")}
	if cfg.AddressSearchKey != "" {
		key, err := integration.Resolver{Getenv: getenv}.Resolve(cfg.AddressSearchKey)
		if err != nil {
			return nil, fmt.Errorf("GATEHOUSE_ADDRESS_SEARCH_KEY: %w", err)
		}
		h.APIKey = key.Reveal()
	}
	return h, nil
}

// listSources adapts the lists' status for the portal's lists page.
func listSources(st []monitor.PathStatus) []portal.ListSource {
	out := make([]portal.ListSource, len(st))
	for i, p := range st {
		out[i] = portal.ListSource{Path: p.Path, Watched: p.Watched, Err: p.Err}
		for _, l := range p.Lists {
			out[i].Lists = append(out[i].Lists, portal.ListStatus{Name: l.Name, Format: l.Format, Version: l.Version,
				Entities: l.Entities, LoadedAt: l.LoadedAt, Stale: l.Stale, Err: l.Err})
		}
	}
	return out
}

// declareWebhooks applies the operator's webhooks file.
func (a *app) declareWebhooks(ctx context.Context, stdout io.Writer) error {
	hooks, err := config.LoadWebhooks(a.cfg.Webhooks, a.getenv)
	if err != nil {
		return fmt.Errorf("invalid webhooks file: %w", err)
	}
	n, off, err := a.svc.SyncConfigWebhooks(ctx, hooks)
	if err != nil {
		return fmt.Errorf("invalid webhooks file %s: %w", a.cfg.Webhooks, err)
	}
	fmt.Fprintf(stdout, "Webhooks: %d endpoints from %s (%d no longer declared, disabled)\n", n, a.cfg.Webhooks, off)
	return nil
}

// background starts the process's background work for its role: the job
// runner and the maintenance loops (not on an api-only process), and the
// lists watcher. The returned group ends after ctx is cancelled.
func (a *app) background(ctx context.Context) *sync.WaitGroup {
	wg := &sync.WaitGroup{}
	if a.cfg.Role != "api" {
		wg = runBackground(ctx, a.svc, a.acc, a.store, a.notify, a.log)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if n, err := monitor.Backfill(ctx, a.svc); err != nil && ctx.Err() == nil {
				a.log.Error("monitoring subjects backfill", "error", err.Error())
			} else if n > 0 {
				a.log.Info("monitoring subjects backfilled", "profiles", n)
			}
		}()
		wg.Add(1)
		go func() { defer wg.Done(); a.runner.Run(ctx) }()
		wg.Add(1)
		go func() { defer wg.Done(); sweepBlobs(ctx, a.content, a.store.ReferencedBlobs, a.log) }()
	}
	wg.Add(1)
	go func() { defer wg.Done(); a.watcher.Run(ctx) }()
	return wg
}

// handler is the HTTP surface: the portal under /portal, the API for
// everything else. A browser asking for / is sent to the portal.
func (a *app) handler() http.Handler {
	if a.portal == nil {
		return a.api
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case portal.IsPortal(r):
			a.portal.ServeHTTP(w, r)
		case r.URL.Path == "/" && r.Method == http.MethodGet && strings.Contains(r.Header.Get("Accept"), "text/html"):
			http.Redirect(w, r, portal.Prefix+"/", http.StatusSeeOther)
		default:
			a.api.ServeHTTP(w, r)
		}
	})
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

// tuneGC collects less often than Go's default unless GOGC says otherwise:
// the heap is small (tens of MB) and short-lived garbage dominates, so this
// buys throughput for little memory.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

// ConnectTimeout bounds the probing of a policy's integrations at start:
// one that has not answered by then is left unreachable, and tried again
// when a check needs it.
const ConnectTimeout = 20 * time.Second

// connectIntegrations probes the integrations the policy's variants name
// (GET / and GET /config) and logs each that cannot be used: serve starts
// anyway, a mismatched integration's checks end as Error (502) and an
// unreachable one's are retried; `gatehouse policy check` fails instead.
func connectIntegrations(ctx context.Context, p *partner.Provider, variants []kyc.CheckVariant, log *slog.Logger) []partner.VariantStatus {
	cctx, cancel := context.WithTimeout(ctx, ConnectTimeout)
	defer cancel()
	statuses := p.Connect(cctx, variants)
	for _, st := range statuses {
		if st.Status != partner.StatusReady {
			log.Warn("integration not ready", "variant", st.Variant.Alias, "url", st.URL, "status", string(st.Status), "problems", st.Reason())
		}
		for _, p := range st.Warnings {
			log.Warn("integration warning", "variant", st.Variant.Alias, "url", st.URL, "field", p.Field, "reason", p.Reason)
		}
	}
	return statuses
}

// printIntegrations says which of the policy's integrations are ready.
func printIntegrations(w io.Writer, statuses []partner.VariantStatus) {
	for _, st := range statuses {
		switch st.Status {
		case partner.StatusReady:
			fmt.Fprintf(w, "Integration %s: %s (%s, %s) ready\n", st.Variant.Alias, st.Provider, st.Kind, st.URL)
		case partner.StatusUnreachable:
			fmt.Fprintf(w, "Integration %s: %s unreachable, its checks will retry: %s\n", st.Variant.Alias, st.URL, st.Reason())
		default:
			fmt.Fprintf(w, "Integration %s: %s cannot be used, its checks end as Error until it is fixed: %s\n", st.Variant.Alias, st.URL, st.Reason())
		}
		for _, p := range st.Warnings {
			fmt.Fprintf(w, "  warning: %s: %s\n", p.Field, p.Reason)
		}
	}
}
