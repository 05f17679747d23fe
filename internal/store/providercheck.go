package store

import (
	"context"
	"errors"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

func (t *tx) InsertProviderCheck(ctx context.Context, pc *kyc.ProviderCheck) error {
	now := timeNow()
	if pc.CreatedAt.IsZero() {
		pc.CreatedAt = now
	}
	if pc.UpdatedAt.IsZero() {
		pc.UpdatedAt = now
	}
	custom, err := t.sealCustom(ctx, pc)
	if err != nil {
		return err
	}
	_, err = t.c.Exec(ctx, t.db.q(qInsertProviderCheck), pc.CheckID, pc.InstitutionID, pc.ProfileID, pc.Peer, string(pc.Stage),
		pc.ProviderID, pc.Reference, custom, pc.Polls, micros(pc.CreatedAt), micros(pc.UpdatedAt))
	if err != nil {
		if t.db.dialect.IsUniqueViolation(err) {
			return kyc.Errorf(kyc.EConflict, "check %s is in progress at a provider already", pc.CheckID)
		}
		return internal("insert provider check", err)
	}
	for _, id := range pc.ImageIDs {
		if _, err := t.c.Exec(ctx, t.db.q(qInsertProviderCheckImage), id, pc.CheckID); err != nil {
			return internal("grant provider check image", err)
		}
	}
	return nil
}

// sealCustom seals a provider check's custom_data (the integration's
// state, which may hold what it was sent) under the profile's key.
func (t *tx) sealCustom(ctx context.Context, pc *kyc.ProviderCheck) (string, error) {
	if len(pc.CustomData) == 0 {
		return "", nil
	}
	k, err := t.writeKey(ctx, pc.InstitutionID, pc.ProfileID)
	if err != nil {
		return "", err
	}
	return seal(k, pc.ProfileID, "provider_checks.custom_data", pc.CheckID, pc.CustomData), nil
}

func (t *tx) UpdateProviderCheck(ctx context.Context, pc *kyc.ProviderCheck) error {
	custom, err := t.sealCustom(ctx, pc)
	if err != nil {
		return err
	}
	n, err := t.c.Exec(ctx, t.db.q(qUpdateProviderCheck), string(pc.Stage), pc.ProviderID, pc.Reference, custom,
		pc.Polls, micros(pc.UpdatedAt), pc.CheckID)
	if err != nil {
		return internal("update provider check", err)
	}
	if n == 0 {
		return kyc.NotFound("check in progress at a provider", pc.CheckID)
	}
	return nil
}

func (t *tx) DeleteProviderCheck(ctx context.Context, checkID string) error {
	if _, err := t.c.Exec(ctx, t.db.q(qDeleteProviderCheckImages), checkID); err != nil {
		return internal("delete provider check images", err)
	}
	_, err := t.c.Exec(ctx, t.db.q(qDeleteProviderCheck), checkID)
	return wrap("delete provider check", err)
}

func (r *reader) ProviderCheck(ctx context.Context, checkID string) (*kyc.ProviderCheck, error) {
	return r.scanProviderCheck(ctx, checkID, r.c.QueryRow(ctx, r.db.q(qProviderCheck), checkID))
}

func (r *reader) ProviderCheckByRef(ctx context.Context, peer, providerID, reference string) (*kyc.ProviderCheck, error) {
	q := qProviderCheckByRef
	if r.inTx {
		q = qProviderCheckByRefForUpdate
	}
	return r.scanProviderCheck(ctx, reference, r.c.QueryRow(ctx, r.db.q(q), peer, providerID, reference))
}

func (r *reader) ProviderCheckForImage(ctx context.Context, peer, imageID string) (*kyc.ProviderCheck, error) {
	return r.scanProviderCheck(ctx, imageID, r.c.QueryRow(ctx, r.db.q(qProviderCheckForImage), imageID, peer))
}

func (r *reader) ProviderChecksStarting(ctx context.Context, peer string) (bool, error) {
	var n int
	err := r.c.QueryRow(ctx, r.db.q(qProviderChecksStarting), peer).Scan(&n)
	return n > 0, wrap("provider checks starting", err)
}

func (r *reader) scanProviderCheck(ctx context.Context, id string, row Row) (*kyc.ProviderCheck, error) {
	var pc kyc.ProviderCheck
	var stage, custom string
	var created, updated int64
	err := row.Scan(&pc.CheckID, &pc.InstitutionID, &pc.ProfileID, &pc.Peer, &stage, &pc.ProviderID, &pc.Reference,
		&custom, &pc.Polls, &created, &updated)
	if errors.Is(err, ErrNoRows) {
		return nil, kyc.NotFound("check in progress at a provider", id)
	}
	if err != nil {
		return nil, internal("provider check", err)
	}
	pc.Stage, pc.CreatedAt, pc.UpdatedAt = kyc.ProviderStage(stage), fromMicros(created), fromMicros(updated)
	if custom != "" {
		rr := r.session()
		k, err := rr.profileKey(ctx, pc.InstitutionID, pc.ProfileID)
		if err != nil {
			return nil, err
		}
		if custom, err = rr.open(k, pc.ProfileID, "provider_checks.custom_data", pc.CheckID, custom, ""); err != nil {
			return nil, err
		}
		if custom != "" {
			pc.CustomData = []byte(custom)
		}
	}
	if pc.ImageIDs, err = r.providerCheckImages(ctx, pc.CheckID); err != nil {
		return nil, err
	}
	return &pc, nil
}

func (r *reader) providerCheckImages(ctx context.Context, checkID string) ([]string, error) {
	rows, err := r.c.Query(ctx, r.db.q(qProviderCheckImages), checkID)
	if err != nil {
		return nil, internal("provider check images", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, internal("scan provider check image", err)
		}
		out = append(out, id)
	}
	return out, wrap("provider check images", rows.Err())
}
