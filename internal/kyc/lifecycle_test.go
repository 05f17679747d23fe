package kyc

import (
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

var (
	vIdentity = TaskVariant{ID: "00000000-0000-7000-8000-000000000001", Alias: "id", Type: TaskIndividualVerifyIdentity}
	vScreen   = TaskVariant{ID: "00000000-0000-7000-8000-000000000002", Alias: "pep", Type: TaskIndividualAssessPoliticalSanctions}
	apiKey    = Actor{InstitutionID: "inst", APIKey: &APIKey{ID: "key", Name: "key"}}
)

// newTestProfile returns an individual with one APPLIED application that
// requires an identity and a screening task.
func newTestProfile(autoApprove bool) (*Profile, *Application) {
	p := &Profile{ID: "p", InstitutionID: "inst", Role: RoleIndividualCustomer, Status: StatusNormal,
		CollectedData: []byte(`{"entity_type":"INDIVIDUAL"}`)}
	a := &Application{ID: "a", ProfileID: "p", Status: AppApplied, Product: Product{ID: "prod", AutomaticallyApprove: autoApprove},
		History: []StatusChange{{Status: AppApplied, Date: t0}}}
	p.Applications = []*Application{a}
	p.Require(vIdentity, []*Application{a}, t0)
	p.Require(vScreen, []*Application{a}, t0)
	p.Refresh(t0)
	return p, a
}

func pass(t *testing.T, p *Profile, v TaskVariant) {
	t.Helper()
	if err := p.SetTaskState(p.TaskFor(v.ID), TaskCompletedPass, apiKey, 0, t0); err != nil {
		t.Fatal(err)
	}
	p.Refresh(t0)
}

func TestCheckTransition(t *testing.T) {
	all := []AppStatus{AppApplied, AppApproved, AppInReview, AppRejected, AppCancelled}
	allowed := map[[2]AppStatus]bool{
		{AppApplied, AppApproved}: true, {AppApplied, AppRejected}: true,
		{AppApproved, AppInReview}: true, {AppApproved, AppCancelled}: true,
		{AppInReview, AppApproved}: true, {AppInReview, AppCancelled}: true,
	}
	for _, from := range all {
		for _, to := range all {
			err := CheckTransition(from, to)
			want := ETransition
			switch {
			case allowed[[2]AppStatus{from, to}]:
				want = ""
			case from == AppRejected:
				want = EAlreadyRejected
			case from == AppApproved && to == AppApproved:
				want = EAlreadyApproved
			}
			got := Code("")
			if err != nil {
				got = ErrorCode(err)
			}
			if got != want {
				t.Errorf("%s → %s: got %q, want %q", from, to, got, want)
			}
		}
	}
	if !IsCode(CheckTransition(AppApplied, "DONE"), EInvalid) {
		t.Error("an unknown status must be invalid input")
	}
}

func TestDeriveFlagPriority(t *testing.T) {
	all := FlagInput{Automating: true, RiskPending: true, RiskUndetermined: true, CollectionSteps: true, ChecksRunning: true, TasksIncomplete: true}
	for _, tc := range []struct {
		name string
		in   FlagInput
		want Flag
	}{
		{"approved", FlagInput{Status: AppApproved, Automating: true, TasksIncomplete: true}, FlagDecided},
		{"rejected", FlagInput{Status: AppRejected}, FlagDecided},
		{"cancelled", FlagInput{Status: AppCancelled}, FlagDecided},
		{"everything applies", func() FlagInput { f := all; f.Status = AppApplied; return f }(), FlagAutomating},
		{"recalculating", FlagInput{Status: AppApplied, RiskPending: true, RiskUndetermined: true, CollectionSteps: true}, FlagRecalculatingRisk},
		{"risk undetermined", FlagInput{Status: AppApplied, RiskUndetermined: true, CollectionSteps: true, ChecksRunning: true}, FlagRequiresRiskScore},
		{"collection", FlagInput{Status: AppInReview, CollectionSteps: true, ChecksRunning: true, TasksIncomplete: true}, FlagWaitingOnCollection},
		{"checks", FlagInput{Status: AppApplied, ChecksRunning: true, TasksIncomplete: true}, FlagWaitingOnChecks},
		{"tasks", FlagInput{Status: AppApplied, TasksIncomplete: true}, FlagRequiresManualTask},
		{"ready", FlagInput{Status: AppApplied}, FlagReadyForDecision},
		{"in review, ready", FlagInput{Status: AppInReview}, FlagReadyForDecision},
	} {
		if got := DeriveFlag(tc.in); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}

func blockerTypes(bs []Blocker) []BlockerType {
	var out []BlockerType
	for _, b := range bs {
		out = append(out, b.Type)
	}
	return out
}

func TestBlockers(t *testing.T) {
	p, a := newTestProfile(false)
	if got := blockerTypes(p.Blockers(a)); len(got) != 2 || got[0] != BlockerIncompleteTask || got[1] != BlockerIncompleteTask {
		t.Fatalf("new application: %v", got)
	}
	if bs := p.Blockers(a); bs[0].TaskType != TaskIndividualVerifyIdentity || bs[0].TaskVariant.ID != vIdentity.ID {
		t.Errorf("first blocker = %+v", bs[0])
	}
	pass(t, p, vIdentity)
	// A failed task still blocks.
	p.SetTaskState(p.TaskFor(vScreen.ID), TaskCompletedFail, apiKey, 0, t0)
	if got := blockerTypes(p.Blockers(a)); len(got) != 1 || got[0] != BlockerIncompleteTask {
		t.Errorf("failed task: %v", got)
	}
	pass(t, p, vScreen)
	if got := p.Blockers(a); len(got) != 0 || p.FlagOf(a) != FlagReadyForDecision {
		t.Errorf("all passed: blockers %v flag %s", got, p.FlagOf(a))
	}
	p.AddEvent(&Event{ID: "e1", Type: EventSanction}, apiKey, t0)
	p.Status = StatusSuspended
	a.Risk = Risk{Model: "m", Category: RiskUndetermined}
	got := blockerTypes(p.Blockers(a))
	want := []BlockerType{BlockerIncompleteTask, BlockerUnresolvedEvent, BlockerSuspendedProfile, BlockerUndeterminedRisk}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("blocker %d: got %s, want %s", i, got[i], want[i])
		}
	}
	if p.Blockers(a)[1].EventID != "e1" {
		t.Error("UNRESOLVED_EVENT blocker must name the event")
	}
	if p.FlagOf(a) != FlagRequiresRiskScore {
		t.Errorf("undetermined risk flag = %s", p.FlagOf(a))
	}
}

