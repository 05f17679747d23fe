package store

import (
	"context"
	"errors"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// EraseProfile turns a profile into its tombstone in the transaction: it
// destroys the profile's data key, so that every value sealed under it
// (here, in backups, in the audit trail) stays unreadable, and replaces or
// removes what held personal data besides. Kept: the profile row (id,
// role, status, category, dates), its applications with their statuses
// and decisions, tasks, checks and events without their data, links, tags
// and the audit items (whose chain hashes the sealed fields by digest).
// Removed: notes, document rows, provider checks, webhook deliveries and
// stored idempotent responses about it, its monitoring subject, its name
// index and its queued jobs. It returns the blobs the document rows named,
// for the caller to delete once the transaction commits.
func (t *tx) EraseProfile(ctx context.Context, p *kyc.Profile, at time.Time, item kyc.AuditItem) ([]string, error) {
	institutionID, profileID := p.InstitutionID, p.ID
	var blobs []string
	rows, err := t.c.Query(ctx, t.db.q(qErasedBlobs), profileID, profileID)
	if err != nil {
		return nil, internal("erased blobs", err)
	}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return nil, internal("scan erased blob", err)
		}
		blobs = append(blobs, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("erased blobs", err)
	}
	for _, q := range []query{qEraseProviderCheckImages, qEraseProviderChecks, qEraseDocumentImages, qEraseFiles,
		qEraseNotes, qEraseWebhookAttempts, qEraseWebhookDeliveries, qEraseIdempotency, qDeleteMonitorSubject,
		qDeleteNameTokens, qEraseJobs, qEraseChecks, qEraseEvents} {
		if _, err := t.c.Exec(ctx, t.db.q(q), profileID); err != nil {
			return nil, internal("erase "+q.String(), err)
		}
	}
	n, err := t.c.Exec(ctx, t.db.q(qEraseProfileRow), string(kyc.TombstoneData(p.Role)), micros(at), micros(at), profileID, institutionID)
	if err != nil {
		return nil, internal("erase profile", err)
	}
	if n == 0 {
		return nil, kyc.NotFound("profile", profileID)
	}
	if _, err := t.c.Exec(ctx, t.db.q(qDeleteKey), vault.ProfileOwner(profileID)); err != nil {
		return nil, internal("delete profile key", err)
	}
	t.kc.prof[profileID] = nil
	item.InstitutionID, item.ProfileID, item.Clear = institutionID, profileID, true
	return blobs, t.insertAudit(ctx, []kyc.AuditItem{item})
}

// ErasedProfiles returns up to limit erased profiles after the cursor, in
// id order (kyc.MonitorCursorStart to start).
func (r *reader) ErasedProfiles(ctx context.Context, afterID string, limit int) ([]kyc.ProfileRef, error) {
	return r.profileRefs(ctx, qErasedProfiles, afterID, limit)
}

// RetentionCandidates returns up to limit profiles after the cursor, in
// id order, that are neither erased nor held and have no open
// application: those whose retention period may have run out.
func (r *reader) RetentionCandidates(ctx context.Context, afterID string, limit int) ([]kyc.ProfileRef, error) {
	return r.profileRefs(ctx, qRetentionCandidates, afterID, limit)
}

func (r *reader) profileRefs(ctx context.Context, q query, afterID string, limit int) ([]kyc.ProfileRef, error) {
	if afterID == "" {
		afterID = kyc.MonitorCursorStart
	}
	rows, err := r.c.Query(ctx, r.db.q(q), afterID, limit)
	if err != nil {
		return nil, internal(q.String(), err)
	}
	defer rows.Close()
	var out []kyc.ProfileRef
	for rows.Next() {
		var ref kyc.ProfileRef
		if err := rows.Scan(&ref.ProfileID, &ref.InstitutionID); err != nil {
			return nil, internal("scan "+q.String(), err)
		}
		out = append(out, ref)
	}
	return out, wrap(q.String(), rows.Err())
}

// UnsealedProfiles counts profiles whose personal data is stored in
// clear: written before migration 0017, or by a process whose store was
// not protected. A protected server refuses to start while there are any.
func (d *DB) UnsealedProfiles(ctx context.Context) (int, error) {
	var n int
	err := d.reader.c.QueryRow(ctx, d.q(qCountUnsealedProfiles)).Scan(&n)
	if errors.Is(err, ErrNoRows) {
		return 0, nil
	}
	return n, wrap("count unsealed profiles", err)
}
