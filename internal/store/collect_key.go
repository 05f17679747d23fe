package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

func (t *tx) CreateCollectKey(ctx context.Context, k *kyc.CollectKey) error {
	ids, err := json.Marshal(k.ProfileIDs)
	if err != nil {
		return internal("encode collect key profiles", err)
	}
	_, err = t.c.Exec(ctx, t.db.q(qInsertCollectKey), k.ID, k.InstitutionID, k.Name, k.Prefix, k.Hash,
		string(ids), micros(k.CreatedAt), micros(k.Expiry))
	if err != nil && t.db.dialect.IsUniqueViolation(err) {
		return kyc.Errorf(kyc.EConflict, "a collect key with that prefix exists")
	}
	return wrap("insert collect key", err)
}

func (r *reader) CollectKeyByHash(ctx context.Context, hash []byte) (*kyc.CollectKey, *kyc.Institution, error) {
	var k kyc.CollectKey
	var in kyc.Institution
	var ids string
	var created, expires, instCreated int64
	err := r.c.QueryRow(ctx, r.db.q(qCollectKeyByHash), hash).Scan(&k.ID, &k.InstitutionID, &k.Name, &k.Prefix,
		&k.Hash, &ids, &created, &expires, &in.ID, &in.Name, &instCreated)
	if errors.Is(err, ErrNoRows) {
		return nil, nil, kyc.NotFound("collect key", "")
	}
	if err != nil {
		return nil, nil, internal("collect key by hash", err)
	}
	if err := json.Unmarshal([]byte(ids), &k.ProfileIDs); err != nil {
		return nil, nil, internal("decode collect key profiles", err)
	}
	k.CreatedAt, k.Expiry, in.CreatedAt = fromMicros(created), fromMicros(expires), fromMicros(instCreated)
	return &k, &in, nil
}

func (t *tx) DeleteCollectKeysExpiredBefore(ctx context.Context, before time.Time) (int64, error) {
	n, err := t.c.Exec(ctx, t.db.q(qDeleteCollectKeysExpiredBefore), micros(before))
	return n, wrap("delete expired collect keys", err)
}
