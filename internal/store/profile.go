package store

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/vault"
)

const profileColumns = 9

// scanProfile reads a profile row as stored: its sealed columns are
// opened by openProfiles.
func scanProfile(row Row) (*kyc.Profile, error) {
	var p kyc.Profile
	var data, steps, hold string
	var created, updated int64
	var erased, holdAt *int64
	err := row.Scan(&p.ID, &p.InstitutionID, &p.Role, &p.Status, &p.Category, &p.DisplayName, &data, &created, &updated, &steps, &p.Version,
		&erased, &holdAt, &hold)
	if err != nil {
		return nil, err
	}
	if p.CollectionSteps, err = decodeSteps(steps); err != nil {
		return nil, err
	}
	p.CollectedData = []byte(data)
	p.CreatedAt, p.UpdatedAt = fromMicros(created), fromMicros(updated)
	p.ErasedAt = fromMicrosPtr(erased)
	if holdAt != nil {
		p.LegalHold = &kyc.LegalHold{SetAt: fromMicros(*holdAt), Reason: hold} // opened by openProfiles
	}
	return &p, nil
}

// openProfiles opens the sealed columns of profiles just scanned, with
// one query for all their keys.
func (r *reader) openProfiles(ctx context.Context, ps []*kyc.Profile) error {
	if len(ps) == 0 {
		return nil
	}
	byInst := map[string][]string{}
	for _, p := range ps {
		byInst[p.InstitutionID] = append(byInst[p.InstitutionID], p.ID)
	}
	for inst, ids := range byInst {
		if err := r.loadProfileKeys(ctx, inst, ids); err != nil {
			return err
		}
	}
	for _, p := range ps {
		k := r.cachedKey(p.ID)
		name, err := r.open(k, p.ID, "profiles.display_name", "", p.DisplayName, "")
		if err != nil {
			return err
		}
		data, err := r.open(k, p.ID, "profiles.collected_data", "", string(p.CollectedData), string(kyc.TombstoneData(p.Role)))
		if err != nil {
			return err
		}
		p.DisplayName, p.IndexedName, p.CollectedData = name, name, []byte(data)
		if p.LegalHold != nil {
			raw, err := r.open(k, p.ID, "profiles.legal_hold", "", p.LegalHold.Reason, "{}")
			if err != nil {
				return err
			}
			h := kyc.LegalHold{SetAt: p.LegalHold.SetAt}
			if err := json.Unmarshal([]byte(raw), &h); err != nil {
				return internal("decode legal hold", err)
			}
			h.SetAt = p.LegalHold.SetAt
			p.LegalHold = &h
		}
	}
	return nil
}

// cachedKey returns a profile's key loaded by loadProfileKeys (nil when
// protection is off or the profile has none).
func (r *reader) cachedKey(profileID string) *vault.Key {
	if r.kc == nil {
		return nil
	}
	return r.kc.prof[profileID]
}

func (r *reader) Profile(ctx context.Context, institutionID, id string) (*kyc.Profile, error) {
	r = r.session()
	q := qProfile
	if r.inTx {
		q = qProfileForUpdate
	}
	p, err := scanProfile(r.c.QueryRow(ctx, r.db.q(q), id, institutionID))
	if errors.Is(err, ErrNoRows) {
		return nil, kyc.NotFound("profile", id)
	}
	if err != nil {
		return nil, internal("profile", err)
	}
	ps := []*kyc.Profile{p}
	if err := r.loadChildren(ctx, ps); err != nil {
		return nil, err
	}
	if err := r.loadLinked(ctx, ps); err != nil {
		return nil, err
	}
	if p.Images, err = r.DocumentImages(ctx, institutionID, id); err != nil {
		return nil, err
	}
	return p, nil
}

func (r *reader) SearchProfiles(ctx context.Context, institutionID string, q kyc.ProfileQuery) (kyc.ProfilePage, error) {
	r = r.session()
	cats := ""
	if len(q.Categories) > 0 {
		parts := make([]string, len(q.Categories))
		for i, c := range q.Categories {
			parts[i] = string(c)
		}
		cats = "," + strings.Join(parts, ",") + ","
	}
	text := strings.TrimSpace(q.Text)
	page := kyc.ProfilePage{Profiles: []*kyc.Profile{}}
	var err error
	if text == "" {
		args := []any{institutionID, cats, cats}
		if err := r.c.QueryRow(ctx, r.db.q(qCountProfiles), args...).Scan(&page.Count); err != nil {
			return page, internal("count profiles", err)
		}
		if page.Count == 0 || q.Offset >= page.Count {
			return page, nil
		}
		if page.Profiles, err = r.searchPage(ctx, qSearchProfiles, append(args, q.Limit, q.Offset), nil); err != nil {
			return page, err
		}
		return page, r.loadChildren(ctx, page.Profiles)
	}
	terms, err := r.searchTerms(ctx, institutionID, text)
	if err != nil {
		return page, err
	}
	// The rows of a page carry the count of all matches.
	args := append(append([]any{institutionID}, terms...), institutionID, likePattern(text), institutionID, cats, cats)
	if page.Profiles, err = r.searchPage(ctx, qSearchProfilesByText, append(args, q.Limit, q.Offset), &page.Count); err != nil {
		return page, err
	}
	if len(page.Profiles) == 0 && q.Offset > 0 {
		// Past the end, no row told the count: the first row tells it.
		if _, err := r.searchPage(ctx, qSearchProfilesByText, append(args, 1, 0), &page.Count); err != nil {
			return page, err
		}
	}
	return page, r.loadChildren(ctx, page.Profiles)
}

