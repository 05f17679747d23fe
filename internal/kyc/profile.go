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
	// Version counts the saves of the profile: a save made from a copy read
	// before another save fails with ErrProfileChanged (optimistic locking).
	Version int64

	// Category is stored so that searches can filter on it; Refresh keeps it
	// equal to DeriveCategory.
	Category Category
	// DisplayName is stored for search; Refresh keeps it equal to Facts().DisplayName().
	DisplayName string
	// IndexedName is the display name the store last indexed for search
	// (set by the store): the index is rewritten only when they differ.
	IndexedName string
	// ErasedAt is when the profile was erased (nil: it was not). An erased
	// profile is a tombstone: its id, role, dates and decisions remain, its
	// personal data is gone with its key, and no command changes it.
	ErasedAt *time.Time
	// LegalHold, while set, stops the profile's erasure (nil: none).
	LegalHold *LegalHold

	Applications []*Application
	Tasks        []*Task
	Events       []*Event
	Checks       []*Check
	// CollectionSteps lists data still to collect (stored with the profile).
	CollectionSteps []CollectionStep
	Tags            []Tag
	// Images are the profile's uploaded document images, oldest first
	// (loaded with one profile, not with search results).
	Images []DocumentImage

	// Parents are the companies the profile is linked to as an associate
	// (its linked_to), loaded with it.
	Parents []Parent
	// Associates are the profiles the company's collected data links, and
	// those further down its chain of corporate shareholders, by id: loaded
	// with the profile (nil when not loaded, as in search results).
	Associates map[string]*Associate
	// TopParent is, for an associate, the company at the top of its chain
	// of parents (nil for others).
	TopParent *TopParent

	facts *Facts
	// linksDirty is set when the collected data's links changed.
	linksDirty bool
	// others are aggregates the same command changed (SaveWith).
	others []*Profile
	// ownership caches Ownership until the data or associates change.
	ownership *Ownership
	audit     []AuditItem
	changes   []Change
	jobs      []Job
	newTags   []Tag
	dropTags  []Tag
}

// Image returns the uploaded image with the given id, or nil.
func (p *Profile) Image(id string) *DocumentImage {
	for i := range p.Images {
		if p.Images[i].ID == id {
			return &p.Images[i]
		}
	}
	return nil
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

// SetCollectedData replaces the collected data (already validated) and its
// facts; checks waiting for data will run on the new data.
func (p *Profile) SetCollectedData(data []byte, f Facts) {
	p.followData(data)
	before := p.Links()
	p.CollectedData = data
	p.facts = &f
	p.ownership = nil
	if !sameLinks(before, p.Links()) {
		p.linksDirty = true
	}
	p.Touch()
}

// Record queues an audit item to be written with the profile's changes.
func (p *Profile) Record(item AuditItem) {
	item.ProfileID = p.ID
	item.InstitutionID = p.InstitutionID
	p.audit = append(p.audit, item)
}

// queue records a job to store with the profile's changes.
func (p *Profile) queue(j Job) { p.jobs = append(p.jobs, j) }

// PendingJobs returns the jobs queued since the last save.
func (p *Profile) PendingJobs() []Job { return p.jobs }

// ErrProfileChanged is returned by SaveProfile when the profile was saved by
// someone else since it was read.
var ErrProfileChanged = &Error{Code: EConflict, Message: "the profile changed meanwhile; try again"}

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
	for _, e := range p.Events {
		e.MarkStored()
	}
	for _, c := range p.Checks {
		c.MarkStored()
	}
	p.audit, p.newTags, p.dropTags, p.changes, p.jobs = nil, nil, nil, nil, nil
	p.linksDirty, p.others = false, nil
}
