package store

import (
	"context"
	"errors"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

func (r *reader) ScreeningListVersion(ctx context.Context, list string) (string, error) {
	var v string
	err := r.c.QueryRow(ctx, r.db.q(qScreeningListVersion), list).Scan(&v)
	if errors.Is(err, ErrNoRows) {
		return "", kyc.NotFound("screening list", list)
	}
	return v, wrap("screening list version", err)
}

func (t *tx) MoveScreeningListVersion(ctx context.Context, list, from, to string, at time.Time) (bool, error) {
	var n int64
	var err error
	if from == "" {
		n, err = t.c.Exec(ctx, t.db.q(qInsertScreeningList), list, to, micros(at))
	} else {
		n, err = t.c.Exec(ctx, t.db.q(qMoveScreeningList), to, micros(at), list, from)
	}
	return n == 1, wrap("move screening list version", err)
}

func (t *tx) InsertMonitorRun(ctx context.Context, r *kyc.MonitorRun) error {
	_, err := t.c.Exec(ctx, t.db.q(qInsertMonitorRun), r.ID, r.List, r.FromVersion, r.ToVersion, r.Full,
		mustJSON(nonNil(r.Keys)), r.Removed, r.Cursor, r.Profiles, r.Events, r.Done, micros(r.CreatedAt), microsPtr(r.FinishedAt))
	return wrap("insert monitor run", err)
}

func (t *tx) UpdateMonitorRun(ctx context.Context, r *kyc.MonitorRun) error {
	n, err := t.c.Exec(ctx, t.db.q(qUpdateMonitorRun), r.Cursor, r.Profiles, r.Events, r.Done, microsPtr(r.FinishedAt), r.ID)
	if err == nil && n == 0 {
		return kyc.NotFound("monitor run", r.ID)
	}
	return wrap("update monitor run", err)
}

func (r *reader) MonitorRun(ctx context.Context, id string) (*kyc.MonitorRun, error) {
	rows, err := r.c.Query(ctx, r.db.q(qMonitorRun), id)
	if err != nil {
		return nil, internal("monitor run", err)
	}
	runs, err := scanMonitorRuns(rows)
	if err != nil {
		return nil, err
	}
	if len(runs) == 0 {
		return nil, kyc.NotFound("monitor run", id)
	}
	return &runs[0], nil
}

func (r *reader) MonitorRuns(ctx context.Context, limit int) ([]kyc.MonitorRun, error) {
	rows, err := r.c.Query(ctx, r.db.q(qMonitorRuns), limit)
	if err != nil {
		return nil, internal("monitor runs", err)
	}
	return scanMonitorRuns(rows)
}

func scanMonitorRuns(rows Rows) ([]kyc.MonitorRun, error) {
	defer rows.Close()
	var out []kyc.MonitorRun
	for rows.Next() {
		var m kyc.MonitorRun
		var keys string
		var created int64
		var finished *int64
		if err := rows.Scan(&m.ID, &m.List, &m.FromVersion, &m.ToVersion, &m.Full, &keys, &m.Removed, &m.Cursor,
			&m.Profiles, &m.Events, &m.Done, &created, &finished); err != nil {
			return nil, internal("scan monitor run", err)
		}
		if err := decodeAll([]string{keys}, &m.Keys); err != nil {
			return nil, internal("decode monitor run "+m.ID, err)
		}
		m.CreatedAt, m.FinishedAt = fromMicros(created), fromMicrosPtr(finished)
		out = append(out, m)
	}
	return out, wrap("monitor runs", rows.Err())
}

func (r *reader) MonitorCandidates(ctx context.Context, afterID string, limit int) ([]kyc.ProfileRef, error) {
	if afterID == "" {
		afterID = kyc.MonitorCursorStart
	}
	rows, err := r.c.Query(ctx, r.db.q(qMonitorCandidates), afterID, limit)
	if err != nil {
		return nil, internal("monitor candidates", err)
	}
	defer rows.Close()
	var out []kyc.ProfileRef
	for rows.Next() {
		var ref kyc.ProfileRef
		if err := rows.Scan(&ref.ProfileID, &ref.InstitutionID); err != nil {
			return nil, internal("scan monitor candidate", err)
		}
		out = append(out, ref)
	}
	return out, wrap("monitor candidates", rows.Err())
}

func (r *reader) MonitorSubjects(ctx context.Context, afterID string, limit int) ([]kyc.MonitorSubject, error) {
	if afterID == "" {
		afterID = kyc.MonitorCursorStart
	}
	rows, err := r.c.Query(ctx, r.db.q(qMonitorSubjects), afterID, limit)
	if err != nil {
		return nil, internal("monitor subjects", err)
	}
	defer rows.Close()
	out := make([]kyc.MonitorSubject, 0, limit)
	for rows.Next() {
		var s kyc.MonitorSubject
		if err := rows.Scan(&s.ProfileID, &s.InstitutionID, &s.Data); err != nil {
			return nil, internal("scan monitor subject", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("monitor subjects", err)
	}
	rows.Close()
	// The subjects are the screening queries (names, dates of birth),
	// sealed: open them with one key query per institution of the page.
	r = r.session()
	byInst := map[string][]string{}
	for _, s := range out {
		byInst[s.InstitutionID] = append(byInst[s.InstitutionID], s.ProfileID)
	}
	for inst, ids := range byInst {
		if err := r.loadProfileKeys(ctx, inst, ids); err != nil {
			return nil, err
		}
	}
	kept := out[:0]
	for _, s := range out {
		data, err := r.open(r.cachedKey(s.ProfileID), s.ProfileID, "monitor_subjects.subject", "", string(s.Data), "")
		if err != nil {
			return nil, err
		}
		if data == "" && len(s.Data) > 0 {
			continue // an erased profile's (its row goes with the erasure)
		}
		s.Data = []byte(data)
		kept = append(kept, s)
	}
	return kept, nil
}

func (t *tx) SaveMonitorSubject(ctx context.Context, s kyc.MonitorSubject, at time.Time) error {
	k, err := t.writeKey(ctx, s.InstitutionID, s.ProfileID)
	if err != nil {
		return err
	}
	data := []byte(seal(k, s.ProfileID, "monitor_subjects.subject", "", s.Data))
	_, err = t.c.Exec(ctx, t.db.q(qSaveMonitorSubject), s.ProfileID, s.InstitutionID, data, micros(at))
	return wrap("save monitor subject", err)
}

func (t *tx) DeleteMonitorSubject(ctx context.Context, profileID string) error {
	_, err := t.c.Exec(ctx, t.db.q(qDeleteMonitorSubject), profileID)
	return wrap("delete monitor subject", err)
}
