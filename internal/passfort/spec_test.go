package passfort

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// specPath is the PassFort 4.0 contract, outside the module, beside the
// checkout.
var specPath = filepath.Join("..", "..", "..", "shared", "spec", "passfort-api-4.0.openapi.json")

var spec struct {
	once sync.Once
	doc  *openapi3.T
	err  error
}

// loadSpec returns the contract, skipping the test when it is absent.
func loadSpec(t testing.TB) *openapi3.T {
	t.Helper()
	spec.once.Do(func() {
		if _, err := os.Stat(specPath); err != nil {
			spec.err = err
			return
		}
		spec.doc, spec.err = openapi3.NewLoader().LoadFromFile(specPath)
	})
	if os.IsNotExist(spec.err) {
		t.Skipf("contract not found at %s: skipping checks against it", specPath)
	}
	if spec.err != nil {
		t.Fatalf("loading the contract: %v", spec.err)
	}
	return spec.doc
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
