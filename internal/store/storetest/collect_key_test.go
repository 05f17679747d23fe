package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// TestCollectKeys: a collect key is found by its hash with its profiles and
// institution, a second key with the same prefix or hash is a conflict,
// and expired keys are deleted by their expiry alone.
func TestCollectKeys(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		inst := newInstitution(t, s, "Acme")
		p1, p2 := newProfile(inst, "Ada", "Lovelace"), newProfile(inst, "Alan", "Turing")
		save(t, s, p1)
		save(t, s, p2)
		create := func(k *kyc.CollectKey) error {
			return s.Update(ctx, func(tx kyc.Tx) error { return tx.CreateCollectKey(ctx, k) })
		}
		k := &kyc.CollectKey{ID: kyc.NewID(), InstitutionID: inst.ID, Name: "Collect key for 2 profiles", Prefix: "ghc_0123abcd",
			Hash: kyc.HashKey("ghc_0123abcdsecret"), ProfileIDs: []string{p1.ID, p2.ID}, CreatedAt: now, Expiry: now.Add(24 * time.Hour)}
		if err := create(k); err != nil {
			t.Fatal(err)
		}
		old := &kyc.CollectKey{ID: kyc.NewID(), InstitutionID: inst.ID, Name: "Collect key", Prefix: "ghc_old00000",
			Hash: kyc.HashKey("ghc_old00000secret"), ProfileIDs: []string{p1.ID}, CreatedAt: now.Add(-48 * time.Hour), Expiry: now.Add(-24 * time.Hour)}
		if err := create(old); err != nil {
			t.Fatal(err)
		}
		got, in, err := s.CollectKeyByHash(ctx, kyc.HashKey("ghc_0123abcdsecret"))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, k) {
			t.Errorf("got key %+v, want %+v", got, k)
		}
		if in.ID != inst.ID || in.Name != "Acme" {
			t.Errorf("got institution %+v, want Acme", in)
		}
		if _, _, err := s.CollectKeyByHash(ctx, kyc.HashKey("ghc_0123abcdother")); !kyc.IsCode(err, kyc.ENotFound) {
			t.Errorf("unknown key: got %v, want not found", err)
		}
		// An API key's hash is not a collect key.
		ak := &kyc.APIKey{ID: kyc.NewID(), InstitutionID: inst.ID, Name: "ci", Prefix: "gh_abcdef12", Hash: kyc.HashKey("gh_x"), CreatedAt: now}
		if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.CreateAPIKey(ctx, ak) }); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.CollectKeyByHash(ctx, kyc.HashKey("gh_x")); !kyc.IsCode(err, kyc.ENotFound) {
			t.Errorf("API key as collect key: got %v, want not found", err)
		}
		dup := *k
		dup.ID, dup.Hash = kyc.NewID(), kyc.HashKey("another")
		if err := create(&dup); !kyc.IsCode(err, kyc.EConflict) {
			t.Errorf("same prefix: got %v, want conflict", err)
		}
		var n int64
		err = s.Update(ctx, func(tx kyc.Tx) (err error) { n, err = tx.DeleteCollectKeysExpiredBefore(ctx, now); return })
		if err != nil || n != 1 {
			t.Fatalf("deleted %d, %v; want 1 (the expired key)", n, err)
		}
		if _, _, err := s.CollectKeyByHash(ctx, kyc.HashKey("ghc_old00000secret")); !kyc.IsCode(err, kyc.ENotFound) {
			t.Errorf("expired key after cleanup: got %v, want not found", err)
		}
		if _, _, err := s.CollectKeyByHash(ctx, kyc.HashKey("ghc_0123abcdsecret")); err != nil {
			t.Errorf("live key after cleanup: %v", err)
		}
	})
}
