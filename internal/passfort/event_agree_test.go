package passfort

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// eventSpecCheck validates data against the contract's EventData schema with
// kin-openapi. Like specCheck, it reports ok false for documents keying
// national_identity_number by country, which DecodeEventData deliberately
// accepts (see personalDetails).
func eventSpecCheck(t testing.TB, data []byte) (err error, ok bool) {
	t.Helper()
	doc := loadSpec(t)
	var value any
	if err := json.Unmarshal(data, &value); err != nil {
		t.Fatalf("decoding %s: %v", data, err)
	}
	if keysNationalIDs(value) {
		return nil, false
	}
	return doc.Components.Schemas["EventData"].Value.VisitJSON(value), true
}

// TestDecodeEventDataAgreesWithContract mutates every value of the valid
// examples in turn (replacing it, removing it, adding a sibling) and checks
// that DecodeEventData and kin-openapi agree on each result, but for the
// deliberate differences.
func TestDecodeEventDataAgreesWithContract(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: thousands of documents")
	}
	t.Parallel()
	loadSpec(t)
	count := 0
	for name, doc := range validEvents(t) {
		var root any
		if err := json.Unmarshal(doc, &root); err != nil {
			t.Fatal(err)
		}
		blankNationalIDs(root)
		mutateWith(root, eventReplacements, eventSiblings, func(mutated any) {
			count++
			b, _ := json.Marshal(mutated)
			data, typ, err := DecodeEventData(b, "data")
			var e *kyc.Error
			serr, applies := eventSpecCheck(t, b)
			switch {
			case err == nil && string(typ) != eventDiscriminator(b):
				t.Errorf("%s: got event type %q for %s", name, typ, b)
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

func TestInvalidEventsRefusedBySpec(t *testing.T) {
	t.Parallel()
	for _, tc := range invalidEvents {
		_, _, err := DecodeEventData([]byte(tc.doc), "data")
		var e *kyc.Error
		var value any
		if !errors.As(err, &e) || !utf8.ValidString(tc.doc) || json.Unmarshal([]byte(tc.doc), &value) != nil || deliberate(e) {
			continue
		}
		if serr, ok := eventSpecCheck(t, []byte(tc.doc)); ok && serr == nil {
			t.Errorf("%s: refused (%v), but the contract accepts it", tc.name, e)
		}
	}
}

var eventReplacements = []any{
	nil, "", "x", 0.0, 0.5, 1.0, 1.5, -0.5, 87.0, true, []any{}, map[string]any{}, []any{"x"}, []any{map[string]any{}},
	"PEP_FLAG", "SANCTION_FLAG", "ADVERSE_MEDIA_FLAG", "REFER_FLAG", "pep_flag",
	"60fb11e6-2093-48a4-aee3-608fb927061d", "GBR", "GBN", "1985", "1985-03", "1985-03-21", "85-03-21",
	"2017-02-08 15:16:01", "2017-02-08T15:16:01", "aGVsbG8=", "FREEFORM", "PASSPORT", "SUPPORTING",
	map[string]any{"name": "x"}, map[string]any{"text": "x"}, map[string]any{"from_date": "2001"},
	[]any{map[string]any{"name": "x", "url": "y"}}, []any{"1985", 1985.0},
}

var eventSiblings = []string{
	"event_type", "score", "pep", "pep_rating", "sanctions", "media", "sources", "name", "url", "tier",
	"from_date", "date", "values", "value", "country", "data", "images", "extra", "EVENT_TYPE",
}

// blankNationalIDs empties national_identity_number members, which would
// take a document out of the comparison (see eventSpecCheck).
func blankNationalIDs(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, m := range v {
			if k == "national_identity_number" {
				if _, ok := m.(map[string]any); ok {
					v[k] = map[string]any{}
					continue
				}
			}
			blankNationalIDs(m)
		}
	case []any:
		for _, m := range v {
			blankNationalIDs(m)
		}
	}
}

// mutateWith calls visit with copies of root, each changed in one place: a
// value replaced by one of replacements, a member removed, or a member named
// by siblings added with one of the first replacements.
func mutateWith(root any, replacements []any, siblings []string, visit func(any)) {
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
				for _, r := range replacements[:14] {
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
