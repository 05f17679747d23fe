package partner

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/integration/httpsig"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// ProbeTimeout bounds each attempt of GET / and GET /config when an
// integration is probed, whatever the template says of checks.
const ProbeTimeout = 10 * time.Second

// Status is whether a variant's integration can run checks.
type Status string

// Statuses of an integration variant.
const (
	// StatusReady: GET / and GET /config answered and match the variant.
	StatusReady Status = "ready"
	// StatusUnreachable: the integration did not answer; a check that
	// needs it tries again (after Reprobe), and waits with retries.
	StatusUnreachable Status = "unreachable"
	// StatusMismatched: a secret could not be read, or the integration's
	// answers do not match the variant (check type, template,
	// configuration or credential fields, protocol version, the shared
	// key refused). Its checks end as Error (502 PROCESS_NOT_SETUP)
	// until it is fixed; a check tries it again after Reprobe.
	StatusMismatched Status = "mismatched"
)

// Problem is one reason an integration cannot run a variant's checks.
type Problem struct {
	// Field says where: a setting of the variant ("config.key",
	// "config.provider_config.strict") or a member of an integration's
	// answer ("GET /config: check_type").
	Field  string
	Reason string
}

func (p Problem) String() string { return p.Field + ": " + p.Reason }

// VariantStatus is what probing found of one integration variant.
type VariantStatus struct {
	Variant kyc.CheckVariant
	URL     string
	Status  Status
	// Provider is the integration's provider_name, once read.
	Provider string
	// Kind is the integration's check type (as the variant expects it).
	Kind integration.CheckType
	// Timeout is the longest a call of its checks may take (the
	// template's timeouts), once ready.
	Timeout time.Duration
	// Problems keep the variant from running checks.
	Problems []Problem
	// Warnings are what the integration's answers or the variant leave
	// out or get wrong without keeping checks from running: a config
	// short of the protocol in what Gatehouse does not use (countries,
	// pricing, labels), a credential left out.
	Warnings []Problem
}

// Reason joins the problems.
func (s VariantStatus) Reason() string {
	out := make([]string, len(s.Problems))
	for i, p := range s.Problems {
		out[i] = p.String()
	}
	return strings.Join(out, "; ")
}

// conn is one integration variant at run time. Its variant and settings
// never change; the rest, once ready, never changes either; until then,
// probes update it under mu.
type conn struct {
	variant  kyc.CheckVariant
	settings Settings
	// unset are the problems with the settings themselves.
	unset []kyc.ConfigProblem

	mu       sync.Mutex
	st       VariantStatus
	probedAt time.Time
	key      atomic.Pointer[httpsig.Key] // the shared key, once read

	creds          integration.Credentials
	client         *integration.Client
	meta           integration.Metadata
	cfg            *integration.Config
	providerConfig map[string]any
}

func (c *conn) status() VariantStatus {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st
}

// peer is the name of the peer signing with the conn's key ("" before the
// key is read).
func (c *conn) peer() string {
	if k := c.key.Load(); k != nil {
		return k.Fingerprint()
	}
	return ""
}

// probed is what one integration (a base URL and key) answered.
type probed struct {
	meta *integration.Metadata
	cfg  *integration.Config
	err  error
}

// Connect sets up the integrations of the policy's variants (those whose
// provider is "integration"): it reads their secrets and probes each
// integration once, GET / and GET /config, validating both against every
// variant that uses it. It returns what it found of each variant, in
// order, and replaces whatever an earlier Connect set up. Variants that
// are not ready stay known: their checks try them again.
func (p *Provider) Connect(ctx context.Context, variants []kyc.CheckVariant) []VariantStatus {
	var conns []*conn
	for _, v := range variants {
		if v.Provider == kyc.ProviderIntegration {
			s, ps := ParseSettings(v)
			conns = append(conns, &conn{variant: v, settings: s, unset: ps})
		}
	}
	// Probe each integration once, all at the same time.
	results := map[string]*probed{}
	var wg sync.WaitGroup
	for _, c := range conns {
		k, ok := p.setup(c)
		if !ok {
			continue
		}
		if _, seen := results[k]; !seen {
			r := &probed{}
			results[k] = r
			wg.Add(1)
			go func() {
				defer wg.Done()
				r.meta, r.cfg, r.err = p.fetch(ctx, c)
			}()
		}
	}
	wg.Wait()
	out := make([]VariantStatus, len(conns))
	byID := make(map[string]*conn, len(conns))
	for i, c := range conns {
		if r := results[probeKey(c)]; r != nil && c.st.Status == "" {
			p.judge(c, r)
		}
		c.probedAt = p.now()
		out[i] = c.st
		byID[c.variant.ID] = c
	}
	p.mu.Lock()
	p.conns = byID
	p.mu.Unlock()
	p.rebuildPeers()
	return out
}

