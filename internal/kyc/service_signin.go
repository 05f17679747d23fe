package kyc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// SignedIn is an accepted sign-in step: the new session and the token its
// cookie carries (shown to the browser only).
type SignedIn struct {
	Token   string
	Session *Session
	User    *UserAccount
}

// accountKey and clientKey name the throttling counters of an account and
// of a client address. They are hashed: the failures table holds no email
// (tried ones need not belong to anyone) and no address.
func accountKey(email string) string { return throttleKey("account", email) }
func clientKey(addr string) string   { return throttleKey("client", addr) }

func throttleKey(kind, v string) string {
	h := sha256.Sum256([]byte(kind + "\x00" + v))
	return kind[:1] + ":" + hex.EncodeToString(h[:16])
}

// SignIn checks an email and password from a client address and starts a
// session: a full one, or one waiting for the second factor (SessionTOTP)
// or for the user to set one up (SessionEnrol). Too many recent failures
// for the account or from the address refuse the attempt, even with the
// right password, until the oldest failure leaves the window.
func (a *Accounts) SignIn(ctx context.Context, email, password, client string) (*SignedIn, error) {
	now := a.now()
	em := strings.ToLower(strings.TrimSpace(email))
	akey, ckey := accountKey(em), clientKey(client)
	if err := a.throttled(ctx, now, akey, ckey); err != nil {
		return nil, err
	}
	u, err := a.Store.UserByEmail(ctx, em)
	if err != nil && !IsCode(err, ENotFound) {
		return nil, err
	}
	ok := false
	if u != nil {
		ok = a.Credentials.CheckPassword(u.PasswordHash, password)
	} else {
		a.Credentials.CheckPassword(a.dummyHash(), password) // the same work for an unknown email
	}
	if !ok {
		if err := a.fail(ctx, now, akey, ckey); err != nil {
			return nil, err
		}
		return nil, ErrBadCredentials
	}
	if u.Disabled {
		return nil, &SignInError{Message: "This account is disabled. Ask an administrator of your institution."}
	}
	inst, err := a.Store.Institution(ctx, u.InstitutionID)
	if err != nil {
		return nil, err
	}
	stage := SessionFull
	switch {
	case u.TOTPEnabled:
		stage = SessionTOTP
	case inst.RequireTOTP:
		stage = SessionEnrol
	}
	var out *SignedIn
	err = a.Store.Update(ctx, func(tx Tx) error {
		// Failures are forgotten only when the whole sign-in succeeds, so
		// the password alone cannot reset the count of second-factor guesses.
		if stage == SessionFull {
			if err := tx.ClearSigninFailures(ctx, akey); err != nil {
				return err
			}
		}
		var err error
		out, err = a.startSession(ctx, tx, u, stage, now)
		return err
	})
	return out, err
}

// SecondFactor completes a sign-in waiting for its second factor with a
// code, and replaces the pending session by a full one (a new token).
func (a *Accounts) SecondFactor(ctx context.Context, token, code, client string) (*SignedIn, error) {
	s, u, err := a.pending(ctx, token, SessionTOTP)
	if err != nil {
		return nil, err
	}
	return a.acceptCode(ctx, s, u, code, client, false)
}

// BeginTOTP starts setting up a user's second factor and returns its
// secret: a new one, or the one already started and not yet confirmed.
func (a *Accounts) BeginTOTP(ctx context.Context, userID string) (string, error) {
	var secret string
	err := a.Store.Update(ctx, func(tx Tx) error {
		u, err := tx.UserByID(ctx, userID)
		if err != nil {
			return err
		}
		if u.TOTPEnabled {
			return Errorf(EConflict, "two-factor sign-in is already set up; an administrator can reset it")
		}
		if u.TOTPSecret != "" {
			secret = u.TOTPSecret
			return nil
		}
		if secret, err = a.Credentials.NewTOTPSecret(); err != nil {
			return &Error{Code: EInternal, Message: "cannot make a secret", Err: err}
		}
		u.TOTPSecret, u.UpdatedAt = secret, a.now()
		return tx.UpdateUser(ctx, u)
	})
	return secret, err
}

// EnableTOTP confirms a second factor being set up with a code from it and
// replaces the session by a full one (a new token).
func (a *Accounts) EnableTOTP(ctx context.Context, token, code, client string) (*SignedIn, error) {
	s, u, err := a.pending(ctx, token, SessionEnrol, SessionFull)
	if err != nil {
		return nil, err
	}
	if u.TOTPEnabled || u.TOTPSecret == "" {
		return nil, Errorf(EConflict, "there is no second factor being set up")
	}
	return a.acceptCode(ctx, s, u, code, client, true)
}

// acceptCode checks a second-factor code (throttled like passwords), and
// on success records its time step, enables the factor when enrolling,
// and swaps the session for a full one.
func (a *Accounts) acceptCode(ctx context.Context, s *Session, u *UserAccount, code, client string, enable bool) (*SignedIn, error) {
	now := a.now()
	akey, ckey := accountKey(u.Email), clientKey(client)
	if err := a.throttled(ctx, now, akey, ckey); err != nil {
		return nil, err
	}
	step, ok := a.Credentials.CheckTOTP(u.TOTPSecret, strings.TrimSpace(code), now)
	if !ok || step <= u.TOTPLastStep {
		if err := a.fail(ctx, now, akey, ckey); err != nil {
			return nil, err
		}
		return nil, ErrBadCode
	}
	var out *SignedIn
	err := a.Store.Update(ctx, func(tx Tx) error {
		u, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		if step <= u.TOTPLastStep { // used meanwhile by a concurrent request
			return ErrBadCode
		}
		u.TOTPLastStep, u.UpdatedAt = step, now
		if enable {
			u.TOTPEnabled = true
		}
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		if err := tx.ClearSigninFailures(ctx, akey); err != nil {
			return err
		}
		if err := tx.DeleteSession(ctx, s.ID); err != nil {
			return err
		}
		out, err = a.startSession(ctx, tx, u, SessionFull, now)
		return err
	})
	return out, err
}

