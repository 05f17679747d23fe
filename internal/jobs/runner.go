// Package jobs runs the durable background work stored in the database
// (kyc.Job): checks, webhook deliveries, monitoring. Any number of
// processes may run workers against one PostgreSQL database; jobs are
// leased (SELECT … FOR UPDATE SKIP LOCKED), so none runs twice at once, and
// a lease that expires because its process died makes the job available
// again. On SQLite, claiming and completing go through the store's single
// writer as background work, after the API's writes.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	mrand "math/rand/v2"
	"sync"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Handler works one kind of job.
type Handler interface {
	// Work runs a job. It returns nil when the job is done: a handler whose
	// effect is a database write completes the job (tx.CompleteJob) in the
	// transaction of that write, so the effect happens once. An error asks
	// for a retry after Backoff.
	Work(ctx context.Context, job kyc.Job) error
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, job kyc.Job) error

// Work calls f.
func (f HandlerFunc) Work(ctx context.Context, job kyc.Job) error { return f(ctx, job) }

// Backoffer is implemented by handlers with their own retry schedule.
type Backoffer interface {
	Backoff(attempt int) time.Duration
}

// Runner claims due jobs and works them on a pool of goroutines.
type Runner struct {
	// Store is where jobs are claimed and retried.
	Store    kyc.Transactor
	Handlers map[string]Handler
	// Workers is how many jobs run at once (default 8).
	Workers int
	// Lease is how long a claimed job is reserved; a job not finished by
	// then is cancelled and becomes available again (default 60 s).
	Lease time.Duration
	// Poll is how often an idle runner looks for jobs queued by other
	// processes (default 250 ms); Wake makes it look at once.
	Poll time.Duration
	// BackoffFunc, when set, is the retry schedule of handlers without their
	// own (Backoff when nil).
	BackoffFunc func(attempt int) time.Duration
	Log         *slog.Logger
	// Metrics, when set, counts jobs worked.
	Metrics *Metrics

	owner string
	wake  chan struct{}
	once  sync.Once
}

func (r *Runner) init() {
	r.once.Do(func() {
		if r.Workers <= 0 {
			r.Workers = 8
		}
		if r.Lease <= 0 {
			r.Lease = 60 * time.Second
		}
		if r.Poll <= 0 {
			r.Poll = 250 * time.Millisecond
		}
		if r.Log == nil {
			r.Log = slog.Default()
		}
		var b [8]byte
		_, _ = rand.Read(b[:]) // crypto/rand: an owner id unique per process start
		r.owner = hex.EncodeToString(b[:])
		r.wake = make(chan struct{}, 1)
	})
}

// Owner is this runner's lease-holder id.
func (r *Runner) Owner() string { r.init(); return r.owner }

// Wake tells the runner that jobs were queued.
func (r *Runner) Wake() {
	r.init()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run works jobs until ctx is cancelled, then waits for the jobs in hand.
func (r *Runner) Run(ctx context.Context) {
	r.init()
	slots := make(chan struct{}, r.Workers)
	done := make(chan struct{}, r.Workers)
	var wg sync.WaitGroup
	defer wg.Wait()
	t := time.NewTicker(r.Poll)
	defer t.Stop()
	for ctx.Err() == nil {
		free := r.Workers - len(slots)
		claimed := 0
		if free > 0 {
			js, err := r.claim(ctx, free)
			if err != nil && ctx.Err() == nil {
				r.Log.Error("claim jobs", "error", err.Error())
			}
			claimed = len(js)
			for _, j := range js {
				slots <- struct{}{}
				wg.Add(1)
				go func() {
					defer wg.Done()
					r.work(ctx, j)
					<-slots
					select {
					case done <- struct{}{}:
					default:
					}
				}()
			}
		}
		if claimed > 0 && claimed == free {
			continue // more may be waiting; look again at once
		}
		select {
		case <-ctx.Done():
		case <-r.wake:
		case <-done:
		case <-t.C:
		}
	}
}

func (r *Runner) claim(ctx context.Context, n int) ([]kyc.Job, error) {
	var js []kyc.Job
	now := time.Now().UTC()
	err := r.Store.Update(kyc.Background(ctx), func(tx kyc.Tx) (err error) {
		js, err = tx.ClaimJobs(ctx, r.owner, now, now.Add(r.Lease), n)
		return err
	})
	return js, err
}

// work runs one job and records a retry when it fails.
func (r *Runner) work(ctx context.Context, j kyc.Job) {
	h := r.Handlers[j.Kind]
	if h == nil {
		r.retry(ctx, j, errors.New("no handler for job kind "+j.Kind), time.Minute)
		return
	}
	jctx, cancel := context.WithTimeout(ctx, r.Lease-r.Lease/10)
	start := time.Now()
	err := safeWork(jctx, h, j)
	cancel()
	r.Metrics.observe(j.Kind, err == nil, time.Since(start))
	if err == nil || ctx.Err() != nil {
		return // done, or shutting down: the lease expires and the job is retried
	}
	var delay time.Duration
	if b, ok := h.(Backoffer); ok {
		delay = b.Backoff(j.Attempts)
	} else if r.BackoffFunc != nil {
		delay = r.BackoffFunc(j.Attempts)
	} else {
		delay = Backoff(j.Attempts)
	}
	r.Log.Warn("job failed; will retry", "kind", j.Kind, "job_id", j.ID, "attempt", j.Attempts, "retry_in", delay.String(), "error", err.Error())
	r.retry(ctx, j, err, delay)
}

func (r *Runner) retry(ctx context.Context, j kyc.Job, cause error, delay time.Duration) {
	err := r.Store.Update(kyc.Background(ctx), func(tx kyc.Tx) error {
		return tx.RetryJob(ctx, j.ID, j.Owner, time.Now().UTC().Add(delay), cause.Error())
	})
	if err != nil && ctx.Err() == nil {
		r.Log.Error("record job retry", "job_id", j.ID, "error", err.Error())
	}
}

// safeWork turns a handler's panic into an error.
func safeWork(ctx context.Context, h Handler, j kyc.Job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = errors.New("job handler panicked")
			slog.Error("job handler panic", "kind", j.Kind, "job_id", j.ID, "panic", p)
		}
	}()
	return h.Work(ctx, j)
}

// Backoff is the default retry schedule: exponential from 2 s, doubling
// per attempt, capped at 10 minutes, with ±20% jitter.
func Backoff(attempt int) time.Duration {
	d := 2 * time.Second << min(max(attempt-1, 0), 12)
	d = min(d, 10*time.Minute)
	return time.Duration(float64(d) * (0.8 + 0.4*mrand.Float64()))
}
