package storetest

import (
	"sort"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// TestChainHeadAndUnsealed: the chain head reads back as the sealer set it
// ((0, "") before any sealing), and the unsealed count comes with the
// oldest unsealed item's time.
func TestChainHeadAndUnsealed(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		inst := newInstitution(t, s, "Acme")
		if seq, hash, err := s.ChainHead(ctx, inst.ID); err != nil || seq != 0 || hash != "" {
			t.Errorf("head of an empty chain: got %d %q %v, want 0 \"\" nil", seq, hash, err)
		}
		if n, oldest, err := s.CountUnsealed(ctx, inst.ID); err != nil || n != 0 || !oldest.IsZero() {
			t.Errorf("unsealed of an empty chain: got %d %v %v, want 0 and no time", n, oldest, err)
		}
		p := newProfile(inst, "Ada", "Lovelace")
		early := now.Add(-time.Hour)
		p.Record(kyc.NewAudit(kyc.System(inst.ID), kyc.AuditAddedTag, early, "", nil))
		save(t, s, p)
		n, oldest, err := s.CountUnsealed(ctx, inst.ID)
		if db.Name == "sqlite" {
			// SQLite seals items as it inserts them: none wait, and the
			// head has moved past both.
			if err != nil || n != 0 {
				t.Errorf("unsealed: got %d %v, want 0 (sealed on insert)", n, err)
			}
			if seq, hash, err := s.ChainHead(ctx, inst.ID); err != nil || seq != 2 || hash == "" {
				t.Errorf("head after insert: got %d %q %v, want 2 and a hash", seq, hash, err)
			}
			items, err := s.AuditItems(ctx, inst.ID, p.ID)
			if err != nil || len(items) != 2 {
				t.Fatalf("items: %d %v", len(items), err)
			}
			sort.Slice(items, func(i, j int) bool { return items[i].Seq < items[j].Seq })
			prev := ""
			for i, it := range items {
				if it.Seq != int64(i+1) || it.Hash != it.ChainHash(it.Seq, prev) {
					t.Errorf("item %d: seq %d hash %q does not chain", i, it.Seq, it.Hash)
				}
				prev = it.Hash
			}
		} else if err != nil || n != 2 || !oldest.Equal(early) {
			t.Errorf("unsealed: got %d %v %v, want 2 %v", n, oldest, err, early)
		}
		err = s.Update(ctx, func(tx kyc.Tx) error {
			if _, _, err := tx.LockChainHead(ctx, inst.ID); err != nil {
				return err
			}
			return tx.SetChainHead(ctx, inst.ID, 7, "abc")
		})
		if err != nil {
			t.Fatal(err)
		}
		if seq, hash, err := s.ChainHead(ctx, inst.ID); err != nil || seq != 7 || hash != "abc" {
			t.Errorf("head: got %d %q %v, want 7 \"abc\" nil", seq, hash, err)
		}
	})
}
