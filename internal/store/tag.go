package store

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

func (t *tx) CreateTag(ctx context.Context, institutionID string, tg kyc.Tag) error {
	_, err := t.c.Exec(ctx, t.db.q(qInsertTag), tg.ID, institutionID, tg.Name, strings.ToLower(tg.Name),
		tg.IsAutomatic, micros(timeNow()))
	if err != nil && t.db.dialect.IsUniqueViolation(err) {
		return kyc.Errorf(kyc.EConflict, "a tag named %q exists", tg.Name)
	}
	return wrap("insert tag", err)
}

func (r *reader) Tag(ctx context.Context, institutionID, id string) (kyc.Tag, error) {
	return r.oneTag(ctx, qTag, institutionID, id)
}

func (r *reader) TagByName(ctx context.Context, institutionID, name string) (kyc.Tag, error) {
	return r.oneTag(ctx, qTagByName, institutionID, name)
}

func (r *reader) oneTag(ctx context.Context, q query, institutionID, key string) (kyc.Tag, error) {
	var tg kyc.Tag
	err := r.c.QueryRow(ctx, r.db.q(q), institutionID, key).Scan(&tg.ID, &tg.Name, &tg.IsAutomatic)
	if errors.Is(err, ErrNoRows) {
		return tg, kyc.NotFound("tag", key)
	}
	return tg, wrap("tag", err)
}

func (r *reader) SearchTags(ctx context.Context, institutionID, term string, limit int) ([]kyc.Tag, error) {
	if limit <= 0 {
		limit = 1 << 30
	}
	rows, err := r.c.Query(ctx, r.db.q(qSearchTags), institutionID, likePattern(term), limit)
	if err != nil {
		return nil, internal("search tags", err)
	}
	defer rows.Close()
	out := []kyc.Tag{}
	for rows.Next() {
		var tg kyc.Tag
		if err := rows.Scan(&tg.ID, &tg.Name, &tg.IsAutomatic); err != nil {
			return nil, internal("scan tag", err)
		}
		out = append(out, tg)
	}
	return out, wrap("search tags", rows.Err())
}

func (r *reader) loadTags(ctx context.Context, ids []any, byID map[string]*kyc.Profile) error {
	rows, err := r.c.Query(ctx, r.db.expandIDs(qProfileTags, len(ids)), ids...)
	if err != nil {
		return internal("profile tags", err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid string
		var tg kyc.Tag
		if err := rows.Scan(&pid, &tg.ID, &tg.Name, &tg.IsAutomatic); err != nil {
			return internal("scan profile tag", err)
		}
		if p := byID[pid]; p != nil {
			p.Tags = append(p.Tags, tg)
		}
	}
	return wrap("profile tags", rows.Err())
}
