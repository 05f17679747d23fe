package kyc_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// sealedChain creates profiles until the institution's chain holds at
// least n items, seals them, and returns the chain.
func sealedChain(t *testing.T, e *env, n int) []kyc.AuditItem {
	t.Helper()
	for {
		e.create(individual("Ada", "Lovelace"))
		if _, err := e.svc.SealAudit(ctx, 1000); err != nil {
			t.Fatal(err)
		}
		items, err := e.store.AuditChain(ctx, e.actor.InstitutionID, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) >= n {
			return items
		}
	}
}

// rechain recomputes the hashes of the chain from position from on, and
// its head, as someone who can write the database and knows the algorithm.
func rechain(t *testing.T, e *env, from int64) {
	t.Helper()
	items, err := e.store.AuditChain(ctx, e.actor.InstitutionID, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var prev string
	for _, it := range items {
		if it.Seq >= from {
			it.Hash = it.ChainHash(it.Seq, prev)
			storetest.Exec(t, e.store, "UPDATE audit_items SET hash = ? WHERE id = ?", it.Hash, it.ID)
		}
		prev = it.Hash
	}
	last := items[len(items)-1]
	storetest.Exec(t, e.store, "UPDATE audit_chain_heads SET seq = ?, hash = ? WHERE institution_id = ?", last.Seq, prev, e.actor.InstitutionID)
}

// TestVerifyAudit: every way of tampering with the sealed chain is found,
// with its first bad position, against the recorded head or, for a
// rewrite that leaves a consistent chain behind, against a head kept
// outside the database.
func TestVerifyAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		for _, tc := range []struct {
			name   string
			tamper func(t *testing.T, e *env, items []kyc.AuditItem)
			anchor bool   // verify against the head before tampering
			want   string // part of the problem; "" for intact
			pos    int64  // the first bad position (-1: the last + 1)
		}{
			{name: "intact"},
			{name: "intact, against the anchor", anchor: true},
			{"newest item deleted", func(t *testing.T, e *env, items []kyc.AuditItem) {
				storetest.Exec(t, e.store, "DELETE FROM audit_items WHERE id = ?", items[len(items)-1].ID)
			}, false, "newest items were removed", -1},
			{"item in the middle deleted", func(t *testing.T, e *env, items []kyc.AuditItem) {
				storetest.Exec(t, e.store, "DELETE FROM audit_items WHERE id = ?", items[2].ID)
			}, false, "missing", 3},
			{"item changed", func(t *testing.T, e *env, items []kyc.AuditItem) {
				storetest.Exec(t, e.store, "UPDATE audit_items SET message = ? WHERE id = ?", "nothing happened", items[3].ID)
			}, false, "does not match its hash", 4},
			{"items reordered", func(t *testing.T, e *env, items []kyc.AuditItem) {
				a, b := items[1], items[2]
				storetest.Exec(t, e.store, "UPDATE audit_items SET seq = ?, hash = ? WHERE id = ?", -1, b.Hash, a.ID)
				storetest.Exec(t, e.store, "UPDATE audit_items SET seq = ?, hash = ? WHERE id = ?", a.Seq, a.Hash, b.ID)
				storetest.Exec(t, e.store, "UPDATE audit_items SET seq = ? WHERE id = ?", b.Seq, a.ID)
			}, false, "does not match its hash", 2},
			{"item inserted at a taken position", func(t *testing.T, e *env, items []kyc.AuditItem) {
				storetest.Exec(t, e.store, `INSERT INTO audit_items (id, institution_id, profile_id, action, ts, seq, hash)
					SELECT ?, institution_id, profile_id, action, ts, seq, hash FROM audit_items WHERE id = ?`, kyc.NewID(), items[4].ID)
			}, false, "holds two items", 5},
			{"head record reset", func(t *testing.T, e *env, items []kyc.AuditItem) {
				storetest.Exec(t, e.store, "DELETE FROM audit_chain_heads WHERE institution_id = ?", e.actor.InstitutionID)
			}, false, "head was reset", 0},
			{"head record changed", func(t *testing.T, e *env, items []kyc.AuditItem) {
				storetest.Exec(t, e.store, "UPDATE audit_chain_heads SET hash = ? WHERE institution_id = ?", items[0].Hash, e.actor.InstitutionID)
			}, false, "head was changed", 0},
			{"head record moved back", func(t *testing.T, e *env, items []kyc.AuditItem) {
				prev := items[len(items)-2]
				storetest.Exec(t, e.store, "UPDATE audit_chain_heads SET seq = ?, hash = ? WHERE institution_id = ?", prev.Seq, prev.Hash, e.actor.InstitutionID)
			}, false, "the head was moved back", -1},
			{"rewritten consistently: unseen without an anchor", func(t *testing.T, e *env, items []kyc.AuditItem) {
				storetest.Exec(t, e.store, "UPDATE audit_items SET message = ? WHERE id = ?", "nothing happened", items[3].ID)
				rechain(t, e, 4)
			}, false, "", 0},
			{"rewritten consistently", func(t *testing.T, e *env, items []kyc.AuditItem) {
				storetest.Exec(t, e.store, "UPDATE audit_items SET message = ? WHERE id = ?", "nothing happened", items[3].ID)
				rechain(t, e, 4)
			}, true, "the chain was rewritten", -1},
			{"newest deleted and the head moved back", func(t *testing.T, e *env, items []kyc.AuditItem) {
				storetest.Exec(t, e.store, "DELETE FROM audit_items WHERE id = ?", items[len(items)-1].ID)
				rechain(t, e, 1)
			}, true, "before the expected head", -1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := newEnv(t, db.Open(t), policy.Demo())
				items := sealedChain(t, e, 6)
				last := items[len(items)-1]
				var check kyc.AuditCheck
				if tc.anchor {
					check.Expect = &kyc.AuditHead{Seq: last.Seq, Hash: last.Hash}
				}
				if tc.tamper != nil {
					tc.tamper(t, e, items)
				}
				rep, err := e.svc.VerifyAudit(ctx, e.actor.InstitutionID, check)
				if err != nil {
					t.Fatal(err)
				}
				pos := tc.pos
				if pos == -1 {
					pos = last.Seq
				}
				switch {
				case tc.want == "" && rep.Problem != "":
					t.Errorf("got %q at %d, want intact", rep.Problem, rep.Position)
				case tc.want == "" && (rep.Head.Seq != last.Seq || rep.Sealed != last.Seq):
					t.Errorf("got head %s and %d items, want %d", rep.Head, rep.Sealed, last.Seq)
				case tc.want != "" && (!strings.Contains(rep.Problem, tc.want) || rep.Position != pos):
					t.Errorf("got %q at position %d, want %q at %d", rep.Problem, rep.Position, tc.want, pos)
				}
			})
		}
	})
}

