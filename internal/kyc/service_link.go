package kyc

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Linking associates. A company links an associate profile by naming it in
// a Linked entry of its collected data, so linking and unlinking happen
// when the company's data is created or replaced. The command locks the
// company and every profile its old and new data link, in id order (so two
// such commands cannot deadlock on PostgreSQL), checks each link, records
// linked-profile and unlinked-profile audit items on both sides, and gives
// each associate the applications the task variants it is newly linked for
// require. Everything commits together.

// updateLinking runs fn on a company locked with the profiles its old data
// and its new data (newLinks) link, which fn gets by id.
func (s *Service) updateLinking(ctx context.Context, actor Actor, id string, newLinks []string, fn func(tx Tx, p *Profile, linked map[string]*Profile) (any, error)) (any, error) {
	if !ValidID(id) {
		return nil, NotFound("profile", id)
	}
	id = strings.ToLower(id)
	ctx = withIdemProfile(ctx, id)
	// The links of the company as last committed tell which profiles to
	// lock; read again under the lock, they are exact.
	old, err := s.Store.LinkedIDs(ctx, actor.InstitutionID, id)
	if err != nil {
		return nil, err
	}
	want := append(append([]string{id}, newLinks...), old...)
	for attempt := 0; ; attempt++ {
		r, err := s.update(ctx, actor.InstitutionID, func(tx Tx) (any, error) {
			ps, err := tx.Profiles(ctx, actor.InstitutionID, want)
			if err != nil {
				return nil, err
			}
			linked := make(map[string]*Profile, len(ps))
			for _, q := range ps {
				linked[q.ID] = q
			}
			p := linked[id]
			if p == nil {
				return nil, NotFound("profile", id)
			}
			if p.Erased() {
				return nil, errErased(id)
			}
			// Links committed since the first read (rare): start again
			// locking them too, so that locks are still taken in order.
			var missing []string
			for _, l := range p.Facts().LinkedIDs() {
				if !slices.Contains(want, l) {
					missing = append(missing, l)
				}
			}
			if len(missing) > 0 && attempt < 3 {
				want = append(want, missing...)
				return nil, errRelock
			}
			delete(linked, id)
			r, err := fn(tx, p, linked)
			if err != nil {
				return nil, err
			}
			if err := s.save(ctx, tx, p); err != nil {
				return nil, err
			}
			return r, nil
		})
		if err != errRelock {
			return r, err
		}
	}
}

// errRelock makes updateLinking start again with more profiles to lock.
var errRelock = &Error{Code: EConflict, Message: "the company's links changed meanwhile; try again"}

// relink applies a company's links after its data changed from links
// before: it checks every Linked entry, records the links made and
// undone on both sides, opens the associate tasks an associate was
// unlinked from for a person to review, and applies the associates for
// the products of the task variants they are newly linked for. field
// prefixes the fields named in errors ("collected_data"). It returns the
// associates linked and unlinked.
func (s *Service) relink(p *Profile, before []Link, linked map[string]*Profile, actor Actor, field string, now time.Time) (added, removed []string, err error) {
	if err := s.checkLinks(p, linked, field); err != nil {
		return nil, nil, err
	}
	after := p.Links()
	company := p.Facts().DisplayName()
	for _, l := range after {
		a := linked[l.AssociateID]
		i := slices.IndexFunc(before, func(b Link) bool { return b.AssociateID == l.AssociateID })
		var was Link
		if i >= 0 {
			was = before[i]
		}
		if i < 0 {
			added = append(added, l.AssociateID)
		}
		if i < 0 || !slices.Equal(was.Roles, l.Roles) || !slices.Equal(was.TaskVariantIDs, l.TaskVariantIDs) {
			ref := map[string]any{"associate_id": a.ID, "roles": roleNames(l.Roles), "task_variant_ids": l.TaskVariantIDs}
			p.Record(NewAudit(actor, AuditLinkedProfile, now, a.Facts().DisplayName(), ref))
			a.Record(NewAudit(actor, AuditLinkedProfile, now, company, map[string]any{
				"company_id": p.ID, "roles": roleNames(l.Roles), "task_variant_ids": l.TaskVariantIDs}))
			p.SaveWith(a)
		}
		for _, v := range l.TaskVariantIDs {
			if slices.Contains(was.TaskVariantIDs, v) {
				continue
			}
			app, err := s.applyAssociate(a, v, p.entryFor(l.AssociateID, v), actor, field)
			if err != nil {
				return nil, nil, err
			}
			if app {
				p.SaveWith(a)
			}
		}
		p.PutAssociate(Summarize(a))
	}
	for _, b := range before {
		i := slices.IndexFunc(after, func(l Link) bool { return l.AssociateID == b.AssociateID })
		var left []string // task variants it is no longer linked for
		if i < 0 {
			left = b.TaskVariantIDs
		} else {
			for _, v := range b.TaskVariantIDs {
				if !slices.Contains(after[i].TaskVariantIDs, v) {
					left = append(left, v)
				}
			}
		}
		p.holdAssociateTasks(left, actor, now)
		if i >= 0 {
			continue
		}
		removed = append(removed, b.AssociateID)
		ref := map[string]any{"associate_id": b.AssociateID, "roles": roleNames(b.Roles)}
		name := ""
		if a := linked[b.AssociateID]; a != nil {
			name = a.Facts().DisplayName()
			a.Record(NewAudit(actor, AuditUnlinkedProfile, now, company, map[string]any{"company_id": p.ID, "roles": roleNames(b.Roles)}))
			p.SaveWith(a)
		}
		p.Record(NewAudit(actor, AuditUnlinkedProfile, now, name, ref))
	}
	return added, removed, nil
}

