package kyc

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// AuditAction is the kebab-case action name of an audit item, as in PassFort.
type AuditAction string

// Audit actions written by Gatehouse.
const (
	AuditCreatedProfile        AuditAction = "created-profile"
	AuditAddedProduct          AuditAction = "added-product"
	AuditReplaceCollectedData  AuditAction = "replace-collected-data"
	AuditProfileStatusChanged  AuditAction = "profile-status-changed"
	AuditAddedTag              AuditAction = "added-a-tag"
	AuditRemovedTag            AuditAction = "removed-a-tag"
	AuditAddedTask             AuditAction = "added-a-task"
	AuditCompletedTask         AuditAction = "completed-a-task"
	AuditUncompletedTask       AuditAction = "uncompleted-a-task"
	AuditManualDecision        AuditAction = "manual-decision"
	AuditAutoDecision          AuditAction = "auto-decision"
	AuditRiskAutoReject        AuditAction = "risk-auto-reject-application"
	AuditRevertDecision        AuditAction = "revert-decision"
	AuditApplicationStatus     AuditAction = "profile-application-status-changed"
	AuditEventResolution       AuditAction = "event-resolution"
	AuditEventBulkResolution   AuditAction = "event-bulk-resolution"
	AuditAddedEvent            AuditAction = "added-event"
	AuditInstructedCheck       AuditAction = "instructed-check"
	AuditUpdatedCheck          AuditAction = "updated-check"
	AuditAddedTaskNote         AuditAction = "added-a-task-note"
	AuditDeletedTaskNote       AuditAction = "deleted-a-task-note"
	AuditLinkedProfile         AuditAction = "linked-profile"
	AuditUnlinkedProfile       AuditAction = "unlinked-profile"
	AuditRequestedData         AuditAction = "requested-data"
	AuditSubmittedData         AuditAction = "submitted-data"
	AuditSanctionsFalsePositve AuditAction = "sanctions-false-positive"
	AuditUploadedDocument      AuditAction = "uploaded-a-document"
	AuditAddedFile             AuditAction = "added-a-file"
	AuditView                  AuditAction = "view"
	AuditViewedProfile         AuditAction = "viewed-profile"
)

// AuditItem records one mutation of a profile: what, who, when.
type AuditItem struct {
	ID            string
	InstitutionID string
	ProfileID     string
	Action        AuditAction
	User          *User
	APIKeyName    string // empty when no API key acted
	APIKeyExpiry  *time.Time
	Timestamp     time.Time
	Message       string
	RefData       map[string]any
	// Seq is the item's position in its institution's hash chain, and Hash its
	// chain hash; both are zero until the item is sealed into the chain.
	Seq  int64
	Hash string
	// PersonalDigest is set by the store for an item whose message and
	// reference data it keeps sealed under the profile's key: the hex
	// SHA-256 of the sealed bytes. The chain hashes it in their place, so
	// that erasing the key (which leaves Message and RefData empty) keeps
	// the chain verifiable, and nothing about the plaintext can be guessed
	// from the hash.
	PersonalDigest string
	// Clear marks an item whose message and reference data hold nothing
	// personal (the record of an erasure): it is stored unsealed, so it
	// outlives the profile's key.
	Clear bool
}

// NewAudit returns an audit item for an action by an actor.
func NewAudit(actor Actor, action AuditAction, now time.Time, message string, ref map[string]any) AuditItem {
	item := AuditItem{
		ID:        NewID(),
		Action:    action,
		User:      actor.User,
		Timestamp: now,
		Message:   message,
		RefData:   ref,
	}
	if actor.APIKey != nil {
		item.APIKeyName = actor.APIKey.Name
		item.APIKeyExpiry = actor.APIKey.Expiry
	}
	return item
}

// chainItem is the canonical form of an audit item that its chain hash covers.
type chainItem struct {
	V             int            `json:"v"`
	ID            string         `json:"id"`
	InstitutionID string         `json:"institution_id"`
	ProfileID     string         `json:"profile_id"`
	Action        AuditAction    `json:"action"`
	UserID        string         `json:"user_id,omitempty"`
	UserName      string         `json:"user_name,omitempty"`
	UserEmail     string         `json:"user_email,omitempty"`
	APIKeyName    string         `json:"apikey_name,omitempty"`
	APIKeyExpiry  int64          `json:"apikey_expiry,omitempty"`
	Timestamp     int64          `json:"ts"`
	Message       string         `json:"message,omitempty"`
	RefData       map[string]any `json:"ref_data,omitempty"`
	Personal      string         `json:"personal,omitempty"`
	Seq           int64          `json:"seq"`
	Prev          string         `json:"prev"`
}

// ChainHash returns the item's hash at position seq of its institution's
// chain, after the item whose hash is prev: SHA-256 over a canonical JSON
// of every field and the previous hash, so that changing, removing or
// reordering any sealed item breaks every hash after it.
func (it AuditItem) ChainHash(seq int64, prev string) string {
	c := chainItem{V: 1, ID: it.ID, InstitutionID: it.InstitutionID, ProfileID: it.ProfileID, Action: it.Action,
		APIKeyName: it.APIKeyName, Timestamp: it.Timestamp.UnixMicro(), Message: it.Message, RefData: it.RefData,
		Seq: seq, Prev: prev}
	if it.PersonalDigest != "" {
		// Version 2: the sealed personal fields count by their digest.
		c.V, c.Message, c.RefData, c.Personal = 2, "", nil, it.PersonalDigest
	}
	if it.User != nil {
		c.UserID, c.UserName, c.UserEmail = it.User.ID, it.User.Name, it.User.Email
	}
	if it.APIKeyExpiry != nil {
		c.APIKeyExpiry = it.APIKeyExpiry.UnixMicro()
	}
	b, err := json.Marshal(c) // map keys are sorted: the encoding is canonical
	if err != nil {
		b = []byte(err.Error()) // only JSON-decoded values are hashed, so this cannot happen
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
