package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/checks/demo"
	"github.com/gatehouse/gatehouse/internal/checks/screen"
	"github.com/gatehouse/gatehouse/internal/config"
	"github.com/gatehouse/gatehouse/internal/jobs"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/webhook"
	"github.com/gatehouse/gatehouse/internal/webhook/deliver"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// serve runs the API server until ctx is cancelled (SIGINT/SIGTERM), then
// shuts down gracefully: it stops accepting requests, lets the ones in
// flight finish, stops the background work and closes the database.
func serve(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	var cfg config.Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.Flags(fs, getenv, true)
	pprofAddr := fs.String("pprof-addr", "", "serve Go's pprof profiles on this (loopback) address, for performance work")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	log := newLogger(cfg.LogLevel)
	if getenv("GOGC") == "" {
		// The heap is small (tens of MB) and short-lived garbage dominates:
		// collecting less often buys throughput for little memory. GOGC overrides.
		debug.SetGCPercent(400)
	}

	pol, polName := policy.Demo(), "built-in demo policy"
	if cfg.Policy != "" {
		var err error
		if pol, err = policy.Load(cfg.Policy); err != nil {
			return fmt.Errorf("policy %s: %w", cfg.Policy, err)
		}
		polName = cfg.Policy
	}
	s, ping, err := openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()

	notify := make(chan struct{}, 1)
	// Lease: how soon a dead process's jobs are taken over (GATEHOUSE_JOB_LEASE,
	// default 60s, checked by Validate).
	runner := &jobs.Runner{Store: s, Workers: cfg.Workers, Log: log, Lease: cfg.JobLease}
	lists := &screen.Holder{} // the screening index in service, swapped when a list changes
	providers := checks.NewRegistry(demo.New(), screen.New(lists), checks.Manual{})
	svc := &kyc.Service{Store: s, Policy: pol, Checks: providers, Notify: func() {
		runner.Wake()
		select {
		case notify <- struct{}{}:
		default:
		}
	}}
	guard := webhook.DefaultGuard()
	guard.AllowLinkLocal = getenv("GATEHOUSE_WEBHOOK_ALLOW_LINK_LOCAL") == "1"
	guard.AllowPrivate = getenv("GATEHOUSE_WEBHOOK_DENY_PRIVATE") != "1"
	guard.AllowLoopback = guard.AllowPrivate
	svc.CheckWebhookURL = guard.CheckURL
	runner.Handlers = map[string]jobs.Handler{
		kyc.JobCheck:    jobs.HandlerFunc(svc.RunCheckJob),
		kyc.JobAutomate: jobs.HandlerFunc(svc.RunAutomateJob),
		kyc.JobWebhook:  &deliver.Worker{Store: s, Sender: &webhook.Sender{Guard: guard}},
	}
	firstKey, err := bootstrap(ctx, svc, s)
	if err != nil {
		return err
	}
	if cfg.Webhooks != "" {
		hooks, err := config.LoadWebhooks(cfg.Webhooks, getenv)
		if err != nil {
			return fmt.Errorf("invalid webhooks file: %w", err)
		}
		n, off, err := svc.SyncConfigWebhooks(ctx, hooks)
		if err != nil {
			return fmt.Errorf("invalid webhooks file %s: %w", cfg.Webhooks, err)
		}
		fmt.Fprintf(stdout, "Webhooks: %d endpoints from %s (%d no longer declared, disabled)\n", n, cfg.Webhooks, off)
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	runner.Metrics = jobs.NewMetrics(reg)
	providers.Metrics = checks.NewMetrics(reg)
	runner.Handlers[kyc.JobWebhook].(*deliver.Worker).Metrics = deliver.NewMetrics(reg)
	watcher, screening := startLists(ctx, &cfg, lists, s, svc, runner, reg, log, stdout)
	apiSrv := api.New(svc, api.Config{
		MaxBodyBytes:      cfg.MaxBodyBytes,
		CompatErrorStatus: cfg.CompatErrorStatus,
		MetricsToken:      cfg.MetricsToken,
		OperationsOnly:    cfg.Role == "worker",
		ScreenIndexFunc:   lists.Index,
	}, log, reg, ping)

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	db := cfg.Database
	if cfg.IsPostgres() {
		db = "PostgreSQL"
	}
	fmt.Fprintf(stdout, "Gatehouse listening on %s (role: %s, database: %s, policy: %s %s, screening: %s)\n", base, cfg.Role, db, polName, pol.Version(), screening)
	if firstKey != "" {
		printFirstRun(stdout, base, firstKey)
	}

	bg, stopBG := context.WithCancel(context.WithoutCancel(ctx))
	wg := &sync.WaitGroup{}
	if cfg.Role != "api" {
		wg = runBackground(bg, svc, s, notify, log)
		wg.Add(1)
		go func() { defer wg.Done(); runner.Run(bg) }()
	}
	wg.Add(1)
	go func() { defer wg.Done(); watcher.Run(bg) }()

	srv := &http.Server{
		Handler:           apiSrv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if *pprofAddr != "" {
		go func() { log.Warn("pprof", "error", fmt.Sprint(http.ListenAndServe(*pprofAddr, pprofMux()))) }()
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err = <-served:
	case <-ctx.Done():
		log.Info("shutting down")
		apiSrv.Closing()
		sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		err = srv.Shutdown(sctx)
		cancel()
	}
	stopBG()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

// bootstrap creates the first institution and API key when the database has
// none, and returns the key (empty when nothing was created).
func bootstrap(ctx context.Context, svc *kyc.Service, s kyc.Store) (string, error) {
	insts, err := s.Institutions(ctx)
	if err != nil || len(insts) > 0 {
		return "", err
	}
	key, _, _, err := svc.CreateAPIKey(ctx, "Demo institution", "first key")
	return key, err
}

// guideIndividual is the individual of PassFort's "Create profiles (API)"
// guide, with the date of birth and address its identity check needs
// (without them the check waits for collection steps).
const guideIndividual = `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Alex","D"],"family_name":"Wheeler"},"dob":"1990-01-12"},"address_history":[{"address":{"type":"STRUCTURED","country":"GBR","street_number":"221B","route":"Baker Street","postal_town":"London","postal_code":"NW1 6XE"},"start_date":"2019-03"}]},"applications":[{"product":{"alias":"forexo_basic"}}]}`

func printFirstRun(w io.Writer, base, key string) {
	fmt.Fprintf(w, `
First start: created the institution "Demo institution" and an API key.
The key is shown only this once; keep it:

    %s

Create the PassFort guide's individual profile:

curl -s %s/4.0/profiles -H 'apikey: %s' -H 'Content-Type: application/json' -d '%s'

`, key, base, key, strings.ReplaceAll(guideIndividual, "'", `'\''`))
}
