package jobs

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

type failing struct{}

func (failing) Work(context.Context, kyc.Job) error { return errors.New("failed") }

// TestRetryDelay: a failed job is retried after its kind's Backoff, else
// after Backoff.
func TestRetryDelay(t *testing.T) {
	ctx := context.Background()
	for name, tc := range map[string]struct {
		backoff  func(int) time.Duration
		min, max time.Duration
	}{
		"the kind's":    {func(int) time.Duration { return time.Hour }, time.Hour, time.Hour},
		"the default's": {nil, 1600 * time.Millisecond, 2400 * time.Millisecond},
	} {
		t.Run(name, func(t *testing.T) {
			s := storetest.OpenSQLite(t)
			r := &Runner{Store: s, Log: quiet, Pools: []Pool{{Name: "p", Workers: 1}},
				Kinds: []Kind{{Name: "x", Pool: "p", Handler: failing{}, Backoff: tc.backoff}}}
			r.init()
			err := s.Update(ctx, func(tx kyc.Tx) error {
				return tx.EnqueueJobs(ctx, kyc.Job{Kind: "x", Ref: "r", CreatedAt: time.Now().UTC().Add(-time.Second)})
			})
			if err != nil {
				t.Fatal(err)
			}
			js, err := r.claim(ctx, r.pools[0], 1)
			if err != nil || len(js) != 1 {
				t.Fatalf("claim: %v, %v", js, err)
			}
			start := time.Now().UTC()
			r.work(ctx, js[0])
			due := func(at time.Time) bool {
				var got []kyc.Job
				err := s.Update(ctx, func(tx kyc.Tx) (err error) {
					got, err = tx.ClaimJobs(ctx, kyc.JobClaim{Owner: "probe", Now: at, LeaseUntil: at, Kinds: []string{"x"}, Limit: 1, PerInstitution: 1})
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				return len(got) == 1
			}
			if due(start.Add(tc.min - 100*time.Millisecond)) {
				t.Errorf("retried before %v", tc.min)
			}
			if !due(time.Now().UTC().Add(tc.max + 100*time.Millisecond)) {
				t.Errorf("not retried within %v", tc.max)
			}
		})
	}
}

// TestMaxAttemptsFromKind: the handler sees its kind's MaxAttempts, so that
// job.Final reports the last attempt whatever the job row says.
func TestMaxAttemptsFromKind(t *testing.T) {
	ctx := context.Background()
	s := storetest.OpenSQLite(t)
	seen := make(chan kyc.Job, 1)
	r := &Runner{Store: s, Log: quiet, Pools: []Pool{{Name: "p", Workers: 1}},
		Kinds: []Kind{{Name: "x", Pool: "p", MaxAttempts: 1, Handler: HandlerFunc(func(_ context.Context, j kyc.Job) error {
			seen <- j
			return nil
		})}}}
	r.init()
	if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.EnqueueJobs(ctx, kyc.Job{Kind: "x", Ref: "r"}) }); err != nil {
		t.Fatal(err)
	}
	js, err := r.claim(ctx, r.pools[0], 1)
	if err != nil || len(js) != 1 {
		t.Fatalf("claim: %v, %v", js, err)
	}
	r.work(ctx, js[0])
	if j := <-seen; j.MaxAttempts != 1 || !j.Final() {
		t.Errorf("got MaxAttempts %d, Final %v; want 1, true", j.MaxAttempts, j.Final())
	}
}

// TestCheck reports kinds without a pool or a handler.
func TestCheck(t *testing.T) {
	r := &Runner{Pools: []Pool{{Name: "p", Workers: 1}}, Kinds: []Kind{
		{Name: "ok", Pool: "p", Handler: failing{}},
		{Name: "nopool", Pool: "q", Handler: failing{}},
		{Name: "nohandler", Pool: "p"},
	}}
	err := r.Check()
	if err == nil {
		t.Fatal("got no error")
	}
	for _, want := range []string{"nopool", "nohandler"} {
		if !contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

func contains(s, sub string) bool {
	return len(sub) == 0 || len(s) >= len(sub) && (s[:len(sub)] == sub || contains(s[1:], sub))
}

// blocker is a handler whose jobs hang until released, as a webhook
// endpoint that accepts connections and never answers holds its worker.
type blocker struct {
	started chan string // institution of each job started
	release chan struct{}
}

func (b *blocker) Work(ctx context.Context, j kyc.Job) error {
	b.started <- j.InstitutionID
	select {
	case <-b.release:
	case <-ctx.Done():
	}
	return nil
}

// completing finishes its jobs at once (and reports them).
type completing struct {
	s    kyc.Store
	done chan kyc.Job
}

func (c *completing) Work(ctx context.Context, j kyc.Job) error {
	err := c.s.Update(ctx, func(tx kyc.Tx) error { return tx.CompleteJob(ctx, j.ID, j.Owner) })
	c.done <- j
	return err
}

func enqueue(t *testing.T, s kyc.Store, jobs ...kyc.Job) {
	t.Helper()
	ctx := context.Background()
	if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.EnqueueJobs(ctx, jobs...) }); err != nil {
		t.Fatal(err)
	}
}

