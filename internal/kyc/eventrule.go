package kyc

import "time"

// AddEvent records a new event on the profile. An open event reopens the
// screening tasks it concerns and blocks approval; Refresh then puts
// approved applications in review.
func (p *Profile) AddEvent(e *Event, actor Actor, now time.Time) {
	p.addEvent(e, actor, now, true)
}

// addEvent is AddEvent; an open event reopens tasks only when reopen is set
// (not for an event posted with a resolution, applied next).
func (p *Profile) addEvent(e *Event, actor Actor, now time.Time, reopen bool) {
	e.ProfileID = p.ID
	if e.CreatedAt.IsZero() {
		e.CreatedAt = now
	}
	if e.Resolution == "" {
		e.Resolution = Unresolved
	}
	p.Events = append(p.Events, e)
	if reopen && e.Open() {
		p.reopenFor(e, now)
	}
	p.Record(NewAudit(actor, AuditAddedEvent, now, string(e.Type), map[string]any{"event_id": e.ID, "event_type": string(e.Type)}))
	p.emit(Change{Kind: ChangeEventsCreated, EventIDs: []string{e.ID}, Actor: actor, At: now})
}

// EventUpdate is a resolution of an event.
type EventUpdate struct {
	ID                string
	Resolution        Resolution
	ResolutionReason  *string
	ResolutionTaskIDs []string
}

// ResolveEvent applies a resolution. Resolving never passes a task: the
// analyst completes the screening task afterwards. Reopening an event
// (back to UNRESOLVED) reopens its tasks as a new event would. The
// screening result behind the event is marked false_positive while its
// match is resolved as a mismatch (markFalsePositive).
func (p *Profile) ResolveEvent(e *Event, u EventUpdate, actor Actor, bulk bool, now time.Time) error {
	if err := p.checkResolution(e, u); err != nil {
		return err
	}
	was := e.Resolution
	e.Resolution = u.Resolution
	if u.ResolutionReason != nil {
		e.ResolutionReason = *u.ResolutionReason
	}
	if u.ResolutionTaskIDs != nil {
		e.ResolutionTaskIDs = u.ResolutionTaskIDs
	}
	if was != e.Resolution {
		if e.Open() {
			e.ResolutionDate = nil
			p.reopenFor(e, now)
		} else {
			at := now
			e.ResolutionDate = &at
		}
	}
	e.Touch()
	p.markFalsePositive(e, actor)
	action := AuditEventResolution
	if bulk {
		action = AuditEventBulkResolution
	}
	p.Record(NewAudit(actor, action, now, e.ResolutionReason, map[string]any{
		"event_id": e.ID, "from": string(was), "to": string(e.Resolution),
	}))
	p.emit(Change{Kind: ChangeEventsUpdated, EventIDs: []string{e.ID}, Old: string(was), New: string(e.Resolution), Actor: actor, At: now})
	return nil
}

// checkResolution validates a resolution of an event.
func (p *Profile) checkResolution(e *Event, u EventUpdate) error {
	if !u.Resolution.Valid() {
		return FieldError("resolution", "must be UNRESOLVED, MISMATCH, MATCH, IGNORE or CREATED_TASK")
	}
	for i, id := range u.ResolutionTaskIDs {
		if p.Task(id) == nil {
			return &Error{Code: EInvalid, Message: fieldf("resolution_task_ids[%d]: no task %s on the profile", i, id),
				Info: map[string]any{"field": fieldf("resolution_task_ids[%d]", i), "reason": "no such task on the profile"}}
		}
	}
	if u.Resolution == ResolvedCreatedTask && len(u.ResolutionTaskIDs) == 0 && len(e.ResolutionTaskIDs) == 0 {
		return MissingField("resolution_task_ids")
	}
	return nil
}
