package policy

import (
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// TestFourEyes: four_eyes: true makes a product's approvals need two
// analysts; it cannot be combined with automatic approval; the default is off.
func TestFourEyes(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		want    bool
		problem string
	}{
		{"off by default", base, false, ""},
		{"on", edit(t, "    name: P\n", "    name: P\n    four_eyes: true\n"), true, ""},
		{"with automatic approval", edit(t, "    name: P\n", "    name: P\n    four_eyes: true\n    automatically_approve: true\n"), false,
			"products[0].four_eyes: a product approved by two analysts cannot also be approved automatically"},
		{"not a boolean", edit(t, "    name: P\n", "    name: P\n    four_eyes: twice\n"), false, "line 17: cannot unmarshal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse([]byte(tt.doc), testProviders)
			if tt.problem != "" {
				if err == nil || !strings.Contains(err.Error(), tt.problem) {
					t.Fatalf("got %v, want a problem containing %q", err, tt.problem)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			prod, ok := p.Product(kyc.ProductRef{Alias: "p"})
			if !ok || prod.FourEyes != tt.want {
				t.Fatalf("got four_eyes %t, want %t", prod.FourEyes, tt.want)
			}
		})
	}
}
