// Package jobs runs the durable background work stored in the database
// (kyc.Job): checks, automation, webhook deliveries, monitoring. Any number
// of processes may run workers against one PostgreSQL database; jobs are
// leased (SELECT … FOR UPDATE SKIP LOCKED), so none runs twice at once, and
// a lease that expires because its process died makes the job available
// again. On SQLite, claiming and completing go through the store's single
// writer as background work, after the API's writes.
//
// Work is isolated twice over. Each kind of job runs in a pool of workers of
// its own (checks and automation, webhooks, monitoring), so receivers that
// never answer cannot hold the workers that run checks. Within a pool, an
// institution at its share (PerInstitution workers) is passed over while
// another institution has a due job, however far back in the queue, so one
// institution's backlog or slow endpoints cannot starve another's; when no
// other institution is waiting it may use the whole pool.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
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
	// for a retry after the kind's Backoff.
	Work(ctx context.Context, job kyc.Job) error
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, job kyc.Job) error

// Work calls f.
func (f HandlerFunc) Work(ctx context.Context, job kyc.Job) error { return f(ctx, job) }

// Kind declares one kind of background work: who works it, in which pool,
// and its retry policy. The process's kinds are declared in one table (see
// cmd/gatehouse), so the retry policy of every job is found in one place.
type Kind struct {
	Name    string
	Handler Handler
	// Pool names the pool of workers that runs the kind.
	Pool string
	// MaxAttempts bounds the attempts (0: until done). The handler sees it
	// as job.MaxAttempts, so job.Final reports the last attempt.
	MaxAttempts int
	// Backoff is the retry schedule after a failed attempt (Backoff when nil).
	Backoff func(attempt int) time.Duration
}

// Pool is a share of a process's workers.
type Pool struct {
	Name    string
	Workers int
	// PerInstitution caps the jobs of one institution running at once in
	// the pool (default: half the workers, at least one).
	PerInstitution int
}

// Runner claims due jobs and works them on its pools of goroutines.
type Runner struct {
	// Store is where jobs are claimed and retried.
	Store interface {
		kyc.Transactor
		kyc.JobReader
	}
	Kinds []Kind
	Pools []Pool
	// Lease is how long a claimed job is reserved; a job not finished by
	// then is cancelled and becomes available again (default 60 s).
	Lease time.Duration
	// Poll is how often an idle runner looks for jobs queued by other
	// processes (default 250 ms); Wake makes it look at once.
	Poll time.Duration
	Log  *slog.Logger
	// Metrics, when set, counts jobs worked.
	Metrics *Metrics

	owner string
	kinds map[string]*Kind
	pools []*pool
	once  sync.Once
}

// pool is a Pool at run time: its kinds and who runs what.
type pool struct {
	Pool
	kinds   []string
	wake    chan struct{}
	mu      sync.Mutex
	running map[string]int // by institution
}

func (r *Runner) init() {
	r.once.Do(func() {
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
		r.kinds = map[string]*Kind{}
		byName := map[string]*pool{}
		for _, p := range r.Pools {
			if p.Workers <= 0 {
				continue
			}
			if p.PerInstitution <= 0 {
				p.PerInstitution = max(1, p.Workers/2)
			}
			pl := &pool{Pool: p, wake: make(chan struct{}, 1), running: map[string]int{}}
			byName[p.Name] = pl
			r.pools = append(r.pools, pl)
		}
		for i := range r.Kinds {
			k := &r.Kinds[i]
			r.kinds[k.Name] = k
			if pl := byName[k.Pool]; pl != nil {
				pl.kinds = append(pl.kinds, k.Name)
			}
		}
	})
}

// Check reports kinds without a pool, or a pool that does not exist, so a
// process does not start with work nobody would ever run.
func (r *Runner) Check() error {
	r.init()
	var errs []error
	for _, k := range r.Kinds {
		found := false
		for _, p := range r.pools {
			found = found || p.Name == k.Pool
		}
		if !found {
			errs = append(errs, fmt.Errorf("job kind %s: pool %q has no workers", k.Name, k.Pool))
		}
		if k.Handler == nil {
			errs = append(errs, fmt.Errorf("job kind %s: no handler", k.Name))
		}
	}
	return errors.Join(errs...)
}

// Owner is this runner's lease-holder id.
func (r *Runner) Owner() string { r.init(); return r.owner }

// Wake tells the runner that jobs were queued.
func (r *Runner) Wake() {
	r.init()
	for _, p := range r.pools {
		select {
		case p.wake <- struct{}{}:
		default:
		}
	}
}

