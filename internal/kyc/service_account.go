package kyc

import (
	"context"
	"strings"
)

// NewUser is a user to create.
type NewUser struct {
	// Institution names the institution (created when absent) for the
	// operator's command; the portal's admin page uses the admin's own.
	Institution string
	Email       string
	Name        string
	Role        UserRole
	// Password is the initial password; empty generates one.
	Password string
}

// CreateUser creates a user of the institution named in.Institution
// (created when absent), for the operator's command line. It returns the
// user and the password, which is not stored and cannot be shown again.
func (a *Accounts) CreateUser(ctx context.Context, in NewUser) (*UserAccount, *Institution, string, error) {
	name := strings.TrimSpace(in.Institution)
	if name == "" {
		return nil, nil, "", MissingField("institution")
	}
	u, pw, err := a.newUser(in)
	if err != nil {
		return nil, nil, "", err
	}
	var inst *Institution
	err = a.Store.Update(ctx, func(tx Tx) error {
		var err error
		inst, err = tx.InstitutionByName(ctx, name)
		if IsCode(err, ENotFound) {
			inst = &Institution{ID: NewID(), Name: name, CreatedAt: u.CreatedAt}
			err = tx.CreateInstitution(ctx, inst)
		}
		if err != nil {
			return err
		}
		u.InstitutionID = inst.ID
		return tx.InsertUser(ctx, u)
	})
	if err != nil {
		return nil, nil, "", err
	}
	return u, inst, pw, nil
}

// AddUser creates a user of the actor's institution (the admin page) and
// returns it with its password.
func (a *Accounts) AddUser(ctx context.Context, institutionID string, in NewUser) (*UserAccount, string, error) {
	u, pw, err := a.newUser(in)
	if err != nil {
		return nil, "", err
	}
	u.InstitutionID = institutionID
	if err := a.Store.Update(ctx, func(tx Tx) error { return tx.InsertUser(ctx, u) }); err != nil {
		return nil, "", err
	}
	return u, pw, nil
}

// newUser validates a new user and hashes its password.
func (a *Accounts) newUser(in NewUser) (*UserAccount, string, error) {
	email, err := NormalizeEmail(in.Email)
	if err != nil {
		return nil, "", err
	}
	if !in.Role.Valid() {
		return nil, "", FieldError("role", "must be admin, analyst or viewer")
	}
	name := strings.TrimSpace(in.Name)
	if name == "" {
		name, _, _ = strings.Cut(email, "@")
	}
	if len(name) > 200 {
		return nil, "", FieldError("name", "must be at most 200 bytes")
	}
	pw := in.Password
	if pw == "" {
		pw = NewPassword()
	} else if err := CheckPassword("password", pw); err != nil {
		return nil, "", err
	}
	hash, err := a.Credentials.HashPassword(pw)
	if err != nil {
		return nil, "", &Error{Code: EInternal, Message: "cannot hash the password", Err: err}
	}
	now := a.now()
	return &UserAccount{ID: NewID(), Email: email, Name: name, Role: in.Role, PasswordHash: hash,
		CreatedAt: now, UpdatedAt: now}, pw, nil
}

// Users lists an institution's users (every institution's when empty).
func (a *Accounts) Users(ctx context.Context, institutionID string) ([]UserAccount, error) {
	return a.Store.Users(ctx, institutionID)
}

// User returns a user of an institution; another institution's user is
// ENotFound, exactly as an absent one.
func (a *Accounts) User(ctx context.Context, institutionID, id string) (*UserAccount, error) {
	if !ValidID(id) {
		return nil, NotFound("user", id)
	}
	u, err := a.Store.UserByID(ctx, strings.ToLower(id))
	if err == nil && u.InstitutionID != institutionID {
		return nil, NotFound("user", id)
	}
	return u, err
}

// UserChange is an administrator's change to a user; nil fields stay.
type UserChange struct {
	Role     *UserRole
	Disabled *bool
	// ResetTOTP removes the user's second factor (a lost phone).
	ResetTOTP bool
	// ResetPassword replaces the password with a generated one, or with
	// Password when it is set.
	ResetPassword bool
	Password      string
}

