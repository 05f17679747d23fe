package kyc

import "time"

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
	AuditSanctionsFalsePositve AuditAction = "sanctions-false-positive"
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
