package deliver_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
	"github.com/gatehouse/gatehouse/internal/webhook"
	"github.com/gatehouse/gatehouse/internal/webhook/deliver"
)

var ctx = context.Background()

// hooked wraps a store to act between the worker's steps: after its read of
// the endpoint, after its read of the pending deliveries, and when it starts
// a write transaction.
type hooked struct {
	kyc.Store
	afterEndpoint func()
	afterPending  func(n int)
	beforeUpdate  func()
}

func (h *hooked) WebhookEndpoint(ctx context.Context, institutionID, id string) (*kyc.WebhookEndpoint, error) {
	e, err := h.Store.WebhookEndpoint(ctx, institutionID, id)
	if h.afterEndpoint != nil {
		h.afterEndpoint()
	}
	return e, err
}

func (h *hooked) PendingDeliveries(ctx context.Context, endpointID string, limit int) ([]kyc.WebhookDelivery, error) {
	ds, err := h.Store.PendingDeliveries(ctx, endpointID, limit)
	if h.afterPending != nil {
		h.afterPending(len(ds))
	}
	return ds, err
}

func (h *hooked) Update(ctx context.Context, fn func(kyc.Tx) error) error {
	if h.beforeUpdate != nil {
		h.beforeUpdate()
	}
	return h.Store.Update(ctx, fn)
}

// fixture is an endpoint on a real store whose receiver answers 200.
type fixture struct {
	t     *testing.T
	s     kyc.Store
	ep    *kyc.WebhookEndpoint
	mu    sync.Mutex
	got   int // requests received
	onReq func()
}

func newFixture(t *testing.T, db storetest.Opener, enabled bool) *fixture {
	t.Helper()
	f := &fixture{t: t, s: db.Open(t)}
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.got++
		on := f.onReq
		f.onReq = nil
		f.mu.Unlock()
		if on != nil {
			on()
		}
	}))
	t.Cleanup(rcv.Close)
	now := time.Now().UTC()
	in := &kyc.Institution{ID: kyc.NewID(), Name: "Acme", CreatedAt: now}
	f.ep = &kyc.WebhookEndpoint{ID: kyc.NewID(), InstitutionID: in.ID, URL: rcv.URL, Secret: "0123456789abcdef0123",
		Events: []string{}, Enabled: enabled, Source: "api", CreatedAt: now, UpdatedAt: now}
	err := f.s.Update(ctx, func(tx kyc.Tx) error {
		if err := tx.CreateInstitution(ctx, in); err != nil {
			return err
		}
		return tx.SaveWebhookEndpoint(ctx, f.ep)
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) delivery() kyc.WebhookDelivery {
	return kyc.WebhookDelivery{ID: kyc.NewID(), EventID: kyc.NewID(), EndpointID: f.ep.ID, InstitutionID: f.ep.InstitutionID,
		Event: "PRODUCT_STATUS_CHANGED", Data: json.RawMessage(`{"profile_id":"p"}`), Status: kyc.DeliveryPending,
		CreatedAt: time.Now().UTC()}
}

// queue commits n deliveries with the endpoint's job, as the service does.
func (f *fixture) queue(n int) {
	f.t.Helper()
	err := f.s.Update(ctx, func(tx kyc.Tx) error {
		for range n {
			if err := tx.InsertDeliveries(ctx, f.delivery()); err != nil {
				return err
			}
		}
		return tx.EnqueueJobs(ctx, kyc.DeliveryJob(f.ep.InstitutionID, f.ep.ID))
	})
	if err != nil {
		f.t.Error(err)
	}
}

// claim leases the endpoint's delivery job.
func (f *fixture) claim() (kyc.Job, bool) {
	f.t.Helper()
	var js []kyc.Job
	now := time.Now().UTC()
	err := f.s.Update(ctx, func(tx kyc.Tx) (err error) {
		js, err = tx.ClaimJobs(ctx, kyc.JobClaim{Owner: "test-owner", Now: now.Add(time.Second), LeaseUntil: now.Add(time.Minute), Kinds: []string{kyc.JobWebhook}, Limit: 10, PerInstitution: 10})
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	for _, j := range js {
		if j.Kind == kyc.JobWebhook && j.Ref == f.ep.ID {
			return j, true
		}
	}
	return kyc.Job{}, false
}

// assertQueued checks that the endpoint's pending deliveries, when it has
// any, have a job that will send them.
func (f *fixture) assertQueued() {
	f.t.Helper()
	ds, err := f.s.PendingDeliveries(ctx, f.ep.ID, 100)
	if err != nil {
		f.t.Fatal(err)
	}
	if len(ds) == 0 {
		f.t.Fatal("no pending delivery: the test did not reach the race")
	}
	if _, ok := f.claim(); !ok {
		f.t.Errorf("%d pending deliveries and no delivery job: they wait for the sweeper", len(ds))
	}
}

func (f *fixture) worker(s kyc.Store) *deliver.Worker {
	return &deliver.Worker{Store: s, Sender: &webhook.Sender{Timeout: 5 * time.Second}}
}

// TestDeliveryCommittedWhileFinishing: a delivery committed after the
// worker found nothing pending, but before it completed its job (whose key
// made the delivery's own enqueue a no-op), gets a job.
func TestDeliveryCommittedWhileFinishing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		f := newFixture(t, db, true)
		f.queue(0)
		job, ok := f.claim()
		if !ok {
			t.Fatal("no job")
		}
		h := &hooked{Store: f.s}
		h.afterPending = func(n int) {
			if n == 0 {
				h.afterPending = nil
				f.queue(1)
			}
		}
		if err := f.worker(h).Work(ctx, job); err != nil {
			t.Fatal(err)
		}
		f.assertQueued()
	})
}

