package store

import (
	"context"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

func (t *tx) saveEvent(ctx context.Context, e *kyc.Event) error {
	if e.Stored() && !e.Dirty() {
		return nil
	}
	tasks := mustJSON(nonNil(e.ResolutionTaskIDs))
	if !e.Stored() {
		_, err := t.c.Exec(ctx, t.db.q(qInsertEvent), e.ID, e.ProfileID, string(e.Type), string(e.Data), string(e.Resolution),
			e.ResolutionReason, microsPtr(e.ResolutionDate), tasks, e.MatchKey, e.CheckID, micros(e.CreatedAt))
		return wrap("insert event", err)
	}
	_, err := t.c.Exec(ctx, t.db.q(qUpdateEvent), string(e.Resolution), e.ResolutionReason, microsPtr(e.ResolutionDate), tasks, e.ID)
	return wrap("update event", err)
}

func (r *reader) loadEvents(ctx context.Context, ids []any, byID map[string]*kyc.Profile) error {
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
		e.Data, e.ResolutionDate, e.CreatedAt = []byte(data), fromMicrosPtr(resolved), fromMicros(created)
		if p := byID[e.ProfileID]; p != nil {
			p.Events = append(p.Events, &e)
		}
	}
	return wrap("events", rows.Err())
}