func probeKey(c *conn) string { return c.settings.URL + "\x00" + c.peer() }

// setup reads a variant's settings and secrets and makes its client. On
// failure the conn is mismatched and ok is false; otherwise it returns
// the key of the integration to probe.
func (p *Provider) setup(c *conn) (string, bool) {
	s := &c.settings
	c.st = VariantStatus{Variant: c.variant, URL: s.URL, Kind: s.Kind}
	for _, e := range c.unset {
		c.st.Problems = append(c.st.Problems, Problem{Field: "config." + e.Key, Reason: e.Reason})
	}
	if len(c.unset) == 0 {
		key, err := p.Resolver.Key(s.Key)
		if err != nil {
			c.st.Problems = append(c.st.Problems, Problem{Field: "config.key", Reason: err.Error()})
		} else {
			c.key.Store(&key)
		}
		if c.creds, err = p.Resolver.Credentials(s.Credentials); err != nil {
			c.st.Problems = append(c.st.Problems, Problem{Field: "config.provider_credentials", Reason: err.Error()})
		}
		if len(c.st.Problems) == 0 {
			if c.client, err = integration.NewClient(s.URL, key); err != nil {
				c.st.Problems = append(c.st.Problems, Problem{Field: "config.url", Reason: err.Error()})
			}
		}
	}
	if len(c.st.Problems) > 0 {
		c.st.Status = StatusMismatched
		return "", false
	}
	c.client.HTTP, c.client.Retry, c.client.Now = p.HTTP, p.Retry, p.Now
	c.client.Timeout = ProbeTimeout
	return probeKey(c), true
}

// fetch reads an integration's metadata and config.
func (p *Provider) fetch(ctx context.Context, c *conn) (*integration.Metadata, *integration.Config, error) {
	meta, err := c.client.Metadata(ctx)
	if err != nil {
		return nil, nil, err
	}
	cfg, err := c.client.Config(ctx)
	if err != nil {
		return meta, nil, err
	}
	return meta, cfg, nil
}

// judge validates what an integration answered against a variant.
func (p *Provider) judge(c *conn, r *probed) {
	s := &c.settings
	add := func(field, reason string) {
		c.st.Problems = append(c.st.Problems, Problem{Field: field, Reason: reason})
	}
	if r.meta != nil {
		c.st.Provider = r.meta.ProviderName
	}
	if r.err != nil {
		c.st.Status = StatusMismatched
		reason := r.err.Error()
		if ce := integration.AsCallError(r.err); ce != nil {
			reason = ce.Reason
			if ce.Attempts > 1 {
				reason += fmt.Sprintf(" (after %d attempts)", ce.Attempts)
			}
			if ce.Temporary() {
				c.st.Status = StatusUnreachable
			}
			add(ce.Op, reason)
		} else {
			add("probe", reason)
		}
		return
	}
	warn := func(field, reason string) {
		c.st.Warnings = append(c.st.Warnings, Problem{Field: field, Reason: reason})
	}
	for _, e := range integration.ProblemsOf(r.meta.Validate()) {
		if e.Field == "protocol_version" {
			add("GET /: "+e.Field, e.Reason)
		} else {
			warn("GET /: "+e.Field, e.Reason)
		}
	}
	// Integrations PassFort published declare configs short of the
	// protocol's text (no supported_countries, a template with extra
	// members): only what decides how Gatehouse calls the integration
	// keeps it from running checks.
	for _, e := range integration.ProblemsOf(r.cfg.Validate(s.Kind)) {
		if strings.HasPrefix(e.Field, "check_type") || strings.HasPrefix(e.Field, "check_template") {
			add("GET /config: "+e.Field, e.Reason)
		} else {
			warn("GET /config: "+e.Field, e.Reason)
		}
	}
	pc, err := r.cfg.ProviderConfig(s.ProviderConfig)
	for _, e := range integration.ProblemsOf(err) {
		add("config."+e.Field, e.Reason)
	}
	switch s.CommercialRelationship {
	case integration.Direct:
		p.credentials(c, r.cfg, add, warn)
	case integration.PassFort:
		if r.cfg.Pricing != nil && r.cfg.Pricing.SupportsReselling != nil && !*r.cfg.Pricing.SupportsReselling {
			add("config.commercial_relationship", "is PASSFORT, but the integration's pricing says it cannot be resold")
		}
	}
	if len(c.st.Problems) > 0 {
		c.st.Status = StatusMismatched
		return
	}
	c.meta, c.cfg, c.providerConfig = *r.meta, r.cfg, pc
	c.client.Configure(r.cfg)
	call, complete := r.cfg.Timeouts()
	c.st.Timeout = max(call, complete)
	c.st.Status = StatusReady
}

