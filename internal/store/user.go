package store

import (
	"context"
	"encoding/base64"
	"errors"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// A user's second-factor secret is sealed under the institution's key,
// bound to the user's id and the column (a copy pasted into another user's
// row does not open). Secrets stored in clear before this (they read back
// as they are) are sealed when the user is next saved, at the first
// sign-in with the code at the latest.
func (r *reader) sealTOTP(ctx context.Context, u *kyc.UserAccount) (string, error) {
	if u.TOTPSecret == "" || isSealed(u.TOTPSecret) {
		return u.TOTPSecret, nil
	}
	k, err := r.instKey(ctx, u.InstitutionID)
	if err != nil || k == nil {
		return u.TOTPSecret, err
	}
	ct := vault.Seal(k, []byte(u.TOTPSecret), totpAAD(u.ID))
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(ct), nil
}

// openTOTP replaces a user's sealed second-factor secret with its plaintext.
func (r *reader) openTOTP(ctx context.Context, u *kyc.UserAccount) error {
	if !isSealed(u.TOTPSecret) {
		return nil
	}
	if r.db.keys == nil {
		return errUnprotected
	}
	k, err := r.session().instKey(ctx, u.InstitutionID)
	if err != nil {
		return err
	}
	ct, err := base64.RawStdEncoding.DecodeString(u.TOTPSecret[len(sealedPrefix):])
	if err != nil {
		return internal("open totp secret", err)
	}
	pt, err := vault.Open(k, ct, totpAAD(u.ID))
	if err != nil {
		return internal("open totp secret of user "+u.ID, err)
	}
	u.TOTPSecret = string(pt)
	return nil
}

func totpAAD(userID string) []byte { return vault.AAD("user", userID, "totp_secret") }

func scanUser(row Row) (*kyc.UserAccount, error) {
	var u kyc.UserAccount
	var created, updated int64
	err := row.Scan(&u.ID, &u.InstitutionID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.TOTPSecret,
		&u.TOTPEnabled, &u.TOTPLastStep, &u.Disabled, &created, &updated)
	if err != nil {
		return nil, err
	}
	u.CreatedAt, u.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &u, nil
}

func (t *tx) InsertUser(ctx context.Context, u *kyc.UserAccount) error {
	secret, err := t.sealTOTP(ctx, u)
	if err != nil {
		return err
	}
	_, err = t.c.Exec(ctx, t.db.q(qInsertUser), u.ID, u.InstitutionID, u.Email, u.Name, string(u.Role), u.PasswordHash,
		secret, u.TOTPEnabled, u.TOTPLastStep, u.Disabled, micros(u.CreatedAt), micros(u.UpdatedAt))
	if err != nil && t.db.dialect.IsUniqueViolation(err) {
		return &kyc.Error{Code: kyc.EConflict, Message: "a user with this email exists",
			Info: map[string]any{"field": "email", "reason": "is taken"}}
	}
	return wrap("insert user", err)
}

func (t *tx) UpdateUser(ctx context.Context, u *kyc.UserAccount) error {
	secret, err := t.sealTOTP(ctx, u)
	if err != nil {
		return err
	}
	n, err := t.c.Exec(ctx, t.db.q(qUpdateUser), u.Name, string(u.Role), u.PasswordHash, secret, u.TOTPEnabled,
		u.TOTPLastStep, u.Disabled, micros(u.UpdatedAt), u.ID)
	if err != nil {
		return internal("update user", err)
	}
	if n == 0 {
		return kyc.NotFound("user", u.ID)
	}
	return nil
}

func (r *reader) UserByID(ctx context.Context, id string) (*kyc.UserAccount, error) {
	return r.user(ctx, qUserByID, id)
}

func (r *reader) UserByEmail(ctx context.Context, email string) (*kyc.UserAccount, error) {
	return r.user(ctx, qUserByEmail, email)
}

func (r *reader) user(ctx context.Context, q query, key string) (*kyc.UserAccount, error) {
	u, err := scanUser(r.c.QueryRow(ctx, r.db.q(q), key))
	if errors.Is(err, ErrNoRows) {
		return nil, kyc.NotFound("user", "")
	}
	if err != nil {
		return nil, wrap("user", err)
	}
	return u, r.openTOTP(ctx, u)
}

func (r *reader) Users(ctx context.Context, institutionID string) ([]kyc.UserAccount, error) {
	rows, err := r.c.Query(ctx, r.db.q(qUsers), institutionID, institutionID)
	if err != nil {
		return nil, internal("users", err)
	}
	defer rows.Close()
	out := []kyc.UserAccount{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, internal("scan user", err)
		}
		if err := r.openTOTP(ctx, u); err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, wrap("users", rows.Err())
}

func scanInstitution(row Row) (*kyc.Institution, error) {
	var in kyc.Institution
	var at int64
	if err := row.Scan(&in.ID, &in.Name, &at, &in.RequireTOTP); err != nil {
		return nil, err
	}
	in.CreatedAt = fromMicros(at)
	return &in, nil
}

func (r *reader) Institution(ctx context.Context, id string) (*kyc.Institution, error) {
	in, err := scanInstitution(r.c.QueryRow(ctx, r.db.q(qInstitutionByID), id))
	if errors.Is(err, ErrNoRows) {
		return nil, kyc.NotFound("institution", id)
	}
	return in, wrap("institution", err)
}

func (r *reader) InstitutionByName(ctx context.Context, name string) (*kyc.Institution, error) {
	in, err := scanInstitution(r.c.QueryRow(ctx, r.db.q(qInstitutionByName), name))
	if errors.Is(err, ErrNoRows) {
		return nil, kyc.NotFound("institution", name)
	}
	return in, wrap("institution", err)
}

func (t *tx) SetRequireTOTP(ctx context.Context, institutionID string, on bool) error {
	n, err := t.c.Exec(ctx, t.db.q(qSetRequireTOTP), on, institutionID)
	if err != nil {
		return internal("set require totp", err)
	}
	if n == 0 {
		return kyc.NotFound("institution", institutionID)
	}
	return nil
}

func (r *reader) SigninFailures(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	var n int
	var oldest int64
	if err := r.c.QueryRow(ctx, r.db.q(qSigninFailures), key, micros(since)).Scan(&n, &oldest); err != nil {
		return 0, time.Time{}, internal("signin failures", err)
	}
	return n, fromMicros(oldest), nil
}

func (t *tx) RecordSigninFailure(ctx context.Context, key string, at time.Time) error {
	_, err := t.c.Exec(ctx, t.db.q(qInsertSigninFailure), kyc.NewID(), key, micros(at))
	return wrap("record signin failure", err)
}

func (t *tx) ClearSigninFailures(ctx context.Context, key string) error {
	_, err := t.c.Exec(ctx, t.db.q(qClearSigninFailures), key)
	return wrap("clear signin failures", err)
}

func (t *tx) DeleteSigninFailuresBefore(ctx context.Context, before time.Time) (int64, error) {
	n, err := t.c.Exec(ctx, t.db.q(qDeleteSigninFailuresBefore), micros(before))
	return n, wrap("delete signin failures", err)
}