func TestDecideNeedsNoBlockers(t *testing.T) {
	p, a := newTestProfile(false)
	err := p.Decide(a, AppApproved, "", apiKey, "v1", t0)
	if !IsCode(err, EConstraints) {
		t.Fatalf("approve with incomplete tasks: %v, want constraints (105)", err)
	}
	if bl := err.(*Error).Info["approval_blockers"].([]map[string]any); len(bl) != 2 {
		t.Errorf("the error must list the blockers: %v", bl)
	}
	pass(t, p, vIdentity)
	pass(t, p, vScreen)
	p.Status = StatusBanned
	if err := p.Decide(a, AppApproved, "", apiKey, "v1", t0); !IsCode(err, EConstraints) {
		t.Errorf("a banned profile cannot be approved: %v", err)
	}
	p.Status = StatusNormal
	if err := p.Decide(a, AppApproved, "looks good", apiKey, "v1", t0); err != nil {
		t.Fatal(err)
	}
	p.Refresh(t0)
	last := a.History[len(a.History)-1]
	if a.Status != AppApproved || last.Comment != "looks good" || last.PolicyVersion != "v1" || p.Category != CategoryCustomer || p.FlagOf(a) != FlagDecided {
		t.Errorf("after approval: %s %+v %s %s", a.Status, last, p.Category, p.FlagOf(a))
	}
	if err := p.Decide(a, AppApproved, "", apiKey, "v1", t0); !IsCode(err, EAlreadyApproved) {
		t.Errorf("approve twice: %v", err)
	}
	if err := p.Decide(a, AppCancelled, "", apiKey, "v1", t0); err != nil {
		t.Fatal(err)
	}
	p.Refresh(t0)
	if p.Category != CategoryPreviousCustomer {
		t.Errorf("cancelled customer: category %s", p.Category)
	}
	if err := p.Decide(a, AppApproved, "", apiKey, "v1", t0); !IsCode(err, ETransition) {
		t.Errorf("cancelled is final: %v", err)
	}
}

