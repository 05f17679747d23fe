package passfort

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// TestDecodeEntityDataAgreesWithContract mutates every value of the valid
// examples in turn (replacing it, removing it, adding a sibling) and checks
// that DecodeEntityData and kin-openapi agree on each result, but for the
// deliberate differences. It reaches corners a byte-level fuzzer seldom does.
func TestDecodeEntityDataAgreesWithContract(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: thousands of documents")
	}
	t.Parallel()
	loadSpec(t)
	count := 0
	for name, doc := range validDocs(t) {
		var root any
		if err := json.Unmarshal(doc, &root); err != nil {
			t.Fatal(err)
		}
		// Keyed national identity numbers take a document out of the
		// comparison (see specCheck); mutations may add them back.
		if pd, ok := root.(map[string]any)["personal_details"].(map[string]any); ok && pd["national_identity_number"] != nil {
			pd["national_identity_number"] = map[string]any{}
		}
		mutate(root, func(mutated any) {
			count++
			b, _ := json.Marshal(mutated)
			data, _, err := DecodeEntityData(b, "collected_data")
			var e *kyc.Error
			serr, applies := specCheck(t, b)
			switch {
			case !applies:
			case err == nil && serr != nil:
				t.Errorf("%s: accepted %s, but the contract refuses it: %v", name, data, serr)
			case errors.As(err, &e) && serr == nil && !deliberate(e):
				t.Errorf("%s: refused %s (%v), but the contract accepts it", name, b, err)
			}
		})
	}
	t.Logf("%d documents", count)
}

var replacements = []any{
	nil, "", "x", 0.0, 1.5, true, []any{}, map[string]any{}, []any{"x"},
	"60fb11e6-2093-48a4-aee3-608fb927061d", "GBR", "GBN", "1985", "1985-03", "1985-03-21",
	"2017-02-08 15:16:01", "aGVsbG8=", "INDIVIDUAL", "COMPANY", "FREEFORM", "STRUCTURED",
	map[string]any{"entity_type": "INDIVIDUAL"}, map[string]any{"id": "60fb11e6-2093-48a4-aee3-608fb927061d"},
	map[string]any{"type": "FREEFORM", "country": "GBR", "text": "x"},
}

var siblings = []string{
	"start_date", "end_date", "linked_profile", "immediate_data", "price", "document", "extra", "Entity_Type",
	"type", "country", "id", "data", "GBR",
}

// mutate calls visit with copies of root, each changed in one place.
func mutate(root any, visit func(any)) {
	var walk func(v any, set func(any) any)
	walk = func(v any, set func(any) any) {
		for _, r := range replacements {
			visit(set(r))
		}
		switch v := v.(type) {
		case map[string]any:
			for k := range v {
				visit(set(without(v, k)))
			}
			for _, k := range siblings {
				for _, r := range replacements[:12] {
					visit(set(with(v, k, r)))
				}
			}
			for _, k := range slices.Sorted(maps.Keys(v)) {
				walk(v[k], func(r any) any { return set(with(v, k, r)) })
			}
		case []any:
			for i := range v {
				walk(v[i], func(r any) any {
					c := slices.Clone(v)
					c[i] = r
					return set(c)
				})
			}
		}
	}
	walk(root, func(r any) any { return r })
}

func with(m map[string]any, k string, v any) map[string]any {
	c := maps.Clone(m)
	c[k] = v
	return c
}

func without(m map[string]any, k string) map[string]any {
	c := maps.Clone(m)
	delete(c, k)
	return c
}
