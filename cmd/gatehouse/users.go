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
	"text/tabwriter"

	"github.com/gatehouse/gatehouse/internal/config"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/portal/credential"
)

// stdin is where --password-stdin reads from (tests replace it).
var stdin io.Reader = os.Stdin

// users manages portal users: create, list, disable, enable,
// reset-password, reset-totp and require-totp.
func users(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	const want = "create, list, disable, enable, reset-password, reset-totp or require-totp"
	if len(args) == 0 {
		return errors.New("users: want " + want)
	}
	var cfg config.Config
	fs := flag.NewFlagSet("users "+args[0], flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.Flags(fs, getenv, config.ScopeDatabase)
	email := fs.String("email", "", "the user's email (create)")
	name := fs.String("name", "", "the user's name (create; default: the email's local part)")
	role := fs.String("role", "", "admin, analyst or viewer (create)")
	inst := fs.String("institution", "Demo institution", "the user's institution, created if absent (create, list, require-totp)")
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input instead of generating one (create, reset-password)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	password := ""
	if *pwStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("users: read the password: %w", err)
		}
		if password = strings.TrimRight(line, "\r\n"); password == "" {
			return errors.New("users: --password-stdin: standard input has no password")
		}
	}
	s, _, err := openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	acc := &kyc.Accounts{Store: s, Credentials: credential.New()}
	one := func() (string, error) {
		if fs.NArg() != 1 {
			return "", fmt.Errorf("users %s: give one user's email", args[0])
		}
		return fs.Arg(0), nil
	}
	switch args[0] {
	case "create":
		if *email == "" || *role == "" {
			return errors.New("users create: --email and --role are required")
		}
		r, err := kyc.ParseUserRole(*role)
		if err != nil {
			return fmt.Errorf("users create: --role: must be admin, analyst or viewer")
		}
		u, in, pw, err := acc.CreateUser(ctx, kyc.NewUser{Institution: *inst, Email: *email, Name: *name, Role: r, Password: password})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created %s user %s (id %s) of institution %q\n", u.Role, u.Email, u.ID, in.Name)
		if password == "" {
			fmt.Fprintln(stdout, "the password is shown once; give it to the user, who can change it in the portal:")
			fmt.Fprintln(stdout, pw)
		}
		return nil
	case "list":
		var instID string
		if isSet(fs, "institution") {
			in, err := acc.InstitutionByName(ctx, *inst)
			if err != nil {
				return err
			}
			instID = in.ID
		}
		us, err := acc.Users(ctx, instID)
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
		fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tROLE\tINSTITUTION\tTWO-FACTOR\tSTATE\tCREATED")
		for _, u := range us {
			state, tf := "active", "off"
			if u.Disabled {
				state = "disabled"
			}
			if u.TOTPEnabled {
				tf = "on"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, u.Role, names[u.InstitutionID], tf, state,
				passfort.FormatDateTime(u.CreatedAt))
		}
		return tw.Flush()
	case "disable", "enable":
		who, err := one()
		if err != nil {
			return err
		}
		off := args[0] == "disable"
		u, _, err := acc.UpdateUser(ctx, "", who, kyc.UserChange{Disabled: &off})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%sd user %s; %s\n", args[0], u.Email, map[bool]string{true: "their sessions ended", false: "they can sign in again"}[off])
		return nil
	case "reset-password":
		who, err := one()
		if err != nil {
			return err
		}
		u, pw, err := acc.UpdateUser(ctx, "", who, kyc.UserChange{ResetPassword: true, Password: password})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "reset the password of %s; their sessions ended\n", u.Email)
		if password == "" {
			fmt.Fprintln(stdout, "the new password is shown once:")
			fmt.Fprintln(stdout, pw)
		}
		return nil
	case "reset-totp":
		who, err := one()
		if err != nil {
			return err
		}
		u, _, err := acc.UpdateUser(ctx, "", who, kyc.UserChange{ResetTOTP: true})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "removed the second factor of %s; they set up a new one at their next sign-in if the institution requires it\n", u.Email)
		return nil
	case "require-totp":
		if fs.NArg() != 1 || (fs.Arg(0) != "on" && fs.Arg(0) != "off") {
			return errors.New("users require-totp: give --institution NAME, then on or off")
		}
		in, err := acc.InstitutionByName(ctx, *inst)
		if err != nil {
			return err
		}
		if err := acc.SetRequireTOTP(ctx, in.ID, fs.Arg(0) == "on"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "two-factor sign-in is now %s for institution %q\n", map[bool]string{true: "required", false: "optional"}[fs.Arg(0) == "on"], in.Name)
		return nil
	}
	return fmt.Errorf("users: unknown subcommand %q; want %s", args[0], want)
}

// isSet reports whether a flag was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
