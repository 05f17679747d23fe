package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/gatehouse/gatehouse/internal/config"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// keys manages API keys: create, list, revoke.
func keys(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("keys: want create, list, revoke, rotate-master or new-master")
	}
	var cfg config.Config
	fs := flag.NewFlagSet("keys "+args[0], flag.ContinueOnError)
	fs.SetOutput(stdout)
	scope := config.ScopeDatabase
	if args[0] == "rotate-master" {
		scope |= config.ScopeVault
	}
	cfg.Flags(fs, getenv, scope)
	name := fs.String("name", "", "name of the new key (create)")
	inst := fs.String("institution", "Demo institution", "institution the new key belongs to, created if absent (create)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if args[0] == "new-master" {
		material := make([]byte, vault.KeySize)
		_, _ = rand.Read(material)
		fmt.Fprintln(stdout, "# a new master key: put it first in the configured list, keep the old ones after it,")
		fmt.Fprintln(stdout, "# restart the servers, then run gatehouse keys rotate-master")
		fmt.Fprintln(stdout, vault.DefaultKeyID(material)+":"+base64.StdEncoding.EncodeToString(material))
		return nil
	}
	s, _, err := openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if args[0] == "rotate-master" {
		return keysRotateMaster(ctx, &cfg, s, stdout)
	}
	svc := &kyc.Service{Store: s}
	switch args[0] {
	case "create":
		if *name == "" {
			return errors.New("keys create: --name is required")
		}
		secret, k, in, err := svc.CreateAPIKey(ctx, *inst, *name)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created API key %q (id %s, prefix %s) for institution %q (id %s)\n", k.Name, k.ID, k.Prefix, in.Name, in.ID)
		fmt.Fprintln(stdout, "the key is shown once; store it now:")
		fmt.Fprintln(stdout, secret)
		return nil
	case "list":
		ks, err := s.APIKeys(ctx)
		if err != nil {
			return err
		}
		insts, err := s.Institutions(ctx)
		if err != nil {
			return err
		}
		names := map[string]string{}
		for _, in := range insts {
			names[in.ID] = in.Name
		}
		tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tPREFIX\tNAME\tINSTITUTION\tCREATED\tREVOKED")
		for _, k := range ks {
			revoked := "-"
			if k.RevokedAt != nil {
				revoked = passfort.FormatDateTime(*k.RevokedAt)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Prefix, k.Name, names[k.InstitutionID], passfort.FormatDateTime(k.CreatedAt), revoked)
		}
		return tw.Flush()
	case "revoke":
		if fs.NArg() != 1 {
			return errors.New("keys revoke: give one key id or prefix")
		}
		k, err := svc.RevokeAPIKey(ctx, fs.Arg(0))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "revoked API key %q (id %s, prefix %s)\n", k.Name, k.ID, k.Prefix)
		return nil
	}
	return fmt.Errorf("keys: unknown subcommand %q; want create, list, revoke, rotate-master or new-master", args[0])
}

// migrate applies the migrations and exits.
func migrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	var cfg config.Config
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.Flags(fs, getenv, config.ScopeDatabase)
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, _, err := openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "database is migrated to the latest schema")
	return s.Close()
}
