package deliver_test

import (
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestFailedJobErrorNamesEndpoint: the error of a failed delivery job,
// which the job runner logs, names the endpoint by id and never its URL's
// path or query.
func TestFailedJobErrorNamesEndpoint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		f := newFixture(t, db, true)
		f.ep.URL = "http://127.0.0.1:1/p4th-xyz?tok=abc123" + strings.Repeat("a", 10000)
		if err := f.s.Update(ctx, func(tx kyc.Tx) error { return tx.SaveWebhookEndpoint(ctx, f.ep) }); err != nil {
			t.Fatal(err)
		}
		f.queue(1)
		job, ok := f.claim()
		if !ok {
			t.Fatal("no job")
		}
		err := f.worker(f.s).Work(ctx, job)
		switch {
		case err == nil:
			t.Fatal("got no error, want the failed attempt's")
		case !strings.Contains(err.Error(), f.ep.ID) || strings.Contains(err.Error(), "p4th") || len(err.Error()) > 300:
			t.Errorf("got %q, want the endpoint id and no path or query", err)
		}
	})
}
