package portal

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/checks/builtin"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestAnalystWorkflow is the analyst's path through a sanctions hit, over
// HTTP: the queue shows a clean profile ready for a decision and the hit
// under manual tasks; the case page shows the hit with its explanation;
// resolving it as MISMATCH (with a comment) and passing the screening task
// (with a note) readies the application; approving it with a reason makes
// it APPROVED, and the audit trail names the analyst.
func TestAnalystWorkflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, nil)
		email, pw := e.user("Acme Bank", "ana@example.org", kyc.UserAnalyst)
		clean := e.profile("Alex", "Wheeler")
		hit := e.profile("Sam", "Carter-sanction")
		b := e.browser()
		b.signIn(email, pw)

		_, _, page := b.get("/portal/queue")
		if !strings.Contains(page, "/portal/profiles/"+clean.ID) || strings.Contains(page, hit.ID) {
			t.Fatalf("the default queue (ready for decision) must list the clean profile only: %s", text(page))
		}
		_, _, page = b.get("/portal/queue?bucket=REQUIRES_MANUAL_TASK_COMPLETION")
		if !strings.Contains(page, "/portal/profiles/"+hit.ID) {
			t.Fatalf("the hit must wait for manual tasks: %s", text(page))
		}

		status, _, page := b.get("/portal/profiles/" + hit.ID)
		tx := text(page)
		if status != 200 {
			t.Fatalf("case page: got %d: %s", status, tx)
		}
		for _, want := range []string{"Sanction flag", "Why it is a potential match", "CARTER, Sam", "93% (strong)",
			"Date of birth 1990-01-12 1990-01-12 exact", "shared: GBR", "Demo Consolidated Sanctions List",
			"Task “Assess PEP and sanctions exposure” is not passed"} {
			if !strings.Contains(tx, want) {
				t.Errorf("case page lacks %q", want)
			}
		}
		ev := hit.OpenEvents()[0]
		screen := taskOf(hit, kyc.TaskIndividualAssessPoliticalSanctions)
		app := hit.Applications[0]

		// A comment is required.
		status, _, page = b.post("/portal/profiles/"+hit.ID+"/events", "event", ev.ID, "resolution", "MISMATCH", "comment", " ")
		if status != http.StatusBadRequest || !strings.Contains(text(page), "comment: is required") {
			t.Fatalf("resolution without a comment: got %d: %s", status, text(page))
		}
		status, loc, _ := b.post("/portal/profiles/"+hit.ID+"/events", "event", ev.ID, "resolution", "MISMATCH",
			"comment", "Different date of birth on the passport")
		if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/portal/profiles/"+hit.ID+"?done=events") {
			t.Fatalf("resolve: got %d to %q", status, loc)
		}
		// Resolving does not pass the task: the analyst passes it.
		if got := e.load(hit.ID).Task(screen.ID); got.State != kyc.TaskIncomplete {
			t.Fatalf("got task %s, want it still incomplete after the resolution", got.State)
		}
		b.get(loc)
		status, _, _ = b.post("/portal/profiles/"+hit.ID+"/tasks/"+screen.ID, "action", "pass", "note", "Match dismissed; screening clear")
		if status != http.StatusSeeOther {
			t.Fatalf("pass the task: got %d", status)
		}
		after := e.load(hit.ID)
		if after.Task(screen.ID).State != kyc.TaskCompletedPass || after.FlagOf(after.Applications[0]) != kyc.FlagReadyForDecision {
			t.Fatalf("got task %s, flag %s; want passed and ready for decision", after.Task(screen.ID).State, after.FlagOf(after.Applications[0]))
		}
		b.get("/portal/profiles/" + hit.ID)
		status, loc, _ = b.post("/portal/profiles/"+hit.ID+"/applications/"+app.ID+"/decision", "decision", "approve",
			"reason", "Potential matches reviewed and dismissed", "comment", "Onboard")
		if status != http.StatusSeeOther || !strings.Contains(loc, "done=decided") {
			t.Fatalf("approve: got %d to %q", status, loc)
		}
		done := e.load(hit.ID)
		a := done.Applications[0]
		last := a.History[len(a.History)-1]
		if a.Status != kyc.AppApproved || last.Decisioner == nil || last.Decisioner.Email != email ||
			last.Comment != "Potential matches reviewed and dismissed: Onboard" {
			t.Fatalf("got %s, last history %+v; want APPROVED by the analyst with reason and comment", a.Status, last)
		}
		items, err := e.store.AuditItems(ctx, e.inst.ID, hit.ID)
		if err != nil {
			t.Fatal(err)
		}
		byAna := map[kyc.AuditAction]bool{}
		for _, it := range items {
			if it.User != nil && it.User.Email == email {
				byAna[it.Action] = true
			}
		}
		for _, want := range []kyc.AuditAction{kyc.AuditEventResolution, kyc.AuditCompletedTask, kyc.AuditAddedTaskNote, kyc.AuditManualDecision} {
			if !byAna[want] {
				t.Errorf("no %s audit item by the analyst: %v", want, byAna)
			}
		}
		if _, err := e.svc.SealAudit(ctx, 1000); err != nil {
			t.Fatal(err)
		}
		_, _, page = b.get("/portal/profiles/" + hit.ID)
		// Eleven items: the analyst's opening of the case is one (viewed-profile).
		if tx := text(page); !strings.Contains(tx, "Manual decision ana Potential matches reviewed and dismissed: Onboard") ||
			!strings.Contains(tx, "Viewed profile ana Viewed in the portal") ||
			!strings.Contains(tx, "Hash chain: 11 items sealed, 11 verified") {
			t.Errorf("the audit trail must name the analyst's decision and show the chain verified: %s", tx)
		}
		// Nothing personal in the logs: not the names, the email or the password.
		logs := e.logs.String()
		for _, secret := range []string{"Carter", "Wheeler", email, pw, "passport"} {
			if strings.Contains(logs, secret) {
				t.Errorf("the logs contain %q", secret)
			}
		}
	})
}

