package kyc

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// SessionStage is how far a sign-in got.
type SessionStage string

// Session stages. Only a full session reaches the portal's pages; the
// others reach the one page that completes the sign-in.
const (
	// SessionFull is a signed-in user.
	SessionFull SessionStage = "full"
	// SessionTOTP: the password was right; a second-factor code is due.
	SessionTOTP SessionStage = "totp"
	// SessionEnrol: the password was right, and the institution requires a
	// second factor the user has not set up yet.
	SessionEnrol SessionStage = "enrol"
)

// Session is a portal sign-in, kept in the database so that it holds
// across replicas and ends everywhere at sign-out. The browser holds a
// random token; the store keeps only its SHA-256 (ID), so a copy of the
// database signs no one in.
type Session struct {
	ID            string // hex SHA-256 of the token
	UserID        string
	InstitutionID string
	// CSRF is the token every state-changing form of the session carries.
	CSRF       string
	Stage      SessionStage
	CreatedAt  time.Time
	LastSeenAt time.Time
	// ExpiresAt is the absolute end of the session, whatever its activity.
	ExpiresAt time.Time
}

// SessionID returns the stored id of a session token.
func SessionID(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// randomToken returns 256 random bits, base64url-encoded.
func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// SessionReader reads sessions.
type SessionReader interface {
	// Session returns a session by id; ENotFound when absent.
	Session(ctx context.Context, id string) (*Session, error)
	// SessionUser returns a session with its user and their institution;
	// ENotFound when absent.
	SessionUser(ctx context.Context, id string) (*Session, *UserAccount, *Institution, error)
}

// SessionWriter writes sessions.
type SessionWriter interface {
	// InsertSession stores a new session.
	InsertSession(ctx context.Context, s *Session) error
	// TouchSession records a session's latest activity.
	TouchSession(ctx context.Context, id string, at time.Time) error
	// DeleteSession ends a session (absent is fine).
	DeleteSession(ctx context.Context, id string) error
	// DeleteUserSessions ends every session of a user but the one with
	// id except (none when empty).
	DeleteUserSessions(ctx context.Context, userID, except string) error
	// DeleteSessionsBefore ends the sessions that expired before t or were
	// last seen before idleBefore.
	DeleteSessionsBefore(ctx context.Context, t, idleBefore time.Time) (int64, error)
}
