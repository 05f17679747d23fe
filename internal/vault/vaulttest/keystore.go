// Package vaulttest is the conformance suite for vault.KeyStore: every
// implementation (the in-memory one, and the SQLite and PostgreSQL stores)
// runs it, so the keyring and Rewrap can rely on the same behaviour from
// each.
package vaulttest

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// KeyStore runs the suite. open returns a fresh, empty store for each
// subtest.
func KeyStore(t *testing.T, open func(t *testing.T) vault.KeyStore) {
	ctx := context.Background()
	master := vault.GenerateKey()
	wrapped := func(owner string) vault.Wrapped { return vault.Wrap(master, vault.GenerateKey(), owner) }

	t.Run("load missing is not found", func(t *testing.T) {
		s := open(t)
		w, err := s.LoadKey(ctx, "institution:none")
		if !kyc.IsCode(err, kyc.ENotFound) || w != nil {
			t.Fatalf("got %x, %v, want nil and ENotFound", w, err)
		}
	})

	t.Run("create then load", func(t *testing.T) {
		s := open(t)
		w := wrapped("institution:a")
		if err := s.CreateKey(ctx, "institution:a", w); err != nil {
			t.Fatalf("create: got %v, want nil", err)
		}
		got, err := s.LoadKey(ctx, "institution:a")
		if err != nil || !bytes.Equal(got, w) {
			t.Fatalf("load: got %x, %v, want %x", got, err, w)
		}
	})

	t.Run("second create conflicts and keeps the first", func(t *testing.T) {
		s := open(t)
		first, second := wrapped("profile:p"), wrapped("profile:p")
		if err := s.CreateKey(ctx, "profile:p", first); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateKey(ctx, "profile:p", second); !kyc.IsCode(err, kyc.EConflict) {
			t.Fatalf("got %v, want EConflict", err)
		}
		if got, _ := s.LoadKey(ctx, "profile:p"); !bytes.Equal(got, first) {
			t.Fatalf("got %x, want the first key %x", got, first)
		}
	})

	t.Run("concurrent creates: exactly one wins", func(t *testing.T) {
		s := open(t)
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() { errs[i] = s.CreateKey(ctx, "institution:race", wrapped("institution:race")) })
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !kyc.IsCode(err, kyc.EConflict):
				t.Errorf("got %v, want nil or EConflict", err)
			}
		}
		if won != 1 {
			t.Fatalf("got %d winners, want 1", won)
		}
	})

	t.Run("replace is compare-and-swap", func(t *testing.T) {
		s := open(t)
		old, next, other := wrapped("institution:r"), wrapped("institution:r"), wrapped("institution:r")
		if err := s.ReplaceKey(ctx, "institution:r", old, next); !kyc.IsCode(err, kyc.ENotFound) {
			t.Fatalf("replace missing: got %v, want ENotFound", err)
		}
		if err := s.CreateKey(ctx, "institution:r", old); err != nil {
			t.Fatal(err)
		}
		if err := s.ReplaceKey(ctx, "institution:r", other, next); !kyc.IsCode(err, kyc.EConflict) {
			t.Fatalf("replace from a stale key: got %v, want EConflict", err)
		}
		if err := s.ReplaceKey(ctx, "institution:r", old, next); err != nil {
			t.Fatalf("replace: got %v, want nil", err)
		}
		if got, _ := s.LoadKey(ctx, "institution:r"); !bytes.Equal(got, next) {
			t.Fatalf("got %x, want the new key %x", got, next)
		}
	})

	t.Run("delete", func(t *testing.T) {
		s := open(t)
		if err := s.CreateKey(ctx, "profile:d", wrapped("profile:d")); err != nil {
			t.Fatal(err)
		}
		for i := range 2 { // the second delete finds nothing, and that is fine
			if err := s.DeleteKey(ctx, "profile:d"); err != nil {
				t.Fatalf("delete %d: got %v, want nil", i+1, err)
			}
		}
		if _, err := s.LoadKey(ctx, "profile:d"); !kyc.IsCode(err, kyc.ENotFound) {
			t.Fatalf("load after delete: got %v, want ENotFound", err)
		}
	})

	t.Run("list by prefix, in pages", func(t *testing.T) {
		s := open(t)
		var want []string
		for i := range 7 {
			owner := fmt.Sprintf("institution:%02d", i)
			want = append(want, owner)
			if err := s.CreateKey(ctx, owner, wrapped(owner)); err != nil {
				t.Fatal(err)
			}
			if err := s.CreateKey(ctx, fmt.Sprintf("profile:%02d", i), wrapped("p")); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		after := ""
		for pages := 0; ; pages++ {
			if pages > 10 {
				t.Fatal("listing does not end")
			}
			page, err := s.ListKeys(ctx, vault.InstitutionPrefix, after, 3)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range page {
				got = append(got, k.Owner)
				if k.Wrapped.KeyID() != master.ID() {
					t.Errorf("got %s wrapped by %q, want %q", k.Owner, k.Wrapped.KeyID(), master.ID())
				}
			}
			if len(page) < 3 {
				break
			}
			after = page[len(page)-1].Owner
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	})
}
