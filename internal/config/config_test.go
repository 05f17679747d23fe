package config

import (
	"flag"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

func parse(t *testing.T, env map[string]string, args ...string) (*Config, error) {
	t.Helper()
	var c Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.Flags(fs, func(k string) string { return env[k] }, ScopeDatabase|ScopeServe)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return &c, c.Validate()
}

// TestEnvErrorsJoined: every invalid environment variable is reported, not
// only the last one read.
func TestEnvErrorsJoined(t *testing.T) {
	_, err := parse(t, map[string]string{
		"GATEHOUSE_LISTS_POLL":          "often",
		"GATEHOUSE_COMPAT_ERROR_STATUS": "201",
		"GATEHOUSE_MAX_BODY_BYTES":      "big",
		"GATEHOUSE_JOB_LEASE":           "long",
	})
	for _, want := range []string{"GATEHOUSE_LISTS_POLL", "GATEHOUSE_COMPAT_ERROR_STATUS", "GATEHOUSE_MAX_BODY_BYTES", "GATEHOUSE_JOB_LEASE"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not name %s", err, want)
		}
	}
}

// TestJobLease: GATEHOUSE_JOB_LEASE defaults to 60s, takes a duration of at
// least 1s, and anything else stops the start.
func TestJobLease(t *testing.T) {
	for v, want := range map[string]time.Duration{"": 60 * time.Second, "3s": 3 * time.Second, "2m": 2 * time.Minute} {
		c, err := parse(t, map[string]string{"GATEHOUSE_JOB_LEASE": v})
		if err != nil || c.JobLease != want {
			t.Errorf("GATEHOUSE_JOB_LEASE=%q: %s, %v; want %s", v, c.JobLease, err, want)
		}
	}
	for _, v := range []string{"500ms", "0", "-5s", "60", "soon"} {
		if _, err := parse(t, map[string]string{"GATEHOUSE_JOB_LEASE": v}); err == nil || !strings.Contains(err.Error(), "GATEHOUSE_JOB_LEASE") {
			t.Errorf("GATEHOUSE_JOB_LEASE=%q: %v, want an error naming it", v, err)
		}
	}
}

// TestBadNumbersAreErrors: a variable that does not parse stops the start
// with its name; it is never silently replaced by the default (the outside
// review found GATEHOUSE_WORKERS=abc ignored).
func TestBadNumbersAreErrors(t *testing.T) {
	for _, name := range []string{"GATEHOUSE_WORKERS", "GATEHOUSE_WEBHOOK_WORKERS", "GATEHOUSE_MONITOR_WORKERS",
		"GATEHOUSE_MAX_WEBHOOK_ENDPOINTS", "GATEHOUSE_MAX_BODY_BYTES"} {
		for _, v := range []string{"abc", "8x", "1.5"} {
			if _, err := parse(t, map[string]string{name: v}); err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("%s=%q: %v, want an error naming it", name, v, err)
			}
		}
	}
	if _, err := parse(t, map[string]string{"GATEHOUSE_WORKERS": "0"}); err == nil || !strings.Contains(err.Error(), "GATEHOUSE_WORKERS") {
		t.Errorf("GATEHOUSE_WORKERS=0: %v, want an error naming it", err)
	}
	if _, err := parse(t, map[string]string{"GATEHOUSE_WEBHOOK_DENY_PRIVATE": "maybe"}); err == nil {
		t.Error("GATEHOUSE_WEBHOOK_DENY_PRIVATE=maybe: no error")
	}
}

// TestFlagsOverrideVariables: a flag wins over its variable, which wins
// over the default.
func TestFlagsOverrideVariables(t *testing.T) {
	c, err := parse(t, map[string]string{"GATEHOUSE_WORKERS": "3", "GATEHOUSE_ADDR": "127.0.0.1:9"}, "--workers", "5")
	if err != nil || c.Workers != 5 || c.Addr != "127.0.0.1:9" || c.WebhookWorkers != 3 {
		t.Errorf("got workers %d, addr %s, webhook workers %d, %v; want 5, 127.0.0.1:9, 3", c.Workers, c.Addr, c.WebhookWorkers, err)
	}
}

// TestEveryVariableDocumented: the README's configuration table names
// every variable of the settings table.
func TestEveryVariableDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range Variables() {
		if !strings.Contains(string(readme), "`"+v[0]+"`") {
			t.Errorf("README.md does not document %s", v[0])
		}
	}
}