// credentials checks the variant's credentials against the fields the
// integration declares: a name it does not declare is a problem (a typo);
// a declared field left out is sent with the field's default when it has
// one, and is otherwise a warning (the protocol does not say every field
// is required; an integration that needs it refuses the check).
func (p *Provider) credentials(c *conn, cfg *integration.Config, add, warn func(field, reason string)) {
	declared := map[string]bool{}
	if cfg.Credentials != nil {
		for _, f := range cfg.Credentials.Fields {
			declared[f.Name] = true
			if v, ok := c.creds[f.Name]; ok && v.Reveal() != "" {
				continue
			}
			var def string
			if json.Unmarshal(f.Default, &def) == nil && def != "" {
				if c.creds == nil {
					c.creds = integration.Credentials{}
				}
				c.creds[f.Name] = integration.NewSecret(def)
				continue
			}
			warn("config.provider_credentials."+f.Name, "is not given ("+f.Label+"); the integration may refuse checks without it")
		}
	}
	names := make([]string, 0, len(c.creds))
	for name := range c.creds {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !declared[name] {
			add("config.provider_credentials."+name, "is not a credential field of this integration")
		}
	}
}

// ready makes sure a variant's integration can run checks, probing it
// again when it could not and Reprobe has passed. The error is
// kyc.EProvider when the integration could not be reached (the check is
// retried later), kyc.EProcessNotSetup when it cannot be used.
func (p *Provider) ready(ctx context.Context, c *conn) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.st.Status == StatusReady {
		return nil
	}
	if p.now().Sub(c.probedAt) >= p.reprobe() {
		had := c.peer()
		c.st = VariantStatus{}
		if _, ok := p.setup(c); ok {
			meta, cfg, err := p.fetch(ctx, c)
			p.judge(c, &probed{meta: meta, cfg: cfg, err: err})
		}
		c.probedAt = p.now()
		if c.peer() != had {
			p.rebuildPeers()
		}
		if c.st.Status == StatusReady {
			p.log().Info("integration ready", "variant", variantName(c.variant), "provider", c.st.Provider)
		}
	}
	switch c.st.Status {
	case StatusReady:
		return nil
	case StatusUnreachable:
		return &kyc.Error{Code: kyc.EProvider, Message: "the integration could not be reached: " + c.st.Reason(),
			Info: map[string]any{"variant_id": c.variant.ID}}
	}
	return &kyc.Error{Code: kyc.EProcessNotSetup, Message: "the integration of check variant " + variantName(c.variant) +
		" is not set up: " + c.st.Reason(), Info: map[string]any{"variant_id": c.variant.ID}}
}

func (p *Provider) reprobe() time.Duration {
	if p.Reprobe > 0 {
		return p.Reprobe
	}
	return DefaultReprobe
}

// rebuildPeers makes the set of keys the callback and image endpoints
// accept: every key a variant read, once. Two different keys with the same
// key id cannot be told apart by a signature; the later is left out, with
// an error logged.
func (p *Provider) rebuildPeers() {
	p.mu.Lock()
	var peers []integration.Peer
	ids := map[string]string{} // key id → fingerprint
	for _, c := range p.conns {
		k := c.key.Load()
		if k == nil {
			continue
		}
		fp := k.Fingerprint()
		switch prev, seen := ids[k.ID()]; {
		case !seen:
			ids[k.ID()] = fp
			peers = append(peers, integration.Peer{Name: fp, Key: *k})
		case prev != fp:
			p.log().Error("two integration keys share a key id; give one a new key", "variant", variantName(c.variant))
		}
	}
	p.mu.Unlock()
	ps, err := integration.NewPeers(peers...)
	if err != nil { // cannot happen: names and ids are unique
		p.log().Error("integration peers", "error", err.Error())
		return
	}
	p.peers.Store(ps)
}