// TestSyntheticPEPEvent is PassFort's own test recipe: a PEP_FLAG event on
// an approved profile reopens the screening task, blocks approval, puts the
// application in review; resolving it and passing the task again allows
// approval.
func TestSyntheticPEPEvent(t *testing.T) {
	p, a := newTestProfile(false)
	pass(t, p, vIdentity)
	pass(t, p, vScreen)
	if err := p.Decide(a, AppApproved, "", apiKey, "v1", t0); err != nil {
		t.Fatal(err)
	}
	p.Refresh(t0)
	e := &Event{ID: "e", Type: EventPEP, Data: []byte(`{"event_type":"PEP_FLAG"}`)}
	p.AddEvent(e, apiKey, t0)
	p.Refresh(t0)
	screen := p.TaskFor(vScreen.ID)
	if screen.State != TaskIncomplete || p.TaskFor(vIdentity.ID).State != TaskCompletedPass {
		t.Errorf("screening task %s, identity %s: only the screening task reopens", screen.State, p.TaskFor(vIdentity.ID).State)
	}
	if a.Status != AppInReview || a.History[len(a.History)-1].Decisioner != nil {
		t.Errorf("application %s, want IN_REVIEW by the system", a.Status)
	}
	if got := p.UnresolvedEventTypes(); len(got) != 1 || got[0] != EventPEP {
		t.Errorf("unresolved_event_types = %v", got)
	}
	if got := blockerTypes(p.Blockers(a)); len(got) != 2 || got[1] != BlockerUnresolvedEvent {
		t.Errorf("blockers = %v", got)
	}
	if err := p.ResolveEvent(e, EventUpdate{Resolution: ResolvedMismatch}, apiKey, false, t0); err != nil {
		t.Fatal(err)
	}
	p.Refresh(t0)
	if e.ResolutionDate == nil || len(p.OpenEvents()) != 0 || screen.State != TaskIncomplete {
		t.Errorf("resolving does not pass the task: event %+v task %s", e, screen.State)
	}
	pass(t, p, vScreen)
	if err := p.Decide(a, AppApproved, "", apiKey, "v1", t0); err != nil {
		t.Fatalf("re-approve: %v", err)
	}
	if p.Category != CategoryCustomer {
		t.Errorf("category %s", p.Category)
	}
}

func TestAutomaticTransitions(t *testing.T) {
	p, a := newTestProfile(true)
	pass(t, p, vIdentity)
	if a.Status != AppApplied {
		t.Fatal("no automatic approval while a task is open")
	}
	pass(t, p, vScreen)
	if a.Status != AppApproved || len(p.PendingAudit()) == 0 {
		t.Fatalf("auto-approve: %s", a.Status)
	}
	last := p.PendingAudit()[len(p.PendingAudit())-1]
	if last.Action != AuditAutoDecision || last.APIKeyName != "" {
		t.Errorf("last audit = %+v, want auto-decision by the system", last)
	}
	// A task reopened by hand puts the approved application in review...
	if err := p.SetTaskState(p.TaskFor(vIdentity.ID), TaskIncomplete, apiKey, 0, t0); err != nil {
		t.Fatal(err)
	}
	p.Refresh(t0)
	if a.Status != AppInReview || !p.TaskFor(vIdentity.ID).ManuallyUncompleted {
		t.Errorf("after reopening: %s, manually uncompleted %v", a.Status, p.TaskFor(vIdentity.ID).ManuallyUncompleted)
	}
	// ...and passing it again approves it automatically.
	pass(t, p, vIdentity)
	if a.Status != AppApproved || p.TaskFor(vIdentity.ID).ManuallyUncompleted {
		t.Errorf("after passing again: %s", a.Status)
	}
	// A task added by hand puts it in review too.
	extra := TaskVariant{ID: "00000000-0000-7000-8000-000000000003", Type: TaskIndividualVerifyAddress}
	p.Require(extra, p.ActiveApplications(), t0)
	p.Refresh(t0)
	if a.Status != AppInReview {
		t.Errorf("after adding a task: %s", a.Status)
	}

	// A suspended profile is not approved automatically, even with every
	// task passed; once restored, it is.
	p, a = newTestProfile(true)
	p.Status = StatusSuspended
	pass(t, p, vIdentity)
	pass(t, p, vScreen)
	if a.Status != AppApplied {
		t.Errorf("suspended profile, all tasks passed: %s, want APPLIED", a.Status)
	}
	p.Status = StatusNormal
	p.Refresh(t0)
	if a.Status != AppApproved {
		t.Errorf("restored profile: %s, want APPROVED", a.Status)
	}

	// An open event blocks automatic approval, without the status
	// flipping on each refresh.
	p, a = newTestProfile(true)
	p.AddEvent(&Event{ID: "e", Type: EventRefer}, apiKey, t0)
	pass(t, p, vIdentity)
	pass(t, p, vScreen)
	for i := range 3 {
		p.Refresh(t0)
		if a.Status != AppApplied {
			t.Fatalf("open event, refresh %d: %s, want APPLIED (history %v)", i, a.Status, a.History)
		}
	}
	if err := p.ResolveEvent(p.Event("e"), EventUpdate{Resolution: ResolvedMismatch}, apiKey, false, t0); err != nil {
		t.Fatal(err)
	}
	p.Refresh(t0)
	if a.Status != AppApproved {
		t.Errorf("event resolved: %s, want APPROVED", a.Status)
	}
}

