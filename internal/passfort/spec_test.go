package passfort

import (
	"encoding/json"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/gatehouse/gatehouse/internal/spectest"
)

// loadSpec returns the contract ($GATEHOUSE_SPEC or ../shared/spec),
// skipping the test when it is absent (see spectest.Doc).
func loadSpec(t testing.TB) *openapi3.T {
	t.Helper()
	return spectest.Doc(t)
}

// specCheck validates data against the contract's EntityData schema with
// kin-openapi. It reports ok false for documents the check does not apply to:
// those keying national_identity_number by country, which the contract's
// additionalProperties: false refuses and DecodeEntityData deliberately
// accepts (see personalDetails).
func specCheck(t testing.TB, data []byte) (err error, ok bool) {
	t.Helper()
	doc := loadSpec(t)
	var value any
	if err := json.Unmarshal(data, &value); err != nil {
		t.Fatalf("decoding %s: %v", data, err)
	}
	if keysNationalIDs(value) {
		return nil, false
	}
	return doc.Components.Schemas["EntityData"].Value.VisitJSON(value), true
}

func keysNationalIDs(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		for k, m := range v {
			if ids, ok := m.(map[string]any); ok && k == "national_identity_number" && len(ids) > 0 {
				return true
			}
			if keysNationalIDs(m) {
				return true
			}
		}
	case []any:
		for _, m := range v {
			if keysNationalIDs(m) {
				return true
			}
		}
	}
	return false
}
