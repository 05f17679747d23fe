package kyc_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/checks/builtin"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// fakeRunner answers checks at once: identity 2+2, a PEP match for a
// screen of a name containing "Pepper" (else Pass), Pass for anything
// else. Its output names the check id the provider was given, as the demo
// provider derives output ids from it.
type fakeRunner struct {
	mu   sync.Mutex
	reqs []kyc.CheckRequest
}

func (r *fakeRunner) Run(ctx context.Context, req kyc.CheckRequest) (kyc.CheckOutcome, error) {
	r.mu.Lock()
	r.reqs = append(r.reqs, req)
	r.mu.Unlock()
	out, _ := json.Marshal(map[string]string{"check_id": req.CheckID})
	o := kyc.CheckOutcome{Result: "Pass", Output: out}
	switch req.CheckType {
	case kyc.CheckIdentity:
		o.Result = "2+2"
	case kyc.CheckPEPsAndSanctions:
		if bytes.Contains(req.Input, []byte("Pepper")) {
			o.Result = "PEP"
			o.Hits = []kyc.Hit{{Type: kyc.EventPEP, MatchKey: "pep-1", Event: json.RawMessage(`{"event_type":"PEP_FLAG"}`)}}
		}
	}
	return o, nil
}

func (r *fakeRunner) requests() []kyc.CheckRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]kyc.CheckRequest(nil), r.reqs...)
}

// countingPolicy counts smart policy evaluations.
type countingPolicy struct {
	kyc.Policy
	evaluations atomic.Int64
}

func (p *countingPolicy) Evaluate(pr *kyc.Profile, product kyc.Product, now time.Time) (kyc.Plan, error) {
	p.evaluations.Add(1)
	return p.Policy.Evaluate(pr, product, now)
}

type env struct {
	t      *testing.T
	store  kyc.Store
	svc    *kyc.Service
	actor  kyc.Actor
	runner *fakeRunner
}

func newEnv(t *testing.T, s kyc.Store, pol kyc.Policy) *env {
	t.Helper()
	e := &env{t: t, store: s, runner: &fakeRunner{}}
	e.svc = &kyc.Service{Store: s, Policy: pol, Checks: e.runner}
	_, k, inst, err := e.svc.CreateAPIKey(ctx, "Svc", "svc")
	if err != nil {
		t.Fatal(err)
	}
	e.actor = kyc.Actor{InstitutionID: inst.ID, APIKey: k}
	return e
}

func individual(given, family string) []byte {
	if given == "" {
		return []byte(`{"entity_type":"INDIVIDUAL"}`)
	}
	// A date of birth and an address too: an identity check needs them.
	return []byte(`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["` + given + `"],"family_name":"` + family + `"},"dob":"1985-07-14"},` +
		`"address_history":[{"address":{"type":"STRUCTURED","country":"GBR","street_number":"221B","route":"Baker Street","postal_town":"London","postal_code":"NW1 6XE"}}]}`)
}

