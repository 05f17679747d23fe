package kyc

import "time"

// Four-eyes approval (a Gatehouse addition to PassFort's lifecycle): a
// product whose policy says four_eyes: true is approved by two different
// people. The first approval (by an analyst or an API key) is recorded on
// the application, which keeps its status and waits in the queue bucket
// AWAITING_SECOND_APPROVAL; a second analyst signed in to the portal
// confirms it, and only then is the application APPROVED. The first
// approver can never confirm their own approval, and an API key cannot
// confirm at all. A first approval lapses when the application has
// blockers again (a task reopened, a new match) or is rejected.

// Audit actions of four-eyes approvals and assignments, from the
// contract's list of actions.
const (
	// AuditCompletedStage records a first approval: a stage of a
	// two-stage decision.
	AuditCompletedStage AuditAction = "completed-stage"
	// AuditComment records a note by the system, such as a first
	// approval that lapsed.
	AuditComment              AuditAction = "comment"
	AuditAssignmentCreated    AuditAction = "application-assignment-created"
	AuditAssignmentDeleted    AuditAction = "application-assignment-deleted"
	AuditAssignmentReassigned AuditAction = "application-assignment-reassigned"
)

// Approval is the first approval of a four-eyes application.
type Approval struct {
	User       *User // nil when an API key approved
	APIKeyID   string
	APIKeyName string
	At         time.Time
	Comment    string
}

// Name is who approved: the user's or the API key's name.
func (ap *Approval) Name() string {
	if ap.User != nil {
		return ap.User.Name
	}
	return ap.APIKeyName
}

// by reports whether the actor made the approval.
func (ap *Approval) by(actor Actor) bool {
	switch {
	case actor.User != nil:
		return ap.User != nil && ap.User.ID == actor.User.ID
	case actor.APIKey != nil:
		return ap.User == nil && ap.APIKeyID == actor.APIKey.ID
	}
	return false
}

// approveFourEyes applies the four-eyes rule to an approval that passed
// the transition and blocker checks, and reports whether the application
// is approved now (the confirmation) or waits (the first approval).
func (p *Profile) approveFourEyes(a *Application, comment string, actor Actor, now time.Time) (bool, error) {
	first := a.PendingApproval
	if first == nil {
		ap := &Approval{User: actor.User, At: now, Comment: comment}
		if actor.User == nil && actor.APIKey != nil {
			ap.APIKeyID, ap.APIKeyName = actor.APIKey.ID, actor.APIKey.Name
		}
		a.PendingApproval = ap
		a.Touch()
		p.Record(NewAudit(actor, AuditCompletedStage, now, comment, map[string]any{
			"application_id": a.ID, "stage": "first-approval", "four_eyes": true,
		}))
		return false, nil
	}
	info := map[string]any{"application_id": a.ID, "reason": "four_eyes", "first_approver": first.Name()}
	if first.by(actor) {
		return false, &Error{Code: EConstraints, Info: info,
			Message: "the application needs a second analyst's confirmation: its first approver cannot confirm it"}
	}
	if actor.User == nil {
		return false, &Error{Code: EConstraints, Info: info,
			Message: "the application needs a second analyst's confirmation in the portal: an API key cannot confirm an approval"}
	}
	return true, nil
}

// withdrawStaleApprovals drops the first approval of an application that
// has blockers again: the second analyst would confirm something else
// than what the first approved.
func (p *Profile) withdrawStaleApprovals(now time.Time) {
	for _, a := range p.Applications {
		if a.PendingApproval == nil || !a.Hidden && !a.Decided() && len(p.Blockers(a)) == 0 {
			continue
		}
		name := a.PendingApproval.Name()
		a.PendingApproval = nil
		a.Touch()
		p.Record(NewAudit(System(p.InstitutionID), AuditComment, now,
			"first approval by "+name+" withdrawn: the application is no longer ready for a decision",
			map[string]any{"application_id": a.ID, "four_eyes": true, "stage": "first-approval-withdrawn"}))
	}
}
