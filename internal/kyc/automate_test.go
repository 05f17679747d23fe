package kyc_test

import (
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestAutomaticChecksWaitTogether: when one automatic check lacks data
// (an identity check on a name alone), every check the automation
// instructs waits with it, the screening too; none runs, no task passes.
func TestAutomaticChecksWaitTogether(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db.Open(t), policy.Demo())
		for range 5 { // the order tasks come in must not matter
			p := e.create([]byte(`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Anna"],"family_name":"Smith"}}}`))
			e.drain()
			p = e.load(p.ID)
			var steps []kyc.CollectionType
			for _, s := range p.CollectionSteps {
				steps = append(steps, s.Type)
			}
			if len(steps) != 2 || steps[0] != kyc.CollectDOB || steps[1] != kyc.CollectAddressHistory {
				t.Errorf("got steps %v, want [DOB ADDRESS_HISTORY]", steps)
			}
			if len(p.Checks) != 2 {
				t.Fatalf("got %d checks, want the two automatic ones", len(p.Checks))
			}
			for _, c := range p.Checks {
				if c.State != kyc.CheckPending {
					t.Errorf("%s check: got %s, want PENDING", c.Type, c.State)
				}
			}
			for _, tk := range p.CurrentTasks() {
				if tk.State != kyc.TaskIncomplete {
					t.Errorf("%s task: got %s, want INCOMPLETE", tk.Variant.Type, tk.State)
				}
			}
		}
	})
}
