package store

import (
	"context"
	"slices"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Bounds of what a company loads of its ownership chain: the associates it
// links, their associates, and so on.
const (
	maxLinkDepth      = 8
	maxLinkedProfiles = 2000
)

func (r *reader) Profiles(ctx context.Context, institutionID string, ids []string) ([]*kyc.Profile, error) {
	r = r.session()
	ids = validIDs(ids)
	if len(ids) == 0 {
		return []*kyc.Profile{}, nil
	}
	q := qProfiles
	if r.inTx {
		q = qProfilesForUpdate
	}
	rows, err := r.c.Query(ctx, r.db.expandIDs(q, len(ids)), append([]any{institutionID}, anyStrings(ids)...)...)
	if err != nil {
		return nil, internal("profiles", err)
	}
	defer rows.Close()
	out := []*kyc.Profile{}
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, internal("scan profile", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("profiles", err)
	}
	rows.Close()
	if err := r.loadChildren(ctx, out); err != nil {
		return nil, err
	}
	return out, r.loadLinked(ctx, out)
}

func (r *reader) LinkedIDs(ctx context.Context, institutionID, companyID string) ([]string, error) {
	if !kyc.ValidID(companyID) {
		return nil, nil
	}
	rows, err := r.c.Query(ctx, r.db.q(qLinkedIDs), strings.ToLower(companyID), institutionID)
	if err != nil {
		return nil, internal("linked ids", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, internal("scan linked id", err)
		}
		out = append(out, id)
	}
	return out, wrap("linked ids", rows.Err())
}

// validIDs returns the distinct ids that are UUIDs (no other id exists, and
// PostgreSQL refuses to compare a UUID column with anything else), in
// lower case and sorted.
func validIDs(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if kyc.ValidID(id) {
			out = append(out, strings.ToLower(id))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// loadParents loads the companies the associate profiles among ps are linked to.
func (r *reader) loadParents(ctx context.Context, ps []*kyc.Profile) error {
	byID := map[string]*kyc.Profile{}
	for _, p := range ps {
		p.Parents = []kyc.Parent{}
		if p.IsAssociate() {
			byID[p.ID] = p
		}
	}
	if len(byID) == 0 {
		return nil
	}
	parents, err := r.parents(ctx, ps[0].InstitutionID, keysOf(byID))
	if err != nil {
		return err
	}
	for id, list := range parents {
		byID[id].Parents = list
	}
	return nil
}

func (r *reader) parents(ctx context.Context, institutionID string, ids []string) (map[string][]kyc.Parent, error) {
	rows, err := r.c.Query(ctx, r.db.expandIDs(qParents, len(ids)), anyStrings(ids)...)
	if err != nil {
		return nil, internal("parents", err)
	}
	defer rows.Close()
	out := map[string][]kyc.Parent{}
	for rows.Next() {
		var child, roles, variants string
		var pa kyc.Parent
		var created, erased int64
		if err := rows.Scan(&child, &roles, &variants, &pa.ProfileID, &pa.Role, &pa.Status, &pa.Category, &pa.DisplayName, &created, &erased); err != nil {
			return nil, internal("scan parent", err)
		}
		if err := decodeAll([]string{roles, variants}, &pa.Roles, &pa.TaskVariantIDs); err != nil {
			return nil, internal("decode link", err)
		}
		pa.CreatedAt, pa.Erased = fromMicros(created), erased != 0
		out[child] = append(out[child], pa)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("parents", err)
	}
	rows.Close()
	var names []nameRef
	for _, list := range out {
		for i := range list {
			names = append(names, nameRef{list[i].ProfileID, &list[i].DisplayName})
		}
	}
	return out, r.openNames(ctx, institutionID, names)
}

// loadLinked loads what the profiles need of the profiles linked to them:
// for companies, the associates down their ownership chain; for
// associates, the top parent whose risk they inherit.
func (r *reader) loadLinked(ctx context.Context, ps []*kyc.Profile) error {
	if err := r.loadAssociates(ctx, ps); err != nil {
		return err
	}
	for _, p := range ps {
		if len(p.Parents) == 0 {
			continue
		}
		if err := r.loadTopParent(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// loadAssociates loads, level by level, the profiles the companies link and
// those their company associates link, up to maxLinkDepth levels and
// maxLinkedProfiles profiles, into one map every profile of ps shares.
func (r *reader) loadAssociates(ctx context.Context, ps []*kyc.Profile) error {
	as := map[string]*kyc.Associate{}
	var next []string
	for _, p := range ps {
		if p.EntityType() == kyc.Company {
			next = append(next, p.Facts().LinkedIDs()...)
		}
	}
	inst := ""
	if len(ps) > 0 {
		inst = ps[0].InstitutionID
	}
	for depth := 0; depth < maxLinkDepth && len(next) > 0 && len(as) < maxLinkedProfiles; depth++ {
		var ids []string
		for _, id := range validIDs(next) {
			if _, seen := as[id]; !seen && len(as)+len(ids) < maxLinkedProfiles {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			break
		}
		level, err := r.associates(ctx, inst, ids)
		if err != nil {
			return err
		}
		next = next[:0]
		for _, id := range ids {
			a := level[id]
			as[id] = a // nil for an id that is no profile of the institution
			if a != nil && a.EntityType() == kyc.Company {
				next = append(next, a.Facts().LinkedIDs()...)
			}
		}
	}
	for id, a := range as {
		if a == nil {
			delete(as, id)
		}
	}
	for _, p := range ps {
		p.SetAssociates(as)
	}
	return nil
}

// associates reads the summaries of profiles of an institution.
func (r *reader) associates(ctx context.Context, institutionID string, ids []string) (map[string]*kyc.Associate, error) {
	out := make(map[string]*kyc.Associate, len(ids))
	rows, err := r.c.Query(ctx, r.db.expandIDs(qAssociateProfiles, len(ids)), append([]any{institutionID}, anyStrings(ids)...)...)
	if err != nil {
		return nil, internal("associates", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a kyc.Associate
		var data string
		if err := rows.Scan(&a.ID, &a.InstitutionID, &a.Role, &a.Status, &a.DisplayName, &data); err != nil {
			return nil, internal("scan associate", err)
		}
		a.CollectedData = []byte(data)
		out[a.ID] = &a
	}
	if err := rows.Err(); err != nil {
		return nil, internal("associates", err)
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	if err := r.loadProfileKeys(ctx, institutionID, keysOf(out)); err != nil {
		return nil, err
	}
	for _, a := range out {
		k := r.cachedKey(a.ID)
		name, err := r.open(k, a.ID, "profiles.display_name", "", a.DisplayName, "")
		if err != nil {
			return nil, err
		}
		data, err := r.open(k, a.ID, "profiles.collected_data", "", string(a.CollectedData), string(kyc.TombstoneData(a.Role)))
		if err != nil {
			return nil, err
		}
		a.DisplayName, a.CollectedData = name, []byte(data)
	}
	found := anyStrings(keysOf(out))
	apps, err := r.c.Query(ctx, r.db.expandIDs(qAssociateApplications, len(found)), found...)
	if err != nil {
		return nil, internal("associate applications", err)
	}
	defer apps.Close()
	for apps.Next() {
		var pid string
		var app kyc.AssociateApplication
		if err := apps.Scan(&pid, &app.ID, &app.ProductID, &app.AssociatedRole, &app.Status, &app.Hidden); err != nil {
			return nil, internal("scan associate application", err)
		}
		out[pid].Applications = append(out[pid].Applications, app)
	}
	if err := apps.Err(); err != nil {
		return nil, internal("associate applications", err)
	}
	apps.Close()
	evs, err := r.c.Query(ctx, r.db.expandIDs(qAssociateEvents, len(found)), found...)
	if err != nil {
		return nil, internal("associate events", err)
	}
	defer evs.Close()
	for evs.Next() {
		var pid string
		var e kyc.AssociateEvent
		if err := evs.Scan(&pid, &e.ID, &e.Type, &e.Resolution); err != nil {
			return nil, internal("scan associate event", err)
		}
		out[pid].Events = append(out[pid].Events, e)
	}
	return out, wrap("associate events", evs.Err())
}

// loadTopParent follows an associate's first parent up to a profile linked
// to none (a customer), and loads its risk.
func (r *reader) loadTopParent(ctx context.Context, p *kyc.Profile) error {
	top := p.Parents[0]
	seen := map[string]bool{p.ID: true, top.ProfileID: true}
	for range maxLinkDepth {
		if top.Role != kyc.RoleIndividualAssociated && top.Role != kyc.RoleCompanyAssociated {
			break
		}
		up, err := r.parents(ctx, p.InstitutionID, []string{top.ProfileID})
		if err != nil {
			return err
		}
		list := up[top.ProfileID]
		if len(list) == 0 || seen[list[0].ProfileID] {
			break
		}
		top = list[0]
		seen[top.ProfileID] = true
	}
	tp := &kyc.Profile{ID: top.ProfileID, InstitutionID: p.InstitutionID}
	if err := r.loadApplications(ctx, []any{top.ProfileID}, map[string]*kyc.Profile{top.ProfileID: tp}); err != nil {
		return err
	}
	p.TopParent = &kyc.TopParent{ProfileID: top.ProfileID, DisplayName: top.DisplayName, Risk: tp.Risk()}
	return nil
}

// saveLinks rewrites a company's links when its collected data changed them.
func (t *tx) saveLinks(ctx context.Context, p *kyc.Profile) error {
	links, changed := p.PendingLinks()
	if !changed {
		return nil
	}
	if p.Stored() {
		if _, err := t.c.Exec(ctx, t.db.q(qDeleteLinks), p.ID); err != nil {
			return internal("delete links", err)
		}
	}
	if len(links) == 0 {
		return nil
	}
	rows := make([][]any, len(links))
	for i, l := range links {
		rows[i] = []any{p.ID, l.AssociateID, p.InstitutionID, mustJSON(roleStrings(l.Roles)), mustJSON(nonNil(l.TaskVariantIDs)), micros(p.UpdatedAt)}
	}
	return t.insertRows(ctx, qInsertLink, "insert links", rows)
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func roleStrings(rs []kyc.AssociatedRole) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}