// UpdateUser applies an administrator's change to a user of an
// institution (any institution's when institutionID is empty: the
// operator's command line) found by id or email. Disabling a user or
// resetting their password or second factor ends their sessions. It
// returns the user and the new password when one was generated.
func (a *Accounts) UpdateUser(ctx context.Context, institutionID, idOrEmail string, c UserChange) (*UserAccount, string, error) {
	var pw string
	var u *UserAccount
	err := a.Store.Update(ctx, func(tx Tx) error {
		var err error
		u, err = findUser(ctx, tx, institutionID, idOrEmail)
		if err != nil {
			return err
		}
		endSessions := false
		if c.Role != nil {
			if !c.Role.Valid() {
				return FieldError("role", "must be admin, analyst or viewer")
			}
			u.Role = *c.Role
			endSessions = true // a lower role takes effect at once
		}
		if c.Disabled != nil {
			u.Disabled = *c.Disabled
			endSessions = endSessions || u.Disabled
		}
		if c.ResetTOTP {
			u.TOTPSecret, u.TOTPEnabled, u.TOTPLastStep = "", false, 0
			endSessions = true
		}
		if c.ResetPassword {
			pw = c.Password
			if pw == "" {
				pw = NewPassword()
			} else if err := CheckPassword("password", pw); err != nil {
				return err
			}
			if u.PasswordHash, err = a.Credentials.HashPassword(pw); err != nil {
				return &Error{Code: EInternal, Message: "cannot hash the password", Err: err}
			}
			endSessions = true
			if err := tx.ClearSigninFailures(ctx, accountKey(u.Email)); err != nil {
				return err
			}
		}
		u.UpdatedAt = a.now()
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		if endSessions {
			return tx.DeleteUserSessions(ctx, u.ID, "")
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return u, pw, nil
}

// findUser finds a user by id or email, within an institution when one is given.
func findUser(ctx context.Context, r Reader, institutionID, idOrEmail string) (*UserAccount, error) {
	key := strings.ToLower(strings.TrimSpace(idOrEmail))
	var u *UserAccount
	var err error
	if ValidID(key) {
		u, err = r.UserByID(ctx, key)
	} else {
		u, err = r.UserByEmail(ctx, key)
	}
	if err == nil && institutionID != "" && u.InstitutionID != institutionID {
		return nil, NotFound("user", idOrEmail)
	}
	if IsCode(err, ENotFound) {
		return nil, NotFound("user", idOrEmail)
	}
	return u, err
}

// ChangePassword replaces a user's own password after checking the
// current one, and ends their other sessions.
func (a *Accounts) ChangePassword(ctx context.Context, userID, keepSession, current, next string) error {
	if err := CheckPassword("new_password", next); err != nil {
		return err
	}
	u, err := a.Store.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	if !a.Credentials.CheckPassword(u.PasswordHash, current) {
		return FieldError("current_password", "is not your current password")
	}
	hash, err := a.Credentials.HashPassword(next)
	if err != nil {
		return &Error{Code: EInternal, Message: "cannot hash the password", Err: err}
	}
	return a.Store.Update(ctx, func(tx Tx) error {
		u, err := tx.UserByID(ctx, userID)
		if err != nil {
			return err
		}
		u.PasswordHash, u.UpdatedAt = hash, a.now()
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return tx.DeleteUserSessions(ctx, u.ID, keepSession) // the session that changed it stays
	})
}

// SetRequireTOTP sets whether an institution's users must sign in with a
// second factor. Users without one set it up at their next request.
func (a *Accounts) SetRequireTOTP(ctx context.Context, institutionID string, on bool) error {
	return a.Store.Update(ctx, func(tx Tx) error { return tx.SetRequireTOTP(ctx, institutionID, on) })
}

// InstitutionByName returns an institution by name, for the command line.
func (a *Accounts) InstitutionByName(ctx context.Context, name string) (*Institution, error) {
	return a.Store.InstitutionByName(ctx, strings.TrimSpace(name))
}