// searchPage runs a profile search query; with total, each row carries
// one more column, the count of all matches, scanned into it.
func (r *reader) searchPage(ctx context.Context, q query, args []any, total *int) ([]*kyc.Profile, error) {
	rows, err := r.c.Query(ctx, r.db.q(q), args...)
	if err != nil {
		return nil, internal("search profiles", err)
	}
	defer rows.Close()
	ps := []*kyc.Profile{}
	for rows.Next() {
		row := Row(rows)
		if total != nil {
			row = withTotal{rows, total}
		}
		p, err := scanProfile(row)
		if err != nil {
			return nil, internal("scan profile", err)
		}
		ps = append(ps, p)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("search profiles", err)
	}
	return ps, nil
}

// withTotal scans a row with one more column after the ones asked for,
// into total.
type withTotal struct {
	Row
	total *int
}

func (w withTotal) Scan(dest ...any) error { return w.Row.Scan(append(dest, w.total)...) }

// loadChildren loads the applications, tasks, events, checks, tags and
// parents (the companies an associate is linked to) of profiles and marks
// the aggregates stored.
func (r *reader) loadChildren(ctx context.Context, ps []*kyc.Profile) error {
	if len(ps) == 0 {
		return nil
	}
	if err := r.openProfiles(ctx, ps); err != nil {
		return err
	}
	byID := make(map[string]*kyc.Profile, len(ps))
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
		byID[p.ID] = p
		p.Applications, p.Tasks, p.Events, p.Checks, p.Tags = []*kyc.Application{}, []*kyc.Task{}, []*kyc.Event{}, []*kyc.Check{}, []kyc.Tag{}
	}
	args := anyStrings(ids)
	if err := r.loadApplications(ctx, args, byID); err != nil {
		return err
	}
	if err := r.loadTasks(ctx, args, byID); err != nil {
		return err
	}
	if err := r.loadEvents(ctx, args, byID); err != nil {
		return err
	}
	if err := r.loadChecks(ctx, args, byID); err != nil {
		return err
	}
	if err := r.loadTags(ctx, args, byID); err != nil {
		return err
	}
	if err := r.loadParents(ctx, ps); err != nil {
		return err
	}
	for _, p := range ps {
		p.MarkStored()
	}
	return nil
}

func (t *tx) SaveProfile(ctx context.Context, p *kyc.Profile) error {
	q, c := t.db.q, t.c
	if p.Erased() {
		return &kyc.Error{Code: kyc.EConflict, Message: "the profile was erased", Info: map[string]any{"profile_id": p.ID}}
	}
	if !p.Stored() {
		t.kc.fresh[p.ID] = true
	}
	k, err := t.writeKey(ctx, p.InstitutionID, p.ID)
	if err != nil {
		return err
	}
	name := sealString(k, p.ID, "profiles.display_name", "", p.DisplayName)
	data := seal(k, p.ID, "profiles.collected_data", "", p.CollectedData)
	switch {
	case !p.Stored():
		_, err := c.Exec(ctx, q(qInsertProfile), p.ID, p.InstitutionID, string(p.Role), string(p.Status),
			string(p.Category), name, "", data, micros(p.CreatedAt), micros(p.UpdatedAt),
			encodeSteps(p.CollectionSteps))
		if err != nil {
			return internal("insert profile", err)
		}
	case p.Dirty():
		var holdAt *int64
		hold := ""
		if h := p.LegalHold; h != nil {
			holdAt = microsPtr(&h.SetAt)
			hold = seal(k, p.ID, "profiles.legal_hold", "", []byte(mustJSON(h)))
		}
		n, err := c.Exec(ctx, q(qUpdateProfile), string(p.Status), string(p.Category), name, "",
			data, micros(p.UpdatedAt), encodeSteps(p.CollectionSteps), holdAt, hold, p.ID, p.Version)
		if err != nil {
			return internal("update profile", err)
		}
		if n == 0 {
			return kyc.ErrProfileChanged
		}
		p.Version++
	}
	if err := t.indexName(ctx, p); err != nil {
		return err
	}
	if err := t.saveLinks(ctx, p); err != nil {
		return err
	}
	for _, a := range p.Applications {
		if err := t.saveApplication(ctx, p, a); err != nil {
			return err
		}
	}
	if err := t.saveTasks(ctx, p.Tasks); err != nil {
		return err
	}
	for _, e := range p.Events {
		if err := t.saveEvent(ctx, k, e); err != nil {
			return err
		}
	}
	for _, ck := range p.Checks {
		if err := t.saveCheck(ctx, k, ck); err != nil {
			return err
		}
	}
	attached, detached := p.PendingTags()
	for _, tg := range attached {
		if _, err := c.Exec(ctx, q(qAttachTag), p.ID, tg.ID, micros(p.UpdatedAt)); err != nil {
			return internal("attach tag", err)
		}
	}
	for _, tg := range detached {
		if _, err := c.Exec(ctx, q(qDetachTag), p.ID, tg.ID); err != nil {
			return internal("detach tag", err)
		}
	}
	if err := t.insertAudit(ctx, p.PendingAudit()); err != nil {
		return err
	}
	if err := t.EnqueueJobs(ctx, p.PendingJobs()...); err != nil {
		return err
	}
	p.MarkStored()
	return nil
}
