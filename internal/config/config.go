// Package config reads Gatehouse's configuration from flags and environment
// variables (flags win), with defaults that make the first run work: SQLite
// under ./data, the built-in demo policy, loopback only.
//
// Every setting, and so every GATEHOUSE_* variable the program reads, is one
// row of the settings table below: its flag, its variable, its default, how
// it is parsed and which commands take it. A value that does not parse is an
// error naming the variable or flag, never silently replaced by a default.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"path/filepath"
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
	// DefaultMaxDocumentBytes caps an uploaded image or file: room for a
	// high-resolution scan or a multi-page PDF.
	DefaultMaxDocumentBytes = 20 << 20
	// MasterKeyFileName is the key file created beside the database when
	// no master key is configured.
	MasterKeyFileName = "master.key"
	// DefaultCollectKeyTTL is how long a collect key works.
	DefaultCollectKeyTTL = 24 * time.Hour
	// DefaultSessionIdle and DefaultSessionMaxAge bound portal sessions.
	DefaultSessionIdle   = 30 * time.Minute
	DefaultSessionMaxAge = 12 * time.Hour
)

// Config is the configuration of `gatehouse serve` (and, for the database
// and the lists, of the other commands).
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
	// Workers is how many checks and automation jobs run at once in this
	// process.
	Workers int
	// WebhookWorkers is how many webhook delivery jobs run at once (a pool
	// of their own: receivers that never answer cannot hold the workers
	// that run checks).
	WebhookWorkers int
	// MonitorWorkers is how many monitoring jobs run at once.
	MonitorWorkers int
	// MaxWebhookEndpoints caps the webhook endpoints of one institution.
	MaxWebhookEndpoints int
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
	// WebhookAllowLinkLocal lets webhooks go to link-local addresses
	// (cloud metadata services live there: off by default).
	WebhookAllowLinkLocal bool
	// WebhookDenyPrivate refuses webhooks to private and loopback addresses.
	WebhookDenyPrivate bool
	// PprofAddr serves Go's pprof profiles on this (loopback) address.
	PprofAddr string
	// APIKey is the key the client commands (bench) use.
	APIKey string
	// BlobDir is the directory documents and files are kept in, encrypted
	// (empty: BlobLocation's default); BlobURL an S3-compatible bucket
	// instead (s3://bucket?endpoint=…&region=…). At most one is set.
	BlobDir string
	BlobURL string
	// MaxDocumentBytes caps an uploaded image or file.
	MaxDocumentBytes int64
	// MasterKey is the master key list (env GATEHOUSE_MASTER_KEY only: a
	// secret stays out of process lists); MasterKeyFile a file holding it.
	// With neither, a key file is created beside the database.
	MasterKey     string
	MasterKeyFile string
	// AddressSearchURL is the address service GET /address/search and
	// /address/format ask (docs/address.md); empty for the demo searcher.
	AddressSearchURL string
	// AddressSearchKey is a reference to the address service's key,
	// env:NAME or file:/absolute/path (never the key itself: settings end
	// up in process lists and shell histories); empty to send none.
	AddressSearchKey string
	// CollectKeyTTL is how long the collect keys issued work.
	CollectKeyTTL time.Duration
	// PublicURL is the portal's address as browsers see it: with https,
	// session cookies are Secure and forms must come from its origin.
	PublicURL string
	// SessionIdle ends a portal session unused this long.
	SessionIdle time.Duration
	// SessionMaxAge ends a portal session this long after sign-in.
	SessionMaxAge time.Duration
	// ClientIPHeader names the header a trusted reverse proxy sets with the
	// client's address (for sign-in throttling per address); empty: the
	// connection's address.
	ClientIPHeader string

	scope Scope // the scopes read, which Validate checks
	errs  []error
}

// Scope says which commands take a setting.
type Scope uint8

// Scopes.
const (
	// ScopeDatabase: every command that opens the database.
	ScopeDatabase Scope = 1 << iota
	// ScopeServe: gatehouse serve.
	ScopeServe
	// ScopeLists: the commands that read sanctions lists.
	ScopeLists
	// ScopeClient: the commands that call a running server (bench).
	ScopeClient
	// ScopeVault: the commands that need the master key and the blob
	// store (serve, keys rotate-master, erase, export, retention).
	ScopeVault
)

