package monitor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/screening"
)

// JobKind is the kind of the jobs that carry monitoring runs.
const JobKind = kyc.JobMonitor

// DefaultEvery is how often the lists are checked for new versions.
const DefaultEvery = time.Minute

// Watcher keeps the screening index current and turns list changes into
// monitoring runs.
type Watcher struct {
	Lists  *Lists
	Holder *screening.Holder
	// Store records the runs. Without one, lists are reloaded but nothing
	// is monitored.
	Store kyc.Transactor
	// Every is the poll interval (DefaultEvery when 0).
	Every   time.Duration
	Log     *slog.Logger
	Metrics *Metrics
	// WakeFunc, when set, is called after runs were queued.
	WakeFunc func()

	loaded  bool
	lastErr string
	pending []change // changes not yet recorded (the store failed)
}

// change is one list version to act on.
type change struct {
	list, from, to string
	keys           []string // added and changed entities, by list id
	removed        int
	// startup: found at process start, when the previous version this
	// process knew is none.
	startup bool
}

// Check reloads the lists once: a changed list gets a new index swapped
// into the Holder and a monitoring run recorded. The error reports lists
// that failed to load (the others, and the failed ones' last good
// versions, stay in service) and failures to record runs (retried at the
// next check).
func (w *Watcher) Check(ctx context.Context) error {
	log := w.Log
	if log == nil {
		log = slog.Default()
	}
	deltas, listErr := w.Lists.Reload(ctx)
	w.Metrics.lists(w.Lists.Status(), listErr)
	if msg := errText(listErr); msg != w.lastErr {
		if listErr != nil {
			log.Error("screening lists failed to load; the lists named keep their last good version, others are not screened", "error", msg)
		} else if w.lastErr != "" {
			log.Info("screening lists load again")
		}
		w.lastErr = msg
	}
	first := !w.loaded
	if first || len(deltas) > 0 {
		idx := w.Lists.Index()
		w.Holder.Swap(idx)
		w.loaded = true
		for _, li := range idx.Lists() {
			log.Info("screening list in service", "list", li.Name, "version", li.Version, "entities", li.Entities)
		}
		if first {
			for _, li := range idx.Lists() {
				w.pending = append(w.pending, change{list: li.Name, to: li.Version, startup: true})
			}
		} else {
			for _, d := range deltas {
				c := change{list: d.List, from: d.From, to: d.To, removed: len(d.Removed)}
				for _, k := range d.Keys() {
					c.keys = append(c.keys, k.ListID)
				}
				w.pending = append(w.pending, c)
			}
		}
	}
	recErr := w.record(ctx, log)
	return errors.Join(listErr, recErr)
}

// Run checks the lists every Every until ctx ends.
func (w *Watcher) Run(ctx context.Context) {
	every := w.Every
	if every <= 0 {
		every = DefaultEvery
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := w.Check(ctx); err != nil && ctx.Err() == nil && w.Log != nil {
			w.Log.Debug("screening list check", "error", err.Error())
		}
	}
}

// record turns pending changes into runs, one transaction each.
func (w *Watcher) record(ctx context.Context, log *slog.Logger) error {
	if w.Store == nil {
		w.pending = nil
		return nil
	}
	var errs []error
	var left []change
	queued := 0
	for _, c := range w.pending {
		run, err := w.recordOne(ctx, c)
		if err != nil {
			errs = append(errs, fmt.Errorf("record monitoring of list %s version %s: %w", c.list, c.to, err))
			left = append(left, c)
			continue
		}
		if run != nil {
			queued++
			w.Metrics.run()
			log.Info("monitoring run queued", "run_id", run.ID, "list", run.List, "from", run.FromVersion, "to", run.ToVersion,
				"full", run.Full, "entities", len(run.Keys), "removed", run.Removed)
		}
	}
	w.pending = left
	if len(errs) > 0 {
		log.Error("monitoring runs not recorded; will retry", "error", errors.Join(errs...).Error())
	}
	if queued > 0 && w.WakeFunc != nil {
		w.WakeFunc()
	}
	return errors.Join(errs...)
}

// recordOne records that monitoring acts on a list version, and the run
// it needs, if this process is the first to see it:
//   - a version monitoring already acted on needs nothing;
//   - a list monitoring never saw is re-screened in full, unless nothing
//     is monitored yet;
//   - the next version of the one recorded is re-screened against the
//     delta; any other jump (the list changed while no process watched,
//     or this process lagged behind another) is re-screened in full.
func (w *Watcher) recordOne(ctx context.Context, c change) (*kyc.MonitorRun, error) {
	var run *kyc.MonitorRun
	err := w.Store.Update(kyc.Background(ctx), func(tx kyc.Tx) error {
		run = nil
		mt := tx
		stored, err := mt.ScreeningListVersion(ctx, c.list)
		if err != nil && !kyc.IsCode(err, kyc.ENotFound) {
			return err
		}
		if stored == c.to {
			return nil
		}
		now := time.Now().UTC()
		if moved, err := mt.MoveScreeningListVersion(ctx, c.list, stored, c.to, now); err != nil || !moved {
			return err // another process moved it first
		}
		full := stored == "" || c.startup || stored != c.from
		if full {
			subs, err := mt.MonitorSubjects(ctx, "", 1)
			if err != nil || len(subs) == 0 {
				return err
			}
		} else if len(c.keys) == 0 {
			return nil // only delistings
		}
		r := &kyc.MonitorRun{ID: kyc.NewID(), List: c.list, FromVersion: stored, ToVersion: c.to, Full: full,
			Removed: c.removed, Cursor: kyc.MonitorCursorStart, CreatedAt: now, Keys: []string{}}
		if !full {
			r.Keys = c.keys
		}
		if err := mt.InsertMonitorRun(ctx, r); err != nil {
			return err
		}
		if err := tx.EnqueueJobs(ctx, kyc.Job{Kind: JobKind, Ref: r.ID, Key: "monitor:" + r.ID}); err != nil {
			return err
		}
		run = r
		return nil
	})
	return run, err
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// keysOf turns a run's list ids into index keys.
func keysOf(list string, ids []string) []screening.Key {
	out := make([]screening.Key, len(ids))
	for i, id := range ids {
		out[i] = screening.Key{List: list, ListID: id}
	}
	return out
}
