package portal

import (
	"errors"
	"html/template"
	"net/http"
	"slices"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// caseData is the case page's data: the profile as an analyst reads it.
type caseData struct {
	Profile    *kyc.Profile
	Name       string
	Person     *personView
	Company    *companyView
	Apps       []appView
	Tasks      []taskView
	OldTasks   []taskView
	Checks     []checkView
	Events     []hitView
	OpenEvents int
	Audit      []auditView
	AuditHTML  template.HTML // Audit rendered
	Chain      chainState
	Users      []kyc.UserAccount
	Reasons    map[string][]string
	Resolution []string
}

// casePage shows a profile: collected data, risk, applications with their
// flags, blockers and history, tasks, checks, potential matches, tags,
// notes and the audit trail with the state of its hash chain.
func (s *Server) casePage(w http.ResponseWriter, r *http.Request, rq *request) error {
	p := newPage(rq, "", "queue", nil)
	p.Flash = flashOf(r)
	return s.renderCase(w, r, rq, p)
}

// renderCase renders the case page of the request's profile into p (an
// action's error page keeps its status and message).
func (s *Server) renderCase(w http.ResponseWriter, r *http.Request, rq *request, p *page) error {
	ctx := r.Context()
	actor := rq.actor()
	prof, err := s.svc.ViewProfile(ctx, actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	notes, err := s.svc.Store.ProfileNotes(ctx, actor.InstitutionID, prof.ID)
	if err != nil {
		return err
	}
	items, err := s.svc.Store.AuditItems(ctx, actor.InstitutionID, prof.ID)
	if err != nil {
		return err
	}
	audit, chain, err := s.auditView(r, actor.InstitutionID, items)
	if err != nil {
		return err
	}
	users, err := s.acc.Users(ctx, actor.InstitutionID)
	if err != nil {
		return err
	}
	d := &caseData{Profile: prof, Name: prof.DisplayName, Audit: audit, AuditHTML: auditRows(audit), Chain: chain,
		Reasons: map[string][]string{
			"approve": kyc.DecisionReasons(kyc.AppApproved), "reject": kyc.DecisionReasons(kyc.AppRejected),
		},
		Resolution: []string{string(kyc.ResolvedMismatch), string(kyc.ResolvedMatch), string(kyc.ResolvedIgnore)},
	}
	if d.Name == "" {
		d.Name = "Unnamed profile"
	}
	for _, u := range users {
		if !u.Disabled && u.Role.Can(kyc.CapEditTaskCompletion) {
			d.Users = append(d.Users, u)
		}
	}
	facts := prof.Facts()
	if prof.EntityType() == kyc.Company {
		d.Company = companyOf(prof.CollectedData)
	} else {
		d.Person = personOf(prof.CollectedData)
	}
	for _, a := range prof.Applications {
		d.Apps = append(d.Apps, appViewOf(prof, a, rq.user))
	}
	byTask := map[string][]kyc.Note{}
	for _, n := range notes {
		byTask[n.TaskID] = append(byTask[n.TaskID], n)
	}
	for _, t := range prof.Tasks {
		tv := taskViewOf(prof, t, byTask[t.ID])
		if t.Current() {
			d.Tasks = append(d.Tasks, tv)
		} else {
			d.OldTasks = append(d.OldTasks, tv)
		}
	}
	for _, c := range slices.Backward(prof.Checks) {
		d.Checks = append(d.Checks, checkViewOf(c, prof))
	}
	for _, e := range prof.Events {
		if e.Open() {
			d.OpenEvents++
		}
		d.Events = append(d.Events, hitOf(e, facts))
	}
	slices.SortStableFunc(d.Events, func(a, b hitView) int {
		switch {
		case a.Open == b.Open:
			return 0
		case a.Open:
			return -1
		}
		return 1
	})
	p.Title, p.Data = d.Name, d
	return s.render(w, "case", p)
}

// actionError answers a case-page action that the domain refused: the
// case page again, with why, and the refusal's status. Other errors go to
// the error page.
func (s *Server) actionError(w http.ResponseWriter, r *http.Request, rq *request, err error) error {
	var ke *kyc.Error
	if !errors.As(err, &ke) || statusOf(err) == http.StatusInternalServerError || kyc.IsCode(err, kyc.ENotFound) && r.PathValue("id") == "" {
		return err
	}
	p := newPage(rq, "", "queue", nil)
	p.Status, p.Error = statusOf(err), ke.Message
	if rerr := s.renderCase(w, r, rq, p); rerr != nil {
		return rerr
	}
	return nil
}
