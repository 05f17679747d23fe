package kyc

import (
	"bytes"
	"slices"
	"strings"
	"time"
)

// Links between a company and its associates. A company links an associate
// profile through a Linked entry of its own collected data (officers,
// shareholders, beneficial owners, authorised persons); the store keeps an
// index of those entries (Link) so that an associate's companies are found
// without reading every company. What a company needs of its associates
// (their applications and open events) and an associate of its companies
// (their names, for linked_to) is loaded with the profile, read-only: each
// profile is only ever changed in its own transaction, and a change that
// concerns the other side reaches it through a job (JobAssociates).

// Link is one associate a company's collected data links, with every role
// it holds and the company task variants it is linked for.
type Link struct {
	AssociateID    string
	Roles          []AssociatedRole
	TaskVariantIDs []string
}

// Parent is a company a profile is linked to as an associate: an entry of
// the profile's linked_to.
type Parent struct {
	ProfileID   string
	Role        Role
	DisplayName string
	Status      ProfileStatus
	Category    Category
	CreatedAt   time.Time
	// Erased says the company was erased (it keeps its tombstone).
	Erased bool
	// Roles are the roles the profile holds in the company, and
	// TaskVariantIDs the company's task variants it is linked for.
	Roles          []AssociatedRole
	TaskVariantIDs []string
}

// TopParent is the company at the top of an associate's chain of parents:
// the customer the associate was onboarded for, whose risk it inherits.
type TopParent struct {
	ProfileID   string
	DisplayName string
	// Risk is the top parent's risk overview (zero without a risk model).
	Risk Risk
}

// Associate is what a company knows of a profile it links, or of one
// further down its chain of corporate shareholders: enough to judge its
// associate tasks and blockers and to build its ownership graph.
type Associate struct {
	ID            string
	InstitutionID string
	Role          Role
	DisplayName   string
	Status        ProfileStatus
	CollectedData []byte
	Applications  []AssociateApplication
	Events        []AssociateEvent
	facts         *Facts
}

// AssociateApplication is an associate's application as its companies see it.
type AssociateApplication struct {
	ID             string
	ProductID      string
	AssociatedRole AssociatedRole
	Status         AppStatus
	Hidden         bool
}

// AssociateEvent is an associate's event as its companies see it.
type AssociateEvent struct {
	ID         string
	Type       EventType
	Resolution Resolution
}

// Facts returns the parsed view of the associate's collected data.
func (a *Associate) Facts() *Facts {
	if a.facts == nil {
		f, err := ParseFacts(a.CollectedData)
		if err != nil {
			et, _ := a.Role.EntityType()
			f = Facts{EntityType: et}
		}
		a.facts = &f
	}
	return a.facts
}

// EntityType is the associate's entity type, implied by its role.
func (a *Associate) EntityType() EntityType {
	et, _ := a.Role.EntityType()
	return et
}

// Approved reports whether the associate has a visible APPROVED
// application for the product (any product when productID is empty).
func (a *Associate) Approved(productID string) bool {
	for _, app := range a.Applications {
		if !app.Hidden && app.Status == AppApproved && (productID == "" || app.ProductID == productID) {
			return true
		}
	}
	return false
}

// OpenEvents returns the associate's unresolved events.
func (a *Associate) OpenEvents() []AssociateEvent {
	var out []AssociateEvent
	for _, e := range a.Events {
		if e.Resolution == Unresolved {
			out = append(out, e)
		}
	}
	return out
}

// Links returns the associates the profile's collected data links, each
// once with all its roles and task variants, in order of first appearance.
func (p *Profile) Links() []Link {
	var out []Link
	for _, e := range p.Facts().Associates {
		if !e.Linked() {
			continue
		}
		i := slices.IndexFunc(out, func(l Link) bool { return l.AssociateID == e.ProfileID })
		if i < 0 {
			out = append(out, Link{AssociateID: e.ProfileID, Roles: []AssociatedRole{}, TaskVariantIDs: []string{}})
			i = len(out) - 1
		}
		l := &out[i]
		if !slices.Contains(l.Roles, e.Role) {
			l.Roles = append(l.Roles, e.Role)
		}
		for _, v := range e.TaskVariantIDs {
			if v = p.variantOf(v); !slices.Contains(l.TaskVariantIDs, v) {
				l.TaskVariantIDs = append(l.TaskVariantIDs, v)
			}
		}
	}
	return out
}

// variantOf reads an id of task_variant_ids: a task variant id, or (as a
// client may send) the id of one of the company's tasks, which stands for
// its variant. Ids are compared in lower case.
func (p *Profile) variantOf(id string) string {
	id = strings.ToLower(id)
	if t := p.Task(id); t != nil {
		return t.Variant.ID
	}
	return id
}

// HasAssociates reports whether the profile links any associate. Data
// that cannot have a linked_profile member (none written plainly, no
// escape that could spell one) is not parsed: search results ask for every
// profile of a page.
func (p *Profile) HasAssociates() bool {
	if p.facts == nil && !bytes.Contains(p.CollectedData, []byte("linked_profile")) && !bytes.Contains(p.CollectedData, []byte(`\u`)) {
		return false
	}
	return len(p.Facts().LinkedIDs()) > 0
}

// PendingLinks reports whether the profile's links changed since it was
// stored, and returns them all when they did.
func (p *Profile) PendingLinks() ([]Link, bool) {
	if !p.linksDirty && p.Stored() {
		return nil, false
	}
	links := p.Links()
	if !p.Stored() && len(links) == 0 {
		return nil, false
	}
	return links, true
}

// LinksLoaded reports whether the profile was loaded with its associates
// and parents (or was given them): the rules that depend on them act only
// then.
func (p *Profile) LinksLoaded() bool { return p.Associates != nil }

// SetAssociates gives the profile what it knows of its associates.
func (p *Profile) SetAssociates(as map[string]*Associate) {
	if as == nil {
		as = map[string]*Associate{}
	}
	p.Associates = as
	p.ownership = nil
}

// PutAssociate updates what the profile knows of one associate.
func (p *Profile) PutAssociate(a *Associate) {
	if p.Associates == nil {
		p.Associates = map[string]*Associate{}
	}
	p.Associates[a.ID] = a
	p.ownership = nil
}

// Associate returns what the profile knows of a linked profile, or nil.
func (p *Profile) Associate(id string) *Associate { return p.Associates[id] }

// SaveWith queues another aggregate changed by the same command, to be
// saved in the same transaction after this one.
func (p *Profile) SaveWith(o *Profile) {
	if !slices.Contains(p.others, o) {
		p.others = append(p.others, o)
	}
}

// PendingOthers returns the aggregates queued by SaveWith.
func (p *Profile) PendingOthers() []*Profile { return p.others }

func sameLinks(a, b []Link) bool {
	return slices.EqualFunc(a, b, func(x, y Link) bool {
		return x.AssociateID == y.AssociateID && slices.Equal(x.Roles, y.Roles) && slices.Equal(x.TaskVariantIDs, y.TaskVariantIDs)
	})
}
