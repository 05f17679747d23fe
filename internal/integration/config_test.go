package integration_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/integration"
)

// goodConfig is a valid synchronous identity check config, written for
// these tests.
const goodConfig = `{
	"check_type": "IDENTITY_CHECK",
	"check_template": {"type": "ONE_TIME_SYNCHRONOUS", "timeout": 20},
	"pricing": {"supports_reselling": true, "maximum_cost": 120},
	"supported_countries": ["GBR", "IRL"],
	"supported_features": ["EXTERNAL_LINK", "SOMETHING_NEW"],
	"credentials": {"fields": [{"type": "string", "name": "api_key", "label": "API key"}]},
	"config": {"fields": [
		{"type": "boolean", "name": "strict", "label": "Strict", "default": false},
		{"type": "string", "name": "region", "label": "Region", "default": "EU"},
		{"type": "MultiSelect", "name": "sources", "label": "Sources", "options": ["CREDIT", "CIVIL"], "default": ["CREDIT"]},
		{"type": "MultiSelect", "name": "extra", "label": "Extra", "options": ["A"], "default": null}
	]}
}`

// edit applies changes (JSON pointer-ish dotted paths to new values, nil
// to delete) to goodConfig.
func edit(t *testing.T, changes map[string]any) *integration.Config {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(goodConfig), &doc); err != nil {
		t.Fatal(err)
	}
	for path, v := range changes {
		parts := strings.Split(path, ".")
		var cur any = doc
		for _, p := range parts[:len(parts)-1] {
			switch c := cur.(type) {
			case map[string]any:
				cur = c[p]
			case []any:
				cur = c[atoi(p)]
			}
		}
		last := parts[len(parts)-1]
		switch c := cur.(type) {
		case map[string]any:
			if v == nil {
				delete(c, last)
			} else {
				c[last] = v
			}
		case []any:
			c[atoi(last)] = v
		}
	}
	b, _ := json.Marshal(doc)
	var cfg integration.Config
	if err := json.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	return &cfg
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	if err := edit(t, nil).Validate(integration.IdentityCheck); err != nil {
		t.Fatalf("the good config: %v", err)
	}
	for _, tc := range []struct {
		name    string
		changes map[string]any
		want    string // field of the one problem
		expect  integration.CheckType
	}{
		{"other check type", map[string]any{"check_type": "COMPANY_DATA"}, "check_type", integration.IdentityCheck},
		{"unknown check type", map[string]any{"check_type": "HOROSCOPE"}, "check_type", ""},
		{"no check type", map[string]any{"check_type": nil}, "check_type", ""},
		{"callback template for identity", map[string]any{"check_template.type": "ONE_TIME_CALLBACK"}, "check_template.type", ""},
		{"fractional timeout", map[string]any{"check_template.timeout": 2.5}, "check_template.timeout", ""},
		{"zero timeout", map[string]any{"check_template.timeout": 0}, "check_template.timeout", ""},
		{"no pricing", map[string]any{"pricing": nil}, "pricing", ""},
		{"no reselling flag", map[string]any{"pricing.supports_reselling": nil}, "pricing.supports_reselling", ""},
		{"reselling without cost", map[string]any{"pricing.maximum_cost": nil}, "pricing.maximum_cost", ""},
		{"negative cost", map[string]any{"pricing.maximum_cost": -1}, "pricing.maximum_cost", ""},
		{"no countries", map[string]any{"supported_countries": []any{}}, "supported_countries", ""},
		{"alpha-2 country", map[string]any{"supported_countries": []any{"GBR", "IE"}}, "supported_countries[1]", ""},
		{"country twice", map[string]any{"supported_countries": []any{"GBR", "GBR"}}, "supported_countries[1]", ""},
		{"feature of another type", map[string]any{"supported_features": []any{"COMPANY_SEARCH"}}, "supported_features[0]", ""},
		{"feature twice", map[string]any{"supported_features": []any{"EXTERNAL_LINK", "EXTERNAL_LINK"}}, "supported_features[1]", ""},
		{"no credentials", map[string]any{"credentials": nil}, "credentials", ""},
		{"credential of type boolean", map[string]any{"credentials.fields.0.type": "boolean"}, "credentials.fields[0].type", ""},
		{"credential without label", map[string]any{"credentials.fields.0.label": ""}, "credentials.fields[0].label", ""},
		{"no config", map[string]any{"config": nil}, "config", ""},
		{"config field twice", map[string]any{"config.fields.1.name": "strict"}, "config.fields[1].name", ""},
		{"unknown field type", map[string]any{"config.fields.1.type": "colour"}, "config.fields[1].type", ""},
		{"boolean default a string", map[string]any{"config.fields.0.default": "no"}, "config.fields[0].default", ""},
		{"missing default", map[string]any{"config.fields.1.default": nil}, "config.fields[1].default", ""},
		{"MultiSelect without options", map[string]any{"config.fields.2.options": nil}, "config.fields[2].options", ""},
		{"MultiSelect default not an option", map[string]any{"config.fields.2.default": []any{"TAROT"}}, "config.fields[2].default", ""},
		{"no name", map[string]any{"config.fields.0.name": ""}, "config.fields[0].name", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := edit(t, tc.changes).Validate(tc.expect)
			ps := integration.ProblemsOf(err)
			if len(ps) != 1 || ps[0].Field != tc.want || ps[0].Reason == "" {
				t.Fatalf("got %v, want one problem at %s", err, tc.want)
			}
		})
	}
}

