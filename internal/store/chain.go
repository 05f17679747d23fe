package store

import (
	"context"
	"errors"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

func (r *reader) UnsealedInstitutions(ctx context.Context) ([]string, error) {
	rows, err := r.c.Query(ctx, r.db.q(qUnsealedInstitutions))
	if err != nil {
		return nil, internal("unsealed institutions", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, internal("scan institution", err)
		}
		out = append(out, id)
	}
	return out, wrap("unsealed institutions", rows.Err())
}

// AuditChain returns sealed items as the chain hashes them: an item with
// sealed personal fields by their digest, its Message and RefData empty.
func (r *reader) AuditChain(ctx context.Context, institutionID string, afterSeq int64, limit int) ([]kyc.AuditItem, error) {
	return chainItems(r.auditItems(ctx, qAuditChain, institutionID, afterSeq, limit))
}

// chainItems drops the sealed values auditItems leaves in Message.
func chainItems(items []kyc.AuditItem, err error) ([]kyc.AuditItem, error) {
	for i := range items {
		if items[i].PersonalDigest != "" {
			items[i].Message = ""
		}
	}
	return items, err
}

func (r *reader) CountUnsealed(ctx context.Context, institutionID string) (int, time.Time, error) {
	var n int
	var oldest *int64
	if err := r.c.QueryRow(ctx, r.db.q(qCountUnsealed), institutionID).Scan(&n, &oldest); err != nil {
		return 0, time.Time{}, internal("count unsealed", err)
	}
	if oldest == nil {
		return n, time.Time{}, nil
	}
	return n, fromMicros(*oldest), nil
}

func (r *reader) ChainHead(ctx context.Context, institutionID string) (int64, string, error) {
	var seq int64
	var hash string
	err := r.c.QueryRow(ctx, r.db.q(qChainHead), institutionID).Scan(&seq, &hash)
	if errors.Is(err, ErrNoRows) {
		return 0, "", nil
	}
	return seq, hash, wrap("chain head", err)
}

func (t *tx) LockChainHead(ctx context.Context, institutionID string) (int64, string, error) {
	if _, err := t.c.Exec(ctx, t.db.q(qInsertChainHead), institutionID); err != nil {
		return 0, "", internal("insert chain head", err)
	}
	var seq int64
	var hash string
	// InsertChainHead made sure the row exists.
	err := t.c.QueryRow(ctx, t.db.q(qLockChainHead), institutionID).Scan(&seq, &hash)
	return seq, hash, wrap("lock chain head", err)
}

func (t *tx) UnsealedAudit(ctx context.Context, institutionID string, limit int) ([]kyc.AuditItem, error) {
	return chainItems(t.auditItems(ctx, qUnsealedAudit, institutionID, limit))
}

func (t *tx) SealAudit(ctx context.Context, id string, seq int64, hash string) error {
	_, err := t.c.Exec(ctx, t.db.q(qSealAudit), seq, hash, id)
	return wrap("seal audit item", err)
}

func (t *tx) SetChainHead(ctx context.Context, institutionID string, seq int64, hash string) error {
	_, err := t.c.Exec(ctx, t.db.q(qSetChainHead), seq, hash, institutionID)
	return wrap("set chain head", err)
}