// checkLinks refuses a Linked entry that names no profile of the
// institution, the company itself, a customer, a profile of the other
// entity type, or a task variant that is not an associate task.
func (s *Service) checkLinks(p *Profile, linked map[string]*Profile, field string) error {
	for _, e := range p.Facts().Associates {
		if !e.Linked() {
			continue
		}
		at := field + "." + e.Path
		a := linked[e.ProfileID]
		switch {
		case e.ProfileID == p.ID:
			return FieldError(at+".linked_profile.id", "a company cannot be its own associate")
		case a == nil:
			return FieldError(at+".linked_profile.id", "no profile "+e.ProfileID+" of this institution")
		case !a.IsAssociate():
			return FieldError(at+".linked_profile.id", fmt.Sprintf("profile %s is a %s; only INDIVIDUAL_ASSOCIATED and COMPANY_ASSOCIATED profiles are linked", a.ID, a.Role))
		case e.EntityType != a.EntityType():
			return FieldError(at+".entity_type", fmt.Sprintf("is %s but the linked profile is %s", e.EntityType, a.EntityType()))
		}
		for i, ref := range e.TaskVariantIDs {
			vat := fmt.Sprintf("%s.task_variant_ids[%d]", at, i)
			id := p.variantOf(ref)
			v, ok := s.Policy.TaskVariant(id)
			switch {
			case !ok || v.ID != id:
				return FieldError(vat, "no task variant "+ref+" in the policy")
			case !v.Type.IsAssociateTask():
				return FieldError(vat, fmt.Sprintf("is a %s task variant; associates are linked for identify officers, beneficial owners, trustees or authorised persons, or assess ownership tasks", v.Type))
			}
		}
	}
	return nil
}

// entryFor returns the first entry linking an associate for a task variant.
func (p *Profile) entryFor(associateID, variantID string) *AssociateEntry {
	fs := p.Facts()
	for i := range fs.Associates {
		e := &fs.Associates[i]
		if e.ProfileID == associateID && slices.ContainsFunc(e.TaskVariantIDs, func(v string) bool { return p.variantOf(v) == variantID }) {
			return e
		}
	}
	return nil
}

// applyAssociate applies an associate for the product a task variant names
// for its entity type, with the role of the entry that links it, unless it
// has a visible application for the product that is not final. It reports
// whether it added one.
func (s *Service) applyAssociate(a *Profile, variantID string, e *AssociateEntry, actor Actor, field string) (bool, error) {
	prod, ok := s.Policy.AssociateProduct(variantID, a.EntityType())
	if !ok {
		return false, nil
	}
	for _, app := range a.Applications {
		if !app.Hidden && !app.Status.Final() && app.Product.ID == prod.ID {
			return false, nil
		}
	}
	na := NewApplication{Product: ProductRef{ID: prod.ID}}
	at := field
	if e != nil {
		na.AssociatedRole, at = e.Role, field+"."+e.Path
	}
	if _, err := s.apply(a, actor, na, at+".task_variant_ids"); err != nil {
		return false, err
	}
	return true, nil
}

// Summarize returns what a company knows of an associate profile.
func Summarize(a *Profile) *Associate {
	out := &Associate{ID: a.ID, InstitutionID: a.InstitutionID, Role: a.Role, DisplayName: a.Facts().DisplayName(),
		Status: a.Status, CollectedData: a.CollectedData}
	for _, app := range a.Applications {
		out.Applications = append(out.Applications, AssociateApplication{ID: app.ID, ProductID: app.Product.ID,
			AssociatedRole: app.AssociatedRole, Status: app.Status, Hidden: app.Hidden})
	}
	for _, e := range a.Events {
		out.Events = append(out.Events, AssociateEvent{ID: e.ID, Type: e.Type, Resolution: e.Resolution})
	}
	return out
}

func roleNames(rs []AssociatedRole) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}
