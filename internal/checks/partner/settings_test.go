package partner

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// TestParseSettings reads the settings of integration variants and
// reports every problem visible without a secret or a call, naming its
// key, and never repeating a secret pasted where a reference belongs.
func TestParseSettings(t *testing.T) {
	ok := map[string]any{"url": "https://idv.example.com/passfort/", "key": "env:IDV_KEY"}
	with := func(kv ...any) map[string]any {
		m := map[string]any{}
		for k, v := range ok {
			m[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(m, kv[i].(string))
			} else {
				m[kv[i].(string)] = kv[i+1]
			}
		}
		return m
	}
	for _, tc := range []struct {
		name   string
		target kyc.CheckType
		config map[string]any
		want   []string // "key: reason" prefixes
		kind   integration.CheckType
	}{
		{"minimal", kyc.CheckIdentity, ok, nil, integration.IdentityCheck},
		{"company data by default", kyc.CheckCompanyOwnership, ok, nil, integration.CompanyData},
		{"custom by default", kyc.CheckCompanyFilings, ok, nil, integration.CompanyCustom},
		{"individual custom by default", kyc.CheckBankAccount, ok, nil, integration.IndividualCustom},
		{"everything", kyc.CheckCompanyRegistry, with("commercial_relationship", "DIRECT", "check_type", "COMPANY_CUSTOM",
			"provider_config", map[string]any{"strict": true}, "provider_credentials", map[string]any{"username": "file:/run/secrets/user"}),
			nil, integration.CompanyCustom},
		{"missing", kyc.CheckIdentity, map[string]any{}, []string{"url: is required", "key: is required"}, integration.IdentityCheck},
		{"unknown key", kyc.CheckIdentity, with("timeout", 3), []string{"timeout: is not a setting"}, integration.IdentityCheck},
		{"no trailing slash", kyc.CheckIdentity, with("url", "https://idv.example.com/passfort"), []string{"url: must end with /"}, integration.IdentityCheck},
		{"ftp", kyc.CheckIdentity, with("url", "ftp://idv.example.com/"), []string{"url: must be an https:// URL"}, integration.IdentityCheck},
		{"user in url", kyc.CheckIdentity, with("url", "https://u:p@idv.example.com/"), []string{"url: must not carry"}, integration.IdentityCheck},
		{"query", kyc.CheckIdentity, with("url", "https://idv.example.com/?a=1"), []string{"url: must not have a query"}, integration.IdentityCheck},
		{"url not a string", kyc.CheckIdentity, with("url", 7), []string{"url: must be a string"}, integration.IdentityCheck},
		{"pasted key", kyc.CheckIdentity, with("key", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI="), []string{"key: must be a reference"}, integration.IdentityCheck},
		{"relative file", kyc.CheckIdentity, with("key", "file:secrets/key"), []string{"key: must be a reference"}, integration.IdentityCheck},
		{"relationship", kyc.CheckIdentity, with("commercial_relationship", "RESOLD"), []string{"commercial_relationship: must be DIRECT or PASSFORT"}, integration.IdentityCheck},
		{"credentials with PASSFORT", kyc.CheckIdentity, with("commercial_relationship", "PASSFORT", "provider_credentials",
			map[string]any{"username": "env:U"}), []string{"provider_credentials: are sent only with a DIRECT"}, integration.IdentityCheck},
		{"pasted credential", kyc.CheckIdentity, with("provider_credentials", map[string]any{"password": "hunter2"}),
			[]string{"provider_credentials.password: must be a reference"}, integration.IdentityCheck},
		{"credentials not a map", kyc.CheckIdentity, with("provider_credentials", "env:X"), []string{"provider_credentials: must be a map"}, integration.IdentityCheck},
		{"provider_config not a map", kyc.CheckIdentity, with("provider_config", []any{1}), []string{"provider_config: must be a map"}, integration.IdentityCheck},
		{"unknown check type", kyc.CheckIdentity, with("check_type", "KYC"), []string{"check_type: is not a check type of the partner protocol"}, "KYC"},
		{"entity mismatch", kyc.CheckIdentity, with("check_type", "COMPANY_DATA"), []string{"check_type: COMPANY_DATA integrations check COMPANY profiles"}, integration.CompanyData},
		{"target mismatch", kyc.CheckCompanyRegistry, with("check_type", "COMPANY_PEPS_AND_SANCTIONS_SCREEN"),
			[]string{"check_type: COMPANY_PEPS_AND_SANCTIONS_SCREEN integrations run COMPANY_PEPS_AND_SANCTIONS_SCREEN checks, not COMPANY_REGISTRY"}, integration.CompanyPEPsAndSanctionsScreen},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, ps := ParseSettings(kyc.CheckVariant{ID: kyc.NewID(), CheckType: string(tc.target), Provider: kyc.ProviderIntegration, Config: tc.config})
			var got []string
			for _, p := range ps {
				got = append(got, p.Key+": "+p.Reason)
				if str, ok := p.Value.(string); ok && (strings.Contains(str, "hunter2") || strings.Contains(str, "c2VjcmV0")) {
					t.Errorf("problem %q shows the secret", p.Key)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got problems %q, want %q", got, tc.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("got %q, want %q", got[i], tc.want[i])
				}
			}
			if s.Kind != tc.kind {
				t.Errorf("got kind %s, want %s", s.Kind, tc.kind)
			}
		})
	}
	s, _ := ParseSettings(kyc.CheckVariant{CheckType: string(kyc.CheckIdentity), Config: map[string]any{"url": "https://x.example/", "key": "env:K",
		"provider_credentials": map[string]any{"username": "env:U", "password": "file:/p"}, "provider_config": map[string]any{"strict": true}}})
	want := Settings{URL: "https://x.example/", Key: "env:K", CommercialRelationship: integration.Direct, Kind: integration.IdentityCheck,
		ProviderConfig: map[string]any{"strict": true}, Credentials: map[string]string{"username": "env:U", "password": "file:/p"}}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("got %+v, want %+v", s, want)
	}
}

// FuzzParseSettings: any config (as JSON) is read without panicking, and
// either parses or names each problem's key.
func FuzzParseSettings(f *testing.F) {
	for _, seed := range []string{
		`{"url":"https://idv.example.com/","key":"env:K"}`,
		`{"url":"https://idv.example.com/","key":"env:K","provider_credentials":{"a":"env:A","b":7},"provider_config":{"x":[1,2]}}`,
		`{"url":7,"key":["x"],"commercial_relationship":{},"check_type":null}`,
		`{"url":"http://[::1]:80/a/","key":"file:/x","check_type":"COMPANY_CUSTOM"}`,
		`{}`,
	} {
		f.Add(seed, string(kyc.CheckCompanyRegistry))
	}
	f.Fuzz(func(t *testing.T, config, target string) {
		var m map[string]any
		if err := jsonUnmarshal([]byte(config), &m); err != nil {
			return
		}
		_, ps := ParseSettings(kyc.CheckVariant{CheckType: target, Config: m})
		for _, p := range ps {
			if p.Key == "" || p.Reason == "" {
				t.Fatalf("a problem without key or reason: %+v", p)
			}
		}
	})
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
