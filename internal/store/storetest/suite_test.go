package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

var ctx = context.Background()

// now is a fixed, microsecond-precise time so that round trips compare equal.
var now = time.Date(2026, 11, 25, 10, 30, 0, 123456000, time.UTC)

func newInstitution(t testing.TB, s kyc.Store, name string) *kyc.Institution {
	t.Helper()
	in := &kyc.Institution{ID: kyc.NewID(), Name: name, CreatedAt: now}
	if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.CreateInstitution(ctx, in) }); err != nil {
		t.Fatalf("create institution: %v", err)
	}
	return in
}

// newProfile builds an unsaved individual profile with one application and two tasks.
func newProfile(inst *kyc.Institution, given, family string) *kyc.Profile {
	data := fmt.Sprintf(`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":[%q],"family_name":%q}}}`, given, family)
	p := &kyc.Profile{
		ID: kyc.NewID(), InstitutionID: inst.ID, Role: kyc.RoleIndividualCustomer,
		CollectedData: []byte(data), Status: kyc.StatusNormal, CreatedAt: now, UpdatedAt: now,
		Tags: []kyc.Tag{},
	}
	v1 := kyc.TaskVariant{ID: kyc.NewID(), Alias: "verify", Name: "Verify", Type: kyc.TaskIndividualVerifyIdentity}
	v2 := kyc.TaskVariant{ID: kyc.NewID(), Alias: "pep", Name: "PEP", Type: kyc.TaskIndividualAssessPoliticalSanctions}
	p.Tasks = []*kyc.Task{kyc.NewTask(p.ID, v1, now), kyc.NewTask(p.ID, v2, now)}
	p.Applications = []*kyc.Application{{
		ID: kyc.NewID(), ProfileID: p.ID, Status: kyc.AppApplied, PolicyVersion: "v1", CreatedAt: now,
		Product:       kyc.Product{ID: kyc.NewID(), Alias: "basic", Name: "Basic", AutomaticallyApply: true},
		RequiredTasks: []kyc.TaskVariant{v1, v2},
		History:       []kyc.StatusChange{{Status: kyc.AppApplied, Date: now}},
		FlagHistory:   []kyc.FlagChange{},
	}}
	p.Record(kyc.NewAudit(kyc.Actor{InstitutionID: inst.ID, APIKey: &kyc.APIKey{Name: "test key"}}, kyc.AuditCreatedProfile, now, "", nil))
	p.Refresh(now)
	return p
}

func save(t *testing.T, s kyc.Store, p *kyc.Profile) {
	t.Helper()
	if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.SaveProfile(ctx, p) }); err != nil {
		t.Fatalf("save profile: %v", err)
	}
}

func TestInstitutionsAndKeys(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		a := newInstitution(t, s, "Acme")
		err := s.Update(ctx, func(tx kyc.Tx) error {
			return tx.CreateInstitution(ctx, &kyc.Institution{ID: kyc.NewID(), Name: "Acme", CreatedAt: now})
		})
		if !kyc.IsCode(err, kyc.EConflict) {
			t.Fatalf("duplicate institution: got %v, want conflict", err)
		}
		k := &kyc.APIKey{ID: kyc.NewID(), InstitutionID: a.ID, Name: "ci", Prefix: "gh_abcdef12", Hash: kyc.HashKey("gh_abcdef12xyz"), CreatedAt: now}
		if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.CreateAPIKey(ctx, k) }); err != nil {
			t.Fatal(err)
		}
		got, inst, err := s.APIKeyByHash(ctx, kyc.HashKey("gh_abcdef12xyz"))
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != k.ID || inst.Name != "Acme" || got.RevokedAt != nil || !got.CreatedAt.Equal(now) {
			t.Fatalf("got key %+v of %+v", got, inst)
		}
		if _, _, err := s.APIKeyByHash(ctx, kyc.HashKey("other")); !kyc.IsCode(err, kyc.ENotFound) {
			t.Fatalf("unknown key: got %v, want not found", err)
		}
		var revoked *kyc.APIKey
		if err := s.Update(ctx, func(tx kyc.Tx) (err error) { revoked, err = tx.RevokeAPIKey(ctx, "gh_abcdef12", now); return }); err != nil {
			t.Fatal(err)
		}
		if revoked.RevokedAt == nil || !revoked.RevokedAt.Equal(now) {
			t.Fatalf("revoked key has RevokedAt %v", revoked.RevokedAt)
		}
		err = s.Update(ctx, func(tx kyc.Tx) error { _, err := tx.RevokeAPIKey(ctx, "gh_nothere", now); return err })
		if !kyc.IsCode(err, kyc.ENotFound) {
			t.Fatalf("revoke unknown: got %v", err)
		}
		keys, err := s.APIKeys(ctx)
		if err != nil || len(keys) != 1 || keys[0].RevokedAt == nil {
			t.Fatalf("keys = %+v, %v", keys, err)
		}
	})
}

