package monitor

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// claim leases the queued monitoring job as a worker process would, taking
// over an expired lease when at is past it.
func (e *env) claim(at time.Time) kyc.Job {
	e.t.Helper()
	var js []kyc.Job
	err := e.store.Update(ctx, func(tx kyc.Tx) (err error) {
		js, err = tx.ClaimJobs(ctx, kyc.JobClaim{Owner: "test-" + kyc.NewID(), Now: at, LeaseUntil: at.Add(time.Minute), Kinds: []string{kyc.JobCheck, kyc.JobAutomate, kyc.JobWebhook, kyc.JobMonitor}, Limit: 10, PerInstitution: 10})
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	if len(js) != 1 || js[0].Kind != JobKind {
		e.t.Fatalf("claimed %+v, want one monitoring job", js)
	}
	return js[0]
}

// TestRunResumesAfterACrash interrupts a run after two of five matching
// profiles, then lets another worker take the job over: every profile gets
// exactly one event, and the run counts five.
func TestRunResumesAfterACrash(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, unrelated, false)
		var ids []string
		for range 5 {
			p := e.person("Ivan", "Sidorov", "1970-03-04")
			e.approve(p)
			ids = append(ids, p.ID)
		}
		e.stop()
		e.writeList(unrelated + entity("W-2", "Ivan Sidorov", "1970-03-04", "sanction"))
		if err := e.watcher.Check(ctx); err != nil {
			t.Fatal(err)
		}

		// The first worker dies after two profiles.
		job := e.claim(time.Now().UTC())
		wctx, crash := context.WithCancel(ctx)
		done := 0
		e.worker.afterProfile = func(string) {
			if done++; done == 2 {
				crash()
			}
		}
		if err := e.worker.Work(wctx, job); !errors.Is(err, context.Canceled) {
			t.Fatalf("interrupted run: got %v, want context.Canceled", err)
		}
		run := e.runs()[0]
		if run.Done || run.Profiles != 2 || run.Events != 2 {
			t.Fatalf("after the crash: got %+v, want 2 profiles done", run)
		}

		// Another worker takes the job over once the lease has expired.
		e.worker.afterProfile = nil
		job = e.claim(time.Now().UTC().Add(2 * time.Minute))
		if err := e.worker.Work(ctx, job); err != nil {
			t.Fatal(err)
		}
		run = e.runs()[0]
		if !run.Done || run.Profiles != 5 || run.Events != 5 {
			t.Errorf("got %+v, want done with 5 profiles and 5 events", run)
		}
		for _, id := range ids {
			p := e.profile(id)
			if len(p.Events) != 1 || p.Applications[0].Status != kyc.AppInReview {
				t.Errorf("profile %s: got %d events, application %s; want 1, IN_REVIEW", id, len(p.Events), p.Applications[0].Status)
			}
		}
		if counts, _ := e.store.JobCounts(ctx); len(counts) != 0 {
			t.Errorf("jobs left: %v", counts)
		}
	})
}

// TestRunHandsOver works a run one page (of one profile) per job: each job
// queues its continuation as it completes.
func TestRunHandsOver(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, unrelated, false)
		for range 3 {
			e.person("Ivan", "Sidorov", "1970-03-04")
		}
		e.stop()
		e.writeList(unrelated + entity("W-2", "Ivan Sidorov", "1970-03-04", "sanction"))
		if err := e.watcher.Check(ctx); err != nil {
			t.Fatal(err)
		}
		e.worker.Budget, e.worker.Batch = time.Nanosecond, 1
		jobsRun := 0
		for ; jobsRun < 10; jobsRun++ {
			if counts, _ := e.store.JobCounts(ctx); len(counts) == 0 {
				break
			}
			if err := e.worker.Work(ctx, e.claim(time.Now().UTC())); err != nil {
				t.Fatal(err)
			}
		}
		run := e.runs()[0]
		if jobsRun != 3 || !run.Done || run.Profiles != 3 || run.Events != 3 {
			t.Errorf("got %d jobs and run %+v; want 3 jobs (2 handing over, the last finishing), 3 profiles, 3 events", jobsRun, run)
		}
	})
}

// TestWorkerWaitsForTheListVersion: a process that does not serve the run's
// list version yet asks for a retry instead of screening an older one.
func TestWorkerWaitsForTheListVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, unrelated, false)
		e.person("Ivan", "Sidorov", "1970-03-04")
		e.stop()
		e.writeList(unrelated + entity("W-2", "Ivan Sidorov", "1970-03-04", "sanction"))
		if err := e.watcher.Check(ctx); err != nil {
			t.Fatal(err)
		}
		lagging := &Worker{Service: e.svc, Holder: newHolderAt(t, e, unrelated)}
		if err := lagging.Work(ctx, e.claim(time.Now().UTC())); !errors.Is(err, errNotReady) {
			t.Fatalf("got %v, want errNotReady", err)
		}
		if run := e.runs()[0]; run.Done || run.Profiles != 0 {
			t.Errorf("got %+v, want the run untouched", run)
		}
	})
}
