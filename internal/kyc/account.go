package kyc

import (
	"crypto/rand"
	"sync"
	"time"
)

// Credentials hashes and checks passwords and second-factor codes. The
// portal's credential package implements it with argon2id and RFC 6238
// TOTP; the domain only says when they are asked for.
type Credentials interface {
	// HashPassword returns a salted, slow hash of a password.
	HashPassword(password string) (string, error)
	// CheckPassword reports whether a password matches a hash, in time
	// that does not depend on where they differ.
	CheckPassword(hash, password string) bool
	// NewTOTPSecret returns a new random second-factor secret (base32).
	NewTOTPSecret() (string, error)
	// CheckTOTP reports whether a code is valid for the secret at now
	// (allowing a step of clock skew) and the time step it belongs to.
	CheckTOTP(secret, code string, now time.Time) (step int64, ok bool)
}

// Accounts manages portal users and their sign-ins: passwords, the second
// factor, sessions with idle and absolute timeouts, and sign-in throttling
// per account and per client address. Its state lives in the database, so
// every replica agrees on it.
type Accounts struct {
	Store       Store
	Credentials Credentials
	// NowFunc returns the current time; time.Now when nil.
	NowFunc func() time.Time
	// IdleTimeout ends a session unused this long (DefaultIdleTimeout when 0).
	IdleTimeout time.Duration
	// MaxAge ends a session this long after sign-in, whatever its activity
	// (DefaultSessionMaxAge when 0).
	MaxAge time.Duration

	dummyOnce sync.Once
	dummy     string
}

// Session and throttling defaults.
const (
	DefaultIdleTimeout   = 30 * time.Minute
	DefaultSessionMaxAge = 12 * time.Hour
	// PendingSessionAge bounds a sign-in waiting for its second factor.
	PendingSessionAge = 10 * time.Minute
	// TouchEvery is how stale a session's last activity may be before a
	// request records it again (so a page view rarely writes).
	TouchEvery = time.Minute
	// ThrottleWindow is the period over which failed sign-ins are counted.
	ThrottleWindow = 15 * time.Minute
	// AccountFailureLimit failures of one account within the window lock
	// its sign-in until the oldest leaves the window.
	AccountFailureLimit = 5
	// ClientFailureLimit failures from one client address within the
	// window lock sign-in from that address likewise.
	ClientFailureLimit = 20
	// MinPasswordLength and MaxPasswordLength bound passwords, in bytes.
	MinPasswordLength = 12
	MaxPasswordLength = 256
)

func (a *Accounts) now() time.Time {
	if a.NowFunc != nil {
		return a.NowFunc().UTC()
	}
	return time.Now().UTC()
}

func (a *Accounts) idle() time.Duration {
	if a.IdleTimeout > 0 {
		return a.IdleTimeout
	}
	return DefaultIdleTimeout
}

func (a *Accounts) maxAge() time.Duration {
	if a.MaxAge > 0 {
		return a.MaxAge
	}
	return DefaultSessionMaxAge
}

// passwordAlphabet has no look-alike characters (0/O, 1/l/I).
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// NewPassword returns a random password of 20 characters (about 116 bits)
// in groups of five, easy to read out and to type.
func NewPassword() string {
	var b [20]byte
	_, _ = rand.Read(b[:])
	out := make([]byte, 0, 23)
	for i, c := range b {
		if i > 0 && i%5 == 0 {
			out = append(out, '-')
		}
		out = append(out, passwordAlphabet[int(c)%len(passwordAlphabet)])
	}
	return string(out)
}

// CheckPassword returns why a chosen password is refused, or nil.
func CheckPassword(field, pw string) error {
	switch {
	case len(pw) < MinPasswordLength:
		return FieldError(field, "must be at least 12 characters")
	case len(pw) > MaxPasswordLength:
		return FieldError(field, "must be at most 256 bytes")
	}
	return nil
}

// SignInError is why a sign-in step was refused. Its message is safe to
// show: it never says whether an email belongs to an account.
type SignInError struct {
	Message string
	// Throttled is set when too many sign-ins failed recently.
	Throttled bool
	// RetryAfter is how long until a throttled sign-in may be tried again.
	RetryAfter time.Duration
}

func (e *SignInError) Error() string { return e.Message }

// ErrBadCredentials is the answer to a wrong email or password, alike.
var ErrBadCredentials = &SignInError{Message: "The email or password is incorrect."}

// ErrBadCode is the answer to a wrong second-factor code.
var ErrBadCode = &SignInError{Message: "The code is incorrect or was already used. Enter the current code from your authenticator app."}

// ErrNoSession is the answer to a request without a valid session.
var ErrNoSession = &SignInError{Message: "Please sign in."}

// ErrSessionExpired is the answer to a request on a session that timed out.
var ErrSessionExpired = &SignInError{Message: "Your session expired. Please sign in again."}
