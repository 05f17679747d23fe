// Package policy loads an institution's products, task and check variants,
// risk models and smart policies from YAML and answers the domain's
// questions about them (kyc.Policy). Conditions and risk factors are CEL
// expressions, compiled once when the policy is loaded.
package policy

import (
	"os"
	"strings"
	"sync"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Policy is a loaded, validated policy. It implements kyc.Policy; it is
// immutable and safe for concurrent use.
type Policy struct {
	name    string
	version string

	variants     []*taskVariant          // in file order
	variantByRef map[string]*taskVariant // by id, alias, and task type (first variant)
	products     []*product
	checks       []*kyc.CheckVariant          // in file order
	checkByRef   map[string]*kyc.CheckVariant // by id and alias
	builtinTable bool                         // country_risk is the built-in table

	theme      *themeFile            // collect.theme, or nil
	themes     map[string]*themeFile // collect.institutions, by institution name
	associates kyc.AssociatePolicy
	retention  kyc.RetentionPolicy
}

// Retention implements kyc.Policy.
func (p *Policy) Retention() kyc.RetentionPolicy { return p.retention }

// taskVariant is a task variant with its checks and expiry periods.
type taskVariant struct {
	kyc.TaskVariant
	acceptance []string           // check variant ids
	automatic  []kyc.CheckVariant // waterfall order
	expiry     map[kyc.RiskCategory]int
	expiryDef  int
	// associate is the product an associate linked for the task applies
	// for, by the associate's entity type.
	associate map[kyc.EntityType]*product
}

// expiryDays is how long a pass lasts at a risk level (0: forever).
func (v *taskVariant) expiryDays(level kyc.RiskCategory) int {
	if d, ok := v.expiry[level]; ok {
		return d
	}
	return v.expiryDef
}

type product struct {
	kyc.Product
	smart map[kyc.EntityType]*smartPolicy
}

var _ kyc.Policy = (*Policy)(nil)

// Demo returns the built-in demo policy (parsed once; a Policy is immutable).
func Demo() *Policy { return demo() }

var demo = sync.OnceValue(func() *Policy {
	p, err := parse(demoYAML, nil)
	if err != nil {
		panic("policy: the built-in demo policy is invalid: " + err.Error())
	}
	return p
})

// Load reads and validates a policy file against the process's check
// providers.
func Load(path string, providers kyc.ProviderCatalog) (*Policy, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(b, providers)
}

// Problems is the list of everything wrong with a policy document.
type Problems []string

func (ps Problems) Error() string { return "invalid policy:\n  " + strings.Join(ps, "\n  ") }

// Name is the policy's name.
func (p *Policy) Name() string { return p.name }

// Version is a hash of the policy document (and of the built-in country
// table when the document has none).
func (p *Policy) Version() string { return p.version }

// UsesBuiltinCountryRisk reports whether country_risk() reads the built-in
// FATF table because the document defines none.
func (p *Policy) UsesBuiltinCountryRisk() bool { return p.builtinTable }

// Product finds a product by id (case-insensitive) or alias.
func (p *Policy) Product(ref kyc.ProductRef) (kyc.Product, bool) {
	if pr := p.product(ref); pr != nil {
		return pr.Product, true
	}
	return kyc.Product{}, false
}

func (p *Policy) product(ref kyc.ProductRef) *product {
	id := strings.ToLower(ref.ID)
	for _, pr := range p.products {
		if id != "" && pr.ID == id || id == "" && ref.Alias != "" && pr.Alias == ref.Alias {
			return pr
		}
	}
	return nil
}

// Products returns every product.
func (p *Policy) Products() []kyc.Product {
	out := make([]kyc.Product, len(p.products))
	for i, pr := range p.products {
		out[i] = pr.Product
	}
	return out
}

// AutoApply returns the automatically applied products with a smart policy
// for the entity type.
func (p *Policy) AutoApply(et kyc.EntityType) []kyc.Product {
	var out []kyc.Product
	for _, pr := range p.products {
		if _, ok := pr.smart[et]; ok && pr.AutomaticallyApply {
			out = append(out, pr.Product)
		}
	}
	return out
}

// TaskVariant finds a task variant by id (case-insensitive) or alias, or,
// given a task type, the first variant of that type in the document (what
// POST /tasks with only a `type` asks for).
func (p *Policy) TaskVariant(ref string) (kyc.TaskVariant, bool) {
	if v := p.variant(ref); v != nil {
		return v.TaskVariant, true
	}
	return kyc.TaskVariant{}, false
}

func (p *Policy) variant(ref string) *taskVariant { return byRef(p.variantByRef, ref) }

// byRef finds what a reference names in a map by id (stored lower-cased)
// and alias: the reference as written, else in lower case, so that ids
// match in any case. Task and check variants are found this way, both when
// the document refers to them and at run time.
func byRef[V any](m map[string]*V, ref string) *V {
	if v, ok := m[ref]; ok {
		return v
	}
	return m[strings.ToLower(ref)]
}

// TaskVariants returns every task variant, in document order.
func (p *Policy) TaskVariants() []kyc.TaskVariant {
	out := make([]kyc.TaskVariant, len(p.variants))
	for i, v := range p.variants {
		out[i] = v.TaskVariant
	}
	return out
}

// AssociateProduct returns the product an associate of entity type et
// linked for a task variant applies for.
func (p *Policy) AssociateProduct(taskVariantID string, et kyc.EntityType) (kyc.Product, bool) {
	v := p.variant(taskVariantID)
	if v == nil || v.associate[et] == nil {
		return kyc.Product{}, false
	}
	return v.associate[et].Product, true
}

// Associates returns the policy's rules for associates.
func (p *Policy) Associates() kyc.AssociatePolicy { return p.associates }
