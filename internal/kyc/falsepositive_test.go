package kyc

import "testing"

// TestWithFalsePositive: the mark goes on the results of the match only,
// every other byte of the output stays as the provider wrote it, and
// setting the same mark again or removing an absent one changes nothing.
func TestWithFalsePositive(t *testing.T) {
	const out = `{"entity_type":"INDIVIDUAL","sanctions_results":[{"match_id":"a","score":0.9,"x":"<&>"},{"match_id":"b","score":1e0}],"screening":{"lists":[]}}`
	fp := &falsePositive{MatchID: "b", MatchModifiedDate: "2026-01-02 03:04:05", Reasons: []string{}, Issuer: "k"}
	got, ok := withFalsePositive([]byte(out), "b", fp)
	want := `{"entity_type":"INDIVIDUAL","sanctions_results":[{"match_id":"a","score":0.9,"x":"<&>"},{"match_id":"b","score":1e0,` +
		`"false_positive":{"match_id":"b","match_modified_date":"2026-01-02 03:04:05","reasons":[],"issuer":"k"}}],"screening":{"lists":[]}}`
	if !ok || string(got) != want {
		t.Fatalf("got %v %s, want\n%s", ok, got, want)
	}
	if again, ok := withFalsePositive(got, "b", fp); ok || string(again) != want {
		t.Errorf("marking again: got %v %s, want no change", ok, again)
	}
	if back, ok := withFalsePositive(got, "b", nil); !ok || string(back) != out {
		t.Errorf("unmarking: got %v %s, want the original", ok, back)
	}
	for _, tc := range []struct{ name, output string }{
		{"no such match", out}, {"not an object", `[]`}, {"no results", `{"entity_type":"INDIVIDUAL"}`}, {"empty", ``},
	} {
		if _, ok := withFalsePositive([]byte(tc.output), "z", fp); ok {
			t.Errorf("%s: got a change", tc.name)
		}
	}
}
