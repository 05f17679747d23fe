package partner

import (
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Settings are what a check variant with `provider: integration` says of
// its integration, in its config:
//
//	url: https://idv.example.com/passfort/   # the integration's base URL, ending in /
//	key: env:IDV_KEY                         # the 32-byte key both sides share, by reference
//	commercial_relationship: DIRECT          # DIRECT (default) or PASSFORT
//	provider_config: {strict: true}          # the integration's configuration fields
//	provider_credentials:                    # its credential fields, each by reference
//	  username: env:IDV_USER
//	  password: file:/run/secrets/idv_password
//	check_type: COMPANY_CUSTOM               # the integration's check type, when not the usual one
//
// Secrets are never written in the policy: "env:NAME" reads an environment
// variable, "file:/absolute/path" a file.
type Settings struct {
	URL                    string
	Key                    string
	CommercialRelationship integration.CommercialRelationship
	ProviderConfig         map[string]any
	Credentials            map[string]string
	// Kind is the integration's check type: what GET /config must
	// declare.
	Kind integration.CheckType
}

// settingKeys are the config keys of an integration variant.
var settingKeys = []string{"url", "key", "commercial_relationship", "provider_config", "provider_credentials", "check_type"}

// defaultKinds are the integration check types that run each 4.0 check
// type; the 4.0 types not listed run custom checks (INDIVIDUAL_CUSTOM or
// COMPANY_CUSTOM, by entity type), whose decision maps onto any result.
var defaultKinds = map[kyc.CheckType]integration.CheckType{
	kyc.CheckIdentity:             integration.IdentityCheck,
	kyc.CheckDocumentVerification: integration.DocumentVerification,
	kyc.CheckDocumentFetch:        integration.DocumentFetch,
	kyc.CheckCompanyRegistry:      integration.CompanyData,
	kyc.CheckCompanyOwnership:     integration.CompanyData,
	kyc.CheckPEPsAndSanctions:     integration.PEPsAndSanctionsScreen,
	kyc.CheckCompanyPEPsSanctions: integration.CompanyPEPsAndSanctionsScreen,
}

// DefaultKind is the integration check type a variant of 4.0 check type t
// runs when its config names none.
func DefaultKind(t kyc.CheckType) integration.CheckType {
	if k, ok := defaultKinds[t]; ok {
		return k
	}
	if et, _ := t.EntityType(); et == kyc.Company {
		return integration.CompanyCustom
	}
	return integration.IndividualCustom
}

// ParseSettings reads a variant's integration settings and reports every
// problem with them that can be seen without reading a secret or calling
// the integration: each problem names its config key. Secret references
// are checked for their form only, and never shown.
func ParseSettings(v kyc.CheckVariant) (Settings, []kyc.ConfigProblem) {
	var ps []kyc.ConfigProblem
	bad := func(key, reason string, value any) {
		ps = append(ps, kyc.ConfigProblem{Key: key, Reason: reason, Value: value})
	}
	s := Settings{CommercialRelationship: integration.Direct, ProviderConfig: map[string]any{}, Credentials: map[string]string{}}
	for _, k := range sortedKeys(v.Config) {
		if !slices.Contains(settingKeys, k) {
			bad(k, "is not a setting of an integration variant (they are "+strings.Join(settingKeys, ", ")+")", nil)
		}
	}
	str := func(key string, required bool) string {
		raw, ok := v.Config[key]
		if !ok || raw == nil {
			if required {
				bad(key, "is required", nil)
			}
			return ""
		}
		s, ok := raw.(string)
		if !ok {
			bad(key, "must be a string", raw)
		}
		return s
	}
	s.URL = str("url", true)
	if s.URL != "" {
		if reason := urlProblem(s.URL); reason != "" {
			bad("url", reason, s.URL)
		}
	}
	s.Key = str("key", true)
	if s.Key != "" {
		if reason := refProblem(s.Key); reason != "" {
			bad("key", reason, nil)
		}
	}
	switch rel := integration.CommercialRelationship(str("commercial_relationship", false)); rel {
	case "":
	case integration.Direct, integration.PassFort:
		s.CommercialRelationship = rel
	default:
		bad("commercial_relationship", "must be DIRECT or PASSFORT", string(rel))
	}
	if raw, ok := v.Config["provider_config"]; ok && raw != nil {
		if m, ok := stringMap(raw); ok {
			s.ProviderConfig = m
		} else {
			bad("provider_config", "must be a map of the integration's configuration fields to their values", nil)
		}
	}
	if raw, ok := v.Config["provider_credentials"]; ok && raw != nil {
		m, ok := stringMap(raw)
		if !ok {
			bad("provider_credentials", "must be a map of credential names to env:NAME or file:/absolute/path references", nil)
		}
		for _, name := range sortedKeys(m) {
			ref, isString := m[name].(string)
			if !isString {
				bad("provider_credentials."+name, "must be an env:NAME or file:/absolute/path reference", nil)
				continue
			}
			if reason := refProblem(ref); reason != "" {
				bad("provider_credentials."+name, reason, nil)
				continue
			}
			s.Credentials[name] = ref
		}
	}
	if len(s.Credentials) > 0 && s.CommercialRelationship == integration.PassFort {
		bad("provider_credentials", "are sent only with a DIRECT commercial relationship; this variant's is PASSFORT", nil)
	}
	target := kyc.CheckType(v.CheckType)
	s.Kind = DefaultKind(target)
	if k := str("check_type", false); k != "" {
		s.Kind = integration.CheckType(k)
		if reason := kindProblem(s.Kind, target); reason != "" {
			bad("check_type", reason, k)
		}
	}
	return s, ps
}

// kindProblem says why an integration of check type kind cannot run 4.0
// checks of type target, or "".
func kindProblem(kind integration.CheckType, target kyc.CheckType) string {
	if !kind.Valid() {
		return "is not a check type of the partner protocol (IDENTITY_CHECK, DOCUMENT_VERIFICATION, DOCUMENT_FETCH, COMPANY_DATA, " +
			"INDIVIDUAL_CUSTOM, COMPANY_CUSTOM, PEPS_AND_SANCTIONS_SCREEN, COMPANY_PEPS_AND_SANCTIONS_SCREEN)"
	}
	et, known := target.EntityType()
	if !known {
		return "" // the policy reports the unknown check type
	}
	if kind.EntityType() != et {
		return fmt.Sprintf("%s integrations check %s profiles; %s checks run on %s profiles", kind, kind.EntityType(), target, et)
	}
	if kind == integration.IndividualCustom || kind == integration.CompanyCustom || slices.Contains(kind.Targets(), target) {
		return ""
	}
	var names []string
	for _, t := range kind.Targets() {
		names = append(names, string(t))
	}
	return fmt.Sprintf("%s integrations run %s checks, not %s (a custom check type runs any)", kind, strings.Join(names, ", "), target)
}

// urlProblem says what is wrong with an integration's base URL, or "".
func urlProblem(s string) string {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "does not parse as a URL"
	case u.Scheme != "https" && u.Scheme != "http":
		return "must be an https:// URL (http:// for testing)"
	case u.Host == "":
		return "has no host"
	case u.User != nil:
		return "must not carry a user name or password"
	case u.RawQuery != "" || u.Fragment != "":
		return "must not have a query or fragment"
	case !strings.HasSuffix(u.Path, "/"):
		return "must end with / (the protocol's base URLs do)"
	}
	return ""
}

// refProblem says what is wrong with the form of a secret reference, or
// "". It never repeats the reference, which might be a secret pasted by
// mistake.
func refProblem(ref string) string {
	kind, arg, _ := strings.Cut(ref, ":")
	switch {
	case kind == "env" && validEnvName(arg):
		return ""
	case kind == "file" && filepath.IsAbs(arg):
		return ""
	}
	return "must be a reference, env:NAME or file:/absolute/path, never the secret itself"
}

func validEnvName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// stringMap reads a YAML or JSON map with string keys.
func stringMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case map[any]any:
		out := make(map[string]any, len(m))
		for k, x := range m {
			ks, ok := k.(string)
			if !ok {
				return nil, false
			}
			out[ks] = x
		}
		return out, true
	}
	return nil, false
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
