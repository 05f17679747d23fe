package kyc

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// TaskUpdate is a POST /tasks/{id} body: the new state and/or check links.
type TaskUpdate struct {
	State    *TaskState
	CheckIDs *[]string
}

// TaskView is a task with the profile it belongs to.
type TaskView struct {
	Profile *Profile
	Task    *Task
}

// Task returns one task (any version) of a profile.
func (s *Service) Task(ctx context.Context, actor Actor, profileID, taskID string) (*Task, error) {
	p, err := s.Profile(ctx, actor, profileID)
	if err != nil {
		return nil, err
	}
	t := p.Task(strings.ToLower(taskID))
	if t == nil {
		return nil, NotFound("task", taskID)
	}
	return t, nil
}

// UpdateTask completes or reopens a task and/or replaces its check links.
func (s *Service) UpdateTask(ctx context.Context, actor Actor, profileID, taskID string, u TaskUpdate) (*Task, error) {
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		t := p.Task(strings.ToLower(taskID))
		if t == nil {
			return nil, NotFound("task", taskID)
		}
		now := s.now()
		if u.CheckIDs != nil {
			if err := p.linkChecks(t, *u.CheckIDs); err != nil {
				return nil, err
			}
		}
		if u.State != nil {
			days := 0 // only a pass expires: the policy is evaluated for it alone
			if *u.State == TaskCompletedPass {
				days = s.expiryDays(p, t.Variant.ID, now)
				if err := s.checkAssociatesApproved(p, t); err != nil {
					return nil, err
				}
			}
			if err := p.SetTaskState(t, *u.State, actor, days, now); err != nil {
				return nil, err
			}
		}
		return t, nil
	})
	if err != nil {
		return nil, err
	}
	return r.(*Task), nil
}

// linkChecks replaces the checks a task lists by ids, which must be checks
// of the task's own profile (the field named is check_ids[i]); each check
// linked or unlinked lists the task, or no longer does, in turn.
func (p *Profile) linkChecks(t *Task, ids []string) error {
	linked := make([]string, 0, len(ids))
	for i, id := range ids {
		id = strings.ToLower(id)
		if p.Check(id) == nil {
			return FieldError(fieldf("check_ids[%d]", i), "no check with this id on the profile")
		}
		if !slices.Contains(linked, id) {
			linked = append(linked, id)
		}
	}
	for _, c := range p.Checks {
		has, want := slices.Contains(c.TaskIDs, t.ID), slices.Contains(linked, c.ID)
		switch {
		case want && !has:
			c.TaskIDs = append(c.TaskIDs, t.ID)
			c.Touch()
		case has && !want:
			c.TaskIDs = slices.DeleteFunc(c.TaskIDs, func(x string) bool { return x == t.ID })
			c.Touch()
		}
	}
	t.CheckIDs = linked
	t.Touch()
	return nil
}

// expiryDays is how long a pass of the variant stays valid: the shortest
// period any active application's policy gives at its risk level.
func (s *Service) expiryDays(p *Profile, variantID string, now time.Time) int {
	days := 0
	for _, a := range p.ActiveApplications() {
		plan, err := s.Policy.Evaluate(p, a.Product, now)
		if err != nil {
			continue
		}
		if d := plan.ExpiryDays[variantID]; d > 0 && (days == 0 || d < days) {
			days = d
		}
	}
	return days
}

// NewTaskRequest is a POST /tasks body: a task variant by id or alias, or a
// task type (the policy's first variant of that type).
type NewTaskRequest struct {
	VariantRef string
	Type       TaskType
}

