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
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/config"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// serve runs the API server until ctx is cancelled (SIGINT/SIGTERM), then
// shuts down gracefully: it stops accepting requests, lets the ones in
// flight finish, stops the background work and closes the database.
func serve(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	var cfg config.Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.Flags(fs, getenv, config.ScopeDatabase|config.ScopeServe|config.ScopeVault)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	tuneGC(getenv)
	a, err := buildApp(ctx, &cfg, getenv, stdout)
	if err != nil {
		return err
	}
	defer a.store.Close()
	defer a.content.Blobs.Close()
	defer a.ledger.Close()

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	db := cfg.Database
	if cfg.IsPostgres() {
		db = "PostgreSQL"
	}
	fmt.Fprintf(stdout, "Gatehouse listening on %s (role: %s, database: %s, policy: %s %s, screening: %s)\n",
		base, cfg.Role, db, a.policyName, a.policyVersion, a.screening)
	printIntegrations(stdout, a.integrationStatus)
	if a.firstKey != "" {
		printFirstRun(stdout, base, a.firstKey)
	}

	bg, stopBG := context.WithCancel(context.WithoutCancel(ctx))
	wg := a.background(bg)
	srv := &http.Server{
		Handler:           a.handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	if cfg.PprofAddr != "" {
		go func() { a.log.Warn("pprof", "error", fmt.Sprint(http.ListenAndServe(cfg.PprofAddr, pprofMux()))) }()
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err = <-served:
	case <-ctx.Done():
		a.log.Info("shutting down")
		a.api.Closing()
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

The analyst portal is at %s/portal/ ; make its first user with
    gatehouse users create --email you@example.org --role admin

`, key, base, key, strings.ReplaceAll(guideIndividual, "'", `'\''`), base)
}
