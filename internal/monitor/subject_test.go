package monitor

import (
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// subjects returns every stored subject, by profile id.
func (e *env) subjects() map[string]kyc.MonitorSubject {
	e.t.Helper()
	out := map[string]kyc.MonitorSubject{}
	after := ""
	for {
		page, err := e.store.MonitorSubjects(ctx, after, 100)
		if err != nil {
			e.t.Fatal(err)
		}
		if len(page) == 0 {
			return out
		}
		for _, s := range page {
			out[s.ProfileID] = s
			after = s.ProfileID
		}
	}
}

// TestSubjectsFollowProfiles: a profile screened with monitoring on has a
// subject written with it (its current name, date of birth and the
// variant's threshold); changing the data rewrites it; a company is kept
// too; a profile never screened on the screening provider has none.
func TestSubjectsFollowProfiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, unrelated, true)
		p := e.person("Ivan", "Sidorov", "1970-03-04")
		c := e.company("Acme Trading Ltd")
		subs := e.subjects()
		if len(subs) != 2 {
			t.Fatalf("got %d subjects, want 2", len(subs))
		}
		q, err := decodeSubject(subs[p.ID].Data)
		if err != nil || q.Name != "Ivan Sidorov" || q.DOB != "1970-03-04" || q.Threshold <= 0 {
			t.Errorf("person's subject: %+v, %v", q, err)
		}
		if q, _ := decodeSubject(subs[c.ID].Data); q.Name != "Acme Trading Ltd" || q.Type != screening.Organisation {
			t.Errorf("company's subject: %+v", q)
		}
		data := []byte(`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Ivan"],"family_name":"Petrov"},"dob":"1970-03-04"}}`)
		if _, err := e.svc.ReplaceCollectedData(ctx, e.actor, p.ID, data, mustFacts(t, data)); err != nil {
			t.Fatal(err)
		}
		if q, _ := decodeSubject(e.subjects()[p.ID].Data); q.Name != "Ivan Petrov" {
			t.Errorf("after a data change the subject screens %q, want Ivan Petrov", q.Name)
		}
	})
}

// TestBackfill: subjects missing (a database from before they were kept)
// are written once; a second pass finds the marker and does nothing.
func TestBackfill(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, unrelated, true)
		p := e.person("Ivan", "Sidorov", "1970-03-04")
		if err := e.store.Update(ctx, func(tx kyc.Tx) error { return tx.DeleteMonitorSubject(ctx, p.ID) }); err != nil {
			t.Fatal(err)
		}
		if n, err := Backfill(ctx, e.svc); err != nil || n != 1 {
			t.Fatalf("backfill: %d, %v; want 1", n, err)
		}
		if _, ok := e.subjects()[p.ID]; !ok {
			t.Fatal("no subject after the backfill")
		}
		if err := e.store.Update(ctx, func(tx kyc.Tx) error { return tx.DeleteMonitorSubject(ctx, p.ID) }); err != nil {
			t.Fatal(err)
		}
		if n, err := Backfill(ctx, e.svc); err != nil || n != 0 {
			t.Errorf("second backfill: %d, %v; want 0 (done once)", n, err)
		}
	})
}

func mustFacts(t *testing.T, data []byte) kyc.Facts {
	t.Helper()
	f, err := kyc.ParseFacts(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
