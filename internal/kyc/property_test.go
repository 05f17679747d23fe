package kyc_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// lifecycleWorld is one profile driven by random operations through the
// service, over a real SQLite store.
type lifecycleWorld struct {
	t     *testing.T
	svc   *kyc.Service
	actor kyc.Actor
	id    string
	now   time.Time
	final map[string]kyc.AppStatus // applications seen REJECTED or CANCELLED
}

var ctx = context.Background()

func newWorld(t *testing.T) *lifecycleWorld {
	s := storetest.OpenSQLite(t)
	w := &lifecycleWorld{t: t, now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), final: map[string]kyc.AppStatus{}}
	w.svc = &kyc.Service{Store: s, Policy: policy.Demo(), NowFunc: func() time.Time { return w.now }}
	_, k, inst, err := w.svc.CreateAPIKey(ctx, "Prop", "prop")
	if err != nil {
		t.Fatal(err)
	}
	w.actor = kyc.Actor{InstitutionID: inst.ID, APIKey: k}
	p, err := w.svc.CreateProfile(ctx, w.actor, kyc.NewProfile{Role: kyc.RoleIndividualCustomer,
		CollectedData: []byte(`{"entity_type":"INDIVIDUAL"}`), Facts: kyc.Facts{EntityType: kyc.Individual}})
	if err != nil {
		t.Fatal(err)
	}
	w.id = p.ID
	return w
}

