package integration

import (
	"encoding/json"
	"sort"
)

// ProviderConfig builds a check's provider_config from the values a check
// variant sets: every configuration field the integration declares, set
// to the variant's value or else to the field's default (omitted when it
// has none). A value the field cannot take, or a name the integration does
// not declare, is a Problem naming provider_config.<name>, so a policy can
// be checked before any check runs.
func (c *Config) ProviderConfig(values map[string]any) (map[string]any, error) {
	var ps Problems
	out := map[string]any{}
	var declared []Field
	if c.Config != nil {
		declared = c.Config.Fields
	}
	known := map[string]bool{}
	for _, f := range declared {
		known[f.Name] = true
		v, set := values[f.Name]
		if !set {
			if !isAbsent(f.Default) {
				if d, reason := fieldValue(f, f.Default); reason == "" {
					out[f.Name] = d
				}
			}
			continue
		}
		raw, err := json.Marshal(v)
		if err != nil {
			ps.add("provider_config."+f.Name, "cannot be encoded as JSON")
			continue
		}
		d, reason := fieldValue(f, raw)
		if reason != "" {
			ps.add("provider_config."+f.Name, reason)
			continue
		}
		out[f.Name] = d
	}
	for _, n := range sortedKeys(values) {
		if !known[n] {
			ps.add("provider_config."+n, "is not a configuration field of this integration")
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// CheckCredentials reports credentials the integration declares that are
// missing, and credentials it does not declare. The protocol sends
// credentials only for a DIRECT relationship; an integration resold by
// the platform gets none.
func (c *Config) CheckCredentials(creds Credentials) error {
	var ps Problems
	known := map[string]bool{}
	if c.Credentials != nil {
		for _, f := range c.Credentials.Fields {
			known[f.Name] = true
			if s, ok := creds[f.Name]; !ok || s.Reveal() == "" {
				ps.add("provider_credentials."+f.Name, "is required ("+f.Label+")")
			}
		}
	}
	names := make([]string, 0, len(creds))
	for n := range creds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if !known[n] {
			ps.add("provider_credentials."+n, "is not a credential field of this integration")
		}
	}
	return ps.err()
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