// waitFor receives from ch, failing the test when nothing arrives: the
// generous bound only turns a starvation (which would wait forever) into
// a failure; it measures nothing.
func waitFor[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(30 * time.Second):
		t.Fatalf("%s never happened", what)
	}
	var zero T
	return zero
}

// TestWebhooksCannotStarveChecks reproduces the outside review's finding:
// an institution's webhook endpoints that accept connections and never
// answer held every shared worker, and another institution's checks
// waited. With a pool per kind of work, the checks run while every
// webhook worker is held.
func TestWebhooksCannotStarveChecks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		s := db.Open(t)
		hooks := &blocker{started: make(chan string, 100), release: make(chan struct{})}
		checks := &completing{s: s, done: make(chan kyc.Job, 10)}
		r := &Runner{Store: s, Log: quiet, Poll: 10 * time.Millisecond,
			Pools: []Pool{{Name: "checks", Workers: 2}, {Name: "webhooks", Workers: 3, PerInstitution: 3}},
			Kinds: []Kind{{Name: kyc.JobCheck, Pool: "checks", Handler: checks}, {Name: kyc.JobWebhook, Pool: "webhooks", Handler: hooks}}}
		var stalled []kyc.Job
		for range 12 {
			stalled = append(stalled, kyc.Job{Kind: kyc.JobWebhook, Ref: kyc.NewID(), InstitutionID: "slow"})
		}
		enqueue(t, s, stalled...)
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); r.Run(ctx) }()
		defer func() { close(hooks.release); cancel(); wg.Wait() }()
		for range 3 {
			waitFor(t, hooks.started, "a webhook job start") // every webhook worker is now held
		}
		enqueue(t, s, kyc.Job{Kind: kyc.JobCheck, Ref: "c", InstitutionID: "other"})
		r.Wake()
		if j := waitFor(t, checks.done, "the other institution's check"); j.InstitutionID != "other" {
			t.Errorf("got a check of %q", j.InstitutionID)
		}
	})
}

// TestFairShareWithinAPool: one institution's backlog of jobs that hang
// takes its share of the pool, and the rest but one worker while nobody
// else waits; another institution's job of the same kind then runs next,
// though nine of the busy one's are older.
func TestFairShareWithinAPool(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		s := db.Open(t)
		hooks := &blocker{started: make(chan string, 100), release: make(chan struct{})}
		r := &Runner{Store: s, Log: quiet, Poll: 10 * time.Millisecond,
			Pools: []Pool{{Name: "webhooks", Workers: 4, PerInstitution: 2}},
			Kinds: []Kind{{Name: kyc.JobWebhook, Pool: "webhooks", Handler: hooks}}}
		var backlog []kyc.Job
		for range 10 {
			backlog = append(backlog, kyc.Job{Kind: kyc.JobWebhook, Ref: kyc.NewID(), InstitutionID: "busy"})
		}
		enqueue(t, s, backlog...)
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); r.Run(ctx) }()
		defer func() { close(hooks.release); cancel(); wg.Wait() }()
		for range 3 {
			if inst := waitFor(t, hooks.started, "a busy job start"); inst != "busy" {
				t.Fatalf("got %q", inst)
			}
		}
		enqueue(t, s, kyc.Job{Kind: kyc.JobWebhook, Ref: "x", InstitutionID: "quiet"})
		r.Wake()
		// The busy institution is past its share: the next job to start is
		// the quiet one's, on the worker kept free.
		if inst := waitFor(t, hooks.started, "the quiet institution's job"); inst != "quiet" {
			t.Errorf("got a job of %q started; want the quiet institution's", inst)
		}
	})
}

// TestFairShareBehindABacklog: the same with a backlog far longer than a
// claim's window: the quiet institution's job is found behind it.
func TestFairShareBehindABacklog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		s := db.Open(t)
		hooks := &blocker{started: make(chan string, 100), release: make(chan struct{})}
		r := &Runner{Store: s, Log: quiet, Poll: 10 * time.Millisecond,
			Pools: []Pool{{Name: "webhooks", Workers: 4, PerInstitution: 2}},
			Kinds: []Kind{{Name: kyc.JobWebhook, Pool: "webhooks", Handler: hooks}}}
		var backlog []kyc.Job
		for range 500 {
			backlog = append(backlog, kyc.Job{Kind: kyc.JobWebhook, Ref: kyc.NewID(), InstitutionID: "busy"})
		}
		enqueue(t, s, backlog...)
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); r.Run(ctx) }()
		defer func() { close(hooks.release); cancel(); wg.Wait() }()
		for range 3 {
			if inst := waitFor(t, hooks.started, "a busy job start"); inst != "busy" {
				t.Fatalf("got %q", inst)
			}
		}
		enqueue(t, s, kyc.Job{Kind: kyc.JobWebhook, Ref: "x", InstitutionID: "quiet"})
		r.Wake()
		// The busy institution is past its share: the next job to start is
		// the quiet one's, on the worker kept free.
		if inst := waitFor(t, hooks.started, "the quiet institution's job"); inst != "quiet" {
			t.Errorf("got a job of %q started; want the quiet institution's", inst)
		}
	})
}
