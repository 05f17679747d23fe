package jobs

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

type failing struct{ backoff time.Duration }

func (failing) Work(context.Context, kyc.Job) error { return errors.New("failed") }

type failingWithBackoff struct {
	failing
}

func (f failingWithBackoff) Backoff(int) time.Duration { return f.backoff }

// TestRetryDelay: a failed job is retried after its handler's Backoff, else
// the runner's BackoffFunc, else Backoff.
func TestRetryDelay(t *testing.T) {
	ctx := context.Background()
	for name, tc := range map[string]struct {
		h           Handler
		backoffFunc func(int) time.Duration
		min, max    time.Duration
	}{
		"handler's":     {failingWithBackoff{failing{5 * time.Minute}}, func(int) time.Duration { return time.Hour }, 5 * time.Minute, 5 * time.Minute},
		"runner's":      {failing{}, func(int) time.Duration { return time.Hour }, time.Hour, time.Hour},
		"the default's": {failing{}, nil, 1600 * time.Millisecond, 2400 * time.Millisecond},
	} {
		t.Run(name, func(t *testing.T) {
			s := storetest.OpenSQLite(t)
			r := &Runner{Store: s, Handlers: map[string]Handler{"x": tc.h}, BackoffFunc: tc.backoffFunc,
				Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
			r.init()
			err := s.Update(ctx, func(tx kyc.Tx) error {
				return tx.EnqueueJobs(ctx, kyc.Job{Kind: "x", Ref: "r", CreatedAt: time.Now().UTC().Add(-time.Second)})
			})
			if err != nil {
				t.Fatal(err)
			}
			js, err := r.claim(ctx, 1)
			if err != nil || len(js) != 1 {
				t.Fatalf("claim: %v, %v", js, err)
			}
			start := time.Now().UTC()
			r.work(ctx, js[0])
			due := func(at time.Time) bool {
				var got []kyc.Job
				err := s.Update(ctx, func(tx kyc.Tx) (err error) {
					got, err = tx.ClaimJobs(ctx, "probe", at, at, 1)
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