// pending returns a live session in one of the given stages and its user.
func (a *Accounts) pending(ctx context.Context, token string, stages ...SessionStage) (*Session, *UserAccount, error) {
	s, u, _, err := a.Authenticate(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	for _, st := range stages {
		if s.Stage == st {
			return s, u, nil
		}
	}
	return nil, nil, ErrNoSession
}

// startSession stores a new session for a user.
func (a *Accounts) startSession(ctx context.Context, tx Tx, u *UserAccount, stage SessionStage, now time.Time) (*SignedIn, error) {
	token := randomToken()
	age := a.maxAge()
	if stage != SessionFull && age > PendingSessionAge {
		age = PendingSessionAge
	}
	s := &Session{ID: SessionID(token), UserID: u.ID, InstitutionID: u.InstitutionID, CSRF: randomToken(),
		Stage: stage, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(age)}
	if err := tx.InsertSession(ctx, s); err != nil {
		return nil, err
	}
	return &SignedIn{Token: token, Session: s, User: u}, nil
}

// Authenticate returns the live session of a token with its user and
// institution. A session past its absolute end, or unused for longer than
// the idle timeout, is ended (ErrSessionExpired); a missing one, or one of
// a disabled user, is ErrNoSession. The session's activity is recorded at
// most once a minute.
func (a *Accounts) Authenticate(ctx context.Context, token string) (*Session, *UserAccount, *Institution, error) {
	if token == "" || len(token) > 200 {
		return nil, nil, nil, ErrNoSession
	}
	s, u, inst, err := a.Store.SessionUser(ctx, SessionID(token))
	if IsCode(err, ENotFound) {
		return nil, nil, nil, ErrNoSession
	}
	if err != nil {
		return nil, nil, nil, err
	}
	now := a.now()
	if !now.Before(s.ExpiresAt) || now.Sub(s.LastSeenAt) >= a.idle() {
		if err := a.end(ctx, s.ID); err != nil {
			return nil, nil, nil, err
		}
		return nil, nil, nil, ErrSessionExpired
	}
	if u.Disabled {
		return nil, nil, nil, ErrNoSession
	}
	if now.Sub(s.LastSeenAt) >= TouchEvery {
		if err := a.Store.Update(ctx, func(tx Tx) error { return tx.TouchSession(ctx, s.ID, now) }); err != nil {
			return nil, nil, nil, err
		}
		s.LastSeenAt = now
	}
	return s, u, inst, nil
}

// SignOut ends the session of a token.
func (a *Accounts) SignOut(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return a.end(ctx, SessionID(token))
}

func (a *Accounts) end(ctx context.Context, id string) error {
	return a.Store.Update(ctx, func(tx Tx) error { return tx.DeleteSession(ctx, id) })
}

// CleanUp deletes expired sessions and failures older than the throttling
// window, and reports how many rows it removed.
func (a *Accounts) CleanUp(ctx context.Context) (int, error) {
	now := a.now()
	var n int64
	err := a.Store.Update(Background(ctx), func(tx Tx) error {
		s, err := tx.DeleteSessionsBefore(ctx, now, now.Add(-a.idle()))
		if err != nil {
			return err
		}
		f, err := tx.DeleteSigninFailuresBefore(ctx, now.Add(-ThrottleWindow))
		n = s + f
		return err
	})
	return int(n), err
}

// throttled refuses a sign-in step when the client address or the account
// had too many failures within the window.
func (a *Accounts) throttled(ctx context.Context, now time.Time, akey, ckey string) error {
	since := now.Add(-ThrottleWindow)
	for _, c := range []struct {
		key, what string
		limit     int
	}{{ckey, "from your network address", ClientFailureLimit}, {akey, "for this account", AccountFailureLimit}} {
		n, oldest, err := a.Store.SigninFailures(ctx, c.key, since)
		if err != nil {
			return err
		}
		if n >= c.limit {
			wait := oldest.Add(ThrottleWindow).Sub(now)
			mins := int((wait + time.Minute - 1) / time.Minute)
			if mins < 1 {
				mins = 1
			}
			unit := "minutes"
			if mins == 1 {
				unit = "minute"
			}
			return &SignInError{Throttled: true, RetryAfter: wait,
				Message: fmt.Sprintf("Too many failed sign-in attempts %s. Try again in %d %s.", c.what, mins, unit)}
		}
	}
	return nil
}

// fail records a failed sign-in step against the account and the address.
func (a *Accounts) fail(ctx context.Context, now time.Time, keys ...string) error {
	return a.Store.Update(ctx, func(tx Tx) error {
		for _, k := range keys {
			if err := tx.RecordSigninFailure(ctx, k, now); err != nil {
				return err
			}
		}
		_, err := tx.DeleteSigninFailuresBefore(ctx, now.Add(-ThrottleWindow))
		return err
	})
}

// dummyHash is a hash checked against for unknown emails, so that they
// take as long to refuse as a wrong password.
func (a *Accounts) dummyHash() string {
	a.dummyOnce.Do(func() {
		a.dummy, _ = a.Credentials.HashPassword("not a password of anyone")
	})
	return a.dummy
}