func TestRevert(t *testing.T) {
	p, a := newTestProfile(false)
	pass(t, p, vScreen)
	if err := p.Decide(a, AppRejected, "fraud", apiKey, "v1", t0); err != nil {
		t.Fatal(err)
	}
	p.Refresh(t0)
	if p.Category != CategoryInactiveApplicant {
		t.Errorf("rejected applicant: %s", p.Category)
	}
	if err := p.Decide(a, AppApproved, "", apiKey, "v1", t0); !IsCode(err, EAlreadyRejected) {
		t.Errorf("rejected is final: %v", err)
	}
	n, err := p.Revert(a, "mistake", apiKey, "v2", t0)
	if err != nil {
		t.Fatal(err)
	}
	p.Refresh(t0)
	if !a.Hidden || n.ID == a.ID || n.Status != AppApplied || len(n.History) != 1 || p.Category != CategoryApplicant {
		t.Errorf("revert: old hidden %v, new %+v, category %s", a.Hidden, n, p.Category)
	}
	old := p.Task(p.Tasks[1].ID)
	if !old.IsExpired || p.TaskFor(vScreen.ID).Version != 2 || p.TaskFor(vScreen.ID).State != TaskIncomplete {
		t.Errorf("screening task must get a new version: old %+v", old)
	}
	if _, err := p.Revert(n, "", apiKey, "v2", t0); !IsCode(err, ETransition) {
		t.Errorf("revert of an APPLIED application: %v", err)
	}
	if err := p.Decide(a, AppApproved, "", apiKey, "v1", t0); !IsCode(err, ETransition) {
		t.Errorf("a hidden application cannot be decided: %v", err)
	}
}

func TestRevertCancelledCustomer(t *testing.T) {
	p, a := newTestProfile(false)
	pass(t, p, vIdentity)
	pass(t, p, vScreen)
	for _, st := range []AppStatus{AppApproved, AppCancelled} {
		if err := p.Decide(a, st, "", apiKey, "v1", t0); err != nil {
			t.Fatal(err)
		}
	}
	n, err := p.Revert(a, "", apiKey, "v1", t0)
	if err != nil {
		t.Fatal(err)
	}
	p.Refresh(t0)
	if n.Status != AppInReview || p.Category != CategoryCustomer {
		t.Errorf("a cancelled customer reverted: %s %s, want IN_REVIEW CUSTOMER", n.Status, p.Category)
	}
}

func TestTaskExpiry(t *testing.T) {
	p, a := newTestProfile(false)
	if err := p.SetTaskState(p.TaskFor(vIdentity.ID), TaskCompletedPass, apiKey, 365, t0); err != nil {
		t.Fatal(err)
	}
	pass(t, p, vScreen)
	p.Decide(a, AppApproved, "", apiKey, "v1", t0)
	v1 := p.TaskFor(vIdentity.ID)
	if v1.ExpiryDate == nil || !v1.ExpiryDate.Equal(t0.AddDate(0, 0, 365)) {
		t.Fatalf("expiry date = %v", v1.ExpiryDate)
	}
	if next := p.NextExpiry(); !next.Equal(v1.ExpiryDate.Add(-RenewalLead)) {
		t.Errorf("next expiry work at %v", next)
	}
	if p.ExpireTasks(t0.AddDate(0, 0, 300)) {
		t.Error("nothing is due 300 days in")
	}
	renewAt := v1.ExpiryDate.Add(-RenewalLead)
	if !p.ExpireTasks(renewAt) {
		t.Fatal("a successor is due 30 days before expiry")
	}
	p.Refresh(renewAt)
	v2 := p.LatestTask(vIdentity.ID)
	if v2 == v1 || v2.Version != 2 || p.TaskFor(vIdentity.ID) != v1 || a.Status != AppApproved {
		t.Errorf("during renewal the old version stays in force: v2 %+v, in force %+v, app %s", v2, p.TaskFor(vIdentity.ID), a.Status)
	}
	if p.ExpireTasks(renewAt.Add(time.Hour)) {
		t.Error("renewal is not repeated")
	}
	p.ExpireTasks(*v1.ExpiryDate)
	p.Refresh(*v1.ExpiryDate)
	if !v1.IsExpired || p.TaskFor(vIdentity.ID) != v2 || a.Status != AppInReview {
		t.Errorf("at expiry: v1 expired %v, in force v%d, app %s (want IN_REVIEW)", v1.IsExpired, p.TaskFor(vIdentity.ID).Version, a.Status)
	}
	if err := p.SetTaskState(v1, TaskCompletedPass, apiKey, 0, t0); !IsCode(err, EInvalid) {
		t.Errorf("completing an expired version: %v", err)
	}
	if tp := p.TaskProgress(); tp.Total != 2 || tp.Completed != 1 {
		t.Errorf("task progress %+v", tp)
	}
}
