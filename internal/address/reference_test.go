package address

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestReference compares the Go renderer with the JavaScript reference
// implementation of the same data set (testdata/reference.json, written by
// scripts/gen-address-formats), three invented addresses per country.
func TestReference(t *testing.T) {
	raw, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Country    string      `json:"country"`
		Components [][2]string `json:"components"`
		Want       string      `json:"want"`
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	if n := len(load().Countries); len(cases) < 3*n {
		t.Fatalf("got %d reference cases, want 3 for each of %d countries", len(cases), n)
	}
	for i, tc := range cases {
		c := &components{}
		for _, kv := range tc.Components {
			c.set(kv[0], kv[1])
		}
		got := formatComponents(c, tc.Country, false, false)
		if want := strings.TrimSuffix(tc.Want, "\n"); got != want {
			t.Errorf("case %d (%s %v): got\n%s\nwant\n%s", i, tc.Country, tc.Components, got, want)
		}
	}
}
