package passfort

import (
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// AuditItem is an AuditItem: note the camel-case profileID, and timestamp as
// a Unix number. Nullable fields are always present.
type AuditItem struct {
	ID        string          `json:"id"`
	ProfileID string          `json:"profileID"`
	Action    kyc.AuditAction `json:"action"`
	User      *User           `json:"user"`
	APIKey    *APIKey         `json:"apikey"`
	Timestamp float64         `json:"timestamp"`
	Message   *string         `json:"message"`
	RefData   map[string]any  `json:"ref_data"`
	Filename  *string         `json:"filename"`
	Filehash  *string         `json:"filehash"`
	Signature *string         `json:"signature"`
	// ChainSeq and ChainHash place the item in its institution's
	// tamper-evident hash chain once sealed (Gatehouse's own fields).
	ChainSeq  int64  `json:"chain_seq,omitempty"`
	ChainHash string `json:"chain_hash,omitempty"`
}

// APIKey names the API key that acted.
type APIKey struct {
	Name   string    `json:"name"`
	Expiry *DateTime `json:"expiry,omitempty"`
}

// FromAuditItems converts audit items, never returning nil.
func FromAuditItems(items []kyc.AuditItem) []AuditItem {
	out := make([]AuditItem, len(items))
	for i, it := range items {
		a := AuditItem{
			ID:        it.ID,
			ProfileID: it.ProfileID,
			Action:    it.Action,
			User:      FromUser(it.User),
			Timestamp: float64(it.Timestamp.UnixMicro()) / float64(time.Second/time.Microsecond),
			RefData:   it.RefData,
			ChainSeq:  it.Seq,
			ChainHash: it.Hash,
		}
		if it.APIKeyName != "" {
			a.APIKey = &APIKey{Name: it.APIKeyName, Expiry: dateTimePtr(it.APIKeyExpiry)}
		}
		if it.Message != "" {
			m := it.Message
			a.Message = &m
		}
		out[i] = a
	}
	return out
}

// Whoami answers GET /whoami.
type Whoami struct {
	Institution struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"institution"`
	User *User `json:"user"`
	// Capabilities is what the key may do (CapabilityType values), as
	// PassFort's whoami tells; the contract's schema leaves it open.
	Capabilities []kyc.Capability `json:"capabilities"`
}

// FromActor converts the authenticated actor.
func FromActor(a kyc.Actor) Whoami {
	var w Whoami
	w.Institution.ID, w.Institution.Name = a.InstitutionID, a.InstitutionName
	w.User = FromUser(a.User)
	w.Capabilities = a.Capabilities(false)
	return w
}
