package policy

import (
	"slices"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/google/cel-go/common/types"
)

// StepTrace says how one step of a smart policy evaluated.
type StepTrace struct {
	Step    int    // index in the smart policy's steps
	Applied bool   // the condition held (or there is none)
	Error   string // why the condition could not be evaluated; it counted as false
}

// Evaluate runs a product's risk model, then its smart policy, for a
// profile at now. A condition that fails to evaluate (a missing field, a
// type error) counts as false; Explain says which did.
func (p *Policy) Evaluate(pr *kyc.Profile, prod kyc.Product, now time.Time) (kyc.Plan, error) {
	plan, _, err := p.evaluate(pr, prod, now, false)
	return plan, err
}

// Explain is Evaluate with a trace of every step, for dry runs.
func (p *Policy) Explain(pr *kyc.Profile, prod kyc.Product, now time.Time) (kyc.Plan, []StepTrace, error) {
	return p.evaluate(pr, prod, now, true)
}

func (p *Policy) evaluate(pr *kyc.Profile, prod kyc.Product, now time.Time, trace bool) (kyc.Plan, []StepTrace, error) {
	c := p.product(kyc.ProductRef{ID: prod.ID, Alias: prod.Alias})
	if c == nil {
		return kyc.Plan{}, nil, kyc.Errorf(kyc.EInvalid, "no product %s in the policy", prod.Alias)
	}
	sp := c.smart[pr.EntityType()]
	if sp == nil {
		return kyc.Plan{}, nil, kyc.Errorf(kyc.EInvalid, "product %s has no smart policy for %s profiles", prod.Alias, pr.EntityType())
	}
	threshold := 0.0
	if sp.withAssociates {
		threshold = p.associates.UBOThreshold
	}
	act := &activation{profile: profileVar(pr, now, sp.withRaw, threshold)}
	var plan kyc.Plan
	if sp.model != nil {
		plan.Risk = sp.model.evaluate(act)
		act.risk = types.NewStringInterfaceMap(adapter, map[string]any{
			"level": types.String(plan.Risk.Category), "score": types.Double(plan.Risk.Score),
		})
	}
	var steps []StepTrace
	tasks := make([]*taskVariant, 0, len(sp.variants))
	for i := range sp.steps {
		st := &sp.steps[i]
		ok := true
		var why string
		if st.when != nil {
			var err error
			if ok, err = st.when.holds(act); err != nil {
				why = err.Error()
			}
		}
		if trace {
			steps = append(steps, StepTrace{Step: i, Applied: ok, Error: why})
		}
		if !ok {
			continue
		}
		for _, tv := range st.tasks {
			if !slices.Contains(tasks, tv) {
				tasks = append(tasks, tv)
			}
		}
		if st.reject {
			plan.Reject, plan.RejectReason = true, st.reason
			break
		}
	}
	plan.Tasks = make([]kyc.TaskVariant, len(tasks))
	plan.ExpiryDays = make(map[string]int, len(tasks))
	for i, tv := range tasks {
		plan.Tasks[i] = tv.TaskVariant
		if d := tv.expiryDays(plan.Risk.Category); d > 0 {
			plan.ExpiryDays[tv.ID] = d
		}
	}
	return plan, steps, nil
}
