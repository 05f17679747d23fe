package kyc

import (
	"strings"
	"time"
)

// The application lifecycle: automatic transitions, manual decisions and
// reverting them. Every rule works on the aggregate in memory; the service
// saves the result, with the audit items and changes the rules recorded, in
// one transaction.

// setStatus moves an application to a new status, appending its history and
// recording the change. It does not check the transition.
func (p *Profile) setStatus(a *Application, to AppStatus, actor Actor, comment, policyVersion string, now time.Time) {
	from := a.Status
	a.Status = to
	a.History = append(a.History, StatusChange{Status: to, Date: now, Decisioner: actor.User, Comment: comment, PolicyVersion: policyVersion})
	a.Touch()
	p.emit(Change{Kind: ChangeProductStatus, ApplicationID: a.ID, Old: string(from), New: string(to), Actor: actor, At: now})
}

// Refresh applies the automatic rules after any change and recomputes the
// stored derived values:
//   - an APPROVED application with an unpassed required task or an open
//     event (its own, or of an associate the company links) goes IN_REVIEW;
//   - an APPLIED or IN_REVIEW application of an automatically approved
//     product that is ready for a decision (no check running) and has no
//     blocker (as Decide requires: open events and a suspended or banned
//     profile block it too) is APPROVED;
//   - display name, category and each application's flag (appending
//     flag_history when it changed).
func (p *Profile) Refresh(now time.Time) {
	sys := System(p.InstitutionID)
	open := len(p.OpenEvents()) > 0 || len(p.associateBlockers()) > 0
	for _, a := range p.Applications {
		if a.Hidden {
			continue
		}
		switch {
		case a.Status == AppApproved && (!p.tasksDone(a) || open):
			p.setStatus(a, AppInReview, sys, "", a.PolicyVersion, now)
			p.Record(NewAudit(sys, AuditApplicationStatus, now, "", map[string]any{
				"application_id": a.ID, "from": string(AppApproved), "to": string(AppInReview),
			}))
		case (a.Status == AppApplied || a.Status == AppInReview) && a.Product.AutomaticallyApprove &&
			p.FlagOf(a) == FlagReadyForDecision && len(p.Blockers(a)) == 0:
			from := a.Status
			p.setStatus(a, AppApproved, sys, "", a.PolicyVersion, now)
			p.Record(NewAudit(sys, AuditAutoDecision, now, "", map[string]any{
				"application_id": a.ID, "from": string(from), "to": string(AppApproved), "policy_version": a.PolicyVersion,
			}))
		}
	}
	if dn := p.Facts().DisplayName(); dn != p.DisplayName {
		p.DisplayName = dn
		p.Touch()
	}
	if c := p.DeriveCategory(); c != p.Category {
		p.Category = c
		p.Touch()
	}
	for _, a := range p.Applications {
		if a.Hidden {
			continue
		}
		f := p.FlagOf(a)
		n := len(a.FlagHistory)
		if f != a.Flag || n == 0 || a.FlagHistory[n-1].Status != a.Status {
			old := a.Flag
			a.Flag = f
			a.FlagHistory = append(a.FlagHistory, FlagChange{Status: a.Status, Flag: f, Date: now})
			a.Touch()
			p.emit(Change{Kind: ChangeProductBadge, ApplicationID: a.ID, Old: string(old), New: string(f), At: now})
			if f == FlagRequiresManualTask || f == FlagReadyForDecision {
				p.emit(Change{Kind: ChangeManualActionRequired, ApplicationID: a.ID, New: string(f), At: now})
			}
		}
	}
}

// Decide changes an application's status by a person or API key, following
// the contract's transitions. Approval needs no blockers.
func (p *Profile) Decide(a *Application, to AppStatus, comment string, actor Actor, policyVersion string, now time.Time) error {
	if a.Hidden {
		return &Error{Code: ETransition, Message: "the application was replaced when its decision was reverted",
			Info: map[string]any{"application_id": a.ID}}
	}
	if err := CheckTransition(a.Status, to); err != nil {
		return err
	}
	if to == AppApproved {
		if bs := p.Blockers(a); len(bs) > 0 {
			return blockedError(bs)
		}
	}
	from := a.Status
	p.setStatus(a, to, actor, comment, policyVersion, now)
	p.Record(NewAudit(actor, AuditManualDecision, now, comment, map[string]any{
		"application_id": a.ID, "from": string(from), "to": string(to), "policy_version": policyVersion,
	}))
	return nil
}