func taskOf(p *kyc.Profile, tt kyc.TaskType) *kyc.Task {
	for _, t := range p.CurrentTasks() {
		if t.Variant.Type == tt {
			return t
		}
	}
	return nil
}

// fourEyesPolicy is the demo policy with forexo_basic approved by two analysts.
func fourEyesPolicy(t *testing.T) *policy.Policy {
	t.Helper()
	src := strings.Replace(string(policy.DemoYAML()), "    automatically_approve: false\n", "    automatically_approve: false\n    four_eyes: true\n", 1)
	p, err := policy.Parse([]byte(src), builtin.Registry(nil))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFourEyesInPortal: an analyst's approval waits for a second analyst;
// the first cannot confirm their own; the second's confirmation approves.
func TestFourEyesInPortal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, fourEyesPolicy(t))
		e1, p1 := e.user("Acme Bank", "first@example.org", kyc.UserAnalyst)
		e2, p2 := e.user("Acme Bank", "second@example.org", kyc.UserAnalyst)
		p := e.profile("Alex", "Wheeler")
		app := p.Applications[0]
		path := "/portal/profiles/" + p.ID + "/applications/" + app.ID + "/decision"
		first, second := e.browser(), e.browser()
		first.signIn(e1, p1)
		second.signIn(e2, p2)

		first.get("/portal/profiles/" + p.ID)
		status, loc, _ := first.post(path, "decision", "approve", "reason", "Due diligence complete")
		if status != http.StatusSeeOther || !strings.Contains(loc, "done=first-approval") {
			t.Fatalf("first approval: got %d to %q", status, loc)
		}
		if a := e.load(p.ID).Applications[0]; a.Status != kyc.AppApplied || a.Bucket() != kyc.BucketSecondApproval {
			t.Fatalf("got %s in %s, want APPLIED awaiting a second approval", a.Status, a.Bucket())
		}
		_, _, page := first.get("/portal/queue?bucket=AWAITING_SECOND_APPROVAL")
		if !strings.Contains(page, p.ID) {
			t.Fatalf("the queue of second approvals must list it: %s", text(page))
		}
		first.get("/portal/profiles/" + p.ID)
		status, _, page = first.post(path, "decision", "approve", "reason", "Due diligence complete")
		if status != http.StatusUnprocessableEntity || !strings.Contains(text(page), "first approver cannot confirm") {
			t.Fatalf("self-confirmation: got %d: %s", status, text(page))
		}
		_, _, page = second.get("/portal/profiles/" + p.ID)
		if !strings.Contains(text(page), "Confirm approval") {
			t.Fatalf("the second analyst must see the confirmation: %s", text(page))
		}
		status, loc, _ = second.post(path, "decision", "approve", "reason", "Due diligence complete", "comment", "agreed")
		if status != http.StatusSeeOther || !strings.Contains(loc, "done=decided") {
			t.Fatalf("confirmation: got %d to %q", status, loc)
		}
		a := e.load(p.ID).Applications[0]
		if a.Status != kyc.AppApproved || a.History[len(a.History)-1].Decisioner.Email != e2 {
			t.Fatalf("got %s by %+v, want APPROVED by the second analyst", a.Status, a.History[len(a.History)-1].Decisioner)
		}
	})
}