func TestProfileRoundTrip(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		inst := newInstitution(t, s, "Acme")
		p := newProfile(inst, "Alex", "Wheeler")
		save(t, s, p)
		got, err := s.Profile(ctx, inst.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.DisplayName != "Alex Wheeler" || got.Category != kyc.CategoryApplicant || string(got.CollectedData) != string(p.CollectedData) {
			t.Fatalf("got profile %+v", got)
		}
		if !reflect.DeepEqual(got.Applications, p.Applications) {
			t.Fatalf("applications:\n got %+v\nwant %+v", got.Applications[0], p.Applications[0])
		}
		if !reflect.DeepEqual(got.Tasks, p.Tasks) {
			t.Fatalf("tasks:\n got %+v\nwant %+v", got.Tasks[0], p.Tasks[0])
		}
		items, err := s.AuditItems(ctx, inst.ID, p.ID)
		if err != nil || len(items) != 1 || items[0].Action != kyc.AuditCreatedProfile || items[0].APIKeyName != "test key" {
			t.Fatalf("audit items = %+v, %v", items, err)
		}

		// Change a task and the application; only touched records are written.
		err = s.Update(ctx, func(tx kyc.Tx) error {
			p, err := tx.Profile(ctx, inst.ID, p.ID)
			if err != nil {
				return err
			}
			done := now.Add(time.Hour)
			p.Tasks[0].State, p.Tasks[0].CompletedAt, p.Tasks[0].CheckIDs = kyc.TaskCompletedPass, &done, []string{kyc.NewID()}
			p.Tasks[0].Touch()
			p.Applications[0].Status = kyc.AppApproved
			p.Applications[0].Touch()
			p.Status = kyc.StatusSuspended
			p.Touch()
			p.Record(kyc.NewAudit(kyc.System(inst.ID), kyc.AuditCompletedTask, done, "", map[string]any{"task_id": p.Tasks[0].ID}))
			return tx.SaveProfile(ctx, p)
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err = s.Profile(ctx, inst.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Tasks[0].State != kyc.TaskCompletedPass || got.Tasks[0].CompletedAt == nil || len(got.Tasks[0].CheckIDs) != 1 ||
			got.Applications[0].Status != kyc.AppApproved || got.Status != kyc.StatusSuspended {
			t.Fatalf("after update: task %+v app %+v status %s", got.Tasks[0], got.Applications[0], got.Status)
		}
		items, _ = s.AuditItems(ctx, inst.ID, p.ID)
		if len(items) != 2 || items[1].RefData["task_id"] != p.Tasks[0].ID || items[1].APIKeyName != "" {
			t.Fatalf("audit items = %+v", items)
		}
	})
}

func TestInstitutionIsolation(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		a, b := newInstitution(t, s, "A"), newInstitution(t, s, "B")
		p := newProfile(a, "Alex", "Wheeler")
		save(t, s, p)
		if _, err := s.Profile(ctx, b.ID, p.ID); !kyc.IsCode(err, kyc.ENotFound) {
			t.Fatalf("other institution's profile: got %v, want not found", err)
		}
		page, err := s.SearchProfiles(ctx, b.ID, kyc.ProfileQuery{Limit: 50})
		if err != nil || page.Count != 0 || len(page.Profiles) != 0 {
			t.Fatalf("other institution's search: %+v, %v", page, err)
		}
		items, err := s.AuditItems(ctx, b.ID, p.ID)
		if err != nil || len(items) != 0 {
			t.Fatalf("other institution's audit: %+v, %v", items, err)
		}
	})
}

func TestRollback(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		inst := newInstitution(t, s, "Acme")
		p := newProfile(inst, "Alex", "Wheeler")
		boom := errors.New("boom")
		err := s.Update(ctx, func(tx kyc.Tx) error {
			if err := tx.SaveProfile(ctx, p); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("got %v, want the function's error", err)
		}
		if _, err := s.Profile(ctx, inst.ID, p.ID); !kyc.IsCode(err, kyc.ENotFound) {
			t.Fatalf("profile after rollback: %v", err)
		}
		items, _ := s.AuditItems(ctx, inst.ID, p.ID)
		if len(items) != 0 {
			t.Fatalf("audit items after rollback: %d", len(items))
		}
	})
}

// TestConcurrentWrites mixes committing and failing transactions from many
// goroutines: every success is stored in full, no failure leaves a trace.
func TestConcurrentWrites(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		inst := newInstitution(t, s, "Acme")
		const n = 64
		ps := make([]*kyc.Profile, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			ps[i] = newProfile(inst, fmt.Sprintf("P%d", i), "Test")
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.Update(ctx, func(tx kyc.Tx) error {
					if err := tx.SaveProfile(ctx, ps[i]); err != nil {
						return err
					}
					if i%3 == 0 {
						return kyc.Errorf(kyc.EInvalid, "refused %d", i)
					}
					if i%7 == 0 {
						panic("a bug")
					}
					return nil
				})
			}()
		}
		wg.Wait()
		for i := range n {
			_, err := s.Profile(ctx, inst.ID, ps[i].ID)
			switch {
			case i%3 == 0:
				if !kyc.IsCode(errs[i], kyc.EInvalid) || !kyc.IsCode(err, kyc.ENotFound) {
					t.Errorf("%d: update %v, then load %v; want refused and absent", i, errs[i], err)
				}
			case i%7 == 0:
				if errs[i] == nil || !kyc.IsCode(err, kyc.ENotFound) {
					t.Errorf("%d: update %v, then load %v; want an error and absent", i, errs[i], err)
				}
			default:
				if errs[i] != nil || err != nil {
					t.Errorf("%d: update %v, then load %v; want stored", i, errs[i], err)
				}
			}
		}
	})
}
