package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/config"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

const auditUsage = `usage:
  gatehouse audit verify [--database D] [--institution ID] [--expect [ID=]SEQ:HASH]... [--expect-file FILE] [--max-unsealed-age 1m]
  gatehouse audit head [--database D] [--institution ID]`

// auditCmd checks the tamper-evident audit chains. `gatehouse audit verify`
// recomputes each institution's chain and compares its end with the head
// the sealer recorded and with heads kept outside the database (--expect);
// `gatehouse audit head` verifies and prints the heads to keep there.
// Neither seals anything: sealing is the server's, and a verifier that
// sealed would vouch for rows inserted behind its back.
func auditCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "verify" && args[0] != "head" {
		return errors.New(auditUsage)
	}
	verify := args[0] == "verify"
	var cfg config.Config
	fs := flag.NewFlagSet("audit "+args[0], flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.Flags(fs, getenv, config.ScopeDatabase)
	only := fs.String("institution", "", "only this institution (id)")
	var expects []string
	var expectFile *string
	var maxAge *time.Duration
	if verify {
		fs.Func("expect", "a `HEAD` recorded by gatehouse audit head: ID=SEQ:HASH, or SEQ:HASH with --institution (repeatable)",
			func(s string) error { expects = append(expects, s); return nil })
		expectFile = fs.String("expect-file", "", "a `FILE` of heads as printed by gatehouse audit head")
		maxAge = fs.Duration("max-unsealed-age", kyc.DefaultMaxUnsealedAge, "report items still unsealed after this long")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New(auditUsage)
	}
	s, _, err := openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	insts, err := s.Institutions(ctx)
	if err != nil {
		return err
	}
	if *only != "" {
		insts = filterInstitutions(insts, *only)
		if len(insts) == 0 {
			return fmt.Errorf("no institution has id %q", *only)
		}
	}
	svc := &kyc.Service{Store: s}
	if !verify {
		return printHeads(ctx, svc, insts, stdout)
	}
	want, err := readExpectations(expects, *expectFile, insts)
	if err != nil {
		return err
	}
	return verifyChains(ctx, svc, insts, want, *maxAge, *only != "", stdout)
}

// verifyChains verifies each institution's chain and prints one line per
// institution; it fails when a chain is broken or has overdue items.
func verifyChains(ctx context.Context, svc *kyc.Service, insts []kyc.Institution, want map[string]*kyc.AuditHead,
	maxAge time.Duration, onlyOne bool, stdout io.Writer) error {
	broken, overdue := 0, 0
	for _, in := range insts {
		expect := want[in.ID]
		delete(want, in.ID)
		rep, err := svc.VerifyAudit(ctx, in.ID, kyc.AuditCheck{Expect: expect, MaxUnsealedAge: maxAge})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s (%s): ", in.Name, in.ID)
		if rep.Problem != "" {
			broken++
			fmt.Fprintf(stdout, "BROKEN at position %d: %s\n", rep.Position, rep.Problem)
			continue
		}
		fmt.Fprintf(stdout, "intact, %d items, head %s", rep.Sealed, rep.Head)
		if expect != nil {
			fmt.Fprintf(stdout, ", holds the expected head %s", expect)
		}
		switch {
		case rep.Overdue:
			overdue++
			fmt.Fprintf(stdout, "; UNSEALED: %d items, the oldest from %s, older than %v: no server is sealing, or they were written by hand\n",
				rep.Unsealed, passfort.FormatDateTime(rep.OldestUnsealed), maxAge)
		case rep.Unsealed > 0:
			fmt.Fprintf(stdout, "; %d items not sealed yet (the server seals within about a second)\n", rep.Unsealed)
		default:
			fmt.Fprintln(stdout)
		}
	}
	if !onlyOne {
		for id, h := range want {
			broken++
			fmt.Fprintf(stdout, "%s: BROKEN: a head %s is expected, but the institution is not in the database\n", id, h)
		}
	}
	var errs []error
	if broken > 0 {
		errs = append(errs, fmt.Errorf("%d audit chain(s) broken", broken))
	}
	if overdue > 0 {
		errs = append(errs, fmt.Errorf("%d audit chain(s) with items unsealed for longer than %v", overdue, maxAge))
	}
	return errors.Join(errs...)
}

// printHeads prints "ID SEQ:HASH # NAME" for every intact chain, the form
// --expect-file reads; a broken chain gets no head, so that none is
// recorded for it.
func printHeads(ctx context.Context, svc *kyc.Service, insts []kyc.Institution, stdout io.Writer) error {
	var broken []string
	for _, in := range insts {
		rep, err := svc.VerifyAudit(ctx, in.ID, kyc.AuditCheck{})
		if err != nil {
			return err
		}
		if rep.Problem != "" {
			broken = append(broken, fmt.Sprintf("%s (%s) at position %d: %s", in.Name, in.ID, rep.Position, rep.Problem))
			continue
		}
		fmt.Fprintf(stdout, "%s %s # %s\n", in.ID, rep.Head, in.Name)
	}
	if len(broken) > 0 {
		return fmt.Errorf("no head printed for broken audit chains: %s", strings.Join(broken, "; "))
	}
	return nil
}

// readExpectations reads the expected heads of --expect and --expect-file
// by institution id. A bare SEQ:HASH needs exactly one institution.
func readExpectations(flags []string, file string, insts []kyc.Institution) (map[string]*kyc.AuditHead, error) {
	want := map[string]*kyc.AuditHead{}
	add := func(id, head, where string) error {
		h, err := kyc.ParseAuditHead(head)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		id = strings.ToLower(strings.TrimSpace(id))
		if prev, ok := want[id]; ok && *prev != h {
			return fmt.Errorf("%s: a second, different head for institution %s", where, id)
		}
		want[id] = &h
		return nil
	}
	for _, e := range flags {
		id, head, ok := strings.Cut(e, "=")
		if !ok {
			if len(insts) != 1 {
				return nil, fmt.Errorf("--expect %s: name the institution (ID=SEQ:HASH) or select one with --institution", e)
			}
			id, head = insts[0].ID, e
		}
		if err := add(id, head, "--expect "+e); err != nil {
			return nil, err
		}
	}
	if file == "" {
		return want, nil
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 0 || strings.HasPrefix(fields[0], "#"):
			continue
		case len(fields) < 2 || len(fields) > 2 && !strings.HasPrefix(fields[2], "#"):
			return nil, fmt.Errorf("%s:%d: want ID SEQ:HASH", file, n)
		}
		if err := add(fields[0], fields[1], fmt.Sprintf("%s:%d", file, n)); err != nil {
			return nil, err
		}
	}
	return want, sc.Err()
}

func filterInstitutions(insts []kyc.Institution, id string) []kyc.Institution {
	for _, in := range insts {
		if strings.EqualFold(in.ID, strings.TrimSpace(id)) {
			return []kyc.Institution{in}
		}
	}
	return nil
}
