package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/gatehouse/gatehouse/internal/config"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// auditCmd verifies the audit hash chains: `gatehouse audit verify`. It
// seals what is pending first, then recomputes every institution's chain
// and fails when one is broken.
func auditCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("usage: gatehouse audit verify [--database D] [--institution ID]")
	}
	var cfg config.Config
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.Flags(fs, getenv, config.ScopeDatabase)
	only := fs.String("institution", "", "verify only this institution (id)")
	seal := fs.Bool("seal", true, "seal pending audit items before verifying")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	s, _, err := openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	svc := &kyc.Service{Store: s}
	if *seal {
		for {
			n, err := svc.SealAudit(ctx, 10000)
			if err != nil {
				return err
			}
			if n == 0 {
				break
			}
		}
	}
	insts, err := s.Institutions(ctx)
	if err != nil {
		return err
	}
	broken := 0
	for _, in := range insts {
		if *only != "" && in.ID != *only {
			continue
		}
		rep, err := svc.VerifyAudit(ctx, in.ID)
		if err != nil {
			return err
		}
		status := "intact"
		if rep.Problem != "" {
			status, broken = "BROKEN: "+rep.Problem, broken+1
		}
		fmt.Fprintf(stdout, "%s (%s): %d items, %d unsealed, head %s: %s\n", in.Name, in.ID, rep.Sealed, rep.Unsealed, rep.Head, status)
	}
	if broken > 0 {
		return fmt.Errorf("%d audit chain(s) broken", broken)
	}
	return nil
}
