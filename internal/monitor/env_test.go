package monitor

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/checks/demo"
	"github.com/gatehouse/gatehouse/internal/checks/documents"
	"github.com/gatehouse/gatehouse/internal/checks/listscreen"
	"github.com/gatehouse/gatehouse/internal/jobs"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

var ctx = context.Background()

// env is a service with the screening provider, a jobs runner and a
// watched list directory holding one FollowTheMoney list, "watch".
type env struct {
	t       *testing.T
	store   kyc.Store
	svc     *kyc.Service
	actor   kyc.Actor
	holder  *screening.Holder
	watcher *Watcher
	worker  *Worker
	runner  *jobs.Runner
	stop    func() // stops the runner
	dir     string
}

// listsPolicy is the demo policy with individuals and companies screened
// by the screening provider (pep_screen_lists, company_screen_lists,
// monitoring on).
func listsPolicy(t *testing.T) *policy.Policy {
	t.Helper()
	doc := strings.ReplaceAll(string(policy.DemoYAML()), "[pep_screen]", "[pep_screen_lists]")
	doc = strings.ReplaceAll(doc, "[company_screen]", "[company_screen_lists]")
	p, err := policy.Parse([]byte(doc), checks.NewRegistry(demo.New(), listscreen.New(nil), documents.New(), checks.Manual{}))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// newEnv starts the environment; with monitorJobs false the runner does not
// run monitoring jobs: the test stops it (e.stop) and works them itself.
func newEnv(t *testing.T, db storetest.Opener, list string, monitorJobs bool) *env {
	t.Helper()
	s := db.Open(t)
	e := &env{t: t, store: s, holder: &screening.Holder{}, dir: t.TempDir()}
	e.writeList(list)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	e.runner = &jobs.Runner{Store: s, Poll: 20 * time.Millisecond, Log: quiet,
		Pools: []jobs.Pool{{Name: "checks", Workers: 2}, {Name: "monitor", Workers: 1}}}
	e.svc = &kyc.Service{Store: s, Policy: listsPolicy(t), Notify: e.runner.Wake, MonitorSubjectFunc: Subject,
		Checks: checks.NewRegistry(demo.New(), listscreen.New(e.holder), documents.New(), checks.Manual{})}
	e.worker = &Worker{Service: e.svc, Holder: e.holder, Log: quiet}
	fast := func(int) time.Duration { return 20 * time.Millisecond }
	e.runner.Kinds = []jobs.Kind{
		{Name: kyc.JobCheck, Pool: "checks", Handler: jobs.HandlerFunc(e.svc.RunCheckJob), MaxAttempts: 6, Backoff: fast},
		{Name: kyc.JobAutomate, Pool: "checks", Handler: jobs.HandlerFunc(e.svc.RunAutomateJob), MaxAttempts: 6, Backoff: fast},
		{Name: kyc.JobAssociates, Pool: "checks", Handler: jobs.HandlerFunc(e.svc.RunAssociatesJob), MaxAttempts: 6, Backoff: fast},
	}
	if monitorJobs {
		e.runner.Kinds = append(e.runner.Kinds, jobs.Kind{Name: JobKind, Pool: "monitor", Handler: e.worker, Backoff: fast})
	}
	e.watcher = e.newWatcher()
	if err := e.watcher.Check(ctx); err != nil {
		t.Fatal(err)
	}
	key, _, _, err := e.svc.CreateAPIKey(ctx, "Acme", "test")
	if err != nil {
		t.Fatal(err)
	}
	if e.actor, err = e.svc.Authenticate(ctx, key); err != nil {
		t.Fatal(err)
	}
	rctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.runner.Run(rctx); close(done) }()
	e.stop = func() { stop(); <-done }
	t.Cleanup(e.stop)
	return e
}

