package kyc

import (
	"context"
	"fmt"
)

// SealAudit seals new audit items into their institutions' hash chains, at
// most limit per institution, and reports how many it sealed. Items are
// written unsealed with the change they record, so that no write has to
// wait for a per-institution lock; the sealer (one at a time per
// institution, under the chain head's lock) orders them into the chain
// within about a second.
func (s *Service) SealAudit(ctx context.Context, limit int) (int, error) {
	ctx = Background(ctx)
	insts, err := s.Store.UnsealedInstitutions(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, inst := range insts {
		err := s.Store.Update(ctx, func(tx Tx) error {
			seq, hash, err := tx.LockChainHead(ctx, inst)
			if err != nil {
				return err
			}
			items, err := tx.UnsealedAudit(ctx, inst, limit)
			if err != nil || len(items) == 0 {
				return err
			}
			for _, it := range items {
				seq++
				hash = it.ChainHash(seq, hash)
				if err := tx.SealAudit(ctx, it.ID, seq, hash); err != nil {
					return err
				}
			}
			total += len(items)
			return tx.SetChainHead(ctx, inst, seq, hash)
		})
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// AuditReport is the outcome of verifying one institution's audit chain.
type AuditReport struct {
	InstitutionID string
	Sealed        int64  // items verified
	Head          string // hash of the last item: record it outside the database to detect a rewritten chain
	Unsealed      int    // items written but not yet sealed
	Problem       string // empty when the chain is intact
}

// VerifyAudit recomputes an institution's audit chain from its first item
// and reports the first break: a changed item, a missing one or a reordering.
func (s *Service) VerifyAudit(ctx context.Context, institutionID string) (AuditReport, error) {
	rep := AuditReport{InstitutionID: institutionID}
	var prev string
	var seq int64
	for {
		items, err := s.Store.AuditChain(ctx, institutionID, seq, 1000)
		if err != nil {
			return rep, err
		}
		for _, it := range items {
			if it.Seq != seq+1 {
				rep.Problem = fmt.Sprintf("item at position %d is missing (next is %d, id %s)", seq+1, it.Seq, it.ID)
				return rep, nil
			}
			if h := it.ChainHash(it.Seq, prev); h != it.Hash {
				rep.Problem = fmt.Sprintf("item %s at position %d does not match its hash: it was changed", it.ID, it.Seq)
				return rep, nil
			}
			seq, prev = it.Seq, it.Hash
			rep.Sealed, rep.Head = seq, prev
		}
		if len(items) < 1000 {
			break
		}
	}
	n, err := s.Store.CountUnsealed(ctx, institutionID)
	rep.Unsealed = n
	return rep, err
}
