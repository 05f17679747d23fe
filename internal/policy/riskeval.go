package policy

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/common/types/traits"
)

// evaluate scores a profile (bound in act). A factor whose value errors or
// is empty is undetermined and contributes nothing; a required one makes
// the whole risk UNDETERMINED. Rules are conditions on `value`: the highest
// score among the rules that hold wins, none holding scores 0. The overall
// score sums the factors outside groups and the groups.
func (m *riskModel) evaluate(act *activation) kyc.Risk {
	r := kyc.Risk{Model: m.alias, Components: make([]kyc.RiskComponent, 0, len(m.factors)+len(m.groups))}
	from := map[int][]kyc.RiskSource{} // factor index → the profiles its value lists
	for i := range m.factors {
		f := &m.factors[i]
		c := kyc.RiskComponent{Name: f.name, Required: f.required}
		v, err := f.value.eval(act)
		switch {
		case err != nil:
			c.Undetermined = true
			c.Errors = []string{"data missing: " + err.Error()}
		case empty(v) && f.emptyNone:
			c.InputValue, c.RawValue, c.Category = "none", raw(v), m.level(0)
		case empty(v):
			c.Undetermined = true
			c.Errors = []string{"data missing: " + f.value.src + " is empty"}
		default:
			c.InputValue, c.RawValue = text(v), raw(v)
			if src := sources(v); len(src) > 0 {
				from[i] = src
			}
			act.value = v
			best := -1
			for j := range f.rules {
				ok, err := f.rules[j].when.holds(act)
				if err != nil {
					c.Errors = append(c.Errors, "rule "+strconv.Itoa(j+1)+": "+err.Error())
				}
				if ok && (best < 0 || f.rules[j].score > f.rules[best].score) {
					best = j
				}
			}
			act.value = nil
			if best >= 0 {
				c.Score, c.Category = f.rules[best].score, f.rules[best].level
			}
			if c.Category == "" {
				c.Category = m.level(c.Score)
			}
		}
		if c.Undetermined && f.required {
			r.MissingRequired = append(r.MissingRequired, f.name)
		}
		if !c.Undetermined && !f.grouped {
			r.Score += c.Score
		}
		r.Components = append(r.Components, c)
	}
	for _, g := range m.groups {
		c := g.combineMembers(m, r.Components)
		if !c.Undetermined {
			r.Score += c.Score
		}
		r.Components = append(r.Components, c)
	}
	if len(r.MissingRequired) > 0 {
		r.Category = kyc.RiskUndetermined
	} else {
		r.Category = m.level(r.Score)
	}
	// The risk is inherited from the first profile listed by the factor
	// over profiles (e.g. profile.associates) that scored highest.
	best := 0.0
	for i := range m.factors {
		if src := from[i]; len(src) > 0 && r.Components[i].Score > best {
			best, r.Inherited = r.Components[i].Score, &src[0]
		}
	}
	return r
}

// sources returns the profiles a value lists: a list of maps with an id
// and a name, as profile.associates and filters of it are.
func sources(v ref.Val) []kyc.RiskSource {
	l, ok := v.(traits.Lister)
	if !ok {
		return nil
	}
	var out []kyc.RiskSource
	for it := l.Iterator(); it.HasNext() == types.True; {
		mp, ok := it.Next().(traits.Mapper)
		if !ok {
			return nil
		}
		id, ok1 := mp.Get(types.String("id")).(types.String)
		name, ok2 := mp.Get(types.String("name")).(types.String)
		if !ok1 || !ok2 {
			return nil
		}
		out = append(out, kyc.RiskSource{ProfileID: string(id), Name: string(name)})
	}
	return out
}

// combineMembers scores a group from its determined members.
func (g *group) combineMembers(m *riskModel, comps []kyc.RiskComponent) kyc.RiskComponent {
	c := kyc.RiskComponent{Name: g.name}
	var parts []string
	n := 0
	for _, i := range g.members {
		mc := &comps[i]
		c.Required = c.Required || mc.Required
		if mc.Undetermined {
			continue
		}
		parts = append(parts, mc.Name+"="+strconv.FormatFloat(mc.Score, 'g', -1, 64))
		switch {
		case n == 0:
			c.Score, c.Category = mc.Score, mc.Category
		case g.combine == "highest" && mc.Score > c.Score, g.combine == "lowest" && mc.Score < c.Score:
			c.Score, c.Category = mc.Score, mc.Category
		case g.combine == "mean", g.combine == "sum":
			c.Score += mc.Score
		}
		n++
	}
	if n == 0 {
		c.Undetermined = true
		c.Errors = []string{"data missing: no member of the group has data"}
		return c
	}
	if g.combine == "mean" {
		c.Score /= float64(n)
	}
	if g.combine == "mean" || g.combine == "sum" {
		c.Category = m.level(c.Score)
	}
	c.InputValue = g.combine + "(" + strings.Join(parts, ", ") + ")"
	return c
}

// empty reports whether a factor's value counts as missing data.
func empty(v ref.Val) bool {
	switch x := v.(type) {
	case types.String:
		return x == ""
	case types.Null:
		return true
	case *types.Optional:
		return !x.HasValue() || empty(x.GetValue())
	case traits.Sizer:
		return x.Size() == types.IntZero
	}
	return false
}

// text is a value as the risk overview shows it ("GBR, FRA" for a list).
func text(v ref.Val) string {
	switch x := v.(type) {
	case types.String:
		return string(x)
	case *types.Optional:
		return text(x.GetValue())
	case traits.Lister:
		var parts []string
		for it := x.Iterator(); it.HasNext() == types.True; {
			parts = append(parts, text(it.Next()))
		}
		return strings.Join(parts, ", ")
	case traits.Mapper:
		return raw(v)
	}
	return fmt.Sprint(v.Value())
}

// raw is a value as JSON.
func raw(v ref.Val) string {
	b, err := json.Marshal(native(v))
	if err != nil {
		return text(v)
	}
	return string(b)
}

func native(v ref.Val) any {
	switch x := v.(type) {
	case *types.Optional:
		return native(x.GetValue())
	case traits.Lister:
		out := []any{}
		for it := x.Iterator(); it.HasNext() == types.True; {
			out = append(out, native(it.Next()))
		}
		return out
	case traits.Mapper:
		out := map[string]any{}
		for it := x.Iterator(); it.HasNext() == types.True; {
			k := it.Next()
			out[fmt.Sprint(k.Value())] = native(x.Get(k))
		}
		return out
	}
	return v.Value()
}
