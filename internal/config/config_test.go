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

// TestAddressSearchSettings: the demo searcher by default; a service URL
// must be an absolute http(s) URL; its key is a reference, never the key
// (and an error never repeats what was given, in case it is one).
func TestAddressSearchSettings(t *testing.T) {
	c, err := parse(t, nil)
	if err != nil || c.AddressSearchURL != "" || c.AddressSearchKey != "" {
		t.Fatalf("defaults: %+v, %v; want no service", c, err)
	}
	for _, tc := range []struct {
		url, key string
		ok       bool
	}{
		{"https://addresses.example.com/4.0", "env:ADDRESS_KEY", true},
		{"http://127.0.0.1:9000/4.0", "file:/run/secrets/address", true},
		{"https://addresses.example.com/4.0", "", true},
		{"ftp://addresses.example.com", "", false},
		{"addresses.example.com/4.0", "", false},
		{"https://user:pw@addresses.example.com", "", false},
		{"https://addresses.example.com/?key=x", "", false},
		{"https://addresses.example.com/4.0", "sk_live_0123456789", false},
		{"", "env:ADDRESS_KEY", false},
	} {
		_, err := parse(t, map[string]string{"GATEHOUSE_ADDRESS_SEARCH_URL": tc.url, "GATEHOUSE_ADDRESS_SEARCH_KEY": tc.key})
		if (err == nil) != tc.ok {
			t.Errorf("url %q key %q: got %v, want ok=%v", tc.url, tc.key, err, tc.ok)
		}
		if err != nil && strings.Contains(err.Error(), "sk_live") {
			t.Errorf("the error repeats the key given: %v", err)
		}
	}
	c, err = parse(t, nil, "--address-search-url", "https://flag.example.com/4.0")
	if err != nil || c.AddressSearchURL != "https://flag.example.com/4.0" {
		t.Errorf("flag: %q, %v", c.AddressSearchURL, err)
	}
}

// TestCollectKeyTTL: 24 hours by default, from one minute to 30 days.
func TestCollectKeyTTL(t *testing.T) {
	for v, want := range map[string]time.Duration{"": 24 * time.Hour, "2h": 2 * time.Hour, "720h": 720 * time.Hour} {
		c, err := parse(t, map[string]string{"GATEHOUSE_COLLECT_KEY_TTL": v})
		if err != nil || c.CollectKeyTTL != want {
			t.Errorf("GATEHOUSE_COLLECT_KEY_TTL=%q: %s, %v; want %s", v, c.CollectKeyTTL, err, want)
		}
	}
	for _, v := range []string{"30s", "721h", "0", "a day"} {
		if _, err := parse(t, map[string]string{"GATEHOUSE_COLLECT_KEY_TTL": v}); err == nil || !strings.Contains(err.Error(), "GATEHOUSE_COLLECT_KEY_TTL") {
			t.Errorf("GATEHOUSE_COLLECT_KEY_TTL=%q: %v, want an error naming it", v, err)
		}
	}
}

// TestPortalSettings: the portal's public URL must be an http(s) origin,
// the session timeouts are bounded and ordered, and the client address
// header must be a header name; each refusal names its setting.
func TestPortalSettings(t *testing.T) {
	c, err := parse(t, nil)
	if err != nil || c.SessionIdle != 30*time.Minute || c.SessionMaxAge != 12*time.Hour || c.PublicURL != "" {
		t.Fatalf("defaults: %+v, %v", c, err)
	}
	for _, ok := range []map[string]string{
		{"GATEHOUSE_PUBLIC_URL": "https://kyc.example.org"},
		{"GATEHOUSE_PUBLIC_URL": "http://127.0.0.1:8080/"},
		{"GATEHOUSE_SESSION_IDLE": "5m", "GATEHOUSE_SESSION_MAX_AGE": "5m"},
		{"GATEHOUSE_CLIENT_IP_HEADER": "X-Forwarded-For"},
	} {
		if _, err := parse(t, ok); err != nil {
			t.Errorf("%v: %v", ok, err)
		}
	}
	for _, bad := range []struct{ env, value, name string }{
		{"GATEHOUSE_PUBLIC_URL", "kyc.example.org", "public-url"},
		{"GATEHOUSE_PUBLIC_URL", "ftp://kyc.example.org", "public-url"},
		{"GATEHOUSE_PUBLIC_URL", "https://kyc.example.org/portal", "public-url"},
		{"GATEHOUSE_SESSION_IDLE", "10s", "session-idle"},
		{"GATEHOUSE_SESSION_IDLE", "soon", "GATEHOUSE_SESSION_IDLE"},
		{"GATEHOUSE_SESSION_MAX_AGE", "10m", "session-max-age"},
		{"GATEHOUSE_CLIENT_IP_HEADER", "X Forwarded", "client-ip-header"},
	} {
		if _, err := parse(t, map[string]string{bad.env: bad.value}); err == nil || !strings.Contains(err.Error(), bad.name) {
			t.Errorf("%s=%q: got %v, want an error naming %s", bad.env, bad.value, err, bad.name)
		}
	}
	if c, err := parse(t, nil, "--public-url", "https://a.example", "--session-idle", "2m"); err != nil || c.PublicURL != "https://a.example" || c.SessionIdle != 2*time.Minute {
		t.Errorf("flags: %+v, %v", c, err)
	}
}