// TestDeliveryCommittedDuringRound: a delivery committed while a round is
// being sent, after the round's read, gets a job when the round completes
// the endpoint's job.
func TestDeliveryCommittedDuringRound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		f := newFixture(t, db, true)
		f.queue(2)
		job, ok := f.claim()
		if !ok {
			t.Fatal("no job")
		}
		f.onReq = func() { f.queue(1) }
		if err := f.worker(f.s).Work(ctx, job); err != nil {
			t.Fatal(err)
		}
		if ds, err := f.s.PendingDeliveries(ctx, f.ep.ID, 100); err != nil || len(ds) != 0 {
			// The worker may have sent it in a further round; otherwise it
			// must have queued the job again.
			f.assertQueued()
		}
	})
}

// TestDeliveryInFlightWhileFinishing: a transaction that adds a delivery and
// commits only after the worker has begun completing its job is waited for
// (PostgreSQL: the endpoint's row lock) and its delivery gets a job, whether
// its enqueue ran before the worker's transaction (a no-op: the job still
// existed) or after.
func TestDeliveryInFlightWhileFinishing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		for _, enqueueFirst := range []bool{true, false} {
			f := newFixture(t, db, true)
			f.queue(0)
			job, ok := f.claim()
			if !ok {
				t.Fatal("no job")
			}
			inserted, release, committed := make(chan struct{}), make(chan struct{}), make(chan error, 1)
			h := &hooked{Store: f.s}
			h.afterPending = func(n int) {
				if n != 0 || h.afterPending == nil {
					return
				}
				h.afterPending = nil
				go func() {
					committed <- f.s.Update(ctx, func(tx kyc.Tx) error {
						if err := tx.InsertDeliveries(ctx, f.delivery()); err != nil {
							return err
						}
						enqueue := func() error { return tx.EnqueueJobs(ctx, kyc.DeliveryJob(f.ep.InstitutionID, f.ep.ID)) }
						if enqueueFirst {
							if err := enqueue(); err != nil {
								return err
							}
						}
						close(inserted)
						<-release
						if !enqueueFirst {
							return enqueue()
						}
						return nil
					})
				}()
				<-inserted
			}
			h.beforeUpdate = func() {
				h.beforeUpdate = nil
				time.AfterFunc(300*time.Millisecond, func() { close(release) })
			}
			if err := f.worker(h).Work(ctx, job); err != nil {
				t.Fatal(err)
			}
			if err := <-committed; err != nil {
				t.Fatal(err)
			}
			f.assertQueued()
		}
	})
}

// TestEndpointEnabledWhileFinishing: an endpoint enabled (its job queued,
// a no-op while the worker still holds it) after the worker saw it
// disabled keeps its pending deliveries queued.
func TestEndpointEnabledWhileFinishing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		f := newFixture(t, db, false)
		f.queue(1)
		job, ok := f.claim()
		if !ok {
			t.Fatal("no job")
		}
		h := &hooked{Store: f.s}
		h.afterEndpoint = func() {
			h.afterEndpoint = nil
			on := *f.ep
			on.Enabled = true
			err := f.s.Update(ctx, func(tx kyc.Tx) error {
				if err := tx.SaveWebhookEndpoint(ctx, &on); err != nil {
					return err
				}
				return tx.EnqueueJobs(ctx, kyc.DeliveryJob(f.ep.InstitutionID, f.ep.ID))
			})
			if err != nil {
				t.Error(err)
			}
		}
		if err := f.worker(h).Work(ctx, job); err != nil {
			t.Fatal(err)
		}
		f.assertQueued()
	})
}

