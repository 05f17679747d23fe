package monitor

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/gatehouse/gatehouse/internal/checks/listscreen"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/screening"
)

// Worker runs monitoring jobs (kind "monitor", jobs.Handler): it visits
// the monitored profiles in id order after the run's cursor, re-screens
// each against the run's entities, and raises new potential matches. A
// profile with a new match is handled in its own transaction, which also
// moves the cursor; a job that runs out of time queues its continuation
// in the transaction that completes it, so a crash or a restart resumes
// after the last profile done.
type Worker struct {
	Service *kyc.Service
	Holder  *screening.Holder
	Log     *slog.Logger
	Metrics *Metrics
	// Budget is how long one job works before it hands over to a
	// continuation job (default 20 s, and at most half the job's deadline).
	Budget time.Duration
	// Batch is how many candidate profiles are read at a time (default 200).
	Batch int

	// afterProfile, in tests, is called after each monitored profile.
	afterProfile func(profileID string)
}

// monitorStore is what a monitoring job reads and writes besides what the
// service does for it: runs, candidates and transactions moving the cursor.
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
		batch = 200
	}
	keys := keysOf(run.List, run.Keys)
	visited := 0
	for {
		from := run.Cursor
		page, err := store.MonitorCandidates(ctx, run.Cursor, batch)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return w.finish(ctx, job, run)
		}
		for _, ref := range page {
			if visited > 0 && time.Now().After(stop) {
				return w.handOver(ctx, job, run)
			}
			if err := w.profile(ctx, idx, run, keys, ref); err != nil {
				return err
			}
			visited++
		}
		if run.Cursor != from { // keep progress visible; a crash redoes at most a page
			if err := store.Update(ctx, func(tx kyc.Tx) error { return tx.UpdateMonitorRun(ctx, run) }); err != nil {
				return err
			}
		}
	}
}

// profile re-screens one candidate and advances the run past it.
func (w *Worker) profile(ctx context.Context, idx *screening.Index, run *kyc.MonitorRun, keys []screening.Key, ref kyc.ProfileRef) error {
	p, err := w.Service.Store.Profile(ctx, ref.InstitutionID, ref.ProfileID)
	if kyc.IsCode(err, kyc.ENotFound) {
		run.Cursor = ref.ProfileID
		return nil
	}
	if err != nil {
		return err
	}
	c := MonitoredCheck(p)
	if c == nil {
		run.Cursor = ref.ProfileID
		return nil
	}
	data := p.CollectedData
	hits := hitsFor(idx, run, keys, c, p)
	if len(hits) == 0 {
		run.Cursor = ref.ProfileID
		run.Profiles++
		w.Metrics.screened(1, 0)
		if w.afterProfile != nil {
			w.afterProfile(ref.ProfileID)
		}
		return nil
	}
	next := *run
	_, err = w.Service.RaiseHits(ctx, ref.InstitutionID, ref.ProfileID, func(cur *kyc.Profile) []kyc.Hit {
		if bytes.Equal(cur.CollectedData, data) {
			return hits
		}
		// The profile changed since it was read: screen what it is now.
		if c := MonitoredCheck(cur); c != nil {
			return hitsFor(idx, run, keys, c, cur)
		}
		return nil
	}, func(tx kyc.Tx, raised int) error {
		next.Cursor, next.Profiles, next.Events = ref.ProfileID, next.Profiles+1, next.Events+raised
		return tx.UpdateMonitorRun(ctx, &next)
	})
	if err != nil {
		return err
	}
	w.Metrics.screened(1, next.Events-run.Events)
	*run = next
	if w.afterProfile != nil {
		w.afterProfile(ref.ProfileID)
	}
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

// hitsFor re-screens a profile's current data against a run's entities
// with its monitored check's variant (threshold and check type).
func hitsFor(idx *screening.Index, run *kyc.MonitorRun, keys []screening.Key, c *kyc.Check, p *kyc.Profile) []kyc.Hit {
	cfg, err := listscreen.ParseConfig(c.Variant)
	if err != nil {
		return nil
	}
	q := listscreen.QueryFor(c.Type, p.Facts())
	if q.Name == "" {
		return nil
	}
	q.Threshold, q.MatchesOnly, q.Limit = cfg.Threshold, true, 25
	var ms []screening.Match
	if run.Full {
		q.Lists = []string{run.List}
		ms = idx.Search(q)
	} else {
		ms = idx.SearchEntities(q, keys)
	}
	return listscreen.Hits(idx, q, ms, cfg.Threshold)
}
