package kyc

import "time"

// Derived values of a profile. They are computed from the aggregate's state
// on every read; the few stored copies (category, display name, last flag)
// exist for search and change detection and are kept equal by Refresh.

// CurrentTasks returns the tasks that are not expired or deleted, in
// creation order. During a renewal window a variant has two: the passed
// version about to expire and its incomplete successor.
func (p *Profile) CurrentTasks() []*Task {
	out := make([]*Task, 0, len(p.Tasks))
	for _, t := range p.Tasks {
		if t.Current() {
			out = append(out, t)
		}
	}
	return out
}

// TaskFor returns the task version in force for a variant: the oldest one
// not expired or deleted, or nil.
func (p *Profile) TaskFor(variantID string) *Task {
	var best *Task
	for _, t := range p.Tasks {
		if t.Current() && t.Variant.ID == variantID && (best == nil || t.Version < best.Version) {
			best = t
		}
	}
	return best
}

// LatestTask returns the newest version of a variant's task, expired or
// not, or nil.
func (p *Profile) LatestTask(variantID string) *Task {
	var best *Task
	for _, t := range p.Tasks {
		if !t.IsDeleted && t.Variant.ID == variantID && (best == nil || t.Version > best.Version) {
			best = t
		}
	}
	return best
}

// Task returns the task with the given id, or nil.
func (p *Profile) Task(id string) *Task {
	for _, t := range p.Tasks {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// Event returns the event with the given id, or nil.
func (p *Profile) Event(id string) *Event {
	for _, e := range p.Events {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// Application returns the application with the given id, or nil.
func (p *Profile) Application(id string) *Application {
	for _, a := range p.Applications {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// ActiveApplications returns the visible applications that are not final.
func (p *Profile) ActiveApplications() []*Application {
	var out []*Application
	for _, a := range p.Applications {
		if !a.Hidden && !a.Status.Final() {
			out = append(out, a)
		}
	}
	return out
}

// effectiveTasks returns, per variant, the task version in force.
func (p *Profile) effectiveTasks() []*Task {
	out := make([]*Task, 0, len(p.Tasks))
	for _, t := range p.Tasks {
		if t.Current() && p.TaskFor(t.Variant.ID) == t {
			out = append(out, t)
		}
	}
	return out
}

// TaskTypes returns the distinct types of the current tasks, in creation order.
func (p *Profile) TaskTypes() []TaskType {
	out := []TaskType{}
	seen := map[TaskType]bool{}
	for _, t := range p.CurrentTasks() {
		if !seen[t.Variant.Type] {
			seen[t.Variant.Type] = true
			out = append(out, t.Variant.Type)
		}
	}
	return out
}

// TaskProgress counts the task versions in force and how many are done.
func (p *Profile) TaskProgress() TaskProgress {
	var tp TaskProgress
	for _, t := range p.effectiveTasks() {
		tp.Total++
		if t.State.Complete() || t.IsSkipped {
			tp.Completed++
		}
	}
	return tp
}

// UnresolvedEventTypes returns the distinct types of open events, oldest first.
func (p *Profile) UnresolvedEventTypes() []EventType {
	out := []EventType{}
	seen := map[EventType]bool{}
	for _, e := range p.OpenEvents() {
		if !seen[e.Type] {
			seen[e.Type] = true
			out = append(out, e.Type)
		}
	}
	return out
}

// DeriveCategory returns the customer category implied by the applications:
// CUSTOMER while any visible application is approved or in review,
// PREVIOUS_CUSTOMER when all formerly approved ones are cancelled,
// INACTIVE_APPLICANT when every application was rejected or cancelled before
// approval, APPLICANT otherwise (including a profile with no application).
func (p *Profile) DeriveCategory() Category {
	var active, wasCustomer, decidedOnly bool
	visible := 0
	for _, a := range p.Applications {
		if a.Hidden {
			continue
		}
		visible++
		switch a.Status {
		case AppApproved, AppInReview:
			return CategoryCustomer
		case AppApplied:
			active = true
		case AppCancelled:
			if everApproved(a) {
				wasCustomer = true
			} else {
				decidedOnly = true
			}
		case AppRejected:
			decidedOnly = true
		}
	}
	switch {
	case active || visible == 0:
		return CategoryApplicant
	case wasCustomer:
		return CategoryPreviousCustomer
	case decidedOnly:
		return CategoryInactiveApplicant
	}
	return CategoryApplicant
}

func everApproved(a *Application) bool {
	for _, h := range a.History {
		if h.Status == AppApproved {
			return true
		}
	}
	return false
}

// tasksDone reports whether every task the application requires is passed.
func (p *Profile) tasksDone(a *Application) bool {
	for _, v := range a.RequiredTasks {
		if t := p.TaskFor(v.ID); t == nil || !t.Passed() {
			return false
		}
	}
	return true
}

// FlagOf derives the current flag of an application of this profile.
func (p *Profile) FlagOf(a *Application) Flag {
	automating, waiting := p.checkFlags(a)
	return DeriveFlag(FlagInput{
		Status:           a.Status,
		Automating:       a.Automating || automating,
		RiskPending:      a.Risk.Pending,
		RiskUndetermined: a.Risk.Undetermined(),
		CollectionSteps:  len(p.CollectionSteps) > 0,
		ChecksRunning:    waiting,
		TasksIncomplete:  !p.tasksDone(a),
	})
}

// Blockers returns why an application cannot be approved now, in a stable
// order: incomplete tasks (in the order the application requires them),
// unresolved events, those of the associates a company links, a suspended
// or banned profile, undetermined risk.
func (p *Profile) Blockers(a *Application) []Blocker {
	out := []Blocker{}
	for i := range a.RequiredTasks {
		v := a.RequiredTasks[i]
		if t := p.TaskFor(v.ID); t == nil || !t.Passed() {
			out = append(out, Blocker{Type: BlockerIncompleteTask, TaskType: v.Type, TaskVariant: &a.RequiredTasks[i]})
		}
	}
	for _, e := range p.OpenEvents() {
		out = append(out, Blocker{Type: BlockerUnresolvedEvent, EventID: e.ID})
	}
	out = append(out, p.associateBlockers()...)
	if p.Status != StatusNormal {
		out = append(out, Blocker{Type: BlockerSuspendedProfile})
	}
	if a.Risk.Undetermined() || a.Risk.Pending {
		out = append(out, Blocker{Type: BlockerUndeterminedRisk})
	}
	return out
}

// Risk returns the profile's risk overview: the most severe risk among its
// visible, undecided-or-approved applications that have a risk model
// (UNDETERMINED counts as most severe). An associate none of whose
// applications has one inherits its top parent's, naming it; otherwise the
// Risk is zero.
func (p *Profile) Risk() Risk {
	var out Risk
	for _, a := range p.Applications {
		if a.Hidden || a.Status.Final() || a.Risk.Model == "" {
			continue
		}
		if out.Model == "" || a.Risk.MoreSevere(&out) {
			out = a.Risk
		}
	}
	if out.Model == "" && p.TopParent != nil && p.TopParent.Risk.Model != "" {
		out = p.TopParent.Risk
		out.Inherited = &RiskSource{ProfileID: p.TopParent.ProfileID, Name: p.TopParent.DisplayName}
	}
	return out
}

// dueForRenewal reports whether a passed task version should get its
// successor: its expiry is within lead of now and it has none yet.
func (p *Profile) dueForRenewal(t *Task, now time.Time, lead time.Duration) bool {
	return t.Current() && t.ExpiryDate != nil && !now.Before(t.ExpiryDate.Add(-lead)) &&
		p.LatestTask(t.Variant.ID) == t
}
