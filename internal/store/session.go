package store

import (
	"context"
	"errors"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

func (t *tx) InsertSession(ctx context.Context, s *kyc.Session) error {
	_, err := t.c.Exec(ctx, t.db.q(qInsertSession), s.ID, s.UserID, s.InstitutionID, s.CSRF, string(s.Stage),
		micros(s.CreatedAt), micros(s.LastSeenAt), micros(s.ExpiresAt))
	return wrap("insert session", err)
}

func (r *reader) Session(ctx context.Context, id string) (*kyc.Session, error) {
	var s kyc.Session
	var created, seen, expires int64
	err := r.c.QueryRow(ctx, r.db.q(qSession), id).Scan(&s.ID, &s.UserID, &s.InstitutionID, &s.CSRF, &s.Stage,
		&created, &seen, &expires)
	if errors.Is(err, ErrNoRows) {
		return nil, kyc.NotFound("session", "")
	}
	if err != nil {
		return nil, internal("session", err)
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = fromMicros(created), fromMicros(seen), fromMicros(expires)
	return &s, nil
}

func (t *tx) TouchSession(ctx context.Context, id string, at time.Time) error {
	_, err := t.c.Exec(ctx, t.db.q(qTouchSession), micros(at), id)
	return wrap("touch session", err)
}

func (t *tx) DeleteSession(ctx context.Context, id string) error {
	_, err := t.c.Exec(ctx, t.db.q(qDeleteSession), id)
	return wrap("delete session", err)
}

func (t *tx) DeleteUserSessions(ctx context.Context, userID, except string) error {
	_, err := t.c.Exec(ctx, t.db.q(qDeleteUserSessions), userID, except)
	return wrap("delete user sessions", err)
}

func (t *tx) DeleteSessionsBefore(ctx context.Context, expired, idleBefore time.Time) (int64, error) {
	n, err := t.c.Exec(ctx, t.db.q(qDeleteSessionsBefore), micros(expired), micros(idleBefore))
	return n, wrap("delete sessions", err)
}

func (r *reader) SessionUser(ctx context.Context, id string) (*kyc.Session, *kyc.UserAccount, *kyc.Institution, error) {
	var s kyc.Session
	var u kyc.UserAccount
	var in kyc.Institution
	var created, seen, expires, uCreated, uUpdated, iCreated int64
	err := r.c.QueryRow(ctx, r.db.q(qSessionUser), id).Scan(&s.ID, &s.UserID, &s.InstitutionID, &s.CSRF, &s.Stage,
		&created, &seen, &expires,
		&u.ID, &u.InstitutionID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.TOTPSecret, &u.TOTPEnabled,
		&u.TOTPLastStep, &u.Disabled, &uCreated, &uUpdated,
		&in.ID, &in.Name, &iCreated, &in.RequireTOTP)
	if errors.Is(err, ErrNoRows) {
		return nil, nil, nil, kyc.NotFound("session", "")
	}
	if err != nil {
		return nil, nil, nil, internal("session user", err)
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = fromMicros(created), fromMicros(seen), fromMicros(expires)
	u.CreatedAt, u.UpdatedAt, in.CreatedAt = fromMicros(uCreated), fromMicros(uUpdated), fromMicros(iCreated)
	if err := r.openTOTP(ctx, &u); err != nil {
		return nil, nil, nil, err
	}
	return &s, &u, &in, nil
}
