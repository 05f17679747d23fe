package policy

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/google/cel-go/common/types"
)

// smartPolicy is a product's policy for one entity type: an optional risk
// model, evaluated first, and steps evaluated in order.
type smartPolicy struct {
	model   *riskModel
	steps   []step
	withRaw bool // some expression reads profile.collected_data
	// withAssociates is set when some expression reads profile.associates
	// (which costs the company's ownership graph).
	withAssociates bool
	variants       []*taskVariant
}

// step adds task variants and/or rejects when its condition holds (or
// always, without one). A reject ends the evaluation.
type step struct {
	when   *expr // nil: always
	tasks  []*taskVariant
	reject bool
	reason string
}

func (b *builder) products(p *Policy, in []productFile) {
	if len(in) == 0 {
		b.bad("products: a policy needs at least one product")
	}
	aliases := map[string]bool{}
	for i, pf := range in {
		at := fmt.Sprintf("products[%d]", i)
		prod := &product{
			Product: kyc.Product{ID: strings.ToLower(pf.ID), Alias: pf.Alias, Name: pf.Name,
				AutomaticallyApply: pf.AutomaticallyApply, AutomaticallyApprove: pf.AutomaticallyApprove},
			smart: map[kyc.EntityType]*smartPolicy{},
		}
		b.identity(at, prod.ID, prod.Alias, prod.Name, aliases)
		if len(pf.SmartPolicies) == 0 {
			b.bad("%s.smart_policies: a product needs a smart policy for INDIVIDUAL or COMPANY", at)
		}
		ets := make([]string, 0, len(pf.SmartPolicies))
		for et := range pf.SmartPolicies {
			ets = append(ets, et)
		}
		sort.Strings(ets) // deterministic messages
		for _, et := range ets {
			entity := kyc.EntityType(et)
			sat := fmt.Sprintf("%s.smart_policies.%s", at, et)
			if entity != kyc.Individual && entity != kyc.Company {
				b.bad("%s: must be INDIVIDUAL or COMPANY", sat)
				continue
			}
			prod.smart[entity] = b.smartPolicy(p, sat, entity, pf.SmartPolicies[et])
		}
		p.products = append(p.products, prod)
	}
}

func (b *builder) smartPolicy(p *Policy, at string, entity kyc.EntityType, sf smartPolicyFile) *smartPolicy {
	sp := &smartPolicy{}
	if sf.RiskModel != "" {
		sp.model = b.models[sf.RiskModel]
		switch {
		case sp.model == nil:
			b.bad("%s.risk_model: no risk model %q", at, sf.RiskModel)
		case sp.model.entity != entity && sp.model.entity != "":
			b.bad("%s.risk_model: %q is a risk model for %s, not %s", at, sf.RiskModel, sp.model.entity, entity)
		}
		if sp.model != nil {
			for _, f := range sp.model.factors {
				sp.withRaw = sp.withRaw || f.value != nil && readsRaw(f.value) || slices.ContainsFunc(f.rules, func(r rule) bool { return r.when != nil && readsRaw(r.when) })
				sp.withAssociates = sp.withAssociates || f.value != nil && readsAssociates(f.value) ||
					slices.ContainsFunc(f.rules, func(r rule) bool { return r.when != nil && readsAssociates(r.when) })
			}
		}
	}
	if len(sf.Steps) == 0 {
		b.bad("%s.steps: a smart policy needs at least one step", at)
	}
	rejectedAt := ""
	for j, sd := range sf.Steps {
		sat := fmt.Sprintf("%s.steps[%d]", at, j)
		if rejectedAt != "" {
			b.bad("%s: unreachable: %s always rejects, and a rejection ends the policy", sat, rejectedAt)
		}
		st := step{reason: sd.Reason}
		if sd.When != "" {
			st.when = compile(b.envs.step, sat+".when", sd.When, condition, b.bad)
			if st.when != nil && st.when.risk && sf.RiskModel == "" {
				b.bad("%s.when: reads risk, but the smart policy has no risk_model", sat)
			}
			sp.withRaw = sp.withRaw || st.when != nil && readsRaw(st.when)
			sp.withAssociates = sp.withAssociates || st.when != nil && readsAssociates(st.when)
		}
		switch sd.Outcome {
		case "":
			if sd.Reason != "" {
				b.bad("%s.reason: only an outcome has a reason", sat)
			}
		case "reject":
			st.reject = true
			if st.reason == "" {
				st.reason = fmt.Sprintf("rejected by the smart policy (step %d)", j+1)
			}
			if sd.When == "" || st.when != nil && st.when.konst == types.True {
				rejectedAt = sat
			}
		default:
			b.bad("%s.outcome: must be reject, got %q", sat, sd.Outcome)
		}
		if len(sd.Tasks) == 0 && sd.Outcome == "" {
			b.bad("%s: a step needs tasks or an outcome", sat)
		}
		for k, ref := range sd.Tasks {
			tat := fmt.Sprintf("%s.tasks[%d]", sat, k)
			tv := p.variant(ref)
			switch {
			case tv == nil || tv.Alias != ref && tv.ID != strings.ToLower(ref):
				b.bad("%s: no task variant %q", tat, ref)
				continue
			case slices.Contains(st.tasks, tv):
				b.bad("%s: task variant %q is listed twice", tat, ref)
				continue
			}
			if e, _ := tv.Type.EntityType(); e != entity && e != "" {
				b.bad("%s: task variant %q is a %s task, not for %s", tat, ref, e, entity)
			}
			st.tasks = append(st.tasks, tv)
			if !slices.Contains(sp.variants, tv) {
				sp.variants = append(sp.variants, tv)
			}
		}
		sp.steps = append(sp.steps, st)
	}
	return sp
}

// readsRaw reports whether an expression mentions collected_data, so that
// evaluations decode the collected data only for policies that use it.
func readsRaw(e *expr) bool { return strings.Contains(e.src, "collected_data") }

// readsAssociates reports whether an expression mentions associates, so
// that only policies that use them compute the ownership graph.
func readsAssociates(e *expr) bool { return strings.Contains(e.src, "associates") }
