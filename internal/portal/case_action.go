package portal

import (
	"net/http"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// The case page's actions. Each reads its form, calls one domain service
// method as the signed-in user (the state change, its audit item and its
// jobs commit in one transaction), and redirects back to the case page;
// a refusal shows the case page again with why.

func caseURL(r *http.Request) string { return "/portal/profiles/" + strings.ToLower(r.PathValue("id")) }

// taskAction completes, fails, reopens or skips a task, with a note.
func (s *Server) taskAction(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := r.PostForm
	var act kyc.TaskAction
	act.Note = f.Get("note")
	switch f.Get("action") {
	case "pass":
		st := kyc.TaskCompletedPass
		act.State = &st
	case "fail":
		st := kyc.TaskCompletedFail
		act.State = &st
	case "reopen":
		st := kyc.TaskIncomplete
		act.State = &st
	case "skip":
		act.Skip = true
	case "note":
	default:
		return s.actionError(w, r, rq, kyc.FieldError("action", "must be pass, fail, reopen, skip or note"))
	}
	t, err := s.svc.ActOnTask(r.Context(), rq.actor(), r.PathValue("id"), r.PathValue("task"), act)
	if err != nil {
		return s.actionError(w, r, rq, err)
	}
	return seeOther(w, r, caseURL(r), "task", "task-"+t.ID)
}

// resolveEvents resolves one potential match or several (bulk) alike,
// with a required comment, which becomes the resolution reason.
func (s *Server) resolveEvents(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := r.PostForm
	ids := f["event"]
	res := kyc.Resolution(f.Get("resolution"))
	comment := strings.TrimSpace(f.Get("comment"))
	switch {
	case len(ids) == 0:
		return s.actionError(w, r, rq, kyc.MissingField("event"))
	case len(ids) > 500:
		return s.actionError(w, r, rq, kyc.FieldError("event", "at most 500 matches at once"))
	case res != kyc.ResolvedMismatch && res != kyc.ResolvedMatch && res != kyc.ResolvedIgnore:
		return s.actionError(w, r, rq, kyc.FieldError("resolution", "must be MISMATCH, MATCH or IGNORE"))
	case comment == "":
		return s.actionError(w, r, rq, &kyc.Error{Code: kyc.EMissingFields, Message: "comment: is required: say why you resolve the match this way",
			Info: map[string]any{"field": "comment", "reason": "is required"}})
	case len(comment) > kyc.MaxNoteText:
		return s.actionError(w, r, rq, kyc.FieldError("comment", "must be at most 20000 bytes"))
	}
	us := make([]kyc.EventUpdate, len(ids))
	for i, id := range ids {
		us[i] = kyc.EventUpdate{ID: id, Resolution: res, ResolutionReason: &comment}
	}
	if _, err := s.svc.UpdateEvents(r.Context(), rq.actor(), r.PathValue("id"), us, len(ids) > 1); err != nil {
		return s.actionError(w, r, rq, err)
	}
	return seeOther(w, r, caseURL(r), "events", "events")
}

func (s *Server) addTag(w http.ResponseWriter, r *http.Request, rq *request) error {
	if _, err := s.svc.AddTag(r.Context(), rq.actor(), r.PathValue("id"), kyc.TagRef{Name: r.PostForm.Get("name")}); err != nil {
		return s.actionError(w, r, rq, err)
	}
	return seeOther(w, r, caseURL(r), "tag-added", "tags")
}

func (s *Server) removeTag(w http.ResponseWriter, r *http.Request, rq *request) error {
	if _, err := s.svc.RemoveTag(r.Context(), rq.actor(), r.PathValue("id"), r.PathValue("tag")); err != nil {
		return s.actionError(w, r, rq, err)
	}
	return seeOther(w, r, caseURL(r), "tag-removed", "tags")
}

// assign assigns an application to the signed-in user ("me"), another
// analyst, or no one ("").
func (s *Server) assign(w http.ResponseWriter, r *http.Request, rq *request) error {
	who := r.PostForm.Get("user_id")
	if who == "me" {
		who = rq.user.ID
	}
	if _, err := s.svc.AssignApplication(r.Context(), rq.actor(), r.PathValue("id"), r.PathValue("app"), who); err != nil {
		return s.actionError(w, r, rq, err)
	}
	return seeOther(w, r, caseURL(r), "assigned", "app-"+r.PathValue("app"))
}

// decide approves, rejects or cancels an application with a reason and a
// comment. Under four-eyes a first approval leaves the status as it is.
func (s *Server) decide(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := r.PostForm
	var to kyc.AppStatus
	switch f.Get("decision") {
	case "approve":
		to = kyc.AppApproved
	case "reject":
		to = kyc.AppRejected
	case "cancel":
		to = kyc.AppCancelled
	default:
		return s.actionError(w, r, rq, kyc.FieldError("decision", "must be approve, reject or cancel"))
	}
	reason := f.Get("reason")
	if reason == "" {
		return s.actionError(w, r, rq, kyc.MissingField("reason"))
	}
	av, err := s.svc.Decide(r.Context(), rq.actor(), r.PathValue("id"), r.PathValue("app"),
		kyc.Decision{To: to, Reason: reason, Comment: f.Get("comment")})
	if err != nil {
		return s.actionError(w, r, rq, err)
	}
	done := "decided"
	if to == kyc.AppApproved && av.Application.Status != kyc.AppApproved {
		done = "first-approval"
	}
	return seeOther(w, r, caseURL(r), done, "app-"+av.Application.ID)
}

// revert recreates a rejected or cancelled application.
func (s *Server) revert(w http.ResponseWriter, r *http.Request, rq *request) error {
	av, err := s.svc.RevertDecision(r.Context(), rq.actor(), r.PathValue("id"), r.PathValue("app"), r.PostForm.Get("comment"))
	if err != nil {
		return s.actionError(w, r, rq, err)
	}
	return seeOther(w, r, caseURL(r), "reverted", "app-"+av.Application.ID)
}

// setLegalHold sets or replaces the profile's legal hold, with the reason
// the records must be kept: erasure (by request or retention) stops until
// it is cleared.
func (s *Server) setLegalHold(w http.ResponseWriter, r *http.Request, rq *request) error {
	if _, err := s.svc.SetLegalHold(r.Context(), rq.actor(), r.PathValue("id"), r.PostForm.Get("reason")); err != nil {
		return s.actionError(w, r, rq, err)
	}
	return seeOther(w, r, caseURL(r), "hold-set", "data-protection")
}

// clearLegalHold clears the profile's legal hold.
func (s *Server) clearLegalHold(w http.ResponseWriter, r *http.Request, rq *request) error {
	if _, err := s.svc.ClearLegalHold(r.Context(), rq.actor(), r.PathValue("id")); err != nil {
		return s.actionError(w, r, rq, err)
	}
	return seeOther(w, r, caseURL(r), "hold-cleared", "data-protection")
}

// eraseConfirmation is what the erase form asks the user to type.
const eraseConfirmation = "ERASE"

// eraseProfile erases the profile on request (the data subject's right to
// erasure): its personal data is destroyed for good, a tombstone stays.
// The user types ERASE to confirm; a legal hold or an open application
// refuses it, with the reason.
func (s *Server) eraseProfile(w http.ResponseWriter, r *http.Request, rq *request) error {
	if strings.TrimSpace(r.PostForm.Get("confirm")) != eraseConfirmation {
		return s.actionError(w, r, rq, kyc.FieldError("confirm", "type "+eraseConfirmation+" to confirm the erasure"))
	}
	if _, err := s.svc.EraseProfile(r.Context(), rq.actor(), r.PathValue("id")); err != nil {
		return s.actionError(w, r, rq, err)
	}
	return seeOther(w, r, caseURL(r), "erased", "data-protection")
}
