// Package config reads the server's configuration from flags and
// environment variables (flags win), with defaults that make the first run
// work: SQLite under ./data, the built-in demo policy, loopback only.
package config

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Defaults.
const (
	DefaultAddr     = "127.0.0.1:8080"
	DefaultDatabase = "data/gatehouse.db"
	// DefaultListsDir is where `gatehouse lists import` puts lists and
	// where serve looks for them.
	DefaultListsDir = "data/lists"
	// DefaultListsPoll is how often serve checks the lists for new versions.
	DefaultListsPoll = time.Minute
	// DefaultJobLease is how long a claimed job stays reserved.
	DefaultJobLease = 60 * time.Second
)

// Config is the configuration of `gatehouse serve` (and, for the database,
// of every command).
type Config struct {
	Addr              string
	Database          string // a file path, a sqlite: URL or a postgres:// URL
	Policy            string // a policy YAML file; empty for the built-in demo
	CompatErrorStatus int    // 0 (proper 4xx/5xx) or 200
	MaxBodyBytes      int64
	MetricsToken      string // from the environment only: secrets stay out of process lists
	LogLevel          string
	// Role is what a serve process does: all (API and workers), api, or worker.
	Role string
	// Workers is how many background jobs run at once in this process.
	Workers int
	// Lists are the sanctions and PEP list files or directories loaded for
	// the screening provider and the screen endpoint.
	Lists string
	// ListsDir is the directory `gatehouse lists import` writes to; serve
	// loads and watches it too (absent or empty is fine).
	ListsDir string
	// ListsPoll is how often the lists are checked for new versions.
	ListsPoll time.Duration
	// Webhooks is the operator's webhooks file (docs/webhooks.md); empty
	// for none.
	Webhooks string
	// JobLease is how long a claimed job stays reserved before another
	// process may take it over (env GATEHOUSE_JOB_LEASE only; at least 1s).
	JobLease time.Duration

	envErr error
}

// Flags registers the flags of cfg on fs, with defaults from the
// environment, so that a flag overrides its variable.
func (c *Config) Flags(fs *flag.FlagSet, getenv func(string) string, serve bool) {
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&c.Database, "database", env("GATEHOUSE_DATABASE", DefaultDatabase),
		"database: a SQLite file path or sqlite: URL, or a postgres:// URL (env GATEHOUSE_DATABASE)")
	if !serve {
		return
	}
	fs.StringVar(&c.Addr, "addr", env("GATEHOUSE_ADDR", DefaultAddr), "listen address (env GATEHOUSE_ADDR)")
	fs.StringVar(&c.Policy, "policy", env("GATEHOUSE_POLICY", ""), "policy YAML file; the built-in demo policy when empty (env GATEHOUSE_POLICY)")
	fs.Func("compat-error-status", "HTTP status of every error response: 200 for PassFort client libraries that only read typed errors from 200 responses; unset for proper 4xx/5xx (env GATEHOUSE_COMPAT_ERROR_STATUS)",
		func(s string) error { return c.setCompat(s) })
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", 1<<20, "largest request body accepted, in bytes (env GATEHOUSE_MAX_BODY_BYTES)")
	fs.StringVar(&c.LogLevel, "log-level", env("GATEHOUSE_LOG_LEVEL", "info"), "log level: debug, info, warn or error (env GATEHOUSE_LOG_LEVEL)")
	fs.StringVar(&c.Role, "role", env("GATEHOUSE_ROLE", "all"), "all (API and background workers), api (HTTP only), or worker (background work only) (env GATEHOUSE_ROLE)")
	workers, _ := strconv.Atoi(env("GATEHOUSE_WORKERS", "8"))
	fs.IntVar(&c.Workers, "workers", workers, "background jobs run at once by this process (env GATEHOUSE_WORKERS)")
	fs.StringVar(&c.Lists, "lists", env("GATEHOUSE_LISTS", ""), "comma-separated sanctions/PEP list files or directories for screening (env GATEHOUSE_LISTS)")
	fs.StringVar(&c.ListsDir, "lists-dir", env("GATEHOUSE_LISTS_DIR", DefaultListsDir), "directory of imported lists (gatehouse lists import), loaded and watched for new versions (env GATEHOUSE_LISTS_DIR)")
	c.ListsPoll = DefaultListsPoll
	if v := getenv("GATEHOUSE_LISTS_POLL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			c.envErr = errors.Join(c.envErr, fmt.Errorf("GATEHOUSE_LISTS_POLL: %q is not a duration", v))
		}
		c.ListsPoll = d
	}
	fs.StringVar(&c.Webhooks, "webhooks", env("GATEHOUSE_WEBHOOKS", ""), "webhooks file declaring endpoints per institution (docs/webhooks.md) (env GATEHOUSE_WEBHOOKS)")
	fs.DurationVar(&c.ListsPoll, "lists-poll", c.ListsPoll, "how often the lists are checked for new versions (env GATEHOUSE_LISTS_POLL)")
	c.MetricsToken = getenv("GATEHOUSE_METRICS_TOKEN")
	if v := getenv("GATEHOUSE_COMPAT_ERROR_STATUS"); v != "" {
		if err := c.setCompat(v); err != nil {
			c.envErr = errors.Join(c.envErr, fmt.Errorf("GATEHOUSE_COMPAT_ERROR_STATUS: %w", err))
		}
	}
	c.JobLease = DefaultJobLease
	if v := getenv("GATEHOUSE_JOB_LEASE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			c.envErr = errors.Join(c.envErr, fmt.Errorf("GATEHOUSE_JOB_LEASE: %q is not a duration", v))
		}
		c.JobLease = d
	}
	if v := getenv("GATEHOUSE_MAX_BODY_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			c.envErr = errors.Join(c.envErr, fmt.Errorf("GATEHOUSE_MAX_BODY_BYTES: %q is not a number", v))
		}
		c.MaxBodyBytes = n
	}
}

