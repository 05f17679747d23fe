package main

import (
	"context"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/portal/credential"
	"github.com/gatehouse/gatehouse/internal/store/postgres"
	"github.com/gatehouse/gatehouse/internal/store/sqlite"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// lastLine is the last line of a command's output.
func lastLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[len(lines)-1]
}

// signsIn reports whether a password signs a user in, with the real
// accounts over the command's database.
func signsIn(t *testing.T, dbURL, email, password string) error {
	t.Helper()
	var s kyc.Store
	var err error
	if storetest.IsPostgresURL(dbURL) {
		s, err = postgres.Open(context.Background(), dbURL)
	} else {
		s, err = sqlite.Open(context.Background(), dbURL, sqlite.Options{})
	}
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	acc := &kyc.Accounts{Store: s, Credentials: credential.New()}
	_, err = acc.SignIn(context.Background(), email, password, "127.0.0.1")
	return err
}

// TestUsersCommands: create prints a generated password alone on its last
// line (or takes one from standard input), list shows users without
// secrets, disable and reset-password take effect.
func TestUsersCommands(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		url := db.URL(t)
		env := map[string]string{"GATEHOUSE_DATABASE": url}
		out, err := runCmd(t, env, "users", "create", "--email", "Ana@Example.org", "--role", "analyst", "--institution", "Acme Bank")
		if err != nil {
			t.Fatal(err)
		}
		pw := lastLine(out)
		if len(pw) != 23 || strings.Contains(pw, " ") {
			t.Fatalf("the last line must be the password alone: %q", out)
		}
		if err := signsIn(t, url, "ana@example.org", pw); err != nil {
			t.Fatalf("the printed password must sign in: %v", err)
		}
		stdin = strings.NewReader("a chosen password 123\n")
		t.Cleanup(func() { stdin = nil })
		out, err = runCmd(t, env, "users", "create", "--email", "vic@example.org", "--role", "viewer", "--institution", "Acme Bank", "--password-stdin")
		if err != nil || strings.Contains(out, "a chosen password") {
			t.Fatalf("create with --password-stdin: %v %q", err, out)
		}
		if err := signsIn(t, url, "vic@example.org", "a chosen password 123"); err != nil {
			t.Fatalf("the chosen password must sign in: %v", err)
		}
		out, err = runCmd(t, env, "users", "list")
		if err != nil || !strings.Contains(out, "ana@example.org") || !strings.Contains(out, "viewer") || strings.Contains(out, pw) ||
			strings.Contains(out, "argon2") {
			t.Fatalf("list: %v\n%s", err, out)
		}
		if out, err := runCmd(t, env, "users", "disable", "ana@example.org"); err != nil || !strings.Contains(out, "disabled") {
			t.Fatalf("disable: %v %s", err, out)
		}
		if err := signsIn(t, url, "ana@example.org", pw); err == nil || !strings.Contains(err.Error(), "disabled") {
			t.Fatalf("a disabled user signed in: %v", err)
		}
		runCmd(t, env, "users", "enable", "ana@example.org")
		out, err = runCmd(t, env, "users", "reset-password", "ana@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if np := lastLine(out); np == pw || signsIn(t, url, "ana@example.org", np) != nil || signsIn(t, url, "ana@example.org", pw) == nil {
			t.Fatalf("reset-password: %q", out)
		}
		for _, bad := range [][]string{
			{"users", "create", "--email", "x@example.org"},
			{"users", "create", "--email", "x@example.org", "--role", "root"},
			{"users", "create", "--email", "not-an-email", "--role", "viewer"},
			{"users", "create", "--email", "ana@example.org", "--role", "viewer"},
			{"users", "disable", "nobody@example.org"},
			{"users", "require-totp", "maybe"},
			{"users", "fly"},
		} {
			if _, err := runCmd(t, env, bad...); err == nil {
				t.Errorf("%v succeeded", bad)
			}
		}
		if out, err := runCmd(t, env, "users", "require-totp", "--institution", "Acme Bank", "on"); err != nil || !strings.Contains(out, "required") {
			t.Fatalf("require-totp: %v %s", err, out)
		}
	})
}
