package kyc

import (
	"time"
)

// Profile is the aggregate of one customer: its collected data and everything
// hanging off it. Derived values (display name, category, task progress, flags,
// blockers) are computed from this state, never trusted from storage.
type Profile struct {
	Rev
	ID            string
	InstitutionID string
	Role          Role
	CollectedData []byte // the collected data JSON as accepted, compact
	Status        ProfileStatus
	CreatedAt     time.Time
	UpdatedAt     time.Time

	// Category is stored so that searches can filter on it; Refresh keeps it
	// equal to DeriveCategory.
	Category Category
	// DisplayName is stored for search; Refresh keeps it equal to Facts().DisplayName().
	DisplayName string

	Applications []*Application
	Tasks        []*Task
	Events       []*Event
	Tags         []Tag

	facts    *Facts
	audit    []AuditItem
	newTags  []Tag
	dropTags []Tag
}

// IsAssociate reports whether the profile is a company's associate.
func (p *Profile) IsAssociate() bool {
	return p.Role == RoleIndividualAssociated || p.Role == RoleCompanyAssociated
}

// OpenEvents returns the unresolved events, oldest first.
func (p *Profile) OpenEvents() []*Event {
	var out []*Event
	for _, e := range p.Events {
		if e.Open() {
			out = append(out, e)
		}
	}
	return out
}

// EntityType is the profile's entity type, implied by its role.
func (p *Profile) EntityType() EntityType {
	et, _ := p.Role.EntityType()
	return et
}

// Facts returns the parsed view of the collected data.
func (p *Profile) Facts() *Facts {
	if p.facts == nil {
		f, err := ParseFacts(p.CollectedData)
		if err != nil {
			f = Facts{EntityType: p.EntityType()}
		}
		p.facts = &f
	}
	return p.facts
}

// SetCollectedData replaces the collected data (already validated) and its facts.
func (p *Profile) SetCollectedData(data []byte, f Facts) {
	p.CollectedData = data
	p.facts = &f
	p.Touch()
}

// CurrentTasks returns the live version of each task, in creation order.
func (p *Profile) CurrentTasks() []*Task {
	out := make([]*Task, 0, len(p.Tasks))
	for _, t := range p.Tasks {
		if t.Current() {
			out = append(out, t)
		}
	}
	return out
}

// TaskFor returns the live task of a variant, or nil.
func (p *Profile) TaskFor(variantID string) *Task {
	for _, t := range p.Tasks {
		if t.Current() && t.Variant.ID == variantID {
			return t
		}
	}
	return nil
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

// Application returns the application with the given id, or nil.
func (p *Profile) Application(id string) *Application {
	for _, a := range p.Applications {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// TaskTypes returns the distinct types of the live tasks, in creation order.
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

// TaskProgress counts completed and all live tasks.
func (p *Profile) TaskProgress() TaskProgress {
	var tp TaskProgress
	for _, t := range p.CurrentTasks() {
		tp.Total++
		if t.State.Complete() || t.IsSkipped {
			tp.Completed++
		}
	}
	return tp
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

// FlagOf derives the current flag of an application of this profile.
func (p *Profile) FlagOf(a *Application) Flag {
	in := FlagInput{Status: a.Status, Automating: a.Automating}
	for _, v := range a.RequiredTasks {
		t := p.TaskFor(v.ID)
		if t == nil || !t.Passed() {
			in.TasksIncomplete = true
			break
		}
	}
	return DeriveFlag(in)
}

// Blockers returns why an application cannot be approved now, in a stable
// order: incomplete tasks (in the order the application requires them),
// unresolved events, a suspended or banned profile, undetermined risk.
func (p *Profile) Blockers(a *Application) []Blocker {
	out := []Blocker{}
	for i := range a.RequiredTasks {
		v := a.RequiredTasks[i]
		t := p.TaskFor(v.ID)
		if t == nil || !t.Passed() {
			out = append(out, Blocker{Type: BlockerIncompleteTask, TaskType: v.Type, TaskVariant: &a.RequiredTasks[i]})
		}
	}
	if p.Status != StatusNormal {
		out = append(out, Blocker{Type: BlockerSuspendedProfile})
	}
	return out
}

// Refresh recomputes the stored derived values after a change: display name,
// category, and each application's flag, appending flag history when a flag
// changed. It returns the applications whose flag changed.
func (p *Profile) Refresh(now time.Time) []*Application {
	if dn := p.Facts().DisplayName(); dn != p.DisplayName {
		p.DisplayName = dn
		p.Touch()
	}
	if c := p.DeriveCategory(); c != p.Category {
		p.Category = c
		p.Touch()
	}
	var changed []*Application
	for _, a := range p.Applications {
		if a.Hidden {
			continue
		}
		f := p.FlagOf(a)
		n := len(a.FlagHistory)
		if f != a.Flag || n == 0 || a.FlagHistory[n-1].Status != a.Status {
			a.Flag = f
			a.FlagHistory = append(a.FlagHistory, FlagChange{Status: a.Status, Flag: f, Date: now})
			a.Touch()
			changed = append(changed, a)
		}
	}
	return changed
}

// Record queues an audit item to be written with the profile's changes.
func (p *Profile) Record(item AuditItem) {
	item.ProfileID = p.ID
	item.InstitutionID = p.InstitutionID
	p.audit = append(p.audit, item)
}

// PendingAudit returns the audit items queued since the last save.
func (p *Profile) PendingAudit() []AuditItem { return p.audit }

// AttachTag adds a tag, reporting false when it is already attached.
func (p *Profile) AttachTag(t Tag) bool {
	for _, have := range p.Tags {
		if have.ID == t.ID {
			return false
		}
	}
	p.Tags = append(p.Tags, t)
	p.newTags = append(p.newTags, t)
	return true
}

// DetachTag removes a tag by id, returning it, or false when not attached.
func (p *Profile) DetachTag(id string) (Tag, bool) {
	for i, have := range p.Tags {
		if have.ID == id {
			p.Tags = append(p.Tags[:i:i], p.Tags[i+1:]...)
			p.dropTags = append(p.dropTags, have)
			return have, true
		}
	}
	return Tag{}, false
}

// PendingTags returns the tags attached and detached since the last save.
func (p *Profile) PendingTags() (attached, detached []Tag) { return p.newTags, p.dropTags }

// MarkStored records that the whole aggregate is saved.
func (p *Profile) MarkStored() {
	p.Rev.MarkStored()
	for _, a := range p.Applications {
		a.MarkStored()
	}
	for _, t := range p.Tasks {
		t.MarkStored()
	}
	p.audit, p.newTags, p.dropTags = nil, nil, nil
}