// setting is one row of the table: a flag (empty for variables that are
// never flags, such as secrets, which stay out of process lists), its
// environment variable, default, usage and parser.
type setting struct {
	flag, env, def, usage string
	scope                 Scope
	set                   func(c *Config, v string) error
}

func str(f func(c *Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error { *f(c) = v; return nil }
}

func boolean(f func(c *Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "1", "true", "yes", "on":
			*f(c) = true
		case "", "0", "false", "no", "off":
			*f(c) = false
		default:
			return fmt.Errorf("%q is not a boolean (1 or 0)", v)
		}
		return nil
	}
}

func duration(f func(c *Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("%q is not a duration (e.g. 30s, 5m)", v)
		}
		*f(c) = d
		return nil
	}
}

func integer(f func(c *Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("%q is not a whole number", v)
		}
		*f(c) = n
		return nil
	}
}

func integer64(f func(c *Config) *int64) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", v)
		}
		*f(c) = n
		return nil
	}
}

// settings is every setting of every command.
var settings = []setting{
	{"database", "GATEHOUSE_DATABASE", DefaultDatabase, "database: a SQLite file path or sqlite: URL, or a postgres:// URL",
		ScopeDatabase, str(func(c *Config) *string { return &c.Database })},
	{"addr", "GATEHOUSE_ADDR", DefaultAddr, "listen address",
		ScopeServe, str(func(c *Config) *string { return &c.Addr })},
	{"policy", "GATEHOUSE_POLICY", "", "policy YAML file; the built-in demo policy when empty",
		ScopeServe, str(func(c *Config) *string { return &c.Policy })},
	{"compat-error-status", "GATEHOUSE_COMPAT_ERROR_STATUS", "", "HTTP status of every error response: 200 for PassFort client libraries that only read typed errors from 200 responses; unset for proper 4xx/5xx",
		ScopeServe, (*Config).setCompat},
	{"max-body-bytes", "GATEHOUSE_MAX_BODY_BYTES", "1048576", "largest request body accepted, in bytes",
		ScopeServe, integer64(func(c *Config) *int64 { return &c.MaxBodyBytes })},
	{"log-level", "GATEHOUSE_LOG_LEVEL", "info", "log level: debug, info, warn or error",
		ScopeServe, str(func(c *Config) *string { return &c.LogLevel })},
	{"role", "GATEHOUSE_ROLE", "all", "all (API and background workers), api (HTTP only), or worker (background work only)",
		ScopeServe, str(func(c *Config) *string { return &c.Role })},
	{"workers", "GATEHOUSE_WORKERS", "6", "checks and automation jobs run at once by this process",
		ScopeServe, integer(func(c *Config) *int { return &c.Workers })},
	{"webhook-workers", "GATEHOUSE_WEBHOOK_WORKERS", "3", "webhook deliveries run at once by this process (a pool apart from the checks')",
		ScopeServe, integer(func(c *Config) *int { return &c.WebhookWorkers })},
	{"monitor-workers", "GATEHOUSE_MONITOR_WORKERS", "1", "monitoring re-screens run at once by this process",
		ScopeServe, integer(func(c *Config) *int { return &c.MonitorWorkers })},
	{"max-webhook-endpoints", "GATEHOUSE_MAX_WEBHOOK_ENDPOINTS", "10", "webhook endpoints one institution may have",
		ScopeServe, integer(func(c *Config) *int { return &c.MaxWebhookEndpoints })},
	{"lists", "GATEHOUSE_LISTS", "", "comma-separated sanctions/PEP list files or directories for screening",
		ScopeServe | ScopeLists, str(func(c *Config) *string { return &c.Lists })},
	{"lists-dir", "GATEHOUSE_LISTS_DIR", DefaultListsDir, "directory of imported lists (gatehouse lists import), loaded and watched for new versions",
		ScopeServe | ScopeLists, str(func(c *Config) *string { return &c.ListsDir })},
	{"lists-poll", "GATEHOUSE_LISTS_POLL", DefaultListsPoll.String(), "how often the lists are checked for new versions",
		ScopeServe, duration(func(c *Config) *time.Duration { return &c.ListsPoll })},
	{"webhooks", "GATEHOUSE_WEBHOOKS", "", "webhooks file declaring endpoints per institution (docs/webhooks.md)",
		ScopeServe, str(func(c *Config) *string { return &c.Webhooks })},
	{"", "GATEHOUSE_JOB_LEASE", DefaultJobLease.String(), "how long a claimed job stays reserved before another process may take it over",
		ScopeServe, duration(func(c *Config) *time.Duration { return &c.JobLease })},
	{"", "GATEHOUSE_METRICS_TOKEN", "", "bearer token /metrics requires from addresses other than loopback",
		ScopeServe | ScopeClient, str(func(c *Config) *string { return &c.MetricsToken })},
	{"", "GATEHOUSE_WEBHOOK_ALLOW_LINK_LOCAL", "0", "1 lets webhooks go to link-local addresses (169.254.0.0/16, fe80::/10)",
		ScopeServe, boolean(func(c *Config) *bool { return &c.WebhookAllowLinkLocal })},
	{"", "GATEHOUSE_WEBHOOK_DENY_PRIVATE", "0", "1 refuses webhooks to private and loopback addresses",
		ScopeServe, boolean(func(c *Config) *bool { return &c.WebhookDenyPrivate })},
	{"pprof-addr", "", "", "serve Go's pprof profiles on this (loopback) address, for performance work",
		ScopeServe, str(func(c *Config) *string { return &c.PprofAddr })},
	{"key", "GATEHOUSE_API_KEY", "", "API key",
		ScopeClient, str(func(c *Config) *string { return &c.APIKey })},
	{"blob-dir", "GATEHOUSE_BLOB_DIR", "", "directory documents and files are kept in, encrypted (default: blobs beside the SQLite database, data/blobs)",
		ScopeServe | ScopeVault, str(func(c *Config) *string { return &c.BlobDir })},
	{"blob-url", "GATEHOUSE_BLOB_URL", "", "S3-compatible bucket for documents and files instead of a directory: s3://bucket?endpoint=URL&region=R[&use_path_style=true&prefix=P]",
		ScopeServe | ScopeVault, str(func(c *Config) *string { return &c.BlobURL })},
	{"max-document-bytes", "GATEHOUSE_MAX_DOCUMENT_BYTES", strconv.Itoa(DefaultMaxDocumentBytes), "largest uploaded image or file, in bytes (its upload routes accept bodies large enough for it)",
		ScopeServe, integer64(func(c *Config) *int64 { return &c.MaxDocumentBytes })},
	{"", "GATEHOUSE_MASTER_KEY", "", "master key(s): base64 of 32 bytes, optionally id:base64, comma-separated, the current first",
		ScopeVault, str(func(c *Config) *string { return &c.MasterKey })},
	{"master-key-file", "GATEHOUSE_MASTER_KEY_FILE", "", "file holding the master key(s), one per line (default: master.key beside the SQLite database, created on first start)",
		ScopeVault, str(func(c *Config) *string { return &c.MasterKeyFile })},
	{"address-search-url", "GATEHOUSE_ADDRESS_SEARCH_URL", "", "address service for GET /address/search and /address/format (docs/address.md); the demo searcher when empty",
		ScopeServe, str(func(c *Config) *string { return &c.AddressSearchURL })},
	{"", "GATEHOUSE_ADDRESS_SEARCH_KEY", "", "the address service's key by reference: env:NAME or file:/absolute/path",
		ScopeServe, str(func(c *Config) *string { return &c.AddressSearchKey })},
	{"collect-key-ttl", "GATEHOUSE_COLLECT_KEY_TTL", DefaultCollectKeyTTL.String(), "how long collect keys (POST /api_keys/collect) work",
		ScopeServe, duration(func(c *Config) *time.Duration { return &c.CollectKeyTTL })},
	{"public-url", "GATEHOUSE_PUBLIC_URL", "", "the portal's address as browsers see it, e.g. https://kyc.example.org (https: Secure cookies); empty: the request's host over HTTP",
		ScopeServe, str(func(c *Config) *string { return &c.PublicURL })},
	{"session-idle", "GATEHOUSE_SESSION_IDLE", DefaultSessionIdle.String(), "a portal session unused this long ends",
		ScopeServe, duration(func(c *Config) *time.Duration { return &c.SessionIdle })},
	{"session-max-age", "GATEHOUSE_SESSION_MAX_AGE", DefaultSessionMaxAge.String(), "a portal session ends this long after sign-in, whatever its activity",
		ScopeServe, duration(func(c *Config) *time.Duration { return &c.SessionMaxAge })},
	{"client-ip-header", "GATEHOUSE_CLIENT_IP_HEADER", "", "header a trusted reverse proxy sets with the client's address (e.g. X-Forwarded-For), for sign-in throttling per address",
		ScopeServe, str(func(c *Config) *string { return &c.ClientIPHeader })},
}

