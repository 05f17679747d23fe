package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// TestProviderChecks: the state of a check in progress at an integration
// is found by check, by the integration's reference and by granted image,
// only for the peer that owns it, and ends with the check.
func TestProviderChecks(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		inst := newInstitution(t, s, "Acme")
		p := newProfile(inst, "Alex", "Wheeler")
		v := kyc.CheckVariant{ID: kyc.NewID(), Alias: "docs", CheckType: string(kyc.CheckDocumentVerification),
			Provider: kyc.ProviderIntegration, Config: map[string]any{"url": "http://127.0.0.1:1/"}}
		c := &kyc.Check{ID: kyc.NewID(), ProfileID: p.ID, Type: kyc.CheckDocumentVerification, Variant: v,
			State: kyc.CheckRunning, TaskIDs: []string{}, Input: p.CollectedData, CreatedAt: now}
		p.Checks = append(p.Checks, c)
		save(t, s, p)

		img1, img2 := kyc.NewID(), kyc.NewID()
		pc := &kyc.ProviderCheck{CheckID: c.ID, InstitutionID: inst.ID, ProfileID: p.ID, Peer: "peer-a",
			Stage: kyc.ProviderStarting, ImageIDs: []string{img1, img2}, CreatedAt: now, UpdatedAt: now}
		update := func(fn func(tx kyc.Tx) error) {
			t.Helper()
			if err := s.Update(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		starting := func(peer string) bool {
			t.Helper()
			ok, err := s.ProviderChecksStarting(ctx, peer)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if starting("peer-a") {
			t.Error("a check is starting before any was inserted")
		}
		update(func(tx kyc.Tx) error { return tx.InsertProviderCheck(ctx, pc) })
		if !starting("peer-a") || starting("peer-b") {
			t.Errorf("starting: got %v for its peer and %v for another, want true and false", starting("peer-a"), starting("peer-b"))
		}
		if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.InsertProviderCheck(ctx, pc) }); !kyc.IsCode(err, kyc.EConflict) {
			t.Errorf("a second insert: got %v, want EConflict", err)
		}
		got, err := s.ProviderCheck(ctx, c.ID)
		sorted := func(pc *kyc.ProviderCheck) *kyc.ProviderCheck {
			cp := *pc
			if cp.ImageIDs[0] > cp.ImageIDs[1] {
				cp.ImageIDs = []string{cp.ImageIDs[1], cp.ImageIDs[0]}
			}
			return &cp
		}
		if err != nil || !reflect.DeepEqual(got, sorted(pc)) {
			t.Fatalf("got %+v, %v; want %+v", got, err, pc)
		}

		// The reference arrives; custom_data is kept as given.
		pc.Stage, pc.ProviderID, pc.Reference, pc.CustomData = kyc.ProviderStarted, kyc.NewID(), "REF-1", []byte(`{"a":1}`)
		pc.UpdatedAt = now.Add(time.Second)
		update(func(tx kyc.Tx) error { return tx.UpdateProviderCheck(ctx, pc) })
		if starting("peer-a") {
			t.Error("the check is still starting after its reference was recorded")
		}
		for _, tc := range []struct {
			name                       string
			peer, providerID, ref, img string
			found                      bool
		}{
			{name: "by ref", peer: "peer-a", providerID: pc.ProviderID, ref: "REF-1", found: true},
			{name: "by ref, another peer", peer: "peer-b", providerID: pc.ProviderID, ref: "REF-1"},
			{name: "by ref, another reference", peer: "peer-a", providerID: pc.ProviderID, ref: "REF-2"},
			{name: "by image", peer: "peer-a", img: img2, found: true},
			{name: "by image, another peer", peer: "peer-b", img: img2},
			{name: "by image, not granted", peer: "peer-a", img: kyc.NewID()},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var got *kyc.ProviderCheck
				var err error
				if tc.img != "" {
					got, err = s.ProviderCheckForImage(ctx, tc.peer, tc.img)
				} else {
					got, err = s.ProviderCheckByRef(ctx, tc.peer, tc.providerID, tc.ref)
				}
				switch {
				case tc.found && (err != nil || !reflect.DeepEqual(got, sorted(pc))):
					t.Errorf("got %+v, %v; want %+v", got, err, pc)
				case !tc.found && !kyc.IsCode(err, kyc.ENotFound):
					t.Errorf("got %+v, %v; want ENotFound", got, err)
				}
			})
		}

		// Completing the check ends its provider state in the same save.
		fresh, err := s.Profile(ctx, inst.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		fc := fresh.Check(c.ID)
		fc.State, fc.Result = kyc.CheckComplete, "Pass"
		fc.Touch()
		fresh.Touch()
		save(t, s, fresh)
		for _, err := range []error{
			func() error { _, err := s.ProviderCheck(ctx, c.ID); return err }(),
			func() error { _, err := s.ProviderCheckForImage(ctx, "peer-a", img1); return err }(),
			func() error { _, err := s.ProviderCheckForImage(ctx, "peer-a", img2); return err }(),
			func() error { _, err := s.ProviderCheckByRef(ctx, "peer-a", pc.ProviderID, "REF-1"); return err }(),
		} {
			if !kyc.IsCode(err, kyc.ENotFound) {
				t.Errorf("after the check completed: got %v, want ENotFound", err)
			}
		}
		// Nothing brings it back: an update finds nothing; a delete is a no-op.
		if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.UpdateProviderCheck(ctx, pc) }); !kyc.IsCode(err, kyc.ENotFound) {
			t.Errorf("update after completion: got %v, want ENotFound", err)
		}
		update(func(tx kyc.Tx) error { return tx.DeleteProviderCheck(ctx, c.ID) })
	})
}
