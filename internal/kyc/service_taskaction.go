package kyc

import (
	"context"
	"strings"
	"time"
)

// TaskAction is what an analyst does to a task in the portal: complete it
// (pass or fail), reopen it, or skip it, with a note, in one step.
type TaskAction struct {
	// State completes (COMPLETED_PASS, COMPLETED_FAIL) or reopens
	// (INCOMPLETE) the task; nil leaves it.
	State *TaskState
	// Skip marks an incomplete task skipped: it no longer blocks approval.
	Skip bool
	// Note is added to the task; required with Skip.
	Note string
}

// ActOnTask applies a task action: the state change, its audit item and
// the note commit together.
func (s *Service) ActOnTask(ctx context.Context, actor Actor, profileID, taskID string, act TaskAction) (*Task, error) {
	note := strings.TrimSpace(act.Note)
	switch {
	case act.Skip && act.State != nil:
		return nil, FieldError("state", "a task is either skipped or completed, not both")
	case act.Skip && note == "":
		return nil, MissingField("note")
	case act.State == nil && !act.Skip && note == "":
		return nil, MissingField("note")
	}
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		t := p.Task(strings.ToLower(taskID))
		if t == nil {
			return nil, NotFound("task", taskID)
		}
		now := s.now()
		switch {
		case act.Skip:
			if err := p.SkipTask(t, actor, now); err != nil {
				return nil, err
			}
		case act.State != nil:
			if *act.State == TaskIncomplete && t.IsSkipped {
				p.unskipTask(t, actor, now)
			}
			days := 0
			if *act.State == TaskCompletedPass {
				days = s.expiryDays(p, t.Variant.ID, now)
			}
			if err := p.SetTaskState(t, *act.State, actor, days, now); err != nil {
				return nil, err
			}
		}
		if note != "" {
			n, err := NewNote(actor, p.ID, t.ID, note, now)
			if err != nil {
				return nil, err
			}
			if err := tx.InsertNote(ctx, p.InstitutionID, n); err != nil {
				return nil, err
			}
			p.Record(NewAudit(actor, AuditAddedTaskNote, now, n.Text, map[string]any{"task_id": t.ID, "note_id": n.ID}))
		}
		return t, nil
	})
	if err != nil {
		return nil, err
	}
	return r.(*Task), nil
}

// SkipTask marks an incomplete task version skipped: it no longer blocks
// approval (integrators see it in the application's flag and blockers;
// the task's state stays INCOMPLETE). Screening tasks cannot be skipped: their potential matches
// must be resolved and the task passed by a person.
func (p *Profile) SkipTask(t *Task, actor Actor, now time.Time) error {
	switch {
	case !t.Current():
		return &Error{Code: EInvalid, Message: "the task version is expired; act on its current version",
			Info: map[string]any{"task_id": t.ID, "reason": "expired version"}}
	case t.Variant.Type.IsScreening():
		return &Error{Code: EInvalid, Message: "a screening task cannot be skipped: resolve its matches and complete it",
			Info: map[string]any{"task_id": t.ID, "reason": "screening task"}}
	case t.State != TaskIncomplete || t.IsSkipped:
		return &Error{Code: EInvalid, Message: "only an incomplete task can be skipped",
			Info: map[string]any{"task_id": t.ID, "reason": "not incomplete"}}
	}
	t.IsSkipped = true
	t.Touch()
	p.Record(NewAudit(actor, AuditCompletedTask, now, "skipped", map[string]any{
		"task_id": t.ID, "task_type": string(t.Variant.Type), "state": string(t.State), "skipped": true,
	}))
	return nil
}

// unskipTask makes a skipped task block approval again.
func (p *Profile) unskipTask(t *Task, actor Actor, now time.Time) {
	t.IsSkipped = false
	t.ManuallyUncompleted = true
	t.Touch()
	p.Record(NewAudit(actor, AuditUncompletedTask, now, "no longer skipped", map[string]any{
		"task_id": t.ID, "task_type": string(t.Variant.Type), "state": string(t.State), "skipped": false,
	}))
}
