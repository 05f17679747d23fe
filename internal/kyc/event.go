package kyc

import "time"

// EventType is the type of a profile event (a monitoring hit).
type EventType string

// Event types.
const (
	EventPEP          EventType = "PEP_FLAG"
	EventSanction     EventType = "SANCTION_FLAG"
	EventAdverseMedia EventType = "ADVERSE_MEDIA_FLAG"
	EventRefer        EventType = "REFER_FLAG"
)

// Valid reports whether t is an event type with a defined data shape.
func (t EventType) Valid() bool {
	return t == EventPEP || t == EventSanction || t == EventAdverseMedia || t == EventRefer
}

// Resolution is how an analyst resolved an event.
type Resolution string

// Resolutions.
const (
	Unresolved          Resolution = "UNRESOLVED"
	ResolvedMismatch    Resolution = "MISMATCH"
	ResolvedMatch       Resolution = "MATCH"
	ResolvedIgnore      Resolution = "IGNORE"
	ResolvedCreatedTask Resolution = "CREATED_TASK"
)

// Valid reports whether r is a known resolution.
func (r Resolution) Valid() bool {
	switch r {
	case Unresolved, ResolvedMismatch, ResolvedMatch, ResolvedIgnore, ResolvedCreatedTask:
		return true
	}
	return false
}

// Event is a potential match (PEP, sanction, adverse media, refer) raised on
// a profile by a screening check, by monitoring, or posted through the API.
type Event struct {
	Rev
	ID                string
	ProfileID         string
	Type              EventType
	Data              []byte // the EventData JSON as accepted
	Resolution        Resolution
	ResolutionReason  string
	ResolutionDate    *time.Time
	ResolutionTaskIDs []string
	// MatchKey identifies the listed entity matched (list and id), so that a
	// match an analyst resolved as MISMATCH is not raised again unchanged.
	MatchKey  string
	CheckID   string // the check that raised it, when one did
	CreatedAt time.Time
}

// Open reports whether the event still needs an analyst.
func (e *Event) Open() bool { return e.Resolution == Unresolved }

// ScreeningTaskTypes are the task types that PEP, sanctions and media
// events reopen.
var ScreeningTaskTypes = []TaskType{
	TaskIndividualAssessMediaPoliticalSanctions, TaskIndividualAssessPoliticalSanctions,
	TaskIndividualAssessPolitical, TaskIndividualAssessSanctions,
	TaskCompanyAssessSanctions, TaskCompanyAssessMedia, TaskCompanyAssessMediaSanctions,
}

// IsScreening reports whether a task type is a PEP/sanctions/media screening task.
func (t TaskType) IsScreening() bool {
	for _, s := range ScreeningTaskTypes {
		if s == t {
			return true
		}
	}
	return false
}
