package store

import (
	"context"
	"encoding/base64"
	"errors"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// timeNow is the store's clock for bookkeeping columns the domain does not set.
var timeNow = func() time.Time { return time.Now().UTC() }

// A stored response holds whatever the request answered: often a whole
// profile. Its body is sealed under the profile's key when it is about
// one, and under the institution's key otherwise.

// idempotencyAAD binds a body sealed with an institution key to its record.
func idempotencyAAD(institutionID, key string) []byte {
	return vault.AAD("idempotency_keys.body", institutionID, key)
}

func (r *reader) Idempotent(ctx context.Context, institutionID, key string) (*kyc.IdempotentResponse, error) {
	r = r.session()
	var ir kyc.IdempotentResponse
	var created int64
	err := r.c.QueryRow(ctx, r.db.q(qIdempotent), institutionID, key).Scan(&ir.Key, &ir.Method, &ir.Path,
		&ir.RequestHash, &ir.Status, &ir.Body, &created, &ir.ProfileID)
	if errors.Is(err, ErrNoRows) {
		return nil, kyc.NotFound("idempotency key", key)
	}
	if err != nil {
		return nil, internal("idempotency key", err)
	}
	ir.CreatedAt = fromMicros(created)
	if !isSealed(string(ir.Body)) {
		return &ir, nil
	}
	if ir.ProfileID != "" {
		k, err := r.profileKey(ctx, institutionID, ir.ProfileID)
		if err != nil {
			return nil, err
		}
		body, err := r.open(k, ir.ProfileID, "idempotency_keys.body", key, string(ir.Body), "")
		if err != nil {
			return nil, err
		}
		if body == "" { // the profile was erased since
			return nil, kyc.NotFound("idempotency key", key)
		}
		ir.Body = []byte(body)
		return &ir, nil
	}
	ik, err := r.instKey(ctx, institutionID)
	if err != nil {
		return nil, err
	}
	ct, err := base64.RawStdEncoding.DecodeString(string(ir.Body[len(sealedPrefix):]))
	if err != nil {
		return nil, internal("idempotency body", err)
	}
	if ir.Body, err = vault.Open(ik, ct, idempotencyAAD(institutionID, key)); err != nil {
		return nil, internal("idempotency body", err)
	}
	return &ir, nil
}

func (t *tx) SaveIdempotent(ctx context.Context, institutionID string, ir *kyc.IdempotentResponse) error {
	body := ir.Body
	if ir.ProfileID != "" {
		k, err := t.writeKey(ctx, institutionID, ir.ProfileID)
		if err != nil {
			return err
		}
		body = []byte(seal(k, ir.ProfileID, "idempotency_keys.body", ir.Key, ir.Body))
	} else if t.db.keys != nil {
		ik, err := t.instKey(ctx, institutionID)
		if err != nil {
			return err
		}
		body = []byte(sealedPrefix + base64.RawStdEncoding.EncodeToString(vault.Seal(ik, ir.Body, idempotencyAAD(institutionID, ir.Key))))
	}
	_, err := t.c.Exec(ctx, t.db.q(qInsertIdempotent), institutionID, ir.Key, ir.Method, ir.Path, ir.RequestHash,
		ir.Status, body, micros(ir.CreatedAt), ir.ProfileID)
	if err != nil && t.db.dialect.IsUniqueViolation(err) {
		return kyc.Errorf(kyc.EConflict, "a request with this Idempotency-Key is in progress")
	}
	return wrap("insert idempotency key", err)
}

func (t *tx) DeleteIdempotentBefore(ctx context.Context, before time.Time) (int64, error) {
	n, err := t.c.Exec(ctx, t.db.q(qDeleteIdempotentBefore), micros(before))
	return n, wrap("delete idempotency keys", err)
}
