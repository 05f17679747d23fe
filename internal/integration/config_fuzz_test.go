package integration_test

import (
	"encoding/json"
	"testing"

	"github.com/gatehouse/gatehouse/internal/integration"
)

// FuzzConfig decodes any GET /config answer and judges it: decoding,
// validation, the timeouts, the schedule and provider_config never panic,
// and a config that validates has a usable schedule.
func FuzzConfig(f *testing.F) {
	for _, seed := range []string{
		`{"check_type":"PEPS_AND_SANCTIONS_SCREEN","check_template":{"type":"ONE_TIME_POLLING","polling_strategy":{"type":"UNIFORM","initial_interval":120,"polling_interval":30,"max_polls":10}},"pricing":{"supports_reselling":true,"maximum_cost":200},"supported_countries":["GBR"],"credentials":{"fields":[]},"config":{"fields":[]}}`,
		`{"check_type":"PEPS_AND_SANCTIONS_SCREEN","check_template":{"polling_strategy":"UNIFORM","initial_interval":2,"polling_interval":0.5,"max_polls":12},"pricing":{"supports_reselling":false},"supported_countries":["GBR"],"credentials":{"fields":[]},"config":{"fields":[{"type":"MultiSelect","name":"m","label":"M","options":["a","b"],"default":null}]}}`,
		`{"check_type":"IDENTITY_CHECK","check_template":{"type":"ONE_TIME_SYNCHRONOUS","timeout":60},"pricing":{"supports_reselling":true,"maximum_cost":200},"credentials":{"fields":[{"type":"string","name":"url","label":"URL","default":"https://x"}]},"config":{"fields":[{"type":"boolean","name":"b","label":"B","default":false}]}}`,
		`{"check_template":{"polling_strategy":null,"max_polls":1e308,"polling_interval":-1}}`,
		`{"check_template":{"polling_strategy":{"max_polls":"x"}}}`,
		`{"check_type":"PEPS_AND_SANCTIONS_SCREEN","check_template":{"polling_interval":2e6,"max_polls":3},"pricing":{"supports_reselling":false},"supported_countries":["GBR"],"credentials":{"fields":[]},"config":{"fields":[]}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var cfg integration.Config
		if json.Unmarshal(b, &cfg) != nil {
			return
		}
		err := cfg.Validate("")
		cfg.Timeouts()
		s := cfg.Schedule()
		_, _ = cfg.ProviderConfig(map[string]any{"b": true, "m": []any{"a"}})
		if err == nil && cfg.CheckType.Template() == integration.TemplatePolled && (s.Interval <= 0 || s.MaxPolls < 1) {
			t.Fatalf("a valid polled config with schedule %+v", s)
		}
	})
}