func (c *Config) setCompat(s string) error {
	switch strings.TrimSpace(s) {
	case "", "0", "off":
		c.CompatErrorStatus = 0
	case "200":
		c.CompatErrorStatus = 200
	default:
		return fmt.Errorf("compat error status must be 200 (or unset), got %q", s)
	}
	return nil
}

// Validate checks the configuration after parsing.
func (c *Config) Validate() error {
	if c.envErr != nil {
		return c.envErr
	}
	if c.Database == "" {
		return errors.New("database: must not be empty")
	}
	if c.MaxBodyBytes < 1024 {
		return fmt.Errorf("max-body-bytes: must be at least 1024, got %d", c.MaxBodyBytes)
	}
	switch c.Role {
	case "all", "api", "worker":
	default:
		return fmt.Errorf("role: must be all, api or worker, got %q", c.Role)
	}
	if c.Workers < 1 || c.Workers > 256 {
		return fmt.Errorf("workers: must be between 1 and 256, got %d", c.Workers)
	}
	if c.ListsPoll < time.Second {
		return fmt.Errorf("lists-poll: must be at least 1s, got %s", c.ListsPoll)
	}
	if c.JobLease < time.Second {
		return fmt.Errorf("GATEHOUSE_JOB_LEASE: must be at least 1s, got %s", c.JobLease)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error", "":
	default:
		return fmt.Errorf("log-level: must be debug, info, warn or error, got %q", c.LogLevel)
	}
	return nil
}

// ListPaths returns the configured list paths (Lists, comma-separated).
func (c *Config) ListPaths() []string {
	var out []string
	for _, p := range strings.Split(c.Lists, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// IsPostgres reports whether the database is a PostgreSQL URL.
func (c *Config) IsPostgres() bool {
	return strings.HasPrefix(c.Database, "postgres://") || strings.HasPrefix(c.Database, "postgresql://")
}

// SQLitePath returns the file path of a SQLite database setting.
func (c *Config) SQLitePath() string {
	p := strings.TrimPrefix(c.Database, "sqlite:")
	return strings.TrimPrefix(p, "//")
}
