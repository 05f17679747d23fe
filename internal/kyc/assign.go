package kyc

import (
	"context"
	"strings"
	"time"
)

// Assign assigns an application to a user (nil: unassigns it) and records
// it in the audit trail. It reports whether anything changed.
func (p *Profile) Assign(a *Application, to *User, actor Actor, now time.Time) bool {
	prev := a.Assignee
	switch {
	case prev == nil && to == nil, prev != nil && to != nil && prev.ID == to.ID:
		return false
	}
	ref := map[string]any{"application_id": a.ID}
	action, msg := AuditAssignmentReassigned, ""
	switch {
	case prev == nil:
		action = AuditAssignmentCreated
	case to == nil:
		action = AuditAssignmentDeleted
	}
	if to != nil {
		ref["user_id"], ref["user_name"] = to.ID, to.Name
		msg = "assigned to " + to.Name
	}
	if prev != nil {
		ref["previous_user_id"], ref["previous_user_name"] = prev.ID, prev.Name
		if to == nil {
			msg = "unassigned from " + prev.Name
		}
	}
	a.Assignee = to
	a.Touch()
	p.Record(NewAudit(actor, action, now, msg, ref))
	return true
}

// AssignApplication assigns an application to a user of the actor's
// institution who works cases (an analyst or an admin), or unassigns it
// when userID is empty.
func (s *Service) AssignApplication(ctx context.Context, actor Actor, profileID, appID, userID string) (*AppView, error) {
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		a := p.Application(strings.ToLower(appID))
		if a == nil || a.Hidden {
			return nil, NotFound("application", appID)
		}
		var to *User
		if userID != "" {
			u, err := findUser(ctx, tx, actor.InstitutionID, userID)
			if IsCode(err, ENotFound) {
				return nil, FieldError("user_id", "no such user in the institution")
			}
			if err != nil {
				return nil, err
			}
			switch {
			case u.Disabled:
				return nil, FieldError("user_id", "the user is disabled")
			case !u.Role.Can(CapEditTaskCompletion):
				return nil, FieldError("user_id", "a viewer cannot be assigned cases")
			}
			to = u.User()
		}
		p.Assign(a, to, actor, s.now())
		return &AppView{Profile: p, Application: a}, nil
	})
	if err != nil {
		return nil, err
	}
	return r.(*AppView), nil
}
