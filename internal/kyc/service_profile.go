package kyc

import (
	"context"
	"slices"
	"strings"
	"time"
)

// NewProfile is a validated create-profile request.
type NewProfile struct {
	Role          Role
	CollectedData []byte
	Facts         Facts
	// Applications lists the products to apply for. When nil the profile
	// applies for every product the policy marks automatically_apply.
	Applications []NewApplication
}

// NewApplication is a validated request to apply for a product.
type NewApplication struct {
	Product        ProductRef
	AssociatedRole AssociatedRole
}

// CreateProfile creates a profile, applies for its products and returns it.
func (s *Service) CreateProfile(ctx context.Context, actor Actor, in NewProfile) (*Profile, error) {
	if err := actor.institutionWide("create profiles"); err != nil {
		return nil, err
	}
	et, ok := in.Role.EntityType()
	if !ok {
		return nil, FieldError("role", "must be one of INDIVIDUAL_CUSTOMER, INDIVIDUAL_ASSOCIATED, COMPANY_CUSTOMER, COMPANY_ASSOCIATED")
	}
	if in.Facts.EntityType != et {
		return nil, &Error{Code: EInvalid, Message: "role " + string(in.Role) + " needs collected_data.entity_type " + string(et),
			Info: map[string]any{"field": "collected_data.entity_type", "reason": "does not match role " + string(in.Role)}}
	}
	now := s.now()
	p := &Profile{
		ID:            NewID(),
		InstitutionID: actor.InstitutionID,
		Role:          in.Role,
		CollectedData: in.CollectedData,
		Status:        StatusNormal,
		CreatedAt:     now,
		UpdatedAt:     now,
		Applications:  []*Application{},
		Tasks:         []*Task{},
		Tags:          []Tag{},
	}
	f := in.Facts
	if err := p.CheckDocumentImages(&f, "collected_data"); err != nil {
		return nil, err // a new profile has no images yet
	}
	p.facts = &f
	p.Record(NewAudit(actor, AuditCreatedProfile, now, "", nil))

	// An associate applies through its company (the company's tasks name
	// the product), so only a customer applies for the automatic products.
	apps := in.Applications
	if apps == nil && !p.IsAssociate() {
		for _, prod := range s.Policy.AutoApply(et) {
			apps = append(apps, NewApplication{Product: ProductRef{ID: prod.ID}})
		}
	}
	applyAll := func() error {
		for i, na := range apps {
			if _, err := s.apply(p, actor, na, fieldf("applications[%d]", i)); err != nil {
				return err
			}
		}
		return nil
	}
	links := f.LinkedIDs()
	if len(links) == 0 {
		if err := applyAll(); err != nil {
			return nil, err
		}
		// The new profile is this request's alone until it commits: its
		// automatic checks' effects are worked out here, not in the
		// transaction, which only writes them.
		if s.automatesInline(p) {
			if err := s.automate(p, s.runAutomatic(ctx, p)); err != nil {
				return nil, err
			}
		}
	}
	queued := false
	if _, err := s.update(ctx, actor.InstitutionID, func(tx Tx) (any, error) {
		if len(links) > 0 {
			// The associates are locked, in id order, and linked before
			// the company applies: its risk may read them.
			if err := s.linkNew(ctx, tx, p, links, actor, now); err != nil {
				return nil, err
			}
			if err := applyAll(); err != nil {
				return nil, err
			}
		}
		w := &jobWatch{Tx: tx}
		jobs, err := s.saveQueued(ctx, w, p)
		queued = len(jobs) > 0 || w.queued || len(links) > 0
		return p, err
	}); err != nil {
		return nil, err
	}
	// The job runner is woken only when there is work for it: a create
	// whose checks ran inline, with no webhook to send, queued nothing, and
	// a claim would be a write transaction for nothing.
	if queued {
		s.notify()
	}
	return p, nil
}

// jobWatch is a transaction that notes whether jobs were queued in it.
type jobWatch struct {
	Tx
	queued bool
}

func (t *jobWatch) EnqueueJobs(ctx context.Context, jobs ...Job) error {
	t.queued = t.queued || len(jobs) > 0
	return t.Tx.EnqueueJobs(ctx, jobs...)
}

// linkNew links the associates a new company's data names.
func (s *Service) linkNew(ctx context.Context, tx Tx, p *Profile, ids []string, actor Actor, now time.Time) error {
	ps, err := tx.Profiles(ctx, actor.InstitutionID, ids)
	if err != nil {
		return err
	}
	linked := make(map[string]*Profile, len(ps))
	as := map[string]*Associate{}
	for _, q := range ps {
		linked[q.ID] = q
		for id, a := range q.Associates {
			as[id] = a
		}
	}
	p.SetAssociates(as)
	p.linksDirty = true
	_, _, err = s.relink(p, nil, linked, actor, "collected_data", now)
	return err
}

// Profile returns a profile of the actor's institution.
func (s *Service) Profile(ctx context.Context, actor Actor, id string) (*Profile, error) {
	if err := actor.mayTouch(id); err != nil {
		return nil, err
	}
	if !ValidID(id) {
		return nil, NotFound("profile", id)
	}
	return s.Store.Profile(ctx, actor.InstitutionID, strings.ToLower(id))
}

// Search limits.
const (
	DefaultSearchLimit = 50
	MaxSearchLimit     = 200
)