// AddTask adds a task to a profile by hand. Every active application then
// requires it, so an approved one goes back into review.
func (s *Service) AddTask(ctx context.Context, actor Actor, profileID string, in NewTaskRequest) (*Task, error) {
	v, ok := s.variant(in)
	if !ok {
		field := "variant.id"
		if in.VariantRef == "" {
			field = "type"
		}
		return nil, &Error{Code: EInvalid, Message: field + ": no such task variant in the policy",
			Info: map[string]any{"field": field, "reason": "unknown task variant"}}
	}
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		if et, _ := v.Type.EntityType(); et != p.EntityType() {
			return nil, FieldError("type", "a "+string(v.Type)+" task is not for "+string(p.EntityType())+" profiles")
		}
		if t := p.TaskFor(v.ID); t != nil {
			return nil, &Error{Code: EDataPresent, Message: "the profile already has a current " + v.Alias + " task",
				Info: map[string]any{"task_id": t.ID}}
		}
		now := s.now()
		t := p.Require(v, p.ActiveApplications(), now)
		p.Record(NewAudit(actor, AuditAddedTask, now, v.Name, map[string]any{"task_id": t.ID, "task_type": string(v.Type)}))
		return t, nil
	})
	if err != nil {
		return nil, err
	}
	return r.(*Task), nil
}

func (s *Service) variant(in NewTaskRequest) (TaskVariant, bool) {
	if in.VariantRef != "" {
		return s.Policy.TaskVariant(in.VariantRef)
	}
	return s.Policy.TaskVariant(string(in.Type))
}

// Notes returns the notes of a task.
func (s *Service) Notes(ctx context.Context, actor Actor, profileID, taskID string) ([]Note, error) {
	t, err := s.Task(ctx, actor, profileID, taskID)
	if err != nil {
		return nil, err
	}
	return s.Store.Notes(ctx, actor.InstitutionID, t.ProfileID, t.ID)
}

// AddNote adds a note to a task.
func (s *Service) AddNote(ctx context.Context, actor Actor, profileID, taskID, text string) (*Note, error) {
	return s.AddNoteWithAttachments(ctx, actor, profileID, taskID, text, nil)
}

// AddNoteWithAttachments adds a note with attached files, which must be
// files uploaded to the same profile (attachments[i].id names the first
// that is not).
func (s *Service) AddNoteWithAttachments(ctx context.Context, actor Actor, profileID, taskID, text string, fileIDs []string) (*Note, error) {
	if len(fileIDs) > MaxNoteAttachments {
		return nil, FieldError("attachments", fmt.Sprintf("must list at most %d files", MaxNoteAttachments))
	}
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		t := p.Task(strings.ToLower(taskID))
		if t == nil {
			return nil, NotFound("task", taskID)
		}
		now := s.now()
		n, err := NewNote(actor, p.ID, t.ID, text, now)
		if err != nil {
			return nil, err
		}
		for i, id := range fileIDs {
			field := fmt.Sprintf("attachments[%d].id", i)
			id = strings.ToLower(id)
			if slices.Contains(n.AttachmentIDs, id) {
				return nil, FieldError(field, "appears twice")
			}
			f, err := tx.File(ctx, p.InstitutionID, p.ID, id)
			if IsCode(err, ENotFound) {
				return nil, FieldError(field, "names no file of this profile")
			}
			if err != nil {
				return nil, err
			}
			n.Attach(FileRef{ID: f.ID, Name: f.Name})
		}
		if err := tx.InsertNote(ctx, p.InstitutionID, n); err != nil {
			return nil, err
		}
		ref := map[string]any{"task_id": t.ID, "note_id": n.ID}
		if len(n.AttachmentIDs) > 0 {
			ref["file_ids"] = n.AttachmentIDs
		}
		p.Record(NewAudit(actor, AuditAddedTaskNote, now, n.Text, ref))
		return n, nil
	})
	if err != nil {
		return nil, err
	}
	return r.(*Note), nil
}

// DeleteNote hides a note; the audit trail keeps its text.
func (s *Service) DeleteNote(ctx context.Context, actor Actor, profileID, taskID, noteID string) error {
	_, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		t := p.Task(strings.ToLower(taskID))
		if t == nil {
			return nil, NotFound("task", taskID)
		}
		now := s.now()
		n, err := tx.DeleteNote(ctx, p.InstitutionID, t.ID, strings.ToLower(noteID), now)
		if err != nil {
			return nil, err
		}
		p.Record(NewAudit(actor, AuditDeletedTaskNote, now, n.Text, map[string]any{"task_id": t.ID, "note_id": n.ID}))
		return nil, nil
	})
	return err
}