func (e *env) create(data []byte) *kyc.Profile {
	e.t.Helper()
	f, err := kyc.ParseFacts(data)
	if err != nil {
		e.t.Fatal(err)
	}
	p, err := e.svc.CreateProfile(ctx, e.actor, kyc.NewProfile{Role: kyc.RoleIndividualCustomer, CollectedData: data, Facts: f})
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e *env) load(id string) *kyc.Profile {
	e.t.Helper()
	p, err := e.svc.Profile(ctx, e.actor, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// drain runs queued automation and check jobs, as the workers would, until
// none is left.
func (e *env) drain() {
	e.t.Helper()
	for range 20 {
		var js []kyc.Job
		err := e.store.Update(ctx, func(tx kyc.Tx) (err error) {
			now := time.Now().UTC()
			js, err = tx.ClaimJobs(ctx, kyc.JobClaim{Owner: "test-" + kyc.NewID(), Now: now, LeaseUntil: now.Add(time.Minute), Kinds: []string{kyc.JobCheck, kyc.JobAutomate, kyc.JobWebhook, kyc.JobMonitor}, Limit: 10, PerInstitution: 10})
			return err
		})
		if err != nil {
			e.t.Fatal(err)
		}
		n := 0
		for _, j := range js {
			switch j.Kind {
			case kyc.JobAutomate:
				err = e.svc.RunAutomateJob(ctx, j)
			case kyc.JobCheck:
				err = e.svc.RunCheckJob(ctx, j)
			default:
				continue
			}
			n++
			if err != nil {
				e.t.Fatalf("%s job: %v", j.Kind, err)
			}
		}
		if n == 0 {
			return
		}
	}
	e.t.Fatal("jobs keep coming")
}

func taskOfType(p *kyc.Profile, tt kyc.TaskType) *kyc.Task {
	for _, t := range p.CurrentTasks() {
		if t.Variant.Type == tt {
			return t
		}
	}
	return nil
}

// TestReleasedCheckRunsOnCurrentData: a check held PENDING for missing data
// runs, once released, on the data that fulfilled its collection step, and
// its stored input says so; a check given its own input keeps it.
func TestReleasedCheckRunsOnCurrentData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db.Open(t), policy.Demo())
		p := e.create(individual("", ""))
		held, err := e.svc.InstructCheck(ctx, e.actor, p.ID, kyc.NewCheckRequest{Type: kyc.CheckPEPsAndSanctions})
		if err != nil {
			t.Fatal(err)
		}
		override := individual("Otto", "Override")
		own, err := e.svc.InstructCheck(ctx, e.actor, p.ID, kyc.NewCheckRequest{Type: kyc.CheckPEPsAndSanctions, Input: override})
		if err != nil {
			t.Fatal(err)
		}
		if held.State != kyc.CheckPending || own.State != kyc.CheckPending {
			t.Fatalf("checks %s, %s: want PENDING without a name", held.State, own.State)
		}
		data := individual("Anna", "Pepper")
		f, _ := kyc.ParseFacts(data)
		if _, err := e.svc.ReplaceCollectedData(ctx, e.actor, p.ID, data, f); err != nil {
			t.Fatal(err)
		}
		p = e.load(p.ID)
		if c := p.Check(held.ID); c.State != kyc.CheckRunning || !bytes.Equal(c.Input, data) {
			t.Errorf("released check: %s, input %s; want RUNNING on %s", c.State, c.Input, data)
		}
		if c := p.Check(own.ID); c.State != kyc.CheckRunning || !bytes.Equal(c.Input, override) {
			t.Errorf("released check with its own input: %s, input %s; want RUNNING on %s", c.State, c.Input, override)
		}
		e.drain()
		ran := false
		for _, r := range e.runner.requests() {
			if r.CheckID == held.ID {
				ran = true
				if !bytes.Equal(r.Input, data) || r.Facts.FamilyName != "Pepper" {
					t.Errorf("the provider got input %s, facts %+v", r.Input, r.Facts)
				}
			}
		}
		if c := e.load(p.ID).Check(held.ID); !ran || c.Result != "PEP" {
			t.Errorf("released check ran %v, result %q; want PEP", ran, c.Result)
		}
	})
}

// TestAutomationAddsAutomaticTasks: an automatic check whose result makes
// the smart policy require another task with automatic checks gets that
// task's checks run too; the application does not stay AUTOMATING.
func TestAutomationAddsAutomaticTasks(t *testing.T) {
	doc := string(policy.DemoYAML())
	for old, repl := range map[string]string{
		"    acceptance_checks: [source_of_funds_form]\n":                              "    acceptance_checks: [source_of_funds_form]\n    automatic_checks: [source_of_funds_form]\n",
		"          - when: risk.level == 'HIGH'\n            tasks: [source_of_funds]": "          - when: profile.potential_pep\n            tasks: [source_of_funds]",
	} {
		if strings.Count(doc, old) != 1 {
			t.Fatalf("demo policy changed: %q", old)
		}
		doc = strings.Replace(doc, old, repl, 1)
	}
	pol, err := policy.Parse([]byte(doc), builtin.Registry(nil))
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db.Open(t), pol)
		p := e.create(individual("Anna", "Pepper"))
		e.drain()
		p = e.load(p.ID)
		a := p.ActiveApplications()[0]
		sof := taskOfType(p, kyc.TaskIndividualVerifySourceOfFunds)
		if sof == nil {
			t.Fatal("the PEP match must require the source of funds task")
		}
		if a.Automating || p.FlagOf(a) == kyc.FlagAutomating || len(sof.CheckIDs) == 0 || sof.State != kyc.TaskCompletedPass {
			t.Errorf("application automating %v, flag %s; source of funds task checks %v, %s",
				a.Automating, p.FlagOf(a), sof.CheckIDs, sof.State)
		}
	})
}

// TestAutomaticCheckIDs: the provider runs an automatic check under the id
// the check is stored with.
func TestAutomaticCheckIDs(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t), policy.Demo())
	p := e.create(individual("Anna", "Smith"))
	e.drain()
	p = e.load(p.ID)
	if len(p.Checks) != 2 {
		t.Fatalf("%d checks, want the two automatic ones", len(p.Checks))
	}
	sent := map[string]bool{}
	for _, r := range e.runner.requests() {
		sent[r.CheckID] = true
	}
	for _, c := range p.Checks {
		var out struct {
			CheckID string `json:"check_id"`
		}
		json.Unmarshal(c.Output, &out)
		if !c.Automatic || !sent[c.ID] || out.CheckID != c.ID {
			t.Errorf("check %s (automatic %v): provider ran it as %q", c.ID, c.Automatic, out.CheckID)
		}
	}
}

