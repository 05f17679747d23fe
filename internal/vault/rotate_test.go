package vault

import (
	"context"
	"fmt"
	"testing"
)

func TestRewrap(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	old, next := GenerateKey(), GenerateKey()
	before, _ := NewMasters(old)
	s := new(MemKeyStore)
	r := NewKeyring(before, s)
	const n = rewrapPage + 5 // more than one page
	sealed := make(map[string][]byte)
	for i := range n {
		id := fmt.Sprintf("i%03d", i)
		pk, err := r.ProfileKey(ctx, id, "p"+id)
		if err != nil {
			t.Fatal(err)
		}
		sealed[id] = Seal(pk, []byte("secret "+id), nil)
	}

	both, _ := NewMasters(next, old)
	res, err := Rewrap(ctx, s, both)
	if err != nil || res.Checked != n || res.Rewrapped != n {
		t.Fatalf("got %+v, %v, want %d checked and rewrapped", res, err, n)
	}
	res, err = Rewrap(ctx, s, both)
	if err != nil || res.Checked != n || res.Rewrapped != 0 {
		t.Fatalf("second run: got %+v, %v, want nothing left to rewrap", res, err)
	}

	// With the old master removed, everything still opens.
	after, _ := NewMasters(next)
	r2 := NewKeyring(after, s)
	for id, ct := range sealed {
		pk, err := r2.ProfileKey(ctx, id, "p"+id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if got, err := Open(pk, ct, nil); err != nil || string(got) != "secret "+id {
			t.Fatalf("%s: got %q, %v", id, got, err)
		}
	}
}

func TestRewrapMissingMaster(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := new(MemKeyStore)
	m, _ := NewMasters(GenerateKey())
	if _, err := NewKeyring(m, s).InstitutionKey(ctx, "i1"); err != nil {
		t.Fatal(err)
	}
	without, _ := NewMasters(GenerateKey())
	if res, err := Rewrap(ctx, s, without); err == nil || res.Rewrapped != 0 {
		t.Fatalf("got %+v, %v, want an error naming the missing master", res, err)
	}
	if w, _ := s.LoadKey(ctx, InstitutionOwner("i1")); w.KeyID() != m.Current().ID() {
		t.Errorf("the key was changed despite the error")
	}
}
