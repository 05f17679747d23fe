package vault

import (
	"context"
	"errors"
	"sync"
	"testing"
)

func newKeyring(t *testing.T) (*Keyring, *MemKeyStore) {
	t.Helper()
	m, err := NewMasters(GenerateKey())
	if err != nil {
		t.Fatal(err)
	}
	s := new(MemKeyStore)
	return NewKeyring(m, s), s
}

func TestKeyringInstitution(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r, s := newKeyring(t)
	k1, err := r.InstitutionKey(ctx, "i1")
	if err != nil {
		t.Fatal(err)
	}
	w, err := s.LoadKey(ctx, InstitutionOwner("i1"))
	if err != nil || w.KeyID() != r.Masters().Current().ID() {
		t.Fatalf("stored: got %x, %v, want a key wrapped by the current master", w, err)
	}
	// A second keyring (another process) over the same store gets the same key.
	other := NewKeyring(r.Masters(), s)
	k2, err := other.InstitutionKey(ctx, "i1")
	if err != nil || k2.ID() != k1.ID() {
		t.Fatalf("got %v, %v, want %v", k2, err, k1)
	}
	k3, _ := r.InstitutionKey(ctx, "i2")
	if k3.ID() == k1.ID() {
		t.Error("two institutions share a key")
	}
}

func TestKeyringConcurrentCreate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r, s := newKeyring(t)
	const n = 8
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		ring := r
		if i%2 == 1 {
			ring = NewKeyring(r.Masters(), s) // half the callers are "other processes"
		}
		wg.Go(func() {
			k, err := ring.ProfileKey(ctx, "i1", "p1")
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = k.ID()
		})
	}
	wg.Wait()
	for i := range ids {
		if ids[i] != ids[0] {
			t.Fatalf("got profile keys %v, want one key", ids)
		}
	}
}

func TestKeyringProfile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r, s := newKeyring(t)
	pk, err := r.ProfileKey(ctx, "i1", "p1")
	if err != nil {
		t.Fatal(err)
	}
	ik, _ := r.InstitutionKey(ctx, "i1")
	w, _ := s.LoadKey(ctx, ProfileOwner("p1"))
	if w.KeyID() != ik.ID() {
		t.Errorf("got profile key wrapped by %s, want the institution key %s", w.KeyID(), ik.ID())
	}
	if again, _ := r.UnwrapProfileKey(ctx, "i1", "p1", w); again.ID() != pk.ID() {
		t.Errorf("UnwrapProfileKey: got %v, want %v", again, pk)
	}
	// Another institution's key cannot unwrap it.
	if _, err := r.UnwrapProfileKey(ctx, "i2", "p1", w); err == nil {
		t.Error("another institution unwrapped the profile key")
	}

	sealed := Seal(pk, []byte("Anna"), FieldAAD("p1", "given_names"))
	if err := r.EraseProfile(ctx, "p1"); err != nil {
		t.Fatal(err)
	}
	fresh, err := r.ProfileKey(ctx, "i1", "p1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(fresh, sealed, FieldAAD("p1", "given_names")); err == nil {
		t.Fatal("data sealed before erasure opened with the new key")
	}

	nk, nw, err := r.NewProfileKey(ctx, "i1", "p9")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := r.UnwrapProfileKey(ctx, "i1", "p9", nw); err != nil || got.ID() != nk.ID() {
		t.Errorf("NewProfileKey's wrapping: got %v, %v, want %v", got, err, nk)
	}
}

func TestKeyringWrongMaster(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r, s := newKeyring(t)
	if _, err := r.InstitutionKey(ctx, "i1"); err != nil {
		t.Fatal(err)
	}
	lost, _ := NewMasters(GenerateKey()) // the key file was replaced
	_, err := NewKeyring(lost, s).InstitutionKey(ctx, "i1")
	if err == nil {
		t.Fatal("got a key with the wrong master, want an error")
	}
	// The stored key must be untouched: no new key replaces the old one.
	if w, _ := s.LoadKey(ctx, InstitutionOwner("i1")); w.KeyID() != r.Masters().Current().ID() {
		t.Errorf("stored key now wrapped by %s, want the original %s", w.KeyID(), r.Masters().Current().ID())
	}
	var mismatch *KeyMismatchError
	if errors.As(err, &mismatch) {
		t.Errorf("got %v, want the not-configured error", err)
	}
}
