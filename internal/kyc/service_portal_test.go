package kyc_test

import (
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestAssignApplication: an application is assigned to an analyst or an
// admin of the same institution, never to a viewer, a disabled user or
// another institution's user; each change is audited.
func TestAssignApplication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		s := db.Open(t)
		e := newEnv(t, s, policy.Demo())
		acc := &kyc.Accounts{Store: s, Credentials: cheapCredentials()}
		inst, _ := s.Institution(ctx, e.actor.InstitutionID)
		ana, _ := mustUser(t, acc, inst.Name, "ana@example.org", kyc.UserAnalyst)
		vic, _ := mustUser(t, acc, inst.Name, "vic@example.org", kyc.UserViewer)
		off, _ := mustUser(t, acc, inst.Name, "off@example.org", kyc.UserAdmin)
		other, _ := mustUser(t, acc, "Other", "olga@example.org", kyc.UserAnalyst)
		yes := true
		if _, _, err := acc.UpdateUser(ctx, "", off.ID, kyc.UserChange{Disabled: &yes}); err != nil {
			t.Fatal(err)
		}
		p := e.create(individual("Anna", "Smith"))
		app := p.Applications[0].ID
		tests := []struct {
			name, user, reason string
		}{
			{"a viewer", vic.ID, "a viewer cannot be assigned cases"},
			{"a disabled user", off.ID, "the user is disabled"},
			{"another institution's user", other.ID, "no such user in the institution"},
			{"nobody", kyc.NewID(), "no such user in the institution"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := e.svc.AssignApplication(ctx, e.actor, p.ID, app, tt.user)
				ke, ok := err.(*kyc.Error)
				if !ok || ke.Info["field"] != "user_id" || ke.Info["reason"] != tt.reason {
					t.Fatalf("got %v, want user_id: %s", err, tt.reason)
				}
			})
		}
		av, err := e.svc.AssignApplication(ctx, ana.Actor(inst), p.ID, app, ana.ID)
		if err != nil || av.Application.Assignee == nil || av.Application.Assignee.ID != ana.ID {
			t.Fatalf("got %v, %v", av, err)
		}
		if _, err := e.svc.AssignApplication(ctx, ana.Actor(inst), p.ID, app, ""); err != nil {
			t.Fatal(err)
		}
		items, _ := s.AuditItems(ctx, inst.ID, p.ID)
		var got []kyc.AuditAction
		for _, it := range items {
			if it.Action == kyc.AuditAssignmentCreated || it.Action == kyc.AuditAssignmentDeleted {
				got = append(got, it.Action)
				if it.User == nil || it.User.ID != ana.ID {
					t.Errorf("%s by %v, want the analyst", it.Action, it.User)
				}
			}
		}
		if len(got) != 2 {
			t.Errorf("got %v, want an assignment and its removal audited", got)
		}
	})
}

// TestActOnTask: a task is passed, failed, reopened or skipped with a
// note in one step; a skip needs a note; screening tasks are never
// skipped; a skipped task no longer blocks approval and reopens.
func TestActOnTask(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		s := db.Open(t)
		e := newEnv(t, s, policy.Demo())
		p := e.create(individual("Anna", "Smith"))
		e.drain()
		p = e.load(p.ID)
		screen := taskOfType(p, kyc.TaskIndividualAssessPoliticalSanctions)
		ident := taskOfType(p, kyc.TaskIndividualVerifyIdentity)
		reopen := kyc.TaskIncomplete
		pass := kyc.TaskCompletedPass
		tests := []struct {
			name   string
			task   *kyc.Task
			act    kyc.TaskAction
			field  string
			reason string
		}{
			{"nothing to do", ident, kyc.TaskAction{}, "note", "is required"},
			{"skip without a note", ident, kyc.TaskAction{Skip: true}, "note", "is required"},
			{"skip and pass", ident, kyc.TaskAction{Skip: true, State: &pass, Note: "x"}, "state", ""},
			{"skip a screening task", screen, kyc.TaskAction{Skip: true, Note: "x"}, "", "screening task"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := e.svc.ActOnTask(ctx, e.actor, p.ID, tt.task.ID, tt.act)
				ke, ok := err.(*kyc.Error)
				if !ok || tt.field != "" && ke.Info["field"] != tt.field || tt.reason != "" && ke.Info["reason"] != tt.reason {
					t.Fatalf("got %v, want a refusal naming %q (%q)", err, tt.field, tt.reason)
				}
			})
		}
		// Reopen the identity task (passed by its check) with a note, then skip it.
		if _, err := e.svc.ActOnTask(ctx, e.actor, p.ID, ident.ID, kyc.TaskAction{State: &reopen, Note: "Address changed"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.ActOnTask(ctx, e.actor, p.ID, ident.ID, kyc.TaskAction{Skip: true, Note: "Verified in branch"}); err != nil {
			t.Fatal(err)
		}
		got := e.load(p.ID)
		if tk := got.Task(ident.ID); !tk.IsSkipped || !tk.Passed() {
			t.Fatalf("got %+v, want a skipped task that no longer blocks", tk)
		}
		for _, b := range got.Blockers(got.Applications[0]) {
			if b.TaskVariant != nil && b.TaskVariant.ID == ident.Variant.ID {
				t.Error("a skipped task still blocks approval")
			}
		}
		notes, _ := s.ProfileNotes(ctx, e.actor.InstitutionID, p.ID)
		if len(notes) != 2 || notes[0].Text != "Address changed" {
			t.Fatalf("got notes %+v", notes)
		}
		if _, err := e.svc.ActOnTask(ctx, e.actor, p.ID, ident.ID, kyc.TaskAction{State: &reopen, Note: "Not after all"}); err != nil {
			t.Fatal(err)
		}
		if tk := e.load(p.ID).Task(ident.ID); tk.IsSkipped || tk.Passed() {
			t.Fatalf("got %+v, want the task open again", tk)
		}
	})
}

// TestDecideWithReason: a reason must be one of the decision's reasons;
// it leads the history comment.
func TestDecideWithReason(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db.Open(t), policy.Demo())
		p := e.create(individual("Anna", "Smith"))
		e.drain()
		a := p.Applications[0]
		_, err := e.svc.Decide(ctx, e.actor, p.ID, a.ID, kyc.Decision{To: kyc.AppRejected, Reason: "Due diligence complete"})
		if ke, ok := err.(*kyc.Error); !ok || ke.Info["field"] != "reason" {
			t.Fatalf("an approval reason for a rejection: got %v", err)
		}
		av, err := e.svc.Decide(ctx, e.actor, p.ID, a.ID, kyc.Decision{To: kyc.AppRejected, Reason: "Suspected fraud", Comment: " documents forged "})
		if err != nil {
			t.Fatal(err)
		}
		if h := av.Application.History[len(av.Application.History)-1]; h.Comment != "Suspected fraud: documents forged" {
			t.Errorf("got comment %q", h.Comment)
		}
	})
}
