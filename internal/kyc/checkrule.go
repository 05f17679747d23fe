package kyc

import (
	"bytes"
	"slices"
	"time"
)

// PassResult reports whether a check result counts as a pass for
// acceptance: "Pass", or "2+2" for identity checks.
func PassResult(t CheckType, result string) bool {
	if t == CheckIdentity {
		return result == "2+2"
	}
	return result == "Pass"
}

// Check returns the check with the given id, or nil.
func (p *Profile) Check(id string) *Check {
	for _, c := range p.Checks {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// Instruct adds a new check to the profile. It waits (PENDING) while the
// profile has collection steps, adding the steps its own type needs when
// the data is missing; otherwise it is RUNNING, to be run by a worker.
func (p *Profile) Instruct(c *Check, actor Actor, now time.Time) {
	c.ProfileID = p.ID
	c.CreatedAt = now
	if c.TaskIDs == nil {
		c.TaskIDs = []string{}
	}
	if et, _ := c.Type.EntityType(); et == Individual && p.EntityType() == Individual {
		p.AddCollectionSteps(MissingFor(c.Type, c.Variant, p.Facts()))
	}
	c.State = CheckRunning
	if len(p.CollectionSteps) > 0 {
		c.State = CheckPending
	}
	p.Checks = append(p.Checks, c)
	for _, id := range c.TaskIDs {
		if t := p.Task(id); t != nil && !slices.Contains(t.CheckIDs, c.ID) {
			t.CheckIDs = append(t.CheckIDs, c.ID)
			t.Touch()
		}
	}
	p.Record(NewAudit(actor, AuditInstructedCheck, now, string(c.Type), map[string]any{
		"check_id": c.ID, "check_type": string(c.Type), "variant_id": c.Variant.ID, "automatic": c.Automatic,
	}))
}

// followData gives the PENDING checks that run on the profile's collected
// data the new data: a check held for missing data runs, once released, on
// the data that fulfilled its steps, not on what it was instructed with.
// A check instructed with an input_data override of its own keeps it; the
// check does not record the override as such, so it is told apart by its
// input differing from the profile's data (which every other pending
// check's input follows from its instruction on). An override identical to
// the profile's data at the time follows the data too.
func (p *Profile) followData(data []byte) {
	for _, c := range p.Checks {
		if c.State == CheckPending && bytes.Equal(c.Input, p.CollectedData) && !bytes.Equal(c.Input, data) {
			c.Input = data
			c.Touch()
		}
	}
}

// ReleasePending moves PENDING checks to RUNNING once the profile has no
// collection step left, and returns them (to be queued). Their input is
// the profile's current data (see followData).
func (p *Profile) ReleasePending() []*Check {
	if len(p.CollectionSteps) > 0 {
		return nil
	}
	var out []*Check
	for _, c := range p.Checks {
		if c.State == CheckPending {
			c.State = CheckRunning
			c.Touch()
			out = append(out, c)
		}
	}
	return out
}

// CheckPolicy is what completing a check needs from the policy.
type CheckPolicy struct {
	// Acceptance returns the check variant ids whose passing result passes
	// a task variant.
	Acceptance func(taskVariantID string) []string
	// ExpiryDays returns how long a pass of a task variant stays valid.
	ExpiryDays func(taskVariantID string) int
}

// Complete records a check's outcome and applies its effects: each hit
// raises an event (unless the same match was resolved as a mismatch
// before, unchanged), and a passing acceptance check passes the tasks it is
// linked to — for PEP/sanctions/media tasks only when it found nothing and
// no potential match is left unresolved.
func (p *Profile) Complete(c *Check, o CheckOutcome, pol CheckPolicy, now time.Time) {
	at := now
	c.State, c.Result, c.Output, c.Errors, c.Providers, c.PerformedOn = CheckComplete, o.Result, o.Output, o.Errors, o.Providers, &at
	c.Touch()
	sys := System(p.InstitutionID)
	for _, h := range o.Hits {
		if p.knownMatch(h.MatchKey) {
			continue
		}
		p.AddEvent(&Event{ID: NewID(), Type: h.Type, Data: h.Event, MatchKey: h.MatchKey, CheckID: c.ID, ResolutionTaskIDs: []string{}}, sys, now)
	}
	p.emit(Change{Kind: ChangeCheckCompleted, CheckID: c.ID, New: c.Result, At: now})
	if c.Result == "" || !PassResult(c.Type, c.Result) {
		return
	}
	for _, id := range c.TaskIDs {
		t := p.Task(id)
		if t == nil || !t.Current() || t.State == TaskCompletedPass || t.ManuallyUncompleted && c.Automatic {
			continue
		}
		accepts := pol.Acceptance != nil && slices.Contains(pol.Acceptance(t.Variant.ID), c.Variant.ID)
		if !accepts {
			continue
		}
		if t.Variant.Type.IsScreening() && (len(o.Hits) > 0 || p.openEventsFor(t.Variant.Type)) {
			continue
		}
		days := 0
		if pol.ExpiryDays != nil {
			days = pol.ExpiryDays(t.Variant.ID)
		}
		t.ManuallyUncompleted = false
		p.setTaskState(t, TaskCompletedPass, sys, days, now)
		p.Record(NewAudit(sys, AuditCompletedTask, now, "acceptance check passed", map[string]any{
			"task_id": t.ID, "task_type": string(t.Variant.Type), "state": string(TaskCompletedPass), "check_id": c.ID,
		}))
	}
}

// knownMatch reports whether a match key already has an open event, or an
// event resolved as a mismatch: it is not raised again.
func (p *Profile) knownMatch(key string) bool {
	if key == "" {
		return false
	}
	for _, e := range p.Events {
		if e.MatchKey == key && (e.Open() || e.Resolution == ResolvedMismatch || e.Resolution == ResolvedIgnore) {
			return true
		}
	}
	return false
}

// openEventsFor reports whether an open event concerns a screening task type.
func (p *Profile) openEventsFor(t TaskType) bool {
	for _, e := range p.OpenEvents() {
		if t.Covers(e.Type) {
			return true
		}
	}
	return false
}

// ManualResult is the result a person gives when approving or rejecting a
// check of a type.
func ManualResult(t CheckType, approve bool) string {
	switch {
	case approve && t == CheckIdentity:
		return "2+2"
	case approve:
		return "Pass"
	}
	return "Fail"
}

// checkFlags derives the check-related flag inputs of an application:
// automatic checks still running (AUTOMATING) and other checks still
// running (WAITING_ON_CHECKS), among checks linked to its required tasks.
func (p *Profile) checkFlags(a *Application) (automating, waiting bool) {
	for _, c := range p.Checks {
		if c.State != CheckRunning || !p.linkedTo(c, a) {
			continue
		}
		if c.Automatic {
			automating = true
		} else {
			waiting = true
		}
	}
	return automating, waiting
}

// linkedTo reports whether a check serves one of an application's required tasks.
func (p *Profile) linkedTo(c *Check, a *Application) bool {
	for _, id := range c.TaskIDs {
		if t := p.Task(id); t != nil {
			for _, v := range a.RequiredTasks {
				if v.ID == t.Variant.ID {
					return true
				}
			}
		}
	}
	return false
}