// SearchProfiles returns one page of the actor's institution's profiles.
func (s *Service) SearchProfiles(ctx context.Context, actor Actor, q ProfileQuery) (ProfilePage, error) {
	if err := actor.institutionWide("search profiles"); err != nil {
		return ProfilePage{}, err
	}
	if q.Limit == 0 {
		q.Limit = DefaultSearchLimit
	}
	if q.Limit < 0 || q.Limit > MaxSearchLimit {
		return ProfilePage{}, FieldError("limit", "must be between 1 and 200")
	}
	if q.Offset < 0 {
		return ProfilePage{}, FieldError("offset", "must not be negative")
	}
	if err := checkSearchText("q", q.Text); err != nil {
		return ProfilePage{}, err
	}
	return s.Store.SearchProfiles(ctx, actor.InstitutionID, q)
}

// ReplaceCollectedData replaces a profile's collected data (already
// validated) and returns the profile. The entity type cannot change. A
// company's Linked entries link and unlink its associates (see relink).
func (s *Service) ReplaceCollectedData(ctx context.Context, actor Actor, id string, data []byte, f Facts) (*Profile, error) {
	var linked []string
	if f.EntityType == Company {
		linked = f.LinkedIDs()
	}
	return s.editCollectedData(ctx, actor, id, f.EntityType == Company, linked, func([]byte) ([]byte, Facts, error) { return data, f, nil })
}

// EditCollectedData replaces a profile's collected data with what edit
// makes of the current data, read in the transaction that writes the new
// data (so an edit never undoes a change made meanwhile). edit returns the
// new data, validated, and its facts, or an error that is returned as it
// is. The hosted collection form adds an applicant's answers this way; an
// edit does not link or unlink associates (ReplaceCollectedData does).
func (s *Service) EditCollectedData(ctx context.Context, actor Actor, id string, edit func(current []byte) ([]byte, Facts, error)) (*Profile, error) {
	return s.editCollectedData(ctx, actor, id, false, nil, edit)
}

// editCollectedData replaces a profile's collected data with edit's; when
// linking, a company's Linked entries (newLinks) link and unlink its
// associates, locked in id order with it.
func (s *Service) editCollectedData(ctx context.Context, actor Actor, id string, linking bool, newLinks []string,
	edit func(current []byte) ([]byte, Facts, error)) (*Profile, error) {
	change := func(tx Tx, p *Profile, linked map[string]*Profile) (any, error) {
		data, f, err := edit(p.CollectedData)
		if err != nil {
			return nil, err
		}
		if f.EntityType != p.EntityType() {
			return nil, &Error{Code: EInvalid, Message: "collected_data.entity_type must stay " + string(p.EntityType()),
				Info: map[string]any{"field": "collected_data.entity_type", "reason": "cannot change the entity type of a profile"}}
		}
		if err := p.CheckDocumentImages(&f, "collected_data"); err != nil {
			return nil, err
		}
		now := s.now()
		before := p.Links()
		p.SetCollectedData(data, f)
		action := AuditReplaceCollectedData
		if actor.IsCollect() { // the applicant, through a collect key
			action = AuditSubmittedData
		}
		p.Record(NewAudit(actor, action, now, "", nil))
		c := Change{Kind: ChangeCollectedData, Actor: actor, At: now}
		switch {
		case linking:
			if c.Linked, c.Unlinked, err = s.relink(p, before, linked, actor, "collected_data", now); err != nil {
				return nil, err
			}
		case !slices.Equal(linkIDs(before), f.LinkedIDs()):
			return nil, FieldError("collected_data", "links to associates change only by replacing the collected data")
		}
		p.emit(c)
		if p.DropFulfilledSteps() {
			s.releaseChecks(p)
		}
		if err := s.reassess(p, now); err != nil {
			return nil, err
		}
		return p, nil
	}
	var r any
	var err error
	if linking {
		r, err = s.updateLinking(ctx, actor, id, newLinks, change)
	} else {
		r, err = s.updateProfile(ctx, actor, id, func(tx Tx, p *Profile) (any, error) { return change(tx, p, nil) })
	}
	if err != nil {
		return nil, err
	}
	s.notify()
	return r.(*Profile), nil
}

// SetStatus changes a profile's status and returns the new status.
func (s *Service) SetStatus(ctx context.Context, actor Actor, id string, st ProfileStatus) (ProfileStatus, error) {
	if !st.Valid() {
		return "", FieldError("status", "must be one of NORMAL, SUSPENDED, BANNED")
	}
	_, err := s.updateProfile(ctx, actor, id, func(tx Tx, p *Profile) (any, error) {
		if p.Status != st {
			now := s.now()
			p.Record(NewAudit(actor, AuditProfileStatusChanged, now, "", map[string]any{"from": string(p.Status), "to": string(st)}))
			p.Status = st
			if err := s.reassess(p, now); err != nil {
				return nil, err
			}
		}
		return st, nil
	})
	return st, err
}

// AuditItems returns a profile's audit trail.
func (s *Service) AuditItems(ctx context.Context, actor Actor, id string) ([]AuditItem, error) {
	if _, err := s.Profile(ctx, actor, id); err != nil {
		return nil, err
	}
	return s.Store.AuditItems(ctx, actor.InstitutionID, strings.ToLower(id))
}

// linkIDs returns the associates' profile ids of links, in order.
func linkIDs(links []Link) []string {
	out := make([]string, len(links))
	for i, l := range links {
		out[i] = l.AssociateID
	}
	return out
}
