package storetest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/postgres"
	"github.com/gatehouse/gatehouse/internal/store/sqlite"
	"github.com/jackc/pgx/v5"
)

func newEndpoint(t *testing.T, s kyc.Store, inst *kyc.Institution, enabled bool) *kyc.WebhookEndpoint {
	t.Helper()
	e := &kyc.WebhookEndpoint{ID: kyc.NewID(), InstitutionID: inst.ID, URL: "http://127.0.0.1/", Secret: "0123456789abcdef0123",
		Events: []string{}, Enabled: enabled, Source: "api", CreatedAt: now, UpdatedAt: now}
	if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.SaveWebhookEndpoint(ctx, e) }); err != nil {
		t.Fatal(err)
	}
	return e
}

func newDeliveries(t *testing.T, s kyc.Store, e *kyc.WebhookEndpoint, n int) []string {
	t.Helper()
	var ids []string
	err := s.Update(ctx, func(tx kyc.Tx) error {
		for range n {
			d := kyc.WebhookDelivery{ID: kyc.NewID(), EventID: kyc.NewID(), EndpointID: e.ID, InstitutionID: e.InstitutionID,
				Event: "PRODUCT_STATUS_CHANGED", Data: json.RawMessage(`{}`), Status: kyc.DeliveryPending, CreatedAt: now}
			ids = append(ids, d.ID)
			if err := tx.InsertDeliveries(ctx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestEndpointsWithPending: enabled endpoints with undelivered deliveries
// and no delivery job; a disabled endpoint is never listed (its job would
// end at once, and it would be queued again on every pass).
func TestEndpointsWithPending(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		inst := newInstitution(t, s, "Acme")
		stranded := newEndpoint(t, s, inst, true)
		disabled := newEndpoint(t, s, inst, false)
		newEndpoint(t, s, inst, true) // nothing pending
		newDeliveries(t, s, stranded, 2)
		newDeliveries(t, s, disabled, 1)
		list := func() []string {
			t.Helper()
			eps, err := s.EndpointsWithPending(ctx, 10)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, e := range eps {
				ids = append(ids, e.ID)
			}
			return ids
		}
		if got := list(); len(got) != 1 || got[0] != stranded.ID {
			t.Fatalf("got %v, want only the enabled endpoint %s", got, stranded.ID)
		}
		// Another kind of job with the endpoint's id as ref is not its delivery job.
		err := s.Update(ctx, func(tx kyc.Tx) error {
			return tx.EnqueueJobs(ctx, kyc.Job{Kind: "other", Ref: stranded.ID, InstitutionID: inst.ID})
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := list(); len(got) != 1 {
			t.Fatalf("got %v, want the endpoint still listed", got)
		}
		err = s.Update(ctx, func(tx kyc.Tx) error {
			return tx.EnqueueJobs(ctx, kyc.DeliveryJob(inst.ID, stranded.ID))
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := list(); len(got) != 0 {
			t.Errorf("got %v, want none once the delivery job is queued", got)
		}
	})
}

// TestRecordAttempt: one attempt for several deliveries is logged for each
// and marks them all, failed or delivered; other deliveries are untouched.
func TestRecordAttempt(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		inst := newInstitution(t, s, "Acme")
		e := newEndpoint(t, s, inst, true)
		ids := newDeliveries(t, s, e, 3)
		at := now.Add(time.Minute)
		record := func(ok bool, status int, msg string, ids ...string) {
			t.Helper()
			a := kyc.WebhookAttempt{EndpointID: e.ID, At: at, Status: status, Latency: 1500 * time.Microsecond, Error: msg}
			if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.RecordAttempt(ctx, a, ids, ok) }); err != nil {
				t.Fatal(err)
			}
		}
		record(false, 503, "receiver answered HTTP 503", ids[0], ids[1])
		for _, id := range ids[:2] {
			d, as, err := s.Delivery(ctx, inst.ID, id)
			if err != nil {
				t.Fatal(err)
			}
			if d.Status != kyc.DeliveryPending || d.Attempts != 1 || d.LastStatus != 503 || d.LastError == "" || d.DeliveredAt != nil || len(as) != 1 {
				t.Errorf("after a failed attempt: %+v, %d attempts logged", d, len(as))
			}
		}
		record(true, 200, "", ids[0], ids[1])
		for _, id := range ids[:2] {
			d, as, err := s.Delivery(ctx, inst.ID, id)
			if err != nil {
				t.Fatal(err)
			}
			if d.Status != "delivered" || d.Attempts != 2 || d.LastStatus != 200 || d.LastError != "" ||
				d.DeliveredAt == nil || !d.DeliveredAt.Equal(at) || len(as) != 2 || as[1].Status != 200 {
				t.Errorf("after a good attempt: %+v, attempts %+v", d, as)
			}
		}
		d, as, err := s.Delivery(ctx, inst.ID, ids[2])
		if err != nil || d.Status != kyc.DeliveryPending || d.Attempts != 0 || len(as) != 0 {
			t.Errorf("a delivery not in the attempt: %+v, %d attempts, %v", d, len(as), err)
		}
		if ds, err := s.PendingDeliveries(ctx, e.ID, 10); err != nil || len(ds) != 1 || ds[0].ID != ids[2] {
			t.Errorf("pending: %+v, %v", ds, err)
		}
	})
}

// TestTasksDue: current task versions past expiry, or within renewal with
// no newer version, and not expired or deleted ones.
func TestTasksDue(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		inst := newInstitution(t, s, "Acme")
		due, expired, deleted := newProfile(inst, "A", "Due"), newProfile(inst, "B", "Expired"), newProfile(inst, "C", "Deleted")
		past := now.Add(-time.Hour)
		for _, p := range []*kyc.Profile{due, expired, deleted} {
			p.Tasks[0].ExpiryDate = &past
		}
		expired.Tasks[0].IsExpired = true
		deleted.Tasks[0].IsDeleted = true
		for _, p := range []*kyc.Profile{due, expired, deleted} {
			save(t, s, p)
		}
		refs, err := s.TasksDue(ctx, now, now, 10)
		if err != nil || len(refs) != 1 || refs[0].ProfileID != due.ID || refs[0].InstitutionID != inst.ID {
			t.Errorf("got %+v, %v; want only %s", refs, err, due.ID)
		}
	})
}

// TestBackgroundQueriesUseIndexes: the polling queries of the background
// loops are served by their indexes (a partial index only when the query's
// WHERE implies the index's as written), not by table scans.
func TestBackgroundQueriesUseIndexes(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		db := OpenSQLite(t)
		qs, err := sqlite.QuerySet()
		if err != nil {
			t.Fatal(err)
		}
		for name, idx := range map[string][]string{
			"TasksDue":             {"USING INDEX tasks_expiry"},
			"StaleChecks":          {"USING INDEX checks_running", "INDEX jobs_ref"},
			"EndpointsWithPending": {"(dedupe_key=?)"},
		} {
			q, ok := qs.Named(name)
			if !ok {
				t.Fatalf("no query %s", name)
			}
			args := make([]any, strings.Count(q, "?"))
			for i := range args {
				args[i] = 0
			}
			rows, err := db.Reader.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
			if err != nil {
				t.Fatal(name, err)
			}
			var plan strings.Builder
			for rows.Next() {
				var id, parent, notused int
				var detail string
				if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
					t.Fatal(err)
				}
				plan.WriteString(detail + "\n")
			}
			if err := rows.Close(); err != nil {
				t.Fatal(err)
			}
			for _, ix := range idx {
				if !strings.Contains(plan.String(), ix) {
					t.Errorf("%s: no %q in the plan:\n%s", name, ix, plan.String())
				}
			}
		}
	})
	t.Run("postgres", func(t *testing.T) {
		db := OpenPostgres(t)
		qs, err := postgres.QuerySet()
		if err != nil {
			t.Fatal(err)
		}
		for name, idx := range map[string][]string{
			"TasksDue":             {"tasks_expiry"},
			"StaleChecks":          {"checks_running", "jobs_ref"},
			"EndpointsWithPending": {"jobs_dedupe_key_key"},
		} {
			q, ok := qs.Named(name)
			if !ok {
				t.Fatalf("no query %s", name)
			}
			plan := explainPostgres(t, db, q)
			for _, ix := range idx {
				if !strings.Contains(plan, ix) {
					t.Errorf("%s: no %s in the plan:\n%s", name, ix, plan)
				}
			}
		}
	})
}

// explainPostgres returns the generic plan of q (the plan a prepared
// statement may settle on, which cannot depend on the parameters' values),
// with sequential scans priced out so that any index the query can use is
// used on the empty tables.
func explainPostgres(t *testing.T, db *postgres.DB, q string) string {
	t.Helper()
	args := strings.TrimSuffix(strings.Repeat("NULL, ", strings.Count(q, "$")), ", ")
	var plan strings.Builder
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		for _, set := range []string{"SET LOCAL enable_seqscan = off", "SET LOCAL plan_cache_mode = force_generic_plan",
			"PREPARE explained AS " + q} {
			if _, err := tx.Exec(ctx, set); err != nil {
				return err
			}
		}
		defer tx.Exec(ctx, "DEALLOCATE explained")
		rows, err := tx.Query(ctx, "EXPLAIN EXECUTE explained("+args+")")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				return err
			}
			plan.WriteString(line + "\n")
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return plan.String()
}
