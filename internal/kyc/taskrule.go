package kyc

import (
	"strings"
	"time"
)

// RenewalLead is how long before a passed task version expires that its
// successor is created, so that it can be passed before the old one lapses.
const RenewalLead = 30 * 24 * time.Hour

// SetTaskState completes (pass or fail) or reopens a task version by hand.
// expiryDays, when positive, is how long a pass stays valid. A task reopened
// by a person is remembered as manually uncompleted: automatic checks leave
// it alone until a person completes it again.
func (p *Profile) SetTaskState(t *Task, to TaskState, actor Actor, expiryDays int, now time.Time) error {
	if !to.Valid() {
		return FieldError("state", "must be INCOMPLETE, COMPLETED_PASS or COMPLETED_FAIL")
	}
	if !t.Current() {
		return &Error{Code: EInvalid, Message: "the task version is expired; complete its current version",
			Info: map[string]any{"task_id": t.ID, "reason": "expired version"}}
	}
	t.ManuallyUncompleted = to == TaskIncomplete
	if to == t.State {
		t.Touch()
		return nil
	}
	action := AuditCompletedTask
	if to == TaskIncomplete {
		action = AuditUncompletedTask
	}
	p.setTaskState(t, to, actor, expiryDays, now)
	p.Record(NewAudit(actor, action, now, "", map[string]any{
		"task_id": t.ID, "task_type": string(t.Variant.Type), "state": string(to),
	}))
	return nil
}

// setTaskState changes a task's state and records the change.
func (p *Profile) setTaskState(t *Task, to TaskState, actor Actor, expiryDays int, now time.Time) {
	from := t.State
	t.State = to
	t.CompletedAt, t.ExpiryDate = nil, nil
	if to.Complete() {
		at := now
		t.CompletedAt = &at
		if to == TaskCompletedPass && expiryDays > 0 {
			exp := now.AddDate(0, 0, expiryDays)
			t.ExpiryDate = &exp
		}
	}
	t.Touch()
	p.emit(Change{Kind: ChangeTaskState, TaskID: t.ID, Old: string(from), New: string(to), Actor: actor, At: now})
}

// renewTask creates the next version of a task. With expireNow the current
// version expires at once (a reverted decision); otherwise it stays in force
// until its expiry date.
func (p *Profile) renewTask(t *Task, now time.Time, expireNow bool) *Task {
	n := NewTask(p.ID, t.Variant, now)
	n.Version = p.LatestTask(t.Variant.ID).Version + 1
	p.Tasks = append(p.Tasks, n)
	p.emit(Change{Kind: ChangeTaskCreated, TaskID: n.ID, New: string(t.Variant.Type), At: now})
	if expireNow {
		t.IsExpired = true
		t.Touch()
	}
	return n
}

// ExpireTasks creates successors for passed task versions whose expiry is
// near and expires the versions whose date has passed. It reports whether
// anything changed.
func (p *Profile) ExpireTasks(now time.Time) bool {
	changed := false
	for _, t := range append([]*Task(nil), p.Tasks...) {
		if p.dueForRenewal(t, now, RenewalLead) {
			p.renewTask(t, now, false)
			changed = true
		}
	}
	for _, t := range p.Tasks {
		if t.Current() && t.ExpiryDate != nil && !now.Before(*t.ExpiryDate) {
			t.IsExpired = true
			t.Touch()
			changed = true
			if p.LatestTask(t.Variant.ID) == t { // no successor yet: make one
				p.renewTask(t, now, false)
			}
		}
	}
	return changed
}

// NextExpiry returns the earliest moment a task of the profile needs
// renewing or expiring, or the zero time when none does.
func (p *Profile) NextExpiry() time.Time {
	var next time.Time
	for _, t := range p.Tasks {
		if !t.Current() || t.ExpiryDate == nil {
			continue
		}
		at := *t.ExpiryDate
		if p.LatestTask(t.Variant.ID) == t {
			at = at.Add(-RenewalLead)
		}
		if next.IsZero() || at.Before(next) {
			next = at
		}
	}
	return next
}

// Covers reports whether a screening task type is about an event type.
func (t TaskType) Covers(e EventType) bool {
	switch e {
	case EventPEP:
		return strings.Contains(string(t), "POLITICAL")
	case EventSanction:
		return strings.Contains(string(t), "SANCTIONS")
	case EventAdverseMedia:
		return strings.Contains(string(t), "MEDIA")
	}
	return t.IsScreening()
}

// reopenFor sets the screening tasks an open event concerns back to
// INCOMPLETE: those whose type covers the event's type, or every screening
// task when none does.
func (p *Profile) reopenFor(e *Event, now time.Time) {
	var hit []*Task
	for _, t := range p.effectiveTasks() {
		if t.Variant.Type.Covers(e.Type) {
			hit = append(hit, t)
		}
	}
	if len(hit) == 0 {
		for _, t := range p.effectiveTasks() {
			if t.Variant.Type.IsScreening() {
				hit = append(hit, t)
			}
		}
	}
	sys := System(p.InstitutionID)
	for _, t := range hit {
		if t.State == TaskIncomplete {
			continue
		}
		p.setTaskState(t, TaskIncomplete, sys, 0, now)
		p.Record(NewAudit(sys, AuditUncompletedTask, now, "potential match raised", map[string]any{
			"task_id": t.ID, "task_type": string(t.Variant.Type), "event_id": e.ID,
		}))
	}
}