// TestDisabledEndpointIsNotRequeued: a disabled endpoint's job ends even
// with deliveries pending; enabling it queues the job again.
func TestDisabledEndpointIsNotRequeued(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		f := newFixture(t, db, false)
		f.queue(1)
		job, ok := f.claim()
		if !ok {
			t.Fatal("no job")
		}
		if err := f.worker(f.s).Work(ctx, job); err != nil {
			t.Fatal(err)
		}
		if _, ok := f.claim(); ok {
			t.Error("a disabled endpoint's job was queued again")
		}
	})
}

// pend commits n deliveries without queueing the endpoint's job (as a
// disabled endpoint's job leaves them).
func (f *fixture) pend(n int) {
	f.t.Helper()
	err := f.s.Update(ctx, func(tx kyc.Tx) error {
		for range n {
			if err := tx.InsertDeliveries(ctx, f.delivery()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		f.t.Fatal(err)
	}
}

// TestEnablingEndpointQueuesItsJob: enabling an endpoint, through the API or
// the webhooks file, queues the job that sends what it has pending.
func TestEnablingEndpointQueuesItsJob(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		f := newFixture(t, db, false)
		f.pend(1)
		notified := 0
		svc := &kyc.Service{Store: f.s, Notify: func() { notified++ }}
		actor := kyc.Actor{InstitutionID: f.ep.InstitutionID}
		on, off := true, false
		if _, err := svc.UpdateWebhookEndpoint(ctx, actor, f.ep.ID, kyc.WebhookEndpointInput{Enabled: &off}); err != nil {
			t.Fatal(err)
		}
		if _, ok := f.claim(); ok {
			t.Error("a job was queued for a disabled endpoint")
		}
		if _, err := svc.UpdateWebhookEndpoint(ctx, actor, f.ep.ID, kyc.WebhookEndpointInput{Enabled: &on}); err != nil {
			t.Fatal(err)
		}
		if _, ok := f.claim(); !ok || notified != 1 {
			t.Errorf("enabled through the API: job queued %v, workers notified %d times", ok, notified)
		}

		hooks := []kyc.ConfigWebhook{{Institution: "Acme", URL: f.ep.URL, Secret: "0123456789abcdef0123"}}
		if _, _, err := svc.SyncConfigWebhooks(ctx, hooks); err != nil {
			t.Fatal(err)
		}
		if _, ok := f.claim(); ok {
			t.Error("a new declared endpoint got a job")
		}
		if _, _, err := svc.SyncConfigWebhooks(ctx, nil); err != nil { // no longer declared: disabled
			t.Fatal(err)
		}
		eps, err := f.s.WebhookEndpoints(ctx, f.ep.InstitutionID)
		if err != nil {
			t.Fatal(err)
		}
		declared := *f.ep
		for _, e := range eps {
			if e.Source == kyc.SourceConfig {
				declared = e
			}
		}
		(&fixture{t: t, s: f.s, ep: &declared}).pend(1)
		if _, _, err := svc.SyncConfigWebhooks(ctx, hooks); err != nil { // declared again: enabled
			t.Fatal(err)
		}
		var queued bool
		for {
			j, ok := (&fixture{t: t, s: f.s, ep: &declared}).claim()
			if !ok {
				break
			}
			queued = queued || j.Ref == declared.ID
		}
		if !queued {
			t.Error("enabled through the webhooks file: no job queued")
		}
	})
}

// TestRequeueWebhooks: the start-up pass queues the job of enabled
// endpoints left with deliveries and no job, and only theirs.
func TestRequeueWebhooks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		f := newFixture(t, db, true)
		f.pend(2)
		off := &fixture{t: t, s: f.s, ep: &kyc.WebhookEndpoint{}}
		*off.ep = *f.ep
		off.ep.ID, off.ep.Enabled = kyc.NewID(), false
		if err := f.s.Update(ctx, func(tx kyc.Tx) error { return tx.SaveWebhookEndpoint(ctx, off.ep) }); err != nil {
			t.Fatal(err)
		}
		off.pend(1)
		svc := &kyc.Service{Store: f.s}
		if n, err := svc.RequeueWebhooks(ctx); err != nil || n != 1 {
			t.Fatalf("got %d, %v; want the enabled endpoint queued", n, err)
		}
		if n, err := svc.RequeueWebhooks(ctx); err != nil || n != 0 {
			t.Errorf("second pass: got %d, %v; want nothing left", n, err)
		}
		if _, ok := f.claim(); !ok {
			t.Error("no job for the enabled endpoint")
		}
	})
}
