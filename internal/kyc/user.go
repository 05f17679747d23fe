package kyc

import (
	"context"
	"net/mail"
	"strings"
	"time"
)

// UserRole is what a portal user may do. Roles map to capabilities
// (RoleCapabilities), which the portal checks on the server for every
// action.
type UserRole string

// Portal user roles.
const (
	// UserViewer reads profiles, queues and lists.
	UserViewer UserRole = "viewer"
	// UserAnalyst also works cases: tasks, notes, events, assignments and
	// decisions.
	UserAnalyst UserRole = "analyst"
	// UserAdmin also manages the institution's users, API keys and webhooks.
	UserAdmin UserRole = "admin"
)

// Valid reports whether r is a known role.
func (r UserRole) Valid() bool { return r == UserViewer || r == UserAnalyst || r == UserAdmin }

// ParseUserRole reads a role name, as the CLI and the admin page take it.
func ParseUserRole(s string) (UserRole, error) {
	r := UserRole(strings.ToLower(strings.TrimSpace(s)))
	if !r.Valid() {
		return "", FieldError("role", "must be admin, analyst or viewer")
	}
	return r, nil
}

// UserAccount is a portal user: an analyst, a viewer or an administrator
// of one institution. Its User is who audit items and decisions name.
type UserAccount struct {
	ID            string
	InstitutionID string
	Email         string // lower case, unique across institutions: users sign in by email alone
	Name          string
	Role          UserRole
	// PasswordHash is the argon2id hash of the password (PHC string form).
	PasswordHash string
	// TOTPSecret is the base32 secret of the second factor: set while the
	// user enrols and once enabled.
	TOTPSecret  string
	TOTPEnabled bool
	// TOTPLastStep is the time step of the last code accepted: a code is
	// accepted once, so one seen over a shoulder cannot be replayed.
	TOTPLastStep int64
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// User returns who the account is in audit items and application history.
func (u *UserAccount) User() *User { return &User{ID: u.ID, Name: u.Name, Email: u.Email} }

// Actor returns the actor of the account's actions.
func (u *UserAccount) Actor(inst *Institution) Actor {
	a := Actor{InstitutionID: u.InstitutionID, User: u.User()}
	if inst != nil {
		a.InstitutionName = inst.Name
	}
	return a
}

// Can reports whether the account holds a capability: enabled accounts only.
func (u *UserAccount) Can(capability string) bool { return !u.Disabled && u.Role.Can(capability) }

// NormalizeEmail checks an email address and returns it in lower case.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", MissingField("email")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 {
		return "", FieldError("email", "is not an email address")
	}
	return s, nil
}

// UserReader reads portal users and the institution settings that govern
// their sign-in.
type UserReader interface {
	// UserByID returns a user of any institution; ENotFound when absent.
	UserByID(ctx context.Context, id string) (*UserAccount, error)
	// UserByEmail returns the user with a (lower-case) email; ENotFound when absent.
	UserByEmail(ctx context.Context, email string) (*UserAccount, error)
	// Users lists an institution's users by email; every institution's
	// when institutionID is empty.
	Users(ctx context.Context, institutionID string) ([]UserAccount, error)
	// Institution returns one institution with its settings.
	Institution(ctx context.Context, id string) (*Institution, error)
	// InstitutionByName returns the institution of that name; ENotFound when absent.
	InstitutionByName(ctx context.Context, name string) (*Institution, error)
	// SigninFailures counts the failed sign-ins recorded under key since a
	// time, and returns the oldest of them.
	SigninFailures(ctx context.Context, key string, since time.Time) (n int, oldest time.Time, err error)
}

// UserWriter writes portal users, institution settings and sign-in failures.
type UserWriter interface {
	// InsertUser stores a new user; EConflict when the email is taken.
	InsertUser(ctx context.Context, u *UserAccount) error
	// UpdateUser stores a user's name, role, password hash, second factor
	// and disabled flag; ENotFound when absent.
	UpdateUser(ctx context.Context, u *UserAccount) error
	// SetRequireTOTP sets whether an institution's users must use a second factor.
	SetRequireTOTP(ctx context.Context, institutionID string, on bool) error
	// RecordSigninFailure records a failed sign-in under key.
	RecordSigninFailure(ctx context.Context, key string, at time.Time) error
	// ClearSigninFailures forgets the failures recorded under key.
	ClearSigninFailures(ctx context.Context, key string) error
	// DeleteSigninFailuresBefore forgets failures older than t.
	DeleteSigninFailuresBefore(ctx context.Context, t time.Time) (int64, error)
}