func TestConfigTemplates(t *testing.T) {
	t.Parallel()
	polled := `{"check_type":"PEPS_AND_SANCTIONS_SCREEN","check_template":{"polling_strategy":"UNIFORM","initial_interval":2,
		"polling_interval":0.5,"max_polls":12},"pricing":{"supports_reselling":false},"supported_countries":["GBR"],
		"supported_features":["PEPS","SANCTIONS"],"credentials":{"fields":[]},"config":{"fields":[{"type":"string","name":"x","label":"X"}]}}`
	var cfg integration.Config
	if err := json.Unmarshal([]byte(polled), &cfg); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(integration.PEPsAndSanctionsScreen); err != nil {
		t.Fatalf("polled config: %v", err)
	}
	if s := cfg.Schedule(); s.Initial != 2*time.Second || s.Interval != 500*time.Millisecond || s.MaxPolls != 12 {
		t.Errorf("schedule %+v", s)
	}
	if call, complete := cfg.Timeouts(); call != integration.DefaultTimeout || complete != integration.DefaultTimeout {
		t.Errorf("timeouts %v %v, want the default", call, complete)
	}
	cfg.CheckTemplate.MaxPolls, cfg.CheckTemplate.PollingInterval = nil, nil
	cfg.CheckTemplate.PollingStrategy = "EXPONENTIAL"
	ps := integration.ProblemsOf(cfg.Validate(""))
	if len(ps) != 3 {
		t.Errorf("got %v, want strategy, interval and max_polls problems", ps)
	}

	// The schedule nested in a polling_strategy object, as PassFort's own
	// screening reference integration declares it.
	nested := `{"check_type":"PEPS_AND_SANCTIONS_SCREEN","check_template":{"type":"ONE_TIME_POLLING","polling_strategy":
		{"type":"UNIFORM","initial_interval":120,"polling_interval":30,"max_polls":10}},"pricing":{"supports_reselling":true,
		"maximum_cost":200},"supported_countries":["GBR"],"supported_features":["PEPS","SANCTIONS","ADVERSE_MEDIA"],
		"credentials":{"fields":[{"type":"string","name":"apikey","label":"API Key"}]},"config":{"fields":[]}}`
	cfg = integration.Config{}
	if err := json.Unmarshal([]byte(nested), &cfg); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(integration.PEPsAndSanctionsScreen); err != nil {
		t.Fatalf("nested polling strategy: %v", err)
	}
	if s := cfg.Schedule(); s.Initial != 120*time.Second || s.Interval != 30*time.Second || s.MaxPolls != 10 {
		t.Errorf("nested schedule %+v, want 120 s then every 30 s, 10 polls", s)
	}
	for _, bad := range []string{`{"polling_strategy":7}`, `{"polling_strategy":{"max_polls":"x"}}`} {
		if err := json.Unmarshal([]byte(bad), &cfg.CheckTemplate); err == nil {
			t.Errorf("template %s decoded", bad)
		}
	}

	callback := `{"check_type":"DOCUMENT_FETCH","check_template":{"type":"ONE_TIME_CALLBACK","request_timeout":15,"callback_timeout":90},
		"pricing":{"supports_reselling":false},"supported_countries":["USA"],"credentials":{"fields":[]},"config":{"fields":[]}}`
	cfg = integration.Config{}
	if err := json.Unmarshal([]byte(callback), &cfg); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(integration.DocumentFetch); err != nil {
		t.Fatal(err)
	}
	if call, complete := cfg.Timeouts(); call != 15*time.Second || complete != 90*time.Second {
		t.Errorf("timeouts %v %v, want 15 s and 90 s", call, complete)
	}
	custom := `{"check_type":"COMPANY_CUSTOM","check_template":{"type":"ONE_TIME_SYNCHRONOUS"},"pricing":{"supports_reselling":true,"maximum_cost":1},
		"supported_countries":["USA"],"credentials":{"fields":[]},"config":{"fields":[]}}`
	cfg = integration.Config{}
	if err := json.Unmarshal([]byte(custom), &cfg); err != nil {
		t.Fatal(err)
	}
	if ps := integration.ProblemsOf(cfg.Validate("")); len(ps) != 1 || ps[0].Field != "pricing.supports_reselling" {
		t.Errorf("a resold custom check: %v", ps)
	}
}

func TestMetadataValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		md   integration.Metadata
		want []string
	}{
		{integration.Metadata{ProtocolVersion: 1, ProviderName: "Acme Checks"}, nil},
		{integration.Metadata{ProtocolVersion: 1, ProviderName: "Émile"}, []string{"provider_name"}},
		{integration.Metadata{ProtocolVersion: 1, ProviderName: "Émile!"}, nil}, // 6 characters, 7 bytes
		{integration.Metadata{ProtocolVersion: 1, ProviderName: strings.Repeat("a", 50)}, []string{"provider_name"}},
		{integration.Metadata{ProtocolVersion: 2, ProviderName: "   "}, []string{"protocol_version", "provider_name"}},
	} {
		var got []string
		for _, p := range integration.ProblemsOf(tc.md.Validate()) {
			got = append(got, p.Field)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%+v: got problems %v, want %v", tc.md, got, tc.want)
		}
	}
}

func TestProviderConfig(t *testing.T) {
	t.Parallel()
	cfg := edit(t, nil)
	got, err := cfg.ProviderConfig(map[string]any{"strict": true, "sources": []string{"CIVIL", "CREDIT"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(got)
	if want := `{"region":"EU","sources":["CIVIL","CREDIT"],"strict":true}`; string(b) != want {
		t.Errorf("got %s, want %s (defaults filled, null default left out)", b, want)
	}
	_, err = cfg.ProviderConfig(map[string]any{"strict": "yes", "sources": "TAROT", "colour": "red"})
	var fields []string
	for _, p := range integration.ProblemsOf(err) {
		fields = append(fields, p.Field)
	}
	if strings.Join(fields, ",") != "provider_config.strict,provider_config.sources,provider_config.colour" {
		t.Errorf("got %v", err)
	}
	creds := integration.Credentials{"api_key": integration.NewSecret("k")}
	if err := cfg.CheckCredentials(creds); err != nil {
		t.Errorf("good credentials: %v", err)
	}
	ps := integration.ProblemsOf(cfg.CheckCredentials(integration.Credentials{"username": integration.NewSecret("u")}))
	if len(ps) != 2 || ps[0].Field != "provider_credentials.api_key" || ps[1].Field != "provider_credentials.username" {
		t.Errorf("got %v, want api_key missing and username unknown", ps)
	}
}
