package storetest

import (
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// newAssociate builds an unsaved associate profile of an entity type.
func newAssociate(inst *kyc.Institution, et kyc.EntityType, data string) *kyc.Profile {
	role := kyc.RoleIndividualAssociated
	if et == kyc.Company {
		role = kyc.RoleCompanyAssociated
	}
	return &kyc.Profile{ID: kyc.NewID(), InstitutionID: inst.ID, Role: role, CollectedData: []byte(data),
		Status: kyc.StatusNormal, CreatedAt: now, UpdatedAt: now, Tags: []kyc.Tag{}, DisplayName: "assoc"}
}

// linkData is a company's collected data linking directors and shareholders.
func linkData(name string, directors []string, shareholders map[string]float64) []byte {
	var ds, ss []any
	for _, id := range directors {
		ds = append(ds, map[string]any{"entity_type": "INDIVIDUAL", "linked_profile": map[string]any{"id": id}, "task_variant_ids": []string{"41579478-c4bd-47bf-8e69-8d5e3a53eed4"}})
	}
	for _, id := range slices.Sorted(func(yield func(string) bool) {
		for id := range shareholders {
			if !yield(id) {
				return
			}
		}
	}) {
		ss = append(ss, map[string]any{"entity_type": "COMPANY", "linked_profile": map[string]any{"id": id}, "total_percentage": shareholders[id]})
	}
	b, _ := json.Marshal(map[string]any{"entity_type": "COMPANY", "metadata": map[string]any{"name": name},
		"officers": map[string]any{"directors": ds}, "ownership_structure": map[string]any{"shareholders": ss}})
	return b
}

func setData(t *testing.T, p *kyc.Profile, data []byte) {
	t.Helper()
	f, err := kyc.ParseFacts(data)
	if err != nil {
		t.Fatal(err)
	}
	p.SetCollectedData(data, f)
}

// TestLinks: a company's links are indexed with it; an associate is loaded
// with the companies it is linked to (linked_to) and the top one; a company
// with its associates down its ownership chain; replacing the data
// rewrites the links; another institution's profiles are never loaded.
func TestLinks(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		inst, other := newInstitution(t, s, "Acme"), newInstitution(t, s, "Other")
		alice := newAssociate(inst, kyc.Individual, `{"entity_type":"INDIVIDUAL"}`)
		alice.Events = []*kyc.Event{{ID: kyc.NewID(), ProfileID: alice.ID, Type: kyc.EventPEP, Data: []byte(`{}`), Resolution: kyc.Unresolved,
			ResolutionTaskIDs: []string{}, CreatedAt: now}}
		uma := newAssociate(inst, kyc.Individual, `{"entity_type":"INDIVIDUAL"}`)
		hold := newAssociate(inst, kyc.Company, "")
		setData(t, hold, linkData("Hold", []string{uma.ID}, nil))
		stranger := newAssociate(other, kyc.Individual, `{"entity_type":"INDIVIDUAL"}`)
		co := newProfile(inst, "", "")
		co.Role = kyc.RoleCompanyCustomer
		setData(t, co, linkData("Root", []string{alice.ID, stranger.ID}, map[string]float64{hold.ID: 60}))
		// The company is saved before its associates, in one transaction:
		// the links' check of the associate waits for the commit.
		err := s.Update(ctx, func(tx kyc.Tx) error {
			for _, p := range []*kyc.Profile{co, hold, alice, uma, stranger} {
				if err := tx.SaveProfile(ctx, p); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		ids, err := s.LinkedIDs(ctx, inst.ID, co.ID)
		want := []string{alice.ID, stranger.ID, hold.ID}
		slices.Sort(want)
		if err != nil || !slices.Equal(ids, want) {
			t.Errorf("linked ids: got %v %v, want %v", ids, err, want)
		}
		if ids, _ := s.LinkedIDs(ctx, other.ID, co.ID); len(ids) != 0 {
			t.Errorf("another institution reads the company's links: %v", ids)
		}
		got, err := s.Profile(ctx, inst.ID, co.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.LinksLoaded() || got.Associate(alice.ID) == nil || got.Associate(hold.ID) == nil || got.Associate(uma.ID) == nil {
			t.Fatalf("company's associates: %v", keys(got.Associates))
		}
		if got.Associate(stranger.ID) != nil {
			t.Error("another institution's profile was loaded as an associate")
		}
		if a := got.Associate(alice.ID); len(a.Events) != 1 || a.Events[0].Resolution != kyc.Unresolved || a.Role != kyc.RoleIndividualAssociated {
			t.Errorf("alice as an associate: %+v", a)
		}
		if a := got.Associate(uma.ID); len(a.Applications) != 0 {
			t.Errorf("uma's applications: %+v", a.Applications)
		}
		if o := got.Ownership(25); len(o.Owners) != 1 || o.Owners[0].Node.ID != hold.ID {
			t.Errorf("ownership from the loaded associates: %+v", o.Owners)
		}

		a, err := s.Profile(ctx, inst.ID, alice.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Parents) != 1 || a.Parents[0].ProfileID != co.ID || !slices.Equal(a.Parents[0].Roles, []kyc.AssociatedRole{kyc.RoleDirector}) ||
			a.Parents[0].Role != kyc.RoleCompanyCustomer || a.Parents[0].DisplayName != co.DisplayName {
			t.Errorf("alice's parents: %+v", a.Parents)
		}
		u, err := s.Profile(ctx, inst.ID, uma.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(u.Parents) != 1 || u.Parents[0].ProfileID != hold.ID || u.TopParent == nil || u.TopParent.ProfileID != co.ID {
			t.Errorf("uma's parents %+v, top parent %+v: want Hold, then Root", u.Parents, u.TopParent)
		}

		// Several profiles at once, in id order, inside a transaction too.
		for _, inTx := range []bool{false, true} {
			var ps []*kyc.Profile
			ids := []string{uma.ID, alice.ID, stranger.ID, "nope", hold.ID, alice.ID}
			if inTx {
				err = s.Update(ctx, func(tx kyc.Tx) error { ps, err = tx.Profiles(ctx, inst.ID, ids); return err })
			} else {
				ps, err = s.Profiles(ctx, inst.ID, ids)
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range ps {
				got = append(got, p.ID)
			}
			want := []string{uma.ID, alice.ID, hold.ID}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("profiles (in a transaction: %v): got %v, want %v", inTx, got, want)
			}
		}

		// Unlinking: the index follows the data.
		setData(t, got, linkData("Root", nil, map[string]float64{hold.ID: 60}))
		if _, changed := got.PendingLinks(); !changed {
			t.Fatal("replacing the data did not change the links")
		}
		save(t, s, got)
		if ids, _ := s.LinkedIDs(ctx, inst.ID, co.ID); !slices.Equal(ids, []string{hold.ID}) {
			t.Errorf("linked ids after unlinking: %v", ids)
		}
		if a, _ = s.Profile(ctx, inst.ID, alice.ID); len(a.Parents) != 0 {
			t.Errorf("alice's parents after unlinking: %+v", a.Parents)
		}
		if h, _ := s.Profile(ctx, inst.ID, hold.ID); len(h.Parents) != 1 {
			t.Errorf("hold's parents: %+v", h.Parents)
		}
	})
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestProfilesLockInOrder: on PostgreSQL, transactions that lock the same
// profiles through Profiles (in id order, whatever order they ask in) never
// deadlock.
func TestProfilesLockInOrder(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		inst := newInstitution(t, s, "Acme")
		var ids []string
		for range 4 {
			p := newProfile(inst, "A", "B")
			save(t, s, p)
			ids = append(ids, p.ID)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 16)
		for i := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				order := slices.Clone(ids)
				if i%2 == 1 {
					slices.Reverse(order)
				}
				errs <- s.Update(ctx, func(tx kyc.Tx) error {
					ps, err := tx.Profiles(ctx, inst.ID, order)
					if err != nil {
						return err
					}
					time.Sleep(time.Millisecond)
					for _, p := range ps {
						p.Touch()
						if err := tx.SaveProfile(ctx, p); err != nil {
							return err
						}
					}
					return nil
				})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent lock: %v", err)
			}
		}
	})
}
