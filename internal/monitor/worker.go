package monitor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatehouse/gatehouse/internal/checks/listscreen"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/screening"
)

// Worker runs monitoring jobs (kind "monitor", jobs.Handler): it reads
// the monitored profiles' subjects in id order after the run's cursor, a
// page at a time, re-screens them against the run's entities on every
// core, and raises new potential matches. Only a profile with a potential
// match is loaded, and it is handled in its own transaction, which also
// moves the cursor; a page without one moves the cursor once. A job that
// runs out of time queues its continuation in the transaction that
// completes it, so a crash or a restart resumes after the last profile
// done, and memory stays bounded by the page.
type Worker struct {
	Service *kyc.Service
	Holder  *screening.Holder
	Log     *slog.Logger
	Metrics *Metrics
	// Budget is how long one job works before it hands over to a
	// continuation job (default 20 s, and at most half the job's deadline).
	Budget time.Duration
	// Batch is how many subjects are read and screened at a time (default
	// 2000).
	Batch int

	// afterProfile, in tests, is called after each monitored profile.
	afterProfile func(profileID string)
}

// monitorStore is what a monitoring job reads and writes besides what the
// service does for it: runs, subjects and transactions moving the cursor.
type monitorStore interface {
	kyc.Transactor
	kyc.MonitorReader
}

// errNotReady asks for a retry: this process does not serve the run's list
// version yet (its next list check will load it).
var errNotReady = errors.New("monitoring: this process does not serve the list version yet")

// Work runs (part of) a monitoring run.
func (w *Worker) Work(ctx context.Context, job kyc.Job) error {
	ctx = kyc.Background(ctx)
	var store monitorStore = w.Service.Store
	run, err := store.MonitorRun(ctx, job.Ref)
	if kyc.IsCode(err, kyc.ENotFound) || err == nil && run.Done {
		return store.Update(ctx, func(tx kyc.Tx) error { return tx.CompleteJob(ctx, job.ID, job.Owner) })
	}
	if err != nil {
		return err
	}
	idx := w.Holder.Index()
	if idx == nil || w.Holder.Version(run.List) != run.ToVersion && !w.Holder.Seen(run.List, run.ToVersion) {
		return fmt.Errorf("%w: list %s version %s", errNotReady, run.List, run.ToVersion)
	}
	budget := w.Budget
	if budget <= 0 {
		budget = 20 * time.Second
	}
	if dl, ok := ctx.Deadline(); ok {
		budget = min(budget, time.Until(dl)/2)
	}
	stop := time.Now().Add(budget)
	batch := w.Batch
	if batch <= 0 {
		batch = 2000
	}
	sc := newScreener(idx, run)
	visited := 0
	for {
		page, err := store.MonitorSubjects(ctx, run.Cursor, batch)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return w.finish(ctx, job, run)
		}
		if visited > 0 && time.Now().After(stop) {
			return w.handOver(ctx, job, run)
		}
		found := sc.screenAll(page)
		from, counted := run.Cursor, run.Profiles
		for i, sub := range page {
			if found[i] {
				if err := w.raise(ctx, sc, run, sub); err != nil {
					return err
				}
				counted = run.Profiles
			} else {
				run.Cursor = sub.ProfileID
				run.Profiles++
			}
			if w.afterProfile != nil {
				w.afterProfile(sub.ProfileID)
			}
		}
		w.Metrics.screened(run.Profiles-counted, 0)
		visited += len(page)
		if run.Cursor != from { // keep progress visible; a crash redoes at most a page
			if err := store.Update(ctx, func(tx kyc.Tx) error { return tx.UpdateMonitorRun(ctx, run) }); err != nil {
				return err
			}
		}
	}
}

// raise handles a subject with a potential match: it loads the profile,
// screens what it is now, raises the new matches and advances the run past
// it, in one transaction.
func (w *Worker) raise(ctx context.Context, sc *screener, run *kyc.MonitorRun, sub kyc.MonitorSubject) error {
	next := *run
	_, err := w.Service.RaiseHits(ctx, sub.InstitutionID, sub.ProfileID, func(cur *kyc.Profile) []kyc.Hit {
		if c := MonitoredCheck(cur); c != nil {
			return sc.hitsFor(c, cur)
		}
		return nil
	}, func(tx kyc.Tx, raised int) error {
		next.Cursor, next.Profiles, next.Events = sub.ProfileID, next.Profiles+1, next.Events+raised
		return tx.UpdateMonitorRun(ctx, &next)
	})
	if err != nil {
		return err
	}
	w.Metrics.screened(1, next.Events-run.Events)
	*run = next
	return nil
}

