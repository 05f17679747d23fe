package integration

import (
	"encoding/json"
	"testing"
)

// FuzzDecodeCallback checks that any callback body is accepted or refused
// with a field error, never a panic, and that what is accepted holds a
// UUID provider_id, a reference, and object custom_data that merges.
func FuzzDecodeCallback(f *testing.F) {
	for _, s := range []string{
		`{"provider_id":"7c6b1f3e-5a8d-4c2e-9f10-2b3a4c5d6e7f","reference":"R-1","custom_data":{"a":[1,2]}}`,
		`{"provider_id":"7c6b1f3e-5a8d-4c2e-9f10-2b3a4c5d6e7f","reference":"R-1","custom_data":null,"extra":true}`,
		`{"provider_id":7,"reference":"R"}`, `{"reference":""}`, `[]`, `{`, ``, `{"custom_data":"x"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		cb, kerr := decodeCallback([]byte(body))
		if kerr != nil {
			if kerr.Info["field"] == nil {
				t.Fatalf("refusal of %q names no field: %v", body, kerr)
			}
			return
		}
		if !isUUID(cb.ProviderID) || cb.Reference == "" {
			t.Fatalf("accepted %q as %+v", body, cb)
		}
		merged, err := MergeCustomData(json.RawMessage(`{"start":1}`), cb.CustomData)
		if err != nil {
			t.Fatalf("custom_data %s of an accepted callback does not merge: %v", cb.CustomData, err)
		}
		var m map[string]any
		if json.Unmarshal(merged, &m) != nil || m["start"] == nil && !hasKey(cb.CustomData, "start") {
			t.Fatalf("merge of %s lost the older member: %s", cb.CustomData, merged)
		}
	})
}

func hasKey(raw json.RawMessage, k string) bool {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(raw, &m)
	_, ok := m[k]
	return ok
}
