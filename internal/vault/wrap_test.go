package vault

import (
	"errors"
	"strings"
	"testing"
)

func TestWrapUnwrap(t *testing.T) {
	t.Parallel()
	kek, dek := GenerateKey(), GenerateKey()
	w := Wrap(kek, dek, ProfileOwner("p1"))
	if w.KeyID() != kek.ID() {
		t.Errorf("got wrapping key id %q, want %q", w.KeyID(), kek.ID())
	}
	got, err := Unwrap(kek, w, ProfileOwner("p1"))
	if err != nil || got.secret != dek.secret || got.ID() != dek.ID() {
		t.Fatalf("got %v, %v, want the data key %v", got, err, dek)
	}
	// A wrapped key moved to another owner's row does not unwrap.
	if _, err := Unwrap(kek, w, ProfileOwner("p2")); !errors.Is(err, ErrDecrypt) {
		t.Errorf("other owner: got %v, want ErrDecrypt", err)
	}
	if _, err := Unwrap(kek, w, InstitutionOwner("p1")); !errors.Is(err, ErrDecrypt) {
		t.Errorf("other kind of owner: got %v, want ErrDecrypt", err)
	}
	var mismatch *KeyMismatchError
	if _, err := Unwrap(dek, w, ProfileOwner("p1")); !errors.As(err, &mismatch) || mismatch.Want != kek.ID() {
		t.Errorf("other kek: got %v, want a KeyMismatchError naming %s", err, kek.ID())
	}
	if _, err := Unwrap(kek, Wrapped(Seal(kek, dek.secret[:], nil)), ProfileOwner("p1")); !errors.Is(err, ErrFormat) {
		t.Errorf("a sealed field: got %v, want ErrFormat", err)
	}
	if _, err := Unwrap(kek, w[:len(w)-1], ProfileOwner("p1")); !errors.Is(err, ErrFormat) {
		t.Errorf("truncated: got %v, want ErrFormat", err)
	}
}

func TestMastersUnwrapWithOldKey(t *testing.T) {
	t.Parallel()
	old, cur := GenerateKey(), GenerateKey()
	dek := GenerateKey()
	w := Wrap(old, dek, InstitutionOwner("i1"))
	m, err := NewMasters(cur, old)
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.Unwrap(w, InstitutionOwner("i1"))
	if err != nil || got.ID() != dek.ID() {
		t.Fatalf("got %v, %v, want %v", got, err, dek)
	}
	if m.Wrap(dek, "x").KeyID() != cur.ID() {
		t.Errorf("Masters.Wrap used %s, want the current key %s", m.Wrap(dek, "x").KeyID(), cur.ID())
	}
	only, _ := NewMasters(cur)
	_, err = only.Unwrap(w, InstitutionOwner("i1"))
	if err == nil || !strings.Contains(err.Error(), old.ID()) || !strings.Contains(err.Error(), "not configured") {
		t.Errorf("got %v, want an error naming the missing master %s", err, old.ID())
	}
	if _, err := NewMasters(cur, cur); err == nil {
		t.Error("got no error for a master key listed twice")
	}
}