// TestVerifyAuditWhileSealing: verifying while profiles are created and
// sealed, as on a live server, never reports a break.
func TestVerifyAuditWhileSealing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db.Open(t), policy.Demo())
		sealedChain(t, e, 1)
		done := make(chan struct{})
		go func() {
			defer close(done)
			for range 15 {
				f, _ := kyc.ParseFacts(individual("Ada", "Lovelace"))
				if _, err := e.svc.CreateProfile(ctx, e.actor, kyc.NewProfile{Role: kyc.RoleIndividualCustomer,
					CollectedData: individual("Ada", "Lovelace"), Facts: f}); err != nil {
					t.Error(err)
					return
				}
				if _, err := e.svc.SealAudit(ctx, 3); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		for verified := 0; ; verified++ {
			select {
			case <-done:
				if verified == 0 {
					t.Error("the chain was not verified while it grew")
				}
				t.Logf("verified %d times while the chain grew", verified)
				return
			default:
			}
			rep, err := e.svc.VerifyAudit(ctx, e.actor.InstitutionID, kyc.AuditCheck{})
			if err != nil || rep.Problem != "" {
				t.Fatalf("verify %d while sealing: got %q at %d, %v; want intact", verified, rep.Problem, rep.Position, err)
			}
		}
	})
}

// TestVerifyAuditNeverSeals: an item inserted unsealed, as by hand, is
// counted and left unsealed; it is overdue once older than the bound.
func TestVerifyAuditNeverSeals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db.Open(t), policy.Demo())
		items := sealedChain(t, e, 1)
		for _, tc := range []struct {
			age     time.Duration
			overdue bool
		}{{0, false}, {2 * time.Hour, true}} {
			storetest.Exec(t, e.store, `INSERT INTO audit_items (id, institution_id, profile_id, action, ts)
				VALUES (?, ?, ?, ?, ?)`, kyc.NewID(), e.actor.InstitutionID, items[0].ProfileID, "manual-decision",
				time.Now().Add(-tc.age).UnixMicro())
			rep, err := e.svc.VerifyAudit(ctx, e.actor.InstitutionID, kyc.AuditCheck{MaxUnsealedAge: time.Hour})
			if err != nil || rep.Problem != "" || rep.Overdue != tc.overdue || rep.Head != (kyc.AuditHead{Seq: items[len(items)-1].Seq, Hash: items[len(items)-1].Hash}) {
				t.Errorf("an item %v old: got %+v %v, want intact with overdue=%v", tc.age, rep, err, tc.overdue)
			}
			if n, _, _ := e.store.CountUnsealed(ctx, e.actor.InstitutionID); n == 0 || n != rep.Unsealed {
				t.Errorf("an item %v old: got %d unsealed after verifying (reported %d), want it left unsealed", tc.age, n, rep.Unsealed)
			}
		}
	})
}

func TestParseAuditHead(t *testing.T) {
	t.Parallel()
	hash := strings.Repeat("ab", 32)
	for _, tc := range []struct {
		in   string
		want *kyc.AuditHead
	}{
		{"12:" + hash, &kyc.AuditHead{Seq: 12, Hash: hash}},
		{" 0: ", &kyc.AuditHead{}},
		{"0:", &kyc.AuditHead{}},
		{"12:" + strings.ToUpper(hash), nil},
		{"12:" + hash[1:], nil},
		{"12", nil},
		{"-1:" + hash, nil},
		{"0:" + hash, nil},
		{"x:" + hash, nil},
		{"", nil},
	} {
		got, err := kyc.ParseAuditHead(tc.in)
		switch {
		case tc.want == nil && err == nil:
			t.Errorf("ParseAuditHead(%q): got %v, want an error", tc.in, got)
		case tc.want != nil && (err != nil || got != *tc.want):
			t.Errorf("ParseAuditHead(%q): got %v %v, want %v", tc.in, got, err, *tc.want)
		case tc.want != nil && got.String() != strings.TrimSpace(tc.in):
			t.Errorf("String() of %q: got %q", tc.in, got.String())
		}
	}
}

// FuzzParseAuditHead: what parses prints back as the input, trimmed.
func FuzzParseAuditHead(f *testing.F) {
	for _, s := range []string{"12:" + strings.Repeat("ab", 32), "0:", " 0: ", "1:", "-0:", "+1:" + strings.Repeat("0", 64), "01:" + strings.Repeat("0", 64), "-1:" + strings.Repeat("0", 64)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := kyc.ParseAuditHead(s)
		if err != nil {
			return
		}
		if h.String() != strings.TrimSpace(s) {
			t.Fatalf("ParseAuditHead(%q) = %v, which prints as %q", s, h, h.String())
		}
	})
}