// Run works jobs until ctx is cancelled, then waits for the jobs in hand.
func (r *Runner) Run(ctx context.Context) {
	r.init()
	var wg sync.WaitGroup
	for _, p := range r.pools {
		if len(p.kinds) == 0 {
			continue
		}
		wg.Add(1)
		go func() { defer wg.Done(); r.runPool(ctx, p) }()
	}
	wg.Wait()
}

func (r *Runner) runPool(ctx context.Context, p *pool) {
	slots := make(chan struct{}, p.Workers)
	done := make(chan struct{}, p.Workers)
	var wg sync.WaitGroup
	defer wg.Wait()
	t := time.NewTicker(r.Poll)
	defer t.Stop()
	for ctx.Err() == nil {
		free := p.Workers - len(slots)
		claimed := 0
		if free > 0 {
			js, err := r.claim(ctx, p, free)
			if err != nil && ctx.Err() == nil {
				r.Log.Error("claim jobs", "pool", p.Name, "error", err.Error())
			}
			claimed = len(js)
			for _, j := range js {
				slots <- struct{}{}
				wg.Add(1)
				go func() {
					defer wg.Done()
					r.work(ctx, j)
					p.release(j.InstitutionID)
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
		case <-p.wake:
		case <-done:
		case <-t.C:
		}
	}
}

// claim leases up to n jobs of the pool's kinds. While no institution is
// at its share, from the oldest due jobs, at most one more per institution
// than the busiest may take. Once one is, the queue is asked (a read)
// whether another institution has a due job, however far back: if so, the
// oldest due job of each such institution is leased first; if not, nobody
// else is waiting, and the saturated institutions' jobs are leased too,
// but for one worker kept free for an institution whose work arrives next.
func (r *Runner) claim(ctx context.Context, p *pool, n int) ([]kyc.Job, error) {
	p.mu.Lock()
	var exclude []string
	most := 0
	for inst, c := range p.running {
		if c >= p.PerInstitution {
			exclude = append(exclude, inst)
		} else {
			most = max(most, c)
		}
	}
	p.mu.Unlock()
	now := time.Now().UTC()
	c := kyc.JobClaim{Owner: r.owner, Now: now, LeaseUntil: now.Add(r.Lease),
		Kinds: p.kinds, Limit: n, PerInstitution: p.PerInstitution - most}
	elsewhere := false
	if len(exclude) > 0 {
		c.Exclude = exclude
		var err error
		if elsewhere, err = r.Store.DueElsewhere(ctx, c); err != nil {
			return nil, err
		}
		if !elsewhere {
			// Nobody else is waiting: keep one worker free, take the rest.
			if c.Limit = n - 1; c.Limit <= 0 {
				return nil, nil
			}
			c.Exclude, c.PerInstitution = nil, c.Limit
		}
	}
	var js []kyc.Job
	err := r.Store.Update(kyc.Background(ctx), func(tx kyc.Tx) error {
		var err error
		if !elsewhere {
			js, err = tx.ClaimJobs(ctx, c)
			return err
		}
		if js, err = tx.ClaimJobsElsewhere(ctx, c); err != nil {
			return err
		}
		if c.Limit = n - len(js) - 1; c.Limit <= 0 {
			return nil
		}
		c.Exclude, c.PerInstitution = nil, c.Limit
		more, err := tx.ClaimJobs(ctx, c)
		js = append(js, more...)
		return err
	})
	if err != nil {
		js = nil
	}
	p.mu.Lock()
	for _, j := range js {
		p.running[j.InstitutionID]++
	}
	p.mu.Unlock()
	return js, err
}

func (p *pool) release(institutionID string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.running[institutionID]--; p.running[institutionID] <= 0 {
		delete(p.running, institutionID)
	}
}

// work runs one job and records a retry when it fails.
func (r *Runner) work(ctx context.Context, j kyc.Job) {
	k := r.kinds[j.Kind]
	if k == nil || k.Handler == nil {
		r.retry(ctx, j, errors.New("no handler for job kind "+j.Kind), time.Minute)
		return
	}
	j.MaxAttempts = k.MaxAttempts
	jctx, cancel := context.WithTimeout(ctx, r.Lease-r.Lease/10)
	start := time.Now()
	err := safeWork(jctx, k.Handler, j)
	cancel()
	r.Metrics.observe(j.Kind, err == nil, time.Since(start))
	if err == nil || ctx.Err() != nil {
		return // done, or shutting down: the lease expires and the job is retried
	}
	backoff := k.Backoff
	if backoff == nil {
		backoff = Backoff
	}
	delay := backoff(j.Attempts)
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