// Flags sets cfg's settings of the given scopes from their defaults and
// environment variables, and registers their flags on fs, so that a flag
// parsed later overrides its variable. Errors are kept for Validate.
func (c *Config) Flags(fs *flag.FlagSet, getenv func(string) string, scope Scope) {
	c.scope |= scope
	for _, s := range settings {
		if s.scope&scope == 0 {
			continue
		}
		c.apply(s, getenv)
		if s.flag == "" || fs == nil {
			continue
		}
		usage := s.usage
		if s.env != "" {
			usage += " (env " + s.env + ")"
		}
		fs.Func(s.flag, usage, func(v string) error { return s.set(c, v) })
	}
}

// apply sets one setting from its default and then its variable.
func (c *Config) apply(s setting, getenv func(string) string) {
	if err := s.set(c, s.def); err != nil {
		panic(fmt.Sprintf("config: default of %s: %v", s.env, err)) // a mistake in the table
	}
	if s.env == "" {
		return
	}
	if v := getenv(s.env); v != "" {
		if err := s.set(c, v); err != nil {
			c.errs = append(c.errs, fmt.Errorf("%s: %w", s.env, err))
		}
	}
}

// FromEnv returns the settings of the given scopes from their variables and
// defaults alone, validated as far as those scopes go, for commands that
// take no flags of their own for them.
func FromEnv(getenv func(string) string, scope Scope) (Config, error) {
	var c Config
	c.Flags(nil, getenv, scope)
	return c, c.Validate()
}

