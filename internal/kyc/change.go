package kyc

import "time"

// ChangeKind names something that happened to a profile that integrators
// are told about (webhook events; the names are PassFort's).
type ChangeKind string

// Change kinds.
const (
	ChangeProductStatus        ChangeKind = "PRODUCT_STATUS_CHANGED"
	ChangeProductBadge         ChangeKind = "PRODUCT_BADGE_CHANGED"
	ChangeTaskCreated          ChangeKind = "TASK_CREATED"
	ChangeTaskState            ChangeKind = "TASK_STATE_CHANGED"
	ChangeRiskLevel            ChangeKind = "RISK_LEVEL_CHANGED"
	ChangeEventsCreated        ChangeKind = "EVENTS_CREATED"
	ChangeEventsUpdated        ChangeKind = "EVENTS_UPDATED"
	ChangeCollectedData        ChangeKind = "COLLECTED_DATA_CHANGED"
	ChangeCheckCompleted       ChangeKind = "CHECK_COMPLETED"
	ChangeManualActionRequired ChangeKind = "MANUAL_ACTION_REQUIRED"
)

// Change is one such happening, recorded in the aggregate by the rule that
// caused it and saved with the profile's other writes.
type Change struct {
	Kind          ChangeKind
	ApplicationID string
	TaskID        string
	CheckID       string
	EventIDs      []string
	// Linked and Unlinked are the associates a collected data change
	// linked and unlinked.
	Linked, Unlinked []string
	Old, New         string
	Actor            Actor
	At               time.Time
}

// emit records a change.
func (p *Profile) emit(c Change) { p.changes = append(p.changes, c) }

// PendingChanges returns the changes recorded since the last save.
func (p *Profile) PendingChanges() []Change { return p.changes }
