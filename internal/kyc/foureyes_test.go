package kyc

import (
	"testing"
)

var (
	alice  = Actor{InstitutionID: "inst", User: &User{ID: "u-alice", Name: "Alice"}}
	bob    = Actor{InstitutionID: "inst", User: &User{ID: "u-bob", Name: "Bob"}}
	keyTwo = Actor{InstitutionID: "inst", APIKey: &APIKey{ID: "key2", Name: "key two"}}
)

// fourEyesProfile is newTestProfile for a four-eyes product, ready for a decision.
func fourEyesProfile(t *testing.T) (*Profile, *Application) {
	t.Helper()
	p, a := newTestProfile(false)
	a.Product.FourEyes = true
	pass(t, p, vIdentity)
	pass(t, p, vScreen)
	return p, a
}

// TestFourEyes: every way two approvals can meet. Each step is one
// decision by an actor; want says whether it is accepted and the status
// and bucket after it.
func TestFourEyes(t *testing.T) {
	type step struct {
		actor      Actor
		to         AppStatus
		wantErr    Code
		wantStatus AppStatus
		wantBucket string
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"two analysts approve", []step{
			{alice, AppApproved, "", AppApplied, BucketSecondApproval},
			{bob, AppApproved, "", AppApproved, BucketDecided},
		}},
		{"the first approver cannot confirm", []step{
			{alice, AppApproved, "", AppApplied, BucketSecondApproval},
			{alice, AppApproved, EConstraints, AppApplied, BucketSecondApproval},
			{bob, AppApproved, "", AppApproved, BucketDecided},
		}},
		{"an API key approves first, an analyst confirms", []step{
			{apiKey, AppApproved, "", AppApplied, BucketSecondApproval},
			{alice, AppApproved, "", AppApproved, BucketDecided},
		}},
		{"an API key cannot confirm", []step{
			{alice, AppApproved, "", AppApplied, BucketSecondApproval},
			{keyTwo, AppApproved, EConstraints, AppApplied, BucketSecondApproval},
			{apiKey, AppApproved, EConstraints, AppApplied, BucketSecondApproval},
		}},
		{"the same API key twice", []step{
			{apiKey, AppApproved, "", AppApplied, BucketSecondApproval},
			{apiKey, AppApproved, EConstraints, AppApplied, BucketSecondApproval},
		}},
		{"a rejection drops the first approval", []step{
			{alice, AppApproved, "", AppApplied, BucketSecondApproval},
			{bob, AppRejected, "", AppRejected, BucketDecided},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, a := fourEyesProfile(t)
			for i, s := range tt.steps {
				err := p.Decide(a, s.to, "step", s.actor, "v1", t0)
				p.Refresh(t0)
				if got := ErrorCode(err); err != nil && got != s.wantErr || err == nil && s.wantErr != "" {
					t.Fatalf("step %d (%s by %s): got error %v, want %q", i, s.to, s.actor.Name(), err, s.wantErr)
				}
				if a.Status != s.wantStatus || a.Bucket() != s.wantBucket {
					t.Fatalf("step %d: got %s in %s, want %s in %s", i, a.Status, a.Bucket(), s.wantStatus, s.wantBucket)
				}
			}
			if a.Decided() && a.PendingApproval != nil {
				t.Error("a decided application keeps no pending approval")
			}
		})
	}
}

// TestFourEyesAudit: the first approval is a completed-stage item, the
// confirmation a manual-decision naming the first approver; the history
// has one APPROVED entry, by the confirming analyst.
func TestFourEyesAudit(t *testing.T) {
	p, a := fourEyesProfile(t)
	p.audit = nil
	if err := p.Decide(a, AppApproved, "checked", alice, "v1", t0); err != nil {
		t.Fatal(err)
	}
	if err := p.Decide(a, AppApproved, "agreed", bob, "v1", t0); err != nil {
		t.Fatal(err)
	}
	var actions []AuditAction
	for _, it := range p.PendingAudit() {
		actions = append(actions, it.Action)
	}
	if len(actions) != 2 || actions[0] != AuditCompletedStage || actions[1] != AuditManualDecision {
		t.Fatalf("got audit actions %v, want [completed-stage manual-decision]", actions)
	}
	last := p.PendingAudit()[1]
	if last.User.ID != "u-bob" || last.RefData["first_approver"] != "Alice" {
		t.Errorf("got confirmation by %v with ref %v, want Bob confirming Alice's approval", last.User, last.RefData)
	}
	h := a.History[len(a.History)-1]
	if h.Status != AppApproved || h.Decisioner.ID != "u-bob" || h.Comment != "agreed" {
		t.Errorf("got last history %+v, want APPROVED by Bob with his comment", h)
	}
	for _, h := range a.History[:len(a.History)-1] {
		if h.Status == AppApproved {
			t.Error("the first approval must not appear in the history as a status")
		}
	}
}

