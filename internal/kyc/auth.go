package kyc

import (
	"slices"
	"time"
)

// Institution is a tenant: every profile, tag and key belongs to exactly one.
type Institution struct {
	ID        string
	Name      string
	CreatedAt time.Time
	// RequireTOTP makes every portal user of the institution sign in with
	// a second factor.
	RequireTOTP bool
}

// APIKey is an institution's API key. Only a hash of the secret is stored.
type APIKey struct {
	ID            string
	InstitutionID string
	Name          string
	Prefix        string // the key's public, non-secret prefix, shown in listings
	Hash          []byte // SHA-256 of the full key
	CreatedAt     time.Time
	RevokedAt     *time.Time
	Expiry        *time.Time
}

// Usable reports whether the key may authenticate at time now.
func (k *APIKey) Usable(now time.Time) bool {
	if k.RevokedAt != nil {
		return false
	}
	return k.Expiry == nil || now.Before(*k.Expiry)
}

// User is a portal user. API calls made with an institution key have no user.
type User struct {
	ID    string
	Name  string
	Email string
}

// Actor is who performs an action: an API key, a portal user, or the system
// itself (the smart policy) when both are nil.
type Actor struct {
	InstitutionID   string
	InstitutionName string
	APIKey          *APIKey
	User            *User
	// Granted, when not nil, is all the actor may do (a user's role, a
	// scoped key). Nil means the actor's kind decides: see Can.
	Granted []Capability
	// Collect is set when the actor is a collect key (APIKey then carries
	// its name and expiry for audit items): it may touch only the
	// profiles the key covers, and do only what collectGrants lists.
	Collect *CollectKey
}

// Capabilities Gatehouse checks.
const (
	CapReadDocumentImage   Capability = "READ_DOCUMENT_IMAGE"
	CapUploadDocumentImage Capability = "UPLOAD_DOCUMENT_IMAGE"
)

// Can reports whether the actor holds a capability: what Granted lists
// when it is set; otherwise an institution API key, as PassFort's
// institution keys, and the system holds every capability.
func (a Actor) Can(c Capability) bool {
	if a.Collect != nil {
		return slices.Contains(collectGrants, c)
	}
	if a.Granted == nil {
		return true
	}
	for _, have := range a.Granted {
		if have == c {
			return true
		}
	}
	return false
}

// need returns an EForbidden error unless the actor holds c.
func (a Actor) need(c Capability) error {
	if a.Can(c) {
		return nil
	}
	return &Error{Code: EForbidden, Message: "this key or user lacks the " + string(c) + " capability",
		Info: map[string]any{"capability": string(c)}}
}

// System returns the actor used for automatic actions of the smart policy.
func System(institutionID string) Actor { return Actor{InstitutionID: institutionID} }

// Name is the display name of the actor: the user's or the key's name.
func (a Actor) Name() string {
	switch {
	case a.User != nil:
		return a.User.Name
	case a.APIKey != nil:
		return a.APIKey.Name
	}
	return "Smart policy"
}