// finish marks the run done and completes its job, together.
func (w *Worker) finish(ctx context.Context, job kyc.Job, run *kyc.MonitorRun) error {
	now := time.Now().UTC()
	run.Done, run.FinishedAt = true, &now
	err := w.Service.Store.Update(ctx, func(tx kyc.Tx) error {
		if err := tx.UpdateMonitorRun(ctx, run); err != nil {
			return err
		}
		return tx.CompleteJob(ctx, job.ID, job.Owner)
	})
	if err == nil && w.Log != nil {
		w.Log.Info("monitoring run done", "run_id", run.ID, "list", run.List, "version", run.ToVersion,
			"profiles", run.Profiles, "events", run.Events)
	}
	return err
}

// handOver saves the run's progress, queues a continuation and completes
// this job, together.
func (w *Worker) handOver(ctx context.Context, job kyc.Job, run *kyc.MonitorRun) error {
	return w.Service.Store.Update(ctx, func(tx kyc.Tx) error {
		if err := tx.UpdateMonitorRun(ctx, run); err != nil {
			return err
		}
		if err := tx.EnqueueJobs(ctx, kyc.Job{Kind: JobKind, Ref: run.ID, Key: "monitor:" + run.ID + ":" + run.Cursor}); err != nil {
			return err
		}
		return tx.CompleteJob(ctx, job.ID, job.Owner)
	})
}

// MonitoredCheck returns the check that puts a profile under ongoing
// monitoring, or nil. It is the profile's latest COMPLETE
// PEPS_AND_SANCTIONS_SCREEN or COMPANY_PEPS_AND_SANCTIONS_SCREEN check
// whose result is not Error (or a manual approval or rejection of one),
// when that check ran on the screening provider with monitoring: true. A
// later screening check on another provider, or without monitoring, ends
// monitoring; a later check that ended in Error does not.
func MonitoredCheck(p *kyc.Profile) *kyc.Check {
	var last *kyc.Check
	for _, c := range p.Checks {
		if c.State != kyc.CheckComplete || c.Result == "Error" ||
			c.Type != kyc.CheckPEPsAndSanctions && c.Type != kyc.CheckCompanyPEPsSanctions {
			continue
		}
		if last == nil || !c.CreatedAt.Before(last.CreatedAt) {
			last = c
		}
	}
	if last == nil || !listscreen.Monitored(last.Variant) {
		return nil
	}
	return last
}

// screener re-screens subjects and profiles against one run's entities:
// the run's update (Index.Rescreen), or the whole list for a full run.
type screener struct {
	idx  *screening.Index
	list string
	re   *screening.Rescreen // nil for a full run
}

func newScreener(idx *screening.Index, run *kyc.MonitorRun) *screener {
	sc := &screener{idx: idx, list: run.List}
	if !run.Full {
		sc.re = idx.Rescreen(keysOf(run.List, run.Keys))
	}
	return sc
}

// search screens one query (whose threshold is set) against the run's entities.
func (sc *screener) search(q screening.Query) []screening.Match {
	q.MatchesOnly, q.Limit = true, 25
	if sc.re == nil {
		q.Lists = []string{sc.list}
		return sc.idx.Search(q)
	}
	return sc.re.Search(q)
}

// screenAll reports which subjects have a potential match, screening the
// page on every core. A subject that cannot be read counts as one, so that
// its profile is screened from its own data.
func (sc *screener) screenAll(page []kyc.MonitorSubject) []bool {
	found := make([]bool, len(page))
	workers := min(runtime.GOMAXPROCS(0), len(page))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(page) {
					return
				}
				q, err := decodeSubject(page[i].Data)
				found[i] = err != nil || len(sc.search(q)) > 0
			}
		}()
	}
	wg.Wait()
	return found
}

// hitsFor re-screens a profile's current data with its monitored check's
// variant (threshold and check type).
func (sc *screener) hitsFor(c *kyc.Check, p *kyc.Profile) []kyc.Hit {
	q, ok := queryOf(c, p)
	if !ok {
		return nil
	}
	return listscreen.Hits(sc.idx, q, sc.search(q), q.Threshold)
}
