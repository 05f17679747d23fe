package kyc

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
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

// AuditHead is a position in an institution's audit chain and the chain
// hash there. Written "SEQ:HASH", it is what an operator records outside
// the database (gatehouse audit head) to check the chain against later
// (gatehouse audit verify --expect): the chain's own head row is in the
// database, and whoever can rewrite the items can rewrite it too.
type AuditHead struct {
	Seq  int64
	Hash string
}

// String returns the head as "SEQ:HASH" ("0:" for an empty chain).
func (h AuditHead) String() string { return strconv.FormatInt(h.Seq, 10) + ":" + h.Hash }

// ParseAuditHead reads a head written by String.
func ParseAuditHead(s string) (AuditHead, error) {
	seq, hash, ok := strings.Cut(strings.TrimSpace(s), ":")
	n, err := strconv.ParseInt(seq, 10, 64)
	switch {
	case !ok || err != nil || n < 0 || strconv.FormatInt(n, 10) != seq: // one spelling: no sign, no leading zeros
		return AuditHead{}, fmt.Errorf("audit head %q: want SEQ:HASH", s)
	case n == 0 && hash != "":
		return AuditHead{}, fmt.Errorf("audit head %q: an empty chain (0) has no hash", s)
	case n > 0 && (len(hash) != 64 || strings.Trim(hash, "0123456789abcdef") != ""):
		return AuditHead{}, fmt.Errorf("audit head %q: the hash must be 64 lowercase hexadecimal digits", s)
	}
	return AuditHead{Seq: n, Hash: hash}, nil
}

// DefaultMaxUnsealedAge is how old an unsealed audit item may be before
// VerifyAudit reports it: a running server seals items within about a
// second of their commit.
const DefaultMaxUnsealedAge = time.Minute

// AuditCheck says what VerifyAudit checks beyond the chain itself.
type AuditCheck struct {
	// Expect, when set, is a head recorded earlier outside the database:
	// the chain must still hold that position with that hash.
	Expect *AuditHead
	// MaxUnsealedAge: unsealed items older than this are reported as
	// overdue (DefaultMaxUnsealedAge when 0).
	MaxUnsealedAge time.Duration
}

// AuditReport is the outcome of verifying one institution's audit chain.
type AuditReport struct {
	InstitutionID string
	Sealed        int64     // items verified: the chain's length
	Head          AuditHead // the verified chain's last position and hash
	// Problem is the first break found (empty when the chain is intact);
	// Position is the chain position where it was found.
	Problem  string
	Position int64
	// Unsealed counts items written but not yet sealed into the chain;
	// OldestUnsealed is the oldest one's timestamp. Overdue is set when it
	// is older than the check's MaxUnsealedAge: no server is sealing, or
	// the item was written with an old timestamp by hand.
	Unsealed       int
	OldestUnsealed time.Time
	Overdue        bool
}

// chainPage is how many items VerifyAudit reads at a time.
const chainPage = 1000

// VerifyAudit recomputes an institution's audit chain from its first item,
// and compares its end with the chain head the sealer recorded and, when
// given, with a head recorded outside the database. It reports the first
// break with its position: an item changed, missing, duplicated or out of
// order, newest items removed (the chain ends before its head), or the
// chain rewritten (the expected head is no longer in it). It never seals
// anything: unsealed items are counted, and reported when overdue.
//
// It reads without locking, while the server may be sealing: the head is
// read after the items, so that it can only be ahead of them when items
// were sealed meanwhile (then those are read too) or removed.
func (s *Service) VerifyAudit(ctx context.Context, institutionID string, check AuditCheck) (AuditReport, error) {
	rep := AuditReport{InstitutionID: institutionID}
	if check.MaxUnsealedAge <= 0 {
		check.MaxUnsealedAge = DefaultMaxUnsealedAge
	}
	n, oldest, err := s.Store.CountUnsealed(ctx, institutionID)
	if err != nil {
		return rep, err
	}
	rep.Unsealed, rep.OldestUnsealed = n, oldest
	rep.Overdue = n > 0 && oldest.Before(s.now().Add(-check.MaxUnsealedAge))

	w := chainWalk{store: s.Store, institutionID: institutionID, expect: check.Expect}
	err = w.verify(ctx)
	rep.Sealed, rep.Head, rep.Problem, rep.Position = w.head.Seq, w.head, w.problem, w.position
	return rep, err
}