// blockedError lists what stops an approval.
func blockedError(bs []Blocker) error {
	list := make([]map[string]any, len(bs))
	var names []string
	for i, b := range bs {
		m := map[string]any{"blocker_type": string(b.Type)}
		name := string(b.Type)
		switch {
		case b.TaskVariant != nil:
			m["task_type"], m["task_variant_id"] = string(b.TaskType), b.TaskVariant.ID
			name += " " + string(b.TaskType)
		case b.EventID != "":
			m["event_id"] = b.EventID
			name += " " + b.EventID
			if a := b.Associate; a != nil {
				m["associate_profile_id"] = a.ProfileID
				name += " of associate " + a.DisplayName
			}
		}
		list[i] = m
		names = append(names, name)
	}
	return &Error{Code: EConstraints, Message: "the application cannot be approved: " + strings.Join(names, ", "),
		Info: map[string]any{"approval_blockers": list}}
}

// Revert recreates a rejected or cancelled application: the old one is
// hidden and a new one, with the old history minus the last decision,
// resumes where it was (APPLIED, or IN_REVIEW for a customer whose
// cancellation is undone: they must be reviewed again). Screening tasks get
// a new version, since their result predates the decision.
func (p *Profile) Revert(a *Application, comment string, actor Actor, policyVersion string, now time.Time) (*Application, error) {
	if a.Hidden || !a.Status.Final() {
		return nil, &Error{Code: ETransition, Message: "only a rejected or cancelled application can be reverted, this one is " + string(a.Status),
			Info: map[string]any{"application_id": a.ID, "status": string(a.Status)}}
	}
	hist := append([]StatusChange(nil), a.History[:len(a.History)-1]...)
	to := AppApplied
	if len(hist) > 0 {
		to = hist[len(hist)-1].Status
	}
	n := &Application{
		ID: NewID(), ProfileID: a.ProfileID, Product: a.Product, AssociatedRole: a.AssociatedRole,
		Status: to, RequiredTasks: append([]TaskVariant(nil), a.RequiredTasks...), History: hist,
		FlagHistory: append([]FlagChange(nil), a.FlagHistory...), Flag: a.Flag,
		PolicyVersion: policyVersion, Risk: a.Risk, CreatedAt: now,
	}
	if to == AppApproved {
		p.setStatus(n, AppInReview, actor, comment, policyVersion, now)
	}
	a.Hidden = true
	a.Touch()
	p.Applications = append(p.Applications, n)
	for _, t := range p.effectiveTasks() {
		if t.Variant.Type.IsScreening() && t.State != TaskIncomplete {
			p.renewTask(t, now, true)
		}
	}
	p.Record(NewAudit(actor, AuditRevertDecision, now, comment, map[string]any{
		"old_application_id": a.ID, "application_id": n.ID, "status": string(n.Status),
	}))
	p.emit(Change{Kind: ChangeProductStatus, ApplicationID: n.ID, Old: string(a.Status), New: string(n.Status), Actor: actor, At: now})
	return n, nil
}

// Require makes active applications require a task variant, creating its
// task when the profile has none. It reports the task.
func (p *Profile) Require(v TaskVariant, apps []*Application, now time.Time) *Task {
	for _, a := range apps {
		has := false
		for _, r := range a.RequiredTasks {
			has = has || r.ID == v.ID
		}
		if !has {
			a.RequiredTasks = append(a.RequiredTasks, v)
			a.Touch()
		}
	}
	t := p.TaskFor(v.ID)
	if t == nil {
		version := 1
		if last := p.LatestTask(v.ID); last != nil {
			version = last.Version + 1
		}
		t = NewTask(p.ID, v, now)
		t.Version = version
		p.Tasks = append(p.Tasks, t)
		p.emit(Change{Kind: ChangeTaskCreated, TaskID: t.ID, New: string(v.Type), At: now})
	}
	return t
}
