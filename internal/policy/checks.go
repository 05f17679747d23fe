package policy

import (
	"crypto/sha256"
	"fmt"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// CheckVariant finds a check variant by id (in any case) or alias, as the
// document's own references do (byRef).
func (p *Policy) CheckVariant(ref string) (kyc.CheckVariant, bool) {
	if c := byRef(p.checkByRef, ref); c != nil {
		return *c, true
	}
	return kyc.CheckVariant{}, false
}

// CheckVariants returns every check variant, in document order (for the
// providers that set up what their variants name, such as integrations).
func (p *Policy) CheckVariants() []kyc.CheckVariant {
	out := make([]kyc.CheckVariant, len(p.checks))
	for i, c := range p.checks {
		out[i] = *c
	}
	return out
}

// DefaultCheckVariant returns the check variant a check of a type uses when
// the request names none: the policy's first variant of that type, or, when
// the policy configures none, a built-in variant on the demo provider (so
// that POST /checks with only a check_type always works).
func (p *Policy) DefaultCheckVariant(t kyc.CheckType) kyc.CheckVariant {
	for _, c := range p.checks {
		if c.CheckType == string(t) {
			return *c
		}
	}
	return kyc.CheckVariant{ID: builtinVariantID(t), Alias: "demo_" + strings.ToLower(string(t)), Name: "Demo " + string(t),
		CheckType: string(t), Provider: "demo", Config: map[string]any{}}
}

// builtinVariantID is a stable UUID for the built-in variant of a check type.
func builtinVariantID(t kyc.CheckType) string {
	h := sha256.Sum256([]byte("gatehouse builtin check variant " + string(t)))
	h[6] = h[6]&0x0f | 0x50 // version 5-style name-based id
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// TaskChecks returns a task variant's acceptance check variant ids and its
// automatic check variants (in waterfall order).
func (p *Policy) TaskChecks(taskVariantID string) (acceptance []string, automatic []kyc.CheckVariant) {
	v := p.variant(taskVariantID)
	if v == nil {
		return nil, nil
	}
	return v.acceptance, v.automatic
}
