package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gatehouse/gatehouse/internal/config"
	"github.com/gatehouse/gatehouse/internal/content"
	"github.com/gatehouse/gatehouse/internal/erasure"
	"github.com/gatehouse/gatehouse/internal/export"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// protect turns on the sealing of personal data in the store with the
// master keys, checks they open the database's keys, and opens the
// erasure ledger beside the blobs, which the keyring then consults.
func protect(ctx context.Context, cfg *config.Config, s database, m *vault.Masters) (*erasure.Ledger, error) {
	kr := s.Protect(m)
	if err := checkMasters(ctx, m, s); err != nil {
		return nil, err
	}
	ledger, err := erasure.Open(ctx, cfg.BlobLocation())
	if err != nil {
		return nil, err
	}
	kr.SetErasedFunc(ledger.Erased)
	return ledger, nil
}

// refuseUnsealed stops a server on a database holding personal data in
// clear (written before migration 0017): see docs/data-protection.md,
// "Databases from before encryption".
func refuseUnsealed(ctx context.Context, s database) error {
	n, err := s.UnsealedProfiles(ctx)
	if err != nil || n == 0 {
		return err
	}
	return fmt.Errorf("the database holds %d profiles whose personal data is not encrypted (written before this version): "+
		"this version encrypts personal data at rest and does not convert a database in place; "+
		"see docs/data-protection.md, \"Databases from before encryption\"", n)
}

// ledgerRefs lists the ledger's erased profiles, for ReconcileErasures.
func ledgerRefs(l *erasure.Ledger) func(ctx context.Context) ([]kyc.ProfileRef, error) {
	return func(ctx context.Context) ([]kyc.ProfileRef, error) {
		es, err := l.Entries(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]kyc.ProfileRef, len(es))
		for i, e := range es {
			out[i] = kyc.ProfileRef{InstitutionID: e.InstitutionID, ProfileID: e.ProfileID}
		}
		return out, nil
	}
}

// commandEnv is what the data protection commands open: the protected
// store, its content store and ledger, and a service over them.
type commandEnv struct {
	db     database
	ledger *erasure.Ledger
	svc    *kyc.Service
}

func (e *commandEnv) close() {
	e.ledger.Close()
	e.db.Close()
}

// openCommandEnv opens what a data protection command needs. The policy
// (for retention) is the configured one, or the demo policy.
func openCommandEnv(ctx context.Context, cfg *config.Config, stdout io.Writer) (*commandEnv, error) {
	s, _, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	m, err := masterKeys(cfg, false, stdout)
	if errors.Is(err, os.ErrNotExist) {
		s.Close()
		return nil, fmt.Errorf("%w (configure the master key the server uses)", err)
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	ledger, err := protect(ctx, cfg, s, m)
	if err != nil {
		s.Close()
		return nil, err
	}
	cs, err := openContent(ctx, cfg, s)
	if err != nil {
		ledger.Close()
		s.Close()
		return nil, err
	}
	return &commandEnv{db: s, ledger: ledger, svc: &kyc.Service{Store: s, Content: cs, Ledger: ledger}}, nil
}

// findProfile finds which institution a profile belongs to.
func (e *commandEnv) findProfile(ctx context.Context, id string) (kyc.Actor, error) {
	if !kyc.ValidID(id) {
		return kyc.Actor{}, fmt.Errorf("%q is not a profile id", id)
	}
	insts, err := e.db.Institutions(ctx)
	if err != nil {
		return kyc.Actor{}, err
	}
	for _, in := range insts {
		if _, err := e.db.Profile(ctx, in.ID, strings.ToLower(id)); err == nil {
			return kyc.Actor{InstitutionID: in.ID, APIKey: &kyc.APIKey{Name: "gatehouse command line"}}, nil
		} else if !kyc.IsCode(err, kyc.ENotFound) {
			return kyc.Actor{}, err
		}
	}
	return kyc.Actor{}, fmt.Errorf("no profile has id %s", id)
}

const eraseUsage = "usage: gatehouse erase [--database D] PROFILE_ID..."

// eraseCmd erases profiles as DELETE /gatehouse/v1/profiles/{id} does:
// refused, with the reason, while a legal hold is set or an application
// is open. Run it where the server's master key and blob store are
// configured: it deletes the documents and records the erasure in the
// ledger.
func eraseCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	var cfg config.Config
	fs := flag.NewFlagSet("erase", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.Flags(fs, getenv, config.ScopeDatabase|config.ScopeVault)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New(eraseUsage)
	}
	e, err := openCommandEnv(ctx, &cfg, stdout)
	if err != nil {
		return err
	}
	defer e.close()
	var failed error
	for _, id := range fs.Args() {
		actor, err := e.findProfile(ctx, id)
		if err == nil {
			var p *kyc.Profile
			if p, err = e.svc.EraseProfile(ctx, actor, id); err == nil {
				fmt.Fprintf(stdout, "erased profile %s (%s) at %s\n", p.ID, p.Role, passfort.FormatDateTime(*p.ErasedAt))
				continue
			}
		}
		fmt.Fprintf(stdout, "not erased: %s: %v\n", id, err)
		failed = errors.Join(failed, fmt.Errorf("%s: %w", id, err))
	}
	return failed
}