// approved returns an approved profile whose tasks passed by their
// automatic checks.
func (e *env) approved() (*kyc.Profile, *kyc.Application) {
	e.t.Helper()
	p := e.create(individual("Anna", "Smith"))
	e.drain()
	p = e.load(p.ID)
	a := p.ActiveApplications()[0]
	if _, err := e.svc.DecideApplication(ctx, e.actor, p.ID, a.ID, kyc.AppApproved, ""); err != nil {
		e.t.Fatalf("approve: %v (blockers %v)", err, p.Blockers(a))
	}
	p = e.load(p.ID)
	return p, p.Application(a.ID)
}

// TestCreateResolvedEvent: an event posted already resolved reopens no
// task and leaves an approved application approved; one posted open (with
// a reason only) still does.
func TestCreateResolvedEvent(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t), policy.Demo())
	p, a := e.approved()
	reason := "a namesake"
	ev, err := e.svc.CreateEvent(ctx, e.actor, p.ID, kyc.NewEventRequest{Type: kyc.EventPEP, Data: []byte(`{"event_type":"PEP_FLAG"}`),
		Update: kyc.EventUpdate{Resolution: kyc.ResolvedMismatch, ResolutionReason: &reason}})
	if err != nil {
		t.Fatal(err)
	}
	p = e.load(p.ID)
	screen := taskOfType(p, kyc.TaskIndividualAssessPoliticalSanctions)
	if got := p.Event(ev.ID); got.Resolution != kyc.ResolvedMismatch || got.ResolutionDate == nil || got.ResolutionReason != reason {
		t.Errorf("event %+v, want MISMATCH with its date and reason", got)
	}
	if st := p.Application(a.ID).Status; st != kyc.AppApproved || screen.State != kyc.TaskCompletedPass {
		t.Errorf("after a resolved event: application %s, screening task %s; want APPROVED, COMPLETED_PASS", st, screen.State)
	}

	// A bad resolution changes nothing.
	if _, err := e.svc.CreateEvent(ctx, e.actor, p.ID, kyc.NewEventRequest{Type: kyc.EventPEP, Data: []byte(`{"event_type":"PEP_FLAG"}`),
		Update: kyc.EventUpdate{Resolution: kyc.ResolvedCreatedTask}}); !kyc.IsCode(err, kyc.EMissingFields) {
		t.Errorf("CREATED_TASK without tasks: %v", err)
	}
	if p2 := e.load(p.ID); len(p2.Events) != 1 || p2.Application(a.ID).Status != kyc.AppApproved {
		t.Errorf("a rejected event changed the profile: %d events, %s", len(p2.Events), p2.Application(a.ID).Status)
	}

	// Posted open, with a reason only: it reopens the screening task.
	if _, err := e.svc.CreateEvent(ctx, e.actor, p.ID, kyc.NewEventRequest{Type: kyc.EventPEP, Data: []byte(`{"event_type":"PEP_FLAG"}`),
		Update: kyc.EventUpdate{ResolutionReason: &reason}}); err != nil {
		t.Fatal(err)
	}
	p = e.load(p.ID)
	if st := p.Application(a.ID).Status; st != kyc.AppInReview || taskOfType(p, kyc.TaskIndividualAssessPoliticalSanctions).State != kyc.TaskIncomplete {
		t.Errorf("after an open event: application %s, want IN_REVIEW with the screening task reopened", st)
	}
}

// TestUpdateTaskEvaluatesOnlyForAPass: the policy is evaluated for the
// expiry of a pass only.
func TestUpdateTaskEvaluatesOnlyForAPass(t *testing.T) {
	pol := &countingPolicy{Policy: policy.Demo()}
	e := newEnv(t, storetest.OpenSQLite(t), pol)
	p := e.create(individual("Anna", "Smith"))
	screen := taskOfType(p, kyc.TaskIndividualAssessPoliticalSanctions)
	for _, st := range []kyc.TaskState{kyc.TaskCompletedFail, kyc.TaskIncomplete} {
		before := pol.evaluations.Load()
		if _, err := e.svc.UpdateTask(ctx, e.actor, p.ID, screen.ID, kyc.TaskUpdate{State: &st}); err != nil {
			t.Fatal(err)
		}
		if n := pol.evaluations.Load() - before; n != 0 {
			t.Errorf("UpdateTask to %s evaluated the policy %d times", st, n)
		}
	}
	st := kyc.TaskCompletedPass
	task, err := e.svc.UpdateTask(ctx, e.actor, p.ID, screen.ID, kyc.TaskUpdate{State: &st})
	if err != nil {
		t.Fatal(err)
	}
	if task.ExpiryDate == nil {
		t.Error("a pass of the screening task must expire (expiry_days in the policy)")
	}
}
