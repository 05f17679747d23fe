package kyc

import (
	"encoding/json"
	"time"
)

// LegalHold keeps a profile from being erased, by request or by retention,
// while an investigation or litigation needs its records. Setting and
// clearing it are audited.
type LegalHold struct {
	// Reason says why (free text; sealed with the profile's data).
	Reason string `json:"reason"`
	// SetBy names who set it: the user's or API key's name.
	SetBy string `json:"set_by"`
	// SetAt is when it was set.
	SetAt time.Time `json:"-"`
}

// MaxLegalHoldReason is the longest legal hold reason accepted, in bytes.
const MaxLegalHoldReason = 1000

// TombstoneData is the collected data an erased profile keeps: its entity
// type alone, which its role implies, so that the profile still reads as
// a valid profile of its kind.
func TombstoneData(role Role) []byte {
	et, _ := role.EntityType()
	b, _ := json.Marshal(map[string]string{"entity_type": string(et)})
	return b
}

// Erased reports whether the profile is a tombstone.
func (p *Profile) Erased() bool { return p.ErasedAt != nil }

// errErased refuses a change to an erased profile.
func errErased(id string) *Error {
	return &Error{Code: EConflict, Message: "the profile was erased: its personal data is gone and it cannot change",
		Info: map[string]any{"profile_id": id}}
}
