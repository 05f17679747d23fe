package store

import (
	"context"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// saveEvent writes an event, its data, match key and resolution reason
// sealed under k (its profile's key).
func (t *tx) saveEvent(ctx context.Context, k *vault.Key, e *kyc.Event) error {
	if e.Stored() && !e.Dirty() {
		return nil
	}
	tasks := mustJSON(nonNil(e.ResolutionTaskIDs))
	reason := sealString(k, e.ProfileID, "events.resolution_reason", e.ID, e.ResolutionReason)
	if !e.Stored() {
		_, err := t.c.Exec(ctx, t.db.q(qInsertEvent), e.ID, e.ProfileID, string(e.Type),
			seal(k, e.ProfileID, "events.data", e.ID, e.Data), string(e.Resolution),
			reason, microsPtr(e.ResolutionDate), tasks, sealString(k, e.ProfileID, "events.match_key", e.ID, e.MatchKey),
			e.CheckID, micros(e.CreatedAt))
		return wrap("insert event", err)
	}
	_, err := t.c.Exec(ctx, t.db.q(qUpdateEvent), string(e.Resolution), reason, microsPtr(e.ResolutionDate), tasks, e.ID)
	return wrap("update event", err)
}

func (r *reader) loadEvents(ctx context.Context, ids []any, byID map[string]*kyc.Profile) error {
	if err := r.loadKeysOf(ctx, byID); err != nil {
		return err
	}
	rows, err := r.c.Query(ctx, r.db.expandIDs(qEvents, len(ids)), ids...)
	if err != nil {
		return internal("events", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e kyc.Event
		var data, tasks string
		var resolved *int64
		var created int64
		if err := rows.Scan(&e.ID, &e.ProfileID, &e.Type, &data, &e.Resolution, &e.ResolutionReason, &resolved,
			&tasks, &e.MatchKey, &e.CheckID, &created); err != nil {
			return internal("scan event", err)
		}
		if err := decodeAll([]string{tasks}, &e.ResolutionTaskIDs); err != nil {
			return internal("decode event "+e.ID, err)
		}
		k := r.cachedKey(e.ProfileID)
		var err error
		if data, err = r.open(k, e.ProfileID, "events.data", e.ID, data, "{}"); err != nil {
			return err
		}
		if e.ResolutionReason, err = r.open(k, e.ProfileID, "events.resolution_reason", e.ID, e.ResolutionReason, ""); err != nil {
			return err
		}
		if e.MatchKey, err = r.open(k, e.ProfileID, "events.match_key", e.ID, e.MatchKey, "erased:"+e.ID); err != nil {
			return err
		}
		e.Data, e.ResolutionDate, e.CreatedAt = []byte(data), fromMicrosPtr(resolved), fromMicros(created)
		if p := byID[e.ProfileID]; p != nil {
			p.Events = append(p.Events, &e)
		}
	}
	return wrap("events", rows.Err())
}
