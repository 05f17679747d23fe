package store

import (
	"context"
	"errors"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

func (t *tx) CreateInstitution(ctx context.Context, in *kyc.Institution) error {
	_, err := t.c.Exec(ctx, t.db.q(qInsertInstitution), in.ID, in.Name, micros(in.CreatedAt))
	if err != nil && t.db.dialect.IsUniqueViolation(err) {
		return kyc.Errorf(kyc.EConflict, "an institution named %q exists", in.Name)
	}
	return wrap("insert institution", err)
}

func (r *reader) Institutions(ctx context.Context) ([]kyc.Institution, error) {
	rows, err := r.c.Query(ctx, r.db.q(qInstitutions))
	if err != nil {
		return nil, internal("institutions", err)
	}
	defer rows.Close()
	var out []kyc.Institution
	for rows.Next() {
		var in kyc.Institution
		var at int64
		if err := rows.Scan(&in.ID, &in.Name, &at); err != nil {
			return nil, internal("scan institution", err)
		}
		in.CreatedAt = fromMicros(at)
		out = append(out, in)
	}
	return out, wrap("institutions", rows.Err())
}

func (t *tx) CreateAPIKey(ctx context.Context, k *kyc.APIKey) error {
	_, err := t.c.Exec(ctx, t.db.q(qInsertAPIKey), k.ID, k.InstitutionID, k.Name, k.Prefix, k.Hash,
		micros(k.CreatedAt), microsPtr(k.RevokedAt), microsPtr(k.Expiry))
	return wrap("insert api key", err)
}

func (t *tx) RevokeAPIKey(ctx context.Context, idOrPrefix string, at time.Time) (*kyc.APIKey, error) {
	if _, err := t.c.Exec(ctx, t.db.q(qRevokeAPIKey), micros(at), idOrPrefix, idOrPrefix); err != nil {
		return nil, internal("revoke api key", err)
	}
	k, err := scanAPIKey(t.c.QueryRow(ctx, t.db.q(qAPIKeyByIDOrPrefix), idOrPrefix, idOrPrefix))
	if errors.Is(err, ErrNoRows) {
		return nil, kyc.NotFound("api key", idOrPrefix)
	}
	return k, wrap("api key", err)
}

func (r *reader) APIKeyByHash(ctx context.Context, hash []byte) (*kyc.APIKey, *kyc.Institution, error) {
	var k kyc.APIKey
	var in kyc.Institution
	var created, instCreated int64
	var revoked, expires *int64
	err := r.c.QueryRow(ctx, r.db.q(qAPIKeyByHash), hash).Scan(&k.ID, &k.InstitutionID, &k.Name, &k.Prefix,
		&k.Hash, &created, &revoked, &expires, &in.ID, &in.Name, &instCreated)
	if errors.Is(err, ErrNoRows) {
		return nil, nil, kyc.NotFound("api key", "")
	}
	if err != nil {
		return nil, nil, internal("api key by hash", err)
	}
	k.CreatedAt, k.RevokedAt, k.Expiry = fromMicros(created), fromMicrosPtr(revoked), fromMicrosPtr(expires)
	in.CreatedAt = fromMicros(instCreated)
	return &k, &in, nil
}

func (r *reader) APIKeys(ctx context.Context) ([]kyc.APIKey, error) {
	rows, err := r.c.Query(ctx, r.db.q(qAPIKeys))
	if err != nil {
		return nil, internal("api keys", err)
	}
	defer rows.Close()
	var out []kyc.APIKey
	for rows.Next() {
		k, err := scanAPIKey(rows)
		if err != nil {
			return nil, internal("scan api key", err)
		}
		out = append(out, *k)
	}
	return out, wrap("api keys", rows.Err())
}

func scanAPIKey(row Row) (*kyc.APIKey, error) {
	var k kyc.APIKey
	var created int64
	var revoked, expires *int64
	if err := row.Scan(&k.ID, &k.InstitutionID, &k.Name, &k.Prefix, &k.Hash, &created, &revoked, &expires); err != nil {
		return nil, err
	}
	k.CreatedAt, k.RevokedAt, k.Expiry = fromMicros(created), fromMicrosPtr(revoked), fromMicrosPtr(expires)
	return &k, nil
}

// wrap is internal for a non-nil error and nil otherwise.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return internal(op, err)
}
