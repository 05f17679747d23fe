package kyc

import "time"

// TaskVariant is a configured way of doing a task type, defined by the policy.
type TaskVariant struct {
	ID          string
	Alias       string
	Name        string
	Description string
	Type        TaskType
}

// Task is one version of a due-diligence task on a profile. A profile holds at
// most one current (not expired, not deleted) task per variant; applications
// that require the same variant share it.
type Task struct {
	Rev
	ID        string
	ProfileID string
	Variant   TaskVariant
	State     TaskState
	IsDeleted bool
	IsExpired bool
	IsSkipped bool
	// ManuallyUncompleted is set when a person marked the task incomplete;
	// automatic checks then leave it alone until a person completes it again.
	ManuallyUncompleted bool
	CheckIDs            []string
	FormInstanceIDs     []string
	Version             int
	CreatedAt           time.Time
	CompletedAt         *time.Time
	ExpiryDate          *time.Time
}

// Current reports whether the task is the live version of its variant.
func (t *Task) Current() bool { return !t.IsDeleted && !t.IsExpired }

// Passed reports whether the task no longer blocks approval.
func (t *Task) Passed() bool { return t.State == TaskCompletedPass || t.IsSkipped }

// NewTask returns a new incomplete first version of a task variant.
func NewTask(profileID string, v TaskVariant, now time.Time) *Task {
	return &Task{
		ID:              NewID(),
		ProfileID:       profileID,
		Variant:         v,
		State:           TaskIncomplete,
		Version:         1,
		CreatedAt:       now,
		CheckIDs:        []string{},
		FormInstanceIDs: []string{},
	}
}

// TaskProgress counts the completed and all current tasks of a profile.
type TaskProgress struct {
	Completed int
	Total     int
}
