package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// loop is background work run on a timer and, when given, a wake-up
// channel. run returns how much it did; it is called again at once while
// it keeps finding work.
type loop struct {
	name  string
	every time.Duration
	wake  <-chan struct{}
	run   func(ctx context.Context) (int, error)
}

// runBackground starts the server's background work: sealing audit items into the hash chain, task
// renewal and expiry, folding the queue's count changes, and the cleanup
// of idempotency keys, expired collect keys, expired portal sessions and old failed sign-ins. Every loop works from
// the database's state, so work left by a crash, or by another process, is
// picked up on the next tick.
func runBackground(ctx context.Context, svc *kyc.Service, acc *kyc.Accounts, s kyc.Transactor, notify <-chan struct{}, log *slog.Logger) *sync.WaitGroup {
	// One wake-up fans out to the loops that follow a write.
	wakeSeal := make(chan struct{}, 1)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-notify:
				for _, c := range []chan struct{}{wakeSeal} {
					select {
					case c <- struct{}{}:
					default:
					}
				}
			}
		}
	}()
	loops := []loop{
		{"audit sealing", time.Second, wakeSeal, func(ctx context.Context) (int, error) { return svc.SealAudit(ctx, 1000) }},
		{"task expiry", time.Minute, nil, func(ctx context.Context) (int, error) { return svc.ExpireTasks(ctx, 100) }},
		{"stale checks", 10 * time.Minute, nil, func(ctx context.Context) (int, error) { return svc.ExpireStaleChecks(ctx, 100) }},
		{"queue counts", 5 * time.Second, nil, func(ctx context.Context) (int, error) {
			_, err := svc.FoldQueueCounts(ctx)
			return 0, err // one fold takes every change recorded so far
		}},
		{"portal sessions cleanup", 10 * time.Minute, nil, func(ctx context.Context) (int, error) {
			_, err := acc.CleanUp(ctx)
			return 0, err // one pass removes every expired session and old failure
		}},
		{"idempotency cleanup", time.Hour, nil, func(ctx context.Context) (int, error) {
			err := s.Update(ctx, func(tx kyc.Tx) error {
				_, err := tx.DeleteIdempotentBefore(ctx, time.Now().Add(-24*time.Hour))
				return err
			})
			return 0, err // one pass deletes every old key
		}},
		{"retention", time.Hour, nil, func(ctx context.Context) (int, error) {
			if len(svc.Policy.Retention()) == 0 {
				return 0, nil
			}
			// One queued retention job at a time (its key); the job erases.
			return 0, s.Update(ctx, func(tx kyc.Tx) error { return tx.EnqueueJobs(ctx, kyc.RetentionJob(time.Now())) })
		}},
		{"collect key cleanup", time.Hour, nil, func(ctx context.Context) (int, error) {
			_, err := svc.DeleteExpiredCollectKeys(ctx, 24*time.Hour)
			return 0, err // one pass deletes every expired key
		}},
	}
	var wg sync.WaitGroup
	// Delivery jobs re-queue themselves when deliveries arrive as they end,
	// and enabling an endpoint queues its job; deliveries left without a job
	// by an earlier version (or jobs removed by hand) are queued once at start.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 1000 { // each pass queues up to 100 endpoints, which then have a job
			n, err := svc.RequeueWebhooks(ctx)
			if err != nil {
				if ctx.Err() == nil {
					log.Error("background work failed", "loop", "webhook requeue", "error", err.Error())
				}
				return
			}
			if n == 0 {
				return
			}
		}
	}()
	for _, l := range loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.start(ctx, log)
		}()
	}
	return &wg
}

func (l loop) start(ctx context.Context, log *slog.Logger) {
	t := time.NewTicker(l.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.wake:
		case <-t.C:
		}
		for ctx.Err() == nil {
			n, err := l.run(ctx)
			if err != nil {
				if ctx.Err() == nil {
					log.Error("background work failed", "loop", l.name, "error", err.Error())
				}
				break
			}
			if n == 0 {
				break
			}
		}
	}
}