// newWatcher is a watcher as a (re)started process has: fresh lists, the
// same holder and store.
func (e *env) newWatcher() *Watcher {
	return &Watcher{Lists: NewLists(nil, e.dir), Holder: e.holder, Store: e.store, WakeFunc: e.runner.Wake,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// writeList replaces the watched list's file, as `gatehouse lists import` does.
func (e *env) writeList(data string) {
	e.t.Helper()
	dir := filepath.Join(e.dir, "watch")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		e.t.Fatal(err)
	}
	tmp := filepath.Join(dir, ".list.tmp")
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		e.t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "list.json")); err != nil {
		e.t.Fatal(err)
	}
}

// check runs one list check and waits for the work it queued.
func (e *env) check(w *Watcher) {
	e.t.Helper()
	if err := w.Check(ctx); err != nil {
		e.t.Fatal(err)
	}
	e.settle()
}

// settle waits until every queued job has run.
func (e *env) settle() {
	e.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		counts, err := e.store.JobCounts(ctx)
		if err != nil {
			e.t.Fatal(err)
		}
		if len(counts) == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	e.t.Fatal("background jobs did not finish within 20s")
}

// person creates an individual customer profile for forexo_basic and waits
// for its automatic checks.
func (e *env) person(given, family, dob string) *kyc.Profile {
	e.t.Helper()
	raw := fmt.Sprintf(`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":[%q],"family_name":%q},"dob":%q,"nationality":"GBR"},`+
		`"address_history":[{"address":{"type":"STRUCTURED","country":"GBR","route":"High Street","postal_town":"Bristol","postal_code":"BS1 4DJ"}}]}`,
		given, family, dob) // an identity check needs the date of birth and the address
	data, facts, err := passfort.DecodeEntityData([]byte(raw), "collected_data")
	if err != nil {
		e.t.Fatal(err)
	}
	p, err := e.svc.CreateProfile(ctx, e.actor, kyc.NewProfile{Role: kyc.RoleIndividualCustomer, CollectedData: data, Facts: facts})
	if err != nil {
		e.t.Fatal(err)
	}
	e.settle()
	return e.profile(p.ID)
}

// company creates a company customer profile for forexo_pro and waits for
// its automatic checks.
func (e *env) company(name string) *kyc.Profile {
	e.t.Helper()
	raw := fmt.Sprintf(`{"entity_type":"COMPANY","metadata":{"name":%q,"number":"09565115","country_of_incorporation":"GBR"}}`, name)
	data, facts, err := passfort.DecodeEntityData([]byte(raw), "collected_data")
	if err != nil {
		e.t.Fatal(err)
	}
	p, err := e.svc.CreateProfile(ctx, e.actor, kyc.NewProfile{Role: kyc.RoleCompanyCustomer, CollectedData: data, Facts: facts})
	if err != nil {
		e.t.Fatal(err)
	}
	e.settle()
	return e.profile(p.ID)
}

func (e *env) profile(id string) *kyc.Profile {
	e.t.Helper()
	p, err := e.svc.Profile(ctx, e.actor, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// approve approves the profile's application.
func (e *env) approve(p *kyc.Profile) {
	e.t.Helper()
	if _, err := e.svc.DecideApplication(ctx, e.actor, p.ID, p.Applications[0].ID, kyc.AppApproved, "onboarded"); err != nil {
		e.t.Fatalf("approve: %v (application %s, flag %s)", err, p.Applications[0].Status, p.Applications[0].Flag)
	}
}

func (e *env) runs() []kyc.MonitorRun {
	e.t.Helper()
	rs, err := e.store.MonitorRuns(ctx, 100)
	if err != nil {
		e.t.Fatal(err)
	}
	return rs
}

// entity is a FollowTheMoney line.
func entity(id, name, birth, topic string) string {
	return fmt.Sprintf(`{"id":%q,"schema":"Person","properties":{"name":[%q],"birthDate":[%q],"topics":[%q]}}`+"\n", id, name, birth, topic)
}

// newHolderAt is the holder of another process that has loaded the given
// version of the watched list only.
func newHolderAt(t *testing.T, e *env, data string) *screening.Holder {
	t.Helper()
	dir := t.TempDir()
	other := &env{t: t, dir: dir}
	other.writeList(data)
	l := NewLists(nil, dir)
	if _, err := l.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	h := &screening.Holder{}
	h.Swap(l.Index())
	return h
}
