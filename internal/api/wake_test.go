package api_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestCreateWakesTheRunnerOnlyForWork: a create whose checks ran in the
// request and that has no webhook to send queues no job, so it does not
// wake the job runner (whose claim would be a write transaction for
// nothing); one that queues webhook deliveries wakes it, and they arrive.
func TestCreateWakesTheRunnerOnlyForWork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		var wakes atomic.Int32
		e := newEnvWith(t, db, api.Config{}, func(svc *kyc.Service, _ kyc.Store) {
			wake := svc.Notify
			svc.Notify = func() { wakes.Add(1); wake() }
		})
		status, body := e.c.Do("POST", "/4.0/profiles", guideIndividual)
		if status != 200 {
			t.Fatalf("create: %d %s", status, body)
		}
		p := decode[struct {
			Checks []struct{ State string } `json:"checks"`
		}](t, body)
		if len(p.Checks) == 0 {
			t.Fatalf("the create answered without its checks: %s", body)
		}
		for _, c := range p.Checks {
			if c.State != "COMPLETE" {
				t.Fatalf("check %s, want COMPLETE (run in the create): %s", c.State, body)
			}
		}
		if counts, err := e.store.JobCounts(ctx); err != nil || len(counts) != 0 {
			t.Fatalf("jobs after an inline create: %v %v, want none", counts, err)
		}
		if n := wakes.Load(); n != 0 {
			t.Errorf("an inline create with nothing queued woke the runner %d times", n)
		}

		rcv := newReceiver(t, 0)
		status, body = e.c.Do("POST", "/gatehouse/v1/webhooks", map[string]any{"url": rcv.srv.URL})
		if status != 200 {
			t.Fatalf("create endpoint: %d %s", status, body)
		}
		rcv.secret = decode[struct{ Secret string }](t, body).Secret
		before := wakes.Load()
		if status, body = e.c.Do("POST", "/4.0/profiles", guideIndividual); status != 200 {
			t.Fatalf("create: %d %s", status, body)
		}
		if n := wakes.Load() - before; n != 1 {
			t.Errorf("a create that queued webhooks woke the runner %d times, want 1", n)
		}
		deadline := time.Now().Add(10 * time.Second)
		for len(rcv.events()) == 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if len(rcv.events()) == 0 {
			t.Error("no webhook arrived")
		}
		e.settle()
	})
}
