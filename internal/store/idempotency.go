package store

import (
	"context"
	"errors"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// timeNow is the store's clock for bookkeeping columns the domain does not set.
var timeNow = func() time.Time { return time.Now().UTC() }

func (r *reader) Idempotent(ctx context.Context, institutionID, key string) (*kyc.IdempotentResponse, error) {
	var ir kyc.IdempotentResponse
	var created int64
	err := r.c.QueryRow(ctx, r.db.q(qIdempotent), institutionID, key).Scan(&ir.Key, &ir.Method, &ir.Path,
		&ir.RequestHash, &ir.Status, &ir.Body, &created)
	if errors.Is(err, ErrNoRows) {
		return nil, kyc.NotFound("idempotency key", key)
	}
	if err != nil {
		return nil, internal("idempotency key", err)
	}
	ir.CreatedAt = fromMicros(created)
	return &ir, nil
}

func (t *tx) SaveIdempotent(ctx context.Context, institutionID string, ir *kyc.IdempotentResponse) error {
	_, err := t.c.Exec(ctx, t.db.q(qInsertIdempotent), institutionID, ir.Key, ir.Method, ir.Path, ir.RequestHash,
		ir.Status, ir.Body, micros(ir.CreatedAt))
	if err != nil && t.db.dialect.IsUniqueViolation(err) {
		return kyc.Errorf(kyc.EConflict, "a request with this Idempotency-Key is in progress")
	}
	return wrap("insert idempotency key", err)
}

func (t *tx) DeleteIdempotentBefore(ctx context.Context, before time.Time) (int64, error) {
	n, err := t.c.Exec(ctx, t.db.q(qDeleteIdempotentBefore), micros(before))
	return n, wrap("delete idempotency keys", err)
}