func (w *lifecycleWorld) load() *kyc.Profile {
	p, err := w.svc.Profile(ctx, w.actor, w.id)
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

// snapshot serialises what the API would show, to compare states.
func snapshot(p *kyc.Profile) string {
	type app struct {
		ID, Status, Flag string
		Hidden           bool
		History          int
		Blockers         int
	}
	var apps []app
	for _, a := range p.Applications {
		apps = append(apps, app{a.ID, string(a.Status), string(p.FlagOf(a)), a.Hidden, len(a.History), len(p.Blockers(a))})
	}
	var tasks []string
	for _, t := range p.Tasks {
		tasks = append(tasks, fmt.Sprintf("%s/%s/%v", t.ID, t.State, t.IsExpired))
	}
	var events []string
	for _, e := range p.Events {
		events = append(events, e.ID+"/"+string(e.Resolution))
	}
	b, _ := json.Marshal([]any{p.Status, p.Category, apps, tasks, events, string(p.CollectedData)})
	return string(b)
}

var statuses = []kyc.AppStatus{kyc.AppApplied, kyc.AppApproved, kyc.AppInReview, kyc.AppRejected, kyc.AppCancelled}

// step performs operation op (with argument arg) and checks every invariant.
func (w *lifecycleWorld) step(op, arg byte) {
	before := w.load()
	pick := func(n int) int { return int(arg) % max(n, 1) }
	var err error
	var approving *kyc.Application
	switch op % 14 {
	case 0, 1, 2: // complete or reopen a task
		if len(before.Tasks) == 0 {
			return
		}
		t := before.Tasks[pick(len(before.Tasks))]
		st := []kyc.TaskState{kyc.TaskCompletedPass, kyc.TaskCompletedFail, kyc.TaskIncomplete}[op%3]
		_, err = w.svc.UpdateTask(ctx, w.actor, w.id, t.ID, kyc.TaskUpdate{State: &st})
	case 3, 4: // decide
		a := before.Applications[pick(len(before.Applications))]
		to := statuses[int(arg/7)%len(statuses)]
		if to == kyc.AppApproved {
			approving = a
		}
		_, err = w.svc.DecideApplication(ctx, w.actor, w.id, a.ID, to, "")
	case 5: // revert
		a := before.Applications[pick(len(before.Applications))]
		_, err = w.svc.RevertDecision(ctx, w.actor, w.id, a.ID, "")
	case 6: // a monitoring hit
		et := []kyc.EventType{kyc.EventPEP, kyc.EventSanction, kyc.EventAdverseMedia, kyc.EventRefer}[pick(4)]
		_, err = w.svc.CreateEvent(ctx, w.actor, w.id, kyc.NewEventRequest{Type: et, Data: []byte(`{"event_type":"` + string(et) + `"}`)})
	case 7: // resolve an event
		if len(before.Events) == 0 {
			return
		}
		e := before.Events[pick(len(before.Events))]
		res := []kyc.Resolution{kyc.ResolvedMismatch, kyc.ResolvedMatch, kyc.ResolvedIgnore, kyc.Unresolved}[int(arg/5)%4]
		_, err = w.svc.UpdateEvents(ctx, w.actor, w.id, []kyc.EventUpdate{{ID: e.ID, Resolution: res}}, arg%2 == 0)
	case 8: // suspend, ban, restore
		_, err = w.svc.SetStatus(ctx, w.actor, w.id, []kyc.ProfileStatus{kyc.StatusNormal, kyc.StatusSuspended, kyc.StatusBanned, kyc.StatusNormal}[pick(4)])
	case 9: // background work, time passing
		w.now = w.now.Add(time.Duration(arg) * 24 * time.Hour)
		_, err = w.svc.ExpireTasks(ctx, 10)
	case 10: // a task added by hand
		_, err = w.svc.AddTask(ctx, w.actor, w.id, kyc.NewTaskRequest{Type: []kyc.TaskType{kyc.TaskIndividualVerifyAddress, kyc.TaskIndividualVerifyIdentity}[pick(2)]})
	case 12, 13: // an analyst passes every open task, then approves
		for _, t := range before.CurrentTasks() {
			if t.State != kyc.TaskCompletedPass {
				st := kyc.TaskCompletedPass
				if _, err = w.svc.UpdateTask(ctx, w.actor, w.id, t.ID, kyc.TaskUpdate{State: &st}); err != nil {
					break
				}
			}
		}
		if op%14 == 13 && err == nil {
			mid := w.load()
			for _, a := range mid.Applications {
				if a.Status == kyc.AppApplied || a.Status == kyc.AppInReview {
					approving, before = a, mid
					_, err = w.svc.DecideApplication(ctx, w.actor, w.id, a.ID, kyc.AppApproved, "")
					break
				}
			}
		}
	case 11: // new data
		data := fmt.Sprintf(`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["A%d"],"family_name":"B"}}}`, arg)
		f, _ := kyc.ParseFacts([]byte(data))
		_, err = w.svc.ReplaceCollectedData(ctx, w.actor, w.id, []byte(data), f)
	}
	after := w.load()
	if err != nil {
		if kyc.ErrorCode(err) == kyc.EInternal {
			w.t.Fatalf("op %d(%d): internal error %v", op, arg, err)
		}
		if snapshot(before) != snapshot(after) {
			w.t.Fatalf("op %d(%d) failed (%v) but changed the profile:\n%s\n%s", op, arg, err, snapshot(before), snapshot(after))
		}
	}
	w.check(before, after, approving, err)
}

func (w *lifecycleWorld) check(before, after *kyc.Profile, approving *kyc.Application, err error) {
	t := w.t
	if after.Category != after.DeriveCategory() {
		t.Fatalf("stored category %s, derived %s", after.Category, after.DeriveCategory())
	}
	if approving != nil && err == nil && len(before.Blockers(approving)) > 0 {
		t.Fatalf("approved with blockers %v", before.Blockers(approving))
	}
	prev := map[string]*kyc.Application{}
	for _, a := range before.Applications {
		prev[a.ID] = a
	}
	for _, a := range after.Applications {
		if st, ok := w.final[a.ID]; ok && a.Status != st {
			t.Fatalf("application %s changed from final %s to %s", a.ID, st, a.Status)
		}
		if a.Status.Final() {
			w.final[a.ID] = a.Status
		}
		if b := prev[a.ID]; b != nil {
			if b.Hidden && !a.Hidden {
				t.Fatalf("hidden application %s reappeared", a.ID)
			}
			if len(a.History) < len(b.History) || !slices.EqualFunc(b.History, a.History[:len(b.History)], func(x, y kyc.StatusChange) bool { return x.Status == y.Status }) {
				t.Fatalf("history of %s was rewritten", a.ID)
			}
		}
		if a.Hidden {
			continue
		}
		if a.Status == kyc.AppApproved {
			for _, bl := range after.Blockers(a) {
				if bl.Type == kyc.BlockerIncompleteTask || bl.Type == kyc.BlockerUnresolvedEvent {
					t.Fatalf("APPROVED application %s with blocker %s left out of review", a.ID, bl.Type)
				}
			}
		}
		if last := a.FlagHistory[len(a.FlagHistory)-1]; last.Flag != after.FlagOf(a) || last.Status != a.Status {
			t.Fatalf("flag_history ends %+v, application is %s/%s", last, a.Status, after.FlagOf(a))
		}
		for i := 1; i < len(a.History); i++ {
			from, to := a.History[i-1].Status, a.History[i].Status
			if kyc.CheckTransition(from, to) != nil && !(from == kyc.AppApproved && to == kyc.AppInReview) {
				t.Fatalf("history of %s has %s → %s", a.ID, from, to)
			}
		}
		for _, v := range a.RequiredTasks {
			if !a.Status.Final() && after.TaskFor(v.ID) == nil {
				t.Fatalf("required task %s has no version in force", v.Alias)
			}
		}
	}
}

// FuzzLifecycle runs arbitrary operation sequences (two bytes each) and
// checks that no sequence reaches a state the contract forbids.
func FuzzLifecycle(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 3, 7, 6, 0, 7, 5, 0, 1, 3, 7})
	f.Add([]byte{9, 1, 0, 0, 0, 1, 3, 7, 4, 14, 5, 0, 6, 1, 8, 2})
	f.Add([]byte{10, 0, 0, 0, 0, 1, 0, 2, 3, 7, 9, 200, 9, 200, 3, 14, 5, 0})
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 80 {
			ops = ops[:80]
		}
		w := newWorld(t)
		for i := 0; i+1 < len(ops); i += 2 {
			w.step(ops[i], ops[i+1])
		}
	})
}

// TestLifecycleRandom runs many random sequences with a fixed seed, so the
// property is checked on every test run, not only when fuzzing.
func TestLifecycleRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	runs := 40
	if testing.Short() {
		runs = 5
	}
	for run := range runs {
		t.Run(fmt.Sprint(run), func(t *testing.T) {
			w := newWorld(t)
			for range 40 {
				w.step(byte(r.IntN(256)), byte(r.IntN(256)))
			}
		})
	}
}
