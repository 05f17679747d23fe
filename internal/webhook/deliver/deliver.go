// Package deliver runs webhook delivery jobs: it sends an endpoint's queued
// deliveries in order, records every attempt in the delivery log, and
// retries with back-off until the receiver answers 2xx. One job per
// endpoint at a time keeps the order; a failing delivery holds back the
// ones after it, as PassFort's webhooks do.
package deliver

import (
	"context"
	"strconv"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/webhook"
)

// Store is what delivery reads and writes: endpoints and their queued
// deliveries, and transactions recording attempts.
type Store interface {
	kyc.Transactor
	kyc.WebhookReader
}

// Worker is the jobs.Handler of webhook delivery jobs.
type Worker struct {
	Store  Store
	Sender *webhook.Sender
	// PerRun caps how many requests are sent before their attempts are
	// recorded in one transaction (default 50). A job run hands the endpoint
	// back to the queue after 20 s, so a busy endpoint does not hold a
	// worker, or its lease, for long.
	PerRun int
	// BackoffFunc is the retry schedule of a failing endpoint
	// (webhook.Backoff when nil).
	BackoffFunc func(attempt int) time.Duration
	// Metrics, when set, counts requests and events sent.
	Metrics *Metrics
}

// errFailed reports a failed attempt, so that the job is retried later.
type errFailed struct{ msg string }

func (e errFailed) Error() string { return e.msg }

// Work delivers an endpoint's queued webhooks.
func (w *Worker) Work(ctx context.Context, job kyc.Job) error {
	per := w.PerRun
	if per <= 0 {
		per = 50
	}
	ep, err := w.Store.WebhookEndpoint(ctx, job.InstitutionID, job.Ref)
	if kyc.IsCode(err, kyc.ENotFound) {
		return w.finish(ctx, job, false)
	}
	if err != nil {
		return err
	}
	batch := 1
	if ep.Batching {
		batch = webhook.MaxBatch
	}
	// Deliveries are sent one request after another, in order; the attempts
	// are recorded together, in one transaction per round of up to per
	// requests, not one commit per request. A crash between a send and its
	// record re-sends that message: delivery is at least once.
	start := time.Now()
	for time.Since(start) < 20*time.Second { // hand the endpoint back well within the job's lease
		if !ep.Enabled {
			return w.finish(ctx, job, false)
		}
		ds, err := w.Store.PendingDeliveries(ctx, ep.ID, per*batch)
		if err != nil {
			return err
		}
		if len(ds) == 0 {
			return w.finish(ctx, job, false)
		}
		// A round that reads fewer than it may holds every pending
		// delivery: when all go out, the job completes with their record.
		all := len(ds) < per*batch
		type attempt struct {
			rec kyc.WebhookAttempt
			ids []string
			ok  bool
		}
		var done []attempt
		var failed error
		for len(ds) > 0 && time.Since(start) < 20*time.Second {
			chunk := ds[:min(batch, len(ds))]
			ds = ds[len(chunk):]
			msgs := make([]webhook.Message, len(chunk))
			ids := make([]string, len(chunk))
			for i, d := range chunk {
				msgs[i] = webhook.Message{ID: d.EventID, Event: d.Event, Timestamp: d.CreatedAt, Data: d.Data}
				ids[i] = d.ID
			}
			at := time.Now().UTC()
			a := w.Sender.Send(ctx, webhook.Endpoint{ID: ep.ID, URL: ep.URL, Secret: ep.Secret, Batching: ep.Batching}, msgs)
			w.Metrics.observe(a.OK, len(msgs))
			done = append(done, attempt{kyc.WebhookAttempt{EndpointID: ep.ID, At: at, Status: a.Status, Latency: a.Latency,
				Error: a.Err, Response: a.ResponseSnippet}, ids, a.OK})
			if !a.OK {
				msg := a.Err
				if msg == "" {
					msg = "receiver answered HTTP " + strconv.Itoa(a.Status)
				}
				// The job runner logs this: the endpoint by id, not by URL.
				failed = errFailed{"webhook endpoint " + ep.ID + ": " + msg}
				break // later deliveries wait: the order is kept
			}
		}
		last := all && failed == nil && len(ds) == 0
		err = w.Store.Update(kyc.Background(ctx), func(tx kyc.Tx) error {
			for _, a := range done {
				if err := tx.RecordAttempt(ctx, a.rec, a.ids, a.ok); err != nil {
					return err
				}
			}
			if last {
				return complete(ctx, tx, job)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if failed != nil {
			return failed
		}
		if last {
			return nil
		}
	}
	return w.finish(ctx, job, true)
}

// finish completes the job: when more deliveries wait (the run's time is
// up), it queues the endpoint's job again in the same transaction.
func (w *Worker) finish(ctx context.Context, job kyc.Job, more bool) error {
	return w.Store.Update(kyc.Background(ctx), func(tx kyc.Tx) error {
		if !more {
			return complete(ctx, tx, job)
		}
		if err := tx.CompleteJob(ctx, job.ID, job.Owner); err != nil {
			return err
		}
		return tx.EnqueueJobs(ctx, kyc.DeliveryJob(job.InstitutionID, job.Ref))
	})
}

// complete ends the job of an endpoint found with nothing (left) to send.
// A delivery committed since that read had its enqueue skipped, the job's
// key being still taken: it is seen here, and the job queued again. In a
// transaction, PendingDeliveries locks the endpoint first (PostgreSQL), so
// that a delivery whose transaction is still open is waited for, or is
// held off until this commit and then queues its own job; the lock comes
// before the job's deletion, which such a transaction's enqueue would wait
// for. A disabled endpoint's deliveries wait until it is enabled again,
// which queues its job.
func complete(ctx context.Context, tx kyc.Tx, job kyc.Job) error {
	pending, err := tx.PendingDeliveries(ctx, job.Ref, 1)
	if err != nil {
		return err
	}
	if err := tx.CompleteJob(ctx, job.ID, job.Owner); err != nil {
		if kyc.IsCode(err, kyc.EConflict) {
			// The lease was lost: the run that took the job over sends
			// what is pending. The attempts made here are still recorded.
			return nil
		}
		return err
	}
	if len(pending) == 0 {
		return nil
	}
	ep, err := tx.WebhookEndpoint(ctx, job.InstitutionID, job.Ref)
	if kyc.IsCode(err, kyc.ENotFound) {
		return nil
	}
	if err != nil || !ep.Enabled {
		return err
	}
	return tx.EnqueueJobs(ctx, kyc.DeliveryJob(job.InstitutionID, job.Ref))
}

// Backoff is the retry schedule of a failing endpoint.
func (w *Worker) Backoff(attempt int) time.Duration {
	if w.BackoffFunc != nil {
		return w.BackoffFunc(attempt)
	}
	return webhook.Backoff(attempt)
}
