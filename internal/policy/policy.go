// Package policy loads an institution's products and smart policies from
// YAML and answers the domain's questions about them (kyc.Policy).
package policy

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"go.yaml.in/yaml/v3"
)

//go:embed demo.yaml
var demoYAML []byte

// DemoYAML returns the built-in demo policy document.
func DemoYAML() []byte { return append([]byte(nil), demoYAML...) }

// Policy is a loaded, validated policy. It implements kyc.Policy.
type Policy struct {
	name     string
	version  string
	variants map[string]kyc.TaskVariant // by id
	products []*product
}

type product struct {
	kyc.Product
	smart map[kyc.EntityType][]kyc.TaskVariant
}

// Demo returns the built-in demo policy.
func Demo() *Policy {
	p, err := Parse(demoYAML)
	if err != nil {
		panic("policy: the built-in demo policy is invalid: " + err.Error())
	}
	return p
}

// Load reads and validates a policy file.
func Load(path string) (*Policy, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(b)
}

// Problems is the list of everything wrong with a policy document.
type Problems []string

func (ps Problems) Error() string { return "invalid policy:\n  " + strings.Join(ps, "\n  ") }

// Parse validates a policy document and returns the policy, or Problems
// naming every error found (with its path in the document).
func Parse(doc []byte) (*Policy, error) {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(doc))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, Problems{"the document is empty"}
		}
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return nil, Problems(te.Errors)
		}
		return nil, Problems{err.Error()}
	}
	sum := sha256.Sum256(doc)
	p := &Policy{name: f.Name, version: hex.EncodeToString(sum[:8]), variants: map[string]kyc.TaskVariant{}}
	var probs Problems
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }

	byRef := map[string]kyc.TaskVariant{}
	for i, v := range f.TaskVariants {
		at := fmt.Sprintf("task_variants[%d]", i)
		tv := kyc.TaskVariant{ID: strings.ToLower(v.ID), Alias: v.Alias, Name: v.Name, Description: v.Description, Type: kyc.TaskType(v.TaskType)}
		checkIdentity(at, tv.ID, tv.Alias, tv.Name, byRef, bad)
		if _, ok := tv.Type.EntityType(); !ok {
			bad("%s.task_type: unknown task type %q", at, v.TaskType)
		}
		byRef[tv.ID], byRef[tv.Alias] = tv, tv
		p.variants[tv.ID] = tv
	}
	seen := map[string]bool{}
	for i, pf := range f.Products {
		at := fmt.Sprintf("products[%d]", i)
		prod := &product{
			Product: kyc.Product{ID: strings.ToLower(pf.ID), Alias: pf.Alias, Name: pf.Name,
				AutomaticallyApply: pf.AutomaticallyApply, AutomaticallyApprove: pf.AutomaticallyApprove},
			smart: map[kyc.EntityType][]kyc.TaskVariant{},
		}
		for _, k := range []string{prod.ID, prod.Alias} {
			if k != "" && seen[k] {
				bad("%s: id or alias %q is used twice", at, k)
			}
			seen[k] = true
		}
		checkIdentity(at, prod.ID, prod.Alias, prod.Name, nil, bad)
		if len(pf.SmartPolicies) == 0 {
			bad("%s.smart_policies: a product needs a smart policy for INDIVIDUAL or COMPANY", at)
		}
		for et, steps := range pf.SmartPolicies {
			entity := kyc.EntityType(et)
			if entity != kyc.Individual && entity != kyc.Company {
				bad("%s.smart_policies.%s: must be INDIVIDUAL or COMPANY", at, et)
				continue
			}
			var tasks []kyc.TaskVariant
			have := map[string]bool{}
			for j, st := range steps {
				for k, ref := range st.Tasks {
					sat := fmt.Sprintf("%s.smart_policies.%s[%d].tasks[%d]", at, et, j, k)
					tv, ok := byRef[strings.ToLower(ref)]
					if !ok {
						tv, ok = byRef[ref]
					}
					switch {
					case !ok:
						bad("%s: no task variant %q", sat, ref)
					case have[tv.ID]:
						bad("%s: task variant %q is listed twice", sat, ref)
					default:
						if e, _ := tv.Type.EntityType(); e != entity && e != "" {
							bad("%s: task variant %q is a %s task, not for %s", sat, ref, e, entity)
						}
						have[tv.ID] = true
						tasks = append(tasks, tv)
					}
				}
			}
			prod.smart[entity] = tasks
		}
		p.products = append(p.products, prod)
	}
	if len(f.Products) == 0 {
		bad("products: a policy needs at least one product")
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return p, nil
}

// checkIdentity checks the id, alias and name every policy object has.
func checkIdentity(at, id, alias, name string, taken map[string]kyc.TaskVariant, bad func(string, ...any)) {
	if !kyc.ValidID(id) {
		bad("%s.id: must be a UUID, got %q", at, id)
	} else if _, dup := taken[id]; dup {
		bad("%s.id: %s is used twice", at, id)
	}
	if alias == "" {
		bad("%s.alias: is required", at)
	} else if _, dup := taken[alias]; dup {
		bad("%s.alias: %q is used twice", at, alias)
	}
	if strings.TrimSpace(name) == "" {
		bad("%s.name: is required", at)
	}
}

// Name is the policy's name.
func (p *Policy) Name() string { return p.name }

// Version is a hash of the policy document.
func (p *Policy) Version() string { return p.version }

// Product finds a product by id (case-insensitive) or alias.
func (p *Policy) Product(ref kyc.ProductRef) (kyc.Product, bool) {
	for _, pr := range p.products {
		if ref.ID != "" && pr.ID == strings.ToLower(ref.ID) || ref.ID == "" && ref.Alias != "" && pr.Alias == ref.Alias {
			return pr.Product, true
		}
	}
	return kyc.Product{}, false
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

// TaskVariant finds a task variant by id or alias.
func (p *Policy) TaskVariant(ref string) (kyc.TaskVariant, bool) {
	for _, v := range p.variants {
		if v.ID == strings.ToLower(ref) || v.Alias == ref {
			return v, true
		}
	}
	return kyc.TaskVariant{}, false
}

// Evaluate returns the task variants an application for the product requires.
func (p *Policy) Evaluate(pr *kyc.Profile, prod kyc.Product, now time.Time) (kyc.Plan, error) {
	for _, c := range p.products {
		if c.ID != prod.ID {
			continue
		}
		tasks, ok := c.smart[pr.EntityType()]
		if !ok {
			return kyc.Plan{}, kyc.Errorf(kyc.EInvalid, "product %s has no smart policy for %s profiles", prod.Alias, pr.EntityType())
		}
		return kyc.Plan{Tasks: append([]kyc.TaskVariant{}, tasks...)}, nil
	}
	return kyc.Plan{}, kyc.Errorf(kyc.EInvalid, "no product %s in the policy", prod.Alias)
}