const exportUsage = "usage: gatehouse export [--database D] [--out FILE.zip] PROFILE_ID"

// exportCmd writes a subject access export, as GET
// /gatehouse/v1/profiles/{id}/export does, to a file (profile-ID.zip by
// default).
func exportCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	var cfg config.Config
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.Flags(fs, getenv, config.ScopeDatabase|config.ScopeVault)
	out := fs.String("out", "", "the archive to write (default profile-ID.zip)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New(exportUsage)
	}
	e, err := openCommandEnv(ctx, &cfg, stdout)
	if err != nil {
		return err
	}
	defer e.close()
	id := strings.ToLower(fs.Arg(0))
	actor, err := e.findProfile(ctx, id)
	if err != nil {
		return err
	}
	x, err := e.svc.Export(ctx, actor, id)
	if err != nil {
		return err
	}
	path := *out
	if path == "" {
		path = "profile-" + id + ".zip"
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if err := export.Write(ctx, x, f, time.Now().UTC()); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (profile %s)\n", path, id)
	return nil
}

const retentionUsage = "usage: gatehouse retention plan [--database D] [--policy FILE] [--within 90d]"

// retentionCmd lists what retention would erase, and when: every profile
// falling due within the period (default: a year), by due date. It
// changes nothing; the server's retention job erases.
func retentionCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "plan" {
		return errors.New(retentionUsage)
	}
	var cfg config.Config
	fs := flag.NewFlagSet("retention plan", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.Flags(fs, getenv, config.ScopeDatabase|config.ScopeVault)
	pol := fs.String("policy", getenv("GATEHOUSE_POLICY"), "the policy file with the retention rules (GATEHOUSE_POLICY)")
	within := fs.String("within", "1y", "list profiles falling due within this period (e.g. 30d, 6m, 1y)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	period, err := kyc.ParsePeriod(*within)
	if err != nil {
		return fmt.Errorf("within: %w", err)
	}
	policy, err := loadPolicyForCommand(*pol)
	if err != nil {
		return err
	}
	e, err := openCommandEnv(ctx, &cfg, stdout)
	if err != nil {
		return err
	}
	defer e.close()
	e.svc.Policy = policy
	rules := policy.Retention()
	if len(rules) == 0 {
		fmt.Fprintln(stdout, "the policy has no retention rules: retention erases nothing")
		return nil
	}
	now := time.Now().UTC()
	items, err := e.svc.RetentionPlan(ctx, period.After(now))
	if err != nil {
		return err
	}
	for _, r := range rules {
		fmt.Fprintf(stdout, "rule: %s after the relationship ends\n", r.Describe())
	}
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "DUE\tPROFILE\tROLE\tENDED\tRULE")
	for _, it := range items {
		due := passfort.FormatDateTime(it.DueAt)
		if !it.DueAt.After(now) {
			due += " (due now)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", due, it.ProfileID, it.Role, passfort.FormatDateTime(it.EndedAt), it.Rule.Describe())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d profiles fall due by %s (legal holds and open applications excepted)\n", len(items), passfort.FormatDateTime(period.After(now)))
	return nil
}

var _ kyc.BlobEraser = (*content.Store)(nil)

// loadPolicyForCommand loads the policy file a command names (validated
// as serve does), or the built-in demo policy.
func loadPolicyForCommand(path string) (kyc.Policy, error) {
	if path == "" {
		return policy.Demo(), nil
	}
	providers, _ := newProviders(nil)
	p, err := policy.Load(path, providers)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", path, err)
	}
	return p, nil
}
