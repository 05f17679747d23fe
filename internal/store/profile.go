package store

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

const profileColumns = 9

func scanProfile(row Row) (*kyc.Profile, error) {
	var p kyc.Profile
	var data, steps string
	var created, updated int64
	err := row.Scan(&p.ID, &p.InstitutionID, &p.Role, &p.Status, &p.Category, &p.DisplayName, &data, &created, &updated, &steps, &p.Version)
	if err != nil {
		return nil, err
	}
	if p.CollectionSteps, err = decodeSteps(steps); err != nil {
		return nil, err
	}
	p.CollectedData = []byte(data)
	p.CreatedAt, p.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &p, nil
}

func (r *reader) Profile(ctx context.Context, institutionID, id string) (*kyc.Profile, error) {
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
	cats := ""
	if len(q.Categories) > 0 {
		parts := make([]string, len(q.Categories))
		for i, c := range q.Categories {
			parts[i] = string(c)
		}
		cats = "," + strings.Join(parts, ",") + ","
	}
	text := strings.TrimSpace(q.Text)
	pat := likePattern(text)
	args := []any{institutionID, cats, cats, text, pat, pat}
	var page kyc.ProfilePage
	if err := r.c.QueryRow(ctx, r.db.q(qCountProfiles), args...).Scan(&page.Count); err != nil {
		return page, internal("count profiles", err)
	}
	page.Profiles = []*kyc.Profile{}
	if page.Count == 0 || q.Offset >= page.Count {
		return page, nil
	}
	rows, err := r.c.Query(ctx, r.db.q(qSearchProfiles), append(args, q.Limit, q.Offset)...)
	if err != nil {
		return page, internal("search profiles", err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return page, internal("scan profile", err)
		}
		page.Profiles = append(page.Profiles, p)
	}
	if err := rows.Err(); err != nil {
		return page, internal("search profiles", err)
	}
	rows.Close()
	return page, r.loadChildren(ctx, page.Profiles)
}

// loadChildren loads the applications, tasks, events, checks, tags and
// parents (the companies an associate is linked to) of profiles and marks
// the aggregates stored.
func (r *reader) loadChildren(ctx context.Context, ps []*kyc.Profile) error {
	if len(ps) == 0 {
		return nil
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
	search := strings.ToLower(p.DisplayName)
	switch {
	case !p.Stored():
		_, err := c.Exec(ctx, q(qInsertProfile), p.ID, p.InstitutionID, string(p.Role), string(p.Status),
			string(p.Category), p.DisplayName, search, string(p.CollectedData), micros(p.CreatedAt), micros(p.UpdatedAt),
			encodeSteps(p.CollectionSteps))
		if err != nil {
			return internal("insert profile", err)
		}
	case p.Dirty():
		n, err := c.Exec(ctx, q(qUpdateProfile), string(p.Status), string(p.Category), p.DisplayName, search,
			string(p.CollectedData), micros(p.UpdatedAt), encodeSteps(p.CollectionSteps), p.ID, p.Version)
		if err != nil {
			return internal("update profile", err)
		}
		if n == 0 {
			return kyc.ErrProfileChanged
		}
		p.Version++
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
		if err := t.saveEvent(ctx, e); err != nil {
			return err
		}
	}
	for _, ck := range p.Checks {
		if err := t.saveCheck(ctx, ck); err != nil {
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
