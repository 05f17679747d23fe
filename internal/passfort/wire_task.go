package passfort

import "github.com/gatehouse/gatehouse/internal/kyc"

// Task is a TaskResource with the fields live PassFort also sends: state,
// is_skipped, form_instance_ids and variant.alias.
type Task struct {
	ID              string        `json:"id"`
	Variant         TaskVariant   `json:"variant"`
	Type            kyc.TaskType  `json:"type"`
	State           kyc.TaskState `json:"state"`
	IsComplete      bool          `json:"is_complete"`
	IsDeleted       bool          `json:"is_deleted"`
	IsExpired       bool          `json:"is_expired"`
	IsSkipped       bool          `json:"is_skipped"`
	CreationDate    DateTime      `json:"creation_date"`
	CheckIDs        []string      `json:"check_ids"`
	FormInstanceIDs []string      `json:"form_instance_ids"`
	ExpiryDate      *DateTime     `json:"expiry_date,omitempty"`
}

// TaskVariant identifies a task variant.
type TaskVariant struct {
	ID          string       `json:"id"`
	Alias       string       `json:"alias,omitempty"`
	Name        string       `json:"name,omitempty"`
	Description string       `json:"description,omitempty"`
	TaskType    kyc.TaskType `json:"task_type"`
}

// FromVariant converts a task variant.
func FromVariant(v kyc.TaskVariant) TaskVariant {
	return TaskVariant{ID: v.ID, Alias: v.Alias, Name: v.Name, Description: v.Description, TaskType: v.Type}
}

// FromTask converts a task.
func FromTask(t *kyc.Task) Task {
	return Task{
		ID:              t.ID,
		Variant:         FromVariant(t.Variant),
		Type:            t.Variant.Type,
		State:           t.State,
		IsComplete:      t.State.Complete(),
		IsDeleted:       t.IsDeleted,
		IsExpired:       t.IsExpired,
		IsSkipped:       t.IsSkipped,
		CreationDate:    DateTime(t.CreatedAt),
		CheckIDs:        orEmpty(t.CheckIDs),
		FormInstanceIDs: orEmpty(t.FormInstanceIDs),
		ExpiryDate:      dateTimePtr(t.ExpiryDate),
	}
}

// FromTasks converts tasks, never returning nil.
func FromTasks(ts []*kyc.Task) []Task {
	out := make([]Task, len(ts))
	for i, t := range ts {
		out[i] = FromTask(t)
	}
	return out
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
