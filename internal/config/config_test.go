package config

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func parse(t *testing.T, env map[string]string, args ...string) (*Config, error) {
	t.Helper()
	var c Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.Flags(fs, func(k string) string { return env[k] }, true)
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