// TestFourEyesApprovalLapses: a first approval is withdrawn when the
// application has a blocker again (here a new potential match).
func TestFourEyesApprovalLapses(t *testing.T) {
	p, a := fourEyesProfile(t)
	if err := p.Decide(a, AppApproved, "", alice, "v1", t0); err != nil {
		t.Fatal(err)
	}
	p.AddEvent(&Event{ID: "e", Type: EventSanction, Data: []byte(`{"event_type":"SANCTION_FLAG"}`)}, apiKey, t0)
	p.Refresh(t0)
	if a.PendingApproval != nil || a.Bucket() == BucketSecondApproval {
		t.Fatalf("got bucket %s with pending approval %v, want the first approval withdrawn", a.Bucket(), a.PendingApproval)
	}
	last := p.PendingAudit()[len(p.PendingAudit())-1]
	if last.Action != AuditComment || last.RefData["stage"] != "first-approval-withdrawn" {
		t.Errorf("got last audit item %s %v, want the withdrawal recorded", last.Action, last.RefData)
	}
	// Bob cannot confirm an approval that no longer exists: his becomes a first approval.
	if err := p.Decide(a, AppApproved, "", bob, "v1", t0); !IsCode(err, EConstraints) {
		t.Fatalf("got %v, want the open event to block approval", err)
	}
}

// TestFourEyesOffByDefault: without four_eyes one approval approves.
func TestFourEyesOffByDefault(t *testing.T) {
	p, a := newTestProfile(false)
	pass(t, p, vIdentity)
	pass(t, p, vScreen)
	if err := p.Decide(a, AppApproved, "", alice, "v1", t0); err != nil || a.Status != AppApproved {
		t.Fatalf("got %s, %v; want APPROVED at once", a.Status, err)
	}
}

func TestBucketAndWaitingSince(t *testing.T) {
	p, a := newTestProfile(false)
	t1, t2 := t0.Add(3600e9), t0.Add(7200e9)
	if a.Bucket() != string(FlagRequiresManualTask) || !a.WaitingSince().Equal(t0) {
		t.Fatalf("got %s since %s, want REQUIRES_MANUAL_TASK_COMPLETION since t0", a.Bucket(), a.WaitingSince())
	}
	p.SetTaskState(p.TaskFor(vIdentity.ID), TaskCompletedPass, apiKey, 0, t1)
	p.Refresh(t1) // still a manual task: the wait goes on
	p.SetTaskState(p.TaskFor(vScreen.ID), TaskCompletedPass, apiKey, 0, t2)
	p.Refresh(t2)
	if a.Bucket() != string(FlagReadyForDecision) || !a.WaitingSince().Equal(t2) {
		t.Fatalf("got %s since %s, want READY_FOR_DECISION since t2", a.Bucket(), a.WaitingSince())
	}
	p.Decide(a, AppApproved, "", alice, "v1", t2)
	p.Refresh(t2)
	p.AddEvent(&Event{ID: "e", Type: EventPEP, Data: []byte(`{}`)}, apiKey, t2.Add(1e9))
	p.Refresh(t2.Add(1e9))
	if a.Bucket() != BucketInReview || !a.WaitingSince().Equal(t2.Add(1e9)) {
		t.Fatalf("got %s since %s, want IN_REVIEW since the event", a.Bucket(), a.WaitingSince())
	}
	a.Hidden = true
	if a.Bucket() != BucketHidden {
		t.Errorf("got %s, want HIDDEN", a.Bucket())
	}
}

func TestAssign(t *testing.T) {
	p, a := newTestProfile(false)
	steps := []struct {
		to     *User
		action AuditAction
	}{
		{alice.User, AuditAssignmentCreated},
		{alice.User, ""},
		{bob.User, AuditAssignmentReassigned},
		{nil, AuditAssignmentDeleted},
		{nil, ""},
	}
	for i, s := range steps {
		n := len(p.PendingAudit())
		changed := p.Assign(a, s.to, alice, t0)
		if changed != (s.action != "") {
			t.Fatalf("step %d: got changed %t, want %t", i, changed, s.action != "")
		}
		if s.action != "" && p.PendingAudit()[n].Action != s.action {
			t.Errorf("step %d: got %s, want %s", i, p.PendingAudit()[n].Action, s.action)
		}
		if (a.Assignee == nil) != (s.to == nil) || s.to != nil && a.Assignee.ID != s.to.ID {
			t.Errorf("step %d: got assignee %v, want %v", i, a.Assignee, s.to)
		}
	}
}
