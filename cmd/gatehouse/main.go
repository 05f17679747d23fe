// Command gatehouse is the Gatehouse server and its operator tools.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args, os.Getenv, os.Stdout)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "gatehouse:", err)
		os.Exit(1)
	}
}

const usage = `Gatehouse: self-hosted KYC/KYB onboarding, compatible with the PassFort API 4.0.

Usage:
  gatehouse serve [flags]                 run the API server and background workers
  gatehouse migrate [--database D]        apply database migrations and exit
  gatehouse keys create --name NAME [--institution NAME]
                                          create an API key (printed alone on the last line)
  gatehouse keys list                     list API keys (never the secrets)
  gatehouse keys revoke ID|PREFIX         revoke an API key
  gatehouse keys new-master               print a new master key, for a rotation
  gatehouse keys rotate-master            rewrap every data key under the current (first) master key
  gatehouse users create --email E --role admin|analyst|viewer [--institution NAME] [--password-stdin]
                                          create a portal user (a generated password alone on the last line)
  gatehouse users list|disable EMAIL|enable EMAIL|reset-password EMAIL|reset-totp EMAIL
                                          manage portal users
  gatehouse users require-totp --institution NAME on|off
                                          require two-factor sign-in for an institution
  gatehouse policy check FILE             validate a policy file
  gatehouse audit verify [--expect-file F] verify the tamper-evident audit chains (never seals)
  gatehouse audit head                    print the verified chain heads, to keep outside the database
  gatehouse erase PROFILE_ID...           erase profiles (refused while held or with an open application)
  gatehouse export [--out F] PROFILE_ID   write a subject access export (zip: JSON, documents, HTML index)
  gatehouse retention plan [--within 1y]  list the profiles retention will erase, and when
  gatehouse screen NAME [flags]           screen a name against the lists (--batch FILE, eval: see docs/screening.md)
  gatehouse lists import PATH... [--dir D] [--name N]
                                          validate lists and copy them into the watched lists directory
  gatehouse bench create --url U --key K  load-test profile creation over HTTP
  gatehouse bench pipeline --url U --key K
                                          measure checks and webhook deliveries per second
  gatehouse bench screen --url U --key K  load-test GET /gatehouse/v1/screen over HTTP

Run "gatehouse COMMAND -h" for a command's flags. Every flag has an
environment variable (see README.md).
`

// run is the whole program, with its environment passed in so that tests
// can run it in process.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) < 2 {
		fmt.Fprint(stdout, usage)
		return errors.New("no command given")
	}
	cmd, rest := args[1], args[2:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, getenv, stdout)
	case "migrate":
		return migrate(ctx, rest, getenv, stdout)
	case "keys":
		return keys(ctx, rest, getenv, stdout)
	case "users":
		return users(ctx, rest, getenv, stdout)
	case "policy":
		return policyCmd(ctx, rest, getenv, stdout)
	case "audit":
		return auditCmd(ctx, rest, getenv, stdout)
	case "bench":
		return bench(ctx, rest, getenv, stdout)
	case "erase":
		return eraseCmd(ctx, rest, getenv, stdout)
	case "export":
		return exportCmd(ctx, rest, getenv, stdout)
	case "retention":
		return retentionCmd(ctx, rest, getenv, stdout)
	case "screen":
		return screenCmd(ctx, rest, getenv, stdout)
	case "lists":
		return listsCmd(ctx, rest, getenv, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stdout, usage)
	return fmt.Errorf("unknown command %q", cmd)
}
