package listscreen

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/screening"
)

// Config is a screening check variant's options, from its `config` map in
// the policy:
//
//	config: {threshold: 0.85, monitoring: true}
//
// threshold (0 < t ≤ 1) is the score from which a listed entity is a
// potential match (screening.DefaultThreshold when absent); monitoring puts
// profiles screened by the variant under ongoing monitoring.
type Config struct {
	Threshold  float64
	Monitoring bool
}

// ParseConfig reads a variant's options. Keys it does not know are left to
// other readers of the policy. Its error is the first *ConfigError.
func ParseConfig(v kyc.CheckVariant) (Config, error) {
	c := Config{Threshold: screening.DefaultThreshold}
	if raw, ok := v.Config["threshold"]; ok && raw != nil {
		t, ok := number(raw)
		if !ok || t <= 0 || t > 1 {
			return c, &ConfigError{Variant: variantName(v), Key: "threshold", Reason: "must be a number above 0 and at most 1", Value: raw}
		}
		c.Threshold = t
	}
	if raw, ok := v.Config["monitoring"]; ok && raw != nil {
		b, ok := raw.(bool)
		if !ok {
			return c, &ConfigError{Variant: variantName(v), Key: "monitoring", Reason: "must be true or false", Value: raw}
		}
		c.Monitoring = b
	}
	return c, nil
}

// ConfigErrors returns every problem with a variant's options (what
// `gatehouse policy check` reports), in key order: ParseConfig's rules,
// applied to each option on its own.
func ConfigErrors(v kyc.CheckVariant) []*ConfigError {
	var out []*ConfigError
	for _, key := range []string{"threshold", "monitoring"} {
		only := v
		only.Config = map[string]any{key: v.Config[key]}
		var ce *ConfigError
		if _, err := ParseConfig(only); errors.As(err, &ce) {
			out = append(out, ce)
		}
	}
	return out
}

// ConfigError is a bad value of one option of a variant.
type ConfigError struct {
	Variant string // the variant's alias, else its id
	Key     string // threshold, monitoring
	Reason  string // "must be ..."
	Value   any
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("check variant %s: config %s %s, got %v", e.Variant, e.Key, e.Reason, e.Value)
}

// Monitored reports whether a check variant puts the profiles it screens
// under ongoing monitoring: it runs on this provider with monitoring: true.
func Monitored(v kyc.CheckVariant) bool {
	if v.Provider != ProviderID {
		return false
	}
	c, err := ParseConfig(v)
	return err == nil && c.Monitoring
}

// MonitoredBy reports whether checks of v are monitored (Monitored), with
// the provider's name; the kyc service sets is_monitored from it.
func (*Provider) MonitoredBy(v kyc.CheckVariant) (string, bool) { return ProviderName, Monitored(v) }

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint64:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

func variantName(v kyc.CheckVariant) string {
	if v.Alias != "" {
		return v.Alias
	}
	return v.ID
}

// QueryFor builds the query a check of type t screens, from the entity's
// facts: for an individual the given names and family name, the date of
// birth, and the nationality (else the country of a current address); for a
// company its name and country of incorporation (else the country of an
// address). The name is empty when the facts have none.
func QueryFor(t kyc.CheckType, f *kyc.Facts) screening.Query {
	// The name as PassFort shows it, of the entity the check type screens.
	named := kyc.Facts{EntityType: kyc.Individual, GivenNames: f.GivenNames, FamilyName: f.FamilyName, CompanyName: f.CompanyName}
	if t == kyc.CheckCompanyPEPsSanctions {
		named.EntityType = kyc.Company
		return screening.Query{Name: named.DisplayName(), Type: screening.Organisation,
			Country: firstCountry(f.CountryOfIncorporation, f)}
	}
	return screening.Query{Name: named.DisplayName(), Type: screening.Person, DOB: strings.TrimSpace(f.DOB),
		Country: firstCountry(f.Nationality, f)}
}

// firstCountry is the preferred country, else that of a current address.
func firstCountry(preferred string, f *kyc.Facts) string {
	if preferred = strings.TrimSpace(preferred); preferred != "" {
		return preferred
	}
	for _, a := range f.Addresses {
		if a.Current && strings.TrimSpace(a.Country) != "" {
			return strings.TrimSpace(a.Country)
		}
	}
	return ""
}

// VariantProblems reports the bad options of a variant (checks.ConfigChecker).
func (p *Provider) VariantProblems(v kyc.CheckVariant) []kyc.ConfigProblem {
	var out []kyc.ConfigProblem
	for _, e := range ConfigErrors(v) {
		out = append(out, kyc.ConfigProblem{Key: e.Key, Reason: e.Reason, Value: e.Value})
	}
	return out
}
