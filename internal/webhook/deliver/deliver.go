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

// Worker is the jobs.Handler of webhook delivery jobs.
type Worker struct {
	Store  kyc.Store
	Sender *webhook.Sender
	// PerRun caps how many requests one job run sends before it hands the
	// endpoint back to the queue (default 50), so a busy endpoint does not
	// hold a worker, or its lease, for long.
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
	start := time.Now()
	for range per {
		if time.Since(start) > 20*time.Second {
			break // hand the endpoint back well within the job's lease
		}
		ds, err := w.Store.PendingDeliveries(ctx, ep.ID, batch)
		if err != nil {
			return err
		}
		if len(ds) == 0 || !ep.Enabled {
			return w.finish(ctx, job, false)
		}
		msgs := make([]webhook.Message, len(ds))
		ids := make([]string, len(ds))
		for i, d := range ds {
			msgs[i] = webhook.Message{ID: d.EventID, Event: d.Event, Timestamp: d.CreatedAt, Data: d.Data}
			ids[i] = d.ID
		}
		at := time.Now().UTC()
		a := w.Sender.Send(ctx, webhook.Endpoint{ID: ep.ID, URL: ep.URL, Secret: ep.Secret, Batching: ep.Batching}, msgs)
		w.Metrics.observe(a.OK, len(msgs))
		rec := kyc.WebhookAttempt{EndpointID: ep.ID, At: at, Status: a.Status, Latency: a.Latency, Error: a.Err, Response: a.ResponseSnippet}
		err = w.Store.Update(kyc.Background(ctx), func(tx kyc.Tx) error { return tx.RecordAttempt(ctx, rec, ids, a.OK) })
		if err != nil {
			return err
		}
		if !a.OK {
			msg := a.Err
			if msg == "" {
				msg = "receiver answered HTTP " + strconv.Itoa(a.Status)
			}
			return errFailed{msg}
		}
	}
	return w.finish(ctx, job, true)
}

// finish completes the job; when more deliveries may be waiting, it queues
// the endpoint's job again in the same transaction.
func (w *Worker) finish(ctx context.Context, job kyc.Job, more bool) error {
	return w.Store.Update(kyc.Background(ctx), func(tx kyc.Tx) error {
		if err := tx.CompleteJob(ctx, job.ID, job.Owner); err != nil {
			return err
		}
		if !more {
			return nil
		}
		return tx.EnqueueJobs(ctx, kyc.DeliveryJob(job.InstitutionID, job.Ref))
	})
}

// Backoff is the retry schedule of a failing endpoint.
func (w *Worker) Backoff(attempt int) time.Duration {
	if w.BackoffFunc != nil {
		return w.BackoffFunc(attempt)
	}
	return webhook.Backoff(attempt)
}