// Variables lists every environment variable with its flag (empty when
// none), default and usage, for documentation and tests.
func Variables() [][4]string {
	var out [][4]string
	for _, s := range settings {
		if s.env != "" {
			out = append(out, [4]string{s.env, s.flag, s.def, s.usage})
		}
	}
	return out
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

// Validate checks the configuration after parsing: the environment's
// errors, all of them, then the ranges of the values of the scopes read.
func (c *Config) Validate() error {
	if len(c.errs) > 0 {
		return errors.Join(c.errs...)
	}
	if c.scope&ScopeDatabase != 0 && c.Database == "" {
		return errors.New("database: must not be empty")
	}
	if c.scope&ScopeVault != 0 && c.MasterKey != "" && c.MasterKeyFile != "" {
		return errors.New("GATEHOUSE_MASTER_KEY and master-key-file: set one or the other, not both")
	}
	if c.scope&ScopeServe == 0 {
		return nil
	}
	if c.MaxBodyBytes < 1024 {
		return fmt.Errorf("max-body-bytes: must be at least 1024, got %d", c.MaxBodyBytes)
	}
	switch c.Role {
	case "all", "api", "worker":
	default:
		return fmt.Errorf("role: must be all, api or worker, got %q", c.Role)
	}
	for _, w := range []struct {
		name string
		n    int
	}{{"workers (GATEHOUSE_WORKERS)", c.Workers}, {"webhook-workers (GATEHOUSE_WEBHOOK_WORKERS)", c.WebhookWorkers},
		{"monitor-workers (GATEHOUSE_MONITOR_WORKERS)", c.MonitorWorkers}} {
		if w.n < 1 || w.n > 256 {
			return fmt.Errorf("%s: must be between 1 and 256, got %d", w.name, w.n)
		}
	}
	if c.MaxWebhookEndpoints < 1 || c.MaxWebhookEndpoints > 1000 {
		return fmt.Errorf("max-webhook-endpoints (GATEHOUSE_MAX_WEBHOOK_ENDPOINTS): must be between 1 and 1000, got %d", c.MaxWebhookEndpoints)
	}
	if c.ListsPoll < time.Second {
		return fmt.Errorf("lists-poll: must be at least 1s, got %s", c.ListsPoll)
	}
	if c.JobLease < time.Second {
		return fmt.Errorf("GATEHOUSE_JOB_LEASE: must be at least 1s, got %s", c.JobLease)
	}
	if c.SessionIdle < time.Minute || c.SessionIdle > 24*time.Hour {
		return fmt.Errorf("session-idle (GATEHOUSE_SESSION_IDLE): must be between 1m and 24h, got %s", c.SessionIdle)
	}
	if c.SessionMaxAge < c.SessionIdle || c.SessionMaxAge > 30*24*time.Hour {
		return fmt.Errorf("session-max-age (GATEHOUSE_SESSION_MAX_AGE): must be at least the idle timeout (%s) and at most 720h, got %s", c.SessionIdle, c.SessionMaxAge)
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" && u.Path != "/" || u.RawQuery != "" {
			return fmt.Errorf("public-url (GATEHOUSE_PUBLIC_URL): must be an http or https origin such as https://kyc.example.org, got %q", c.PublicURL)
		}
	}
	if h := c.ClientIPHeader; h != "" && strings.ContainsAny(h, " :\t\r\n") {
		return fmt.Errorf("client-ip-header (GATEHOUSE_CLIENT_IP_HEADER): must be a header name, got %q", h)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error", "":
	default:
		return fmt.Errorf("log-level: must be debug, info, warn or error, got %q", c.LogLevel)
	}
	if c.BlobDir != "" && c.BlobURL != "" {
		return errors.New("blob-dir and blob-url: set one or the other, not both")
	}
	if c.BlobURL != "" && !strings.Contains(c.BlobURL, "://") {
		return fmt.Errorf("blob-url (GATEHOUSE_BLOB_URL): must be a URL such as s3://bucket?endpoint=…, got %q (use blob-dir for a directory)", c.BlobURL)
	}
	if c.MaxDocumentBytes < 1024 || c.MaxDocumentBytes > 1<<30 {
		return fmt.Errorf("max-document-bytes (GATEHOUSE_MAX_DOCUMENT_BYTES): must be between 1024 and 1073741824, got %d", c.MaxDocumentBytes)
	}
	if c.CollectKeyTTL < time.Minute || c.CollectKeyTTL > 30*24*time.Hour {
		return fmt.Errorf("collect-key-ttl (GATEHOUSE_COLLECT_KEY_TTL): must be between 1m and 720h, got %s", c.CollectKeyTTL)
	}
	return c.validateAddressSearch()
}

