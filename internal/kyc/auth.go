package kyc

import "time"

// Institution is a tenant: every profile, tag and key belongs to exactly one.
type Institution struct {
	ID        string
	Name      string
	CreatedAt time.Time
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
	// Collect is set when the actor is a collect key (APIKey then carries
	// its name and expiry for audit items): it may touch only the
	// profiles the key covers.
	Collect *CollectKey
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
