package kyc

import (
	"slices"
	"strings"
	"time"
)

// CollectKeyPrefix starts every collect key. A key's kind shows in the key
// itself, so authenticating one is still a single lookup, and secret
// scanners can tell a leaked applicant link from an institution key.
const CollectKeyPrefix = "ghc_"

// Collect key limits.
const (
	// DefaultCollectKeyTTL is how long a collect key works when the
	// service sets no other lifetime: long enough for an applicant to open
	// an emailed link the same day, short enough that a forwarded or
	// leaked link soon stops working.
	DefaultCollectKeyTTL = 24 * time.Hour
	// MaxCollectKeyProfiles caps the profiles one collect key covers (a
	// company and its associates fit many times over).
	MaxCollectKeyProfiles = 100
)

// CollectKey is a key handed to an applicant, usually inside a link to the
// hosted collection form: it may read only the profiles it was issued for
// and their collection steps, and submit their collected data and
// documents, until it expires. Like an APIKey, only a hash of the secret is
// stored.
type CollectKey struct {
	ID            string
	InstitutionID string
	// Name describes the key (who issued it, for how many profiles); audit
	// items of the applicant's submissions carry it.
	Name   string
	Prefix string // the key's public, non-secret prefix
	Hash   []byte // SHA-256 of the full key
	// ProfileIDs are the profiles the key covers, lower case.
	ProfileIDs []string
	CreatedAt  time.Time
	Expiry     time.Time
}

// Usable reports whether the key may authenticate at time now.
func (k *CollectKey) Usable(now time.Time) bool { return now.Before(k.Expiry) }

// Covers reports whether the key was issued for the profile.
func (k *CollectKey) Covers(profileID string) bool {
	return slices.Contains(k.ProfileIDs, strings.ToLower(profileID))
}

// IsCollect reports whether the actor is a collect key, whose reach is its
// profiles only.
func (a Actor) IsCollect() bool { return a.Collect != nil }

// mayTouch returns EForbidden when the actor is a collect key that was not
// issued for the profile. It is checked before the profile is looked up, so
// the answer says nothing about whether such a profile exists.
func (a Actor) mayTouch(profileID string) error {
	if a.Collect == nil || a.Collect.Covers(profileID) {
		return nil
	}
	return &Error{Code: EForbidden, Message: "this collect key was not issued for that profile",
		Info: map[string]any{"profile_id": profileID}}
}

// institutionWide returns EForbidden for a collect key: what spans the
// institution (searching, creating profiles, issuing keys) is not for
// applicants.
func (a Actor) institutionWide(what string) error {
	if a.Collect == nil {
		return nil
	}
	return &Error{Code: EForbidden, Message: "a collect key cannot " + what,
		Info: map[string]any{"reason": "collect keys only read their profiles and submit their data"}}
}