// validateAddressSearch checks the address service settings: an absolute
// http(s) URL without credentials, query or fragment, and a key given by
// reference only.
func (c *Config) validateAddressSearch() error {
	if c.AddressSearchURL != "" {
		u, err := url.Parse(c.AddressSearchURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			return errors.New("address-search-url (GATEHOUSE_ADDRESS_SEARCH_URL): must be an absolute http or https URL without credentials, query or fragment")
		}
	}
	if k := c.AddressSearchKey; k != "" {
		if !strings.HasPrefix(k, "env:") && !strings.HasPrefix(k, "file:") {
			// The value is not repeated: it may be a key pasted by mistake.
			return errors.New("GATEHOUSE_ADDRESS_SEARCH_KEY: must be a reference, env:NAME or file:/absolute/path, never the key itself")
		}
		if c.AddressSearchURL == "" {
			return errors.New("GATEHOUSE_ADDRESS_SEARCH_KEY: is set but address-search-url is not (the demo searcher needs no key)")
		}
	}
	return nil
}

// BlobLocation is where documents and files are kept, for blob.Open: the
// bucket URL, the directory, or by default a blobs directory beside the
// SQLite database (data/blobs by default) or, on PostgreSQL, data/blobs.
func (c *Config) BlobLocation() string {
	switch {
	case c.BlobURL != "":
		return c.BlobURL
	case c.BlobDir != "":
		return c.BlobDir
	}
	return filepath.Join(c.dataDir(), "blobs")
}

// DefaultMasterKeyFile is the key file used, and created on first start,
// when no master key is configured: beside the SQLite database, or
// data/master.key on PostgreSQL (where every server sharing the database
// needs the same key, so configure one explicitly).
func (c *Config) DefaultMasterKeyFile() string {
	return filepath.Join(c.dataDir(), MasterKeyFileName)
}

// dataDir is the directory of the SQLite database file, or data.
func (c *Config) dataDir() string {
	if c.IsPostgres() {
		return "data"
	}
	return filepath.Dir(c.SQLitePath())
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
