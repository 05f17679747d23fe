package kyc

import (
	"context"
	"errors"
	"fmt"
)

// chainWalk verifies an institution's audit chain item by item.
type chainWalk struct {
	store         Reader
	institutionID string
	expect        *AuditHead

	head     AuditHead // the last item verified
	lastID   string    // its id
	problem  string    // the first break, "" while none
	position int64     // where it was found; 0 for the head record itself
}

func (w *chainWalk) fail(pos int64, format string, args ...any) {
	w.problem, w.position = fmt.Sprintf(format, args...), pos
}

// verify reads the whole chain, then compares the head the sealer recorded
// with the last item read. The head is read after the items: the sealer
// records a head in the transaction that seals the items up to it, so a
// head ahead of the items read means more were sealed since (they are read
// in turn) or the newest were removed (none come).
func (w *chainWalk) verify(ctx context.Context) error {
	if err := w.read(ctx); err != nil || w.problem != "" {
		return err
	}
	for round := 0; ; round++ {
		seq, hash, err := w.store.ChainHead(ctx, w.institutionID)
		if err != nil {
			return err
		}
		if seq <= w.head.Seq {
			if w.compareHead(AuditHead{seq, hash}); w.problem != "" {
				return nil
			}
			break
		}
		before := w.head.Seq
		if err := w.read(ctx); err != nil || w.problem != "" {
			return err
		}
		if w.head.Seq == before {
			w.fail(w.head.Seq+1, "the chain ends at position %d, but its head is at position %d: the newest items were removed",
				w.head.Seq, seq)
			return nil
		}
		if round == 10 {
			return errors.New("the audit chain kept growing while it was verified; try again")
		}
	}
	if w.expect != nil && w.head.Seq < w.expect.Seq {
		w.fail(w.head.Seq+1, "the chain ends at position %d, before the expected head %s: items were removed", w.head.Seq, w.expect)
	}
	return nil
}

// read verifies the items after the last one verified, to the chain's end.
// Each page starts again at the last item read, so that a second item at
// its position is seen even across pages.
func (w *chainWalk) read(ctx context.Context) error {
	for {
		items, err := w.store.AuditChain(ctx, w.institutionID, max(w.head.Seq-1, 0), chainPage)
		if err != nil {
			return err
		}
		for _, it := range items {
			if it.ID == w.lastID {
				continue
			}
			if !w.step(it) {
				return nil
			}
		}
		if len(items) < chainPage {
			return nil
		}
	}
}

// step verifies the next item, reporting whether the chain holds so far.
func (w *chainWalk) step(it AuditItem) bool {
	next := w.head.Seq + 1
	switch {
	case it.Seq < next:
		w.fail(it.Seq, "position %d holds two items (%s and %s): one was inserted", it.Seq, w.lastID, it.ID)
	case it.Seq > next:
		w.fail(next, "the item at position %d is missing (the next is at position %d, id %s)", next, it.Seq, it.ID)
	case it.ChainHash(it.Seq, w.head.Hash) != it.Hash:
		w.fail(it.Seq, "item %s at position %d does not match its hash: it was changed, or items were reordered", it.ID, it.Seq)
	case w.expect != nil && it.Seq == w.expect.Seq && it.Hash != w.expect.Hash:
		w.fail(it.Seq, "item %s at position %d has hash %s, not the expected %s: the chain was rewritten", it.ID, it.Seq, it.Hash, w.expect.Hash)
	}
	if w.problem != "" {
		return false
	}
	w.head, w.lastID = AuditHead{it.Seq, it.Hash}, it.ID
	return true
}

// compareHead checks the recorded head, read after the items and not
// ahead of them, against the last item read. Behind them is never right:
// the sealer records the head in the transaction that seals the items up
// to it.
func (w *chainWalk) compareHead(head AuditHead) {
	switch {
	case head.Seq == 0 && w.head.Seq > 0:
		w.fail(0, "the chain has %d items but its head record says none: the head was reset", w.head.Seq)
	case head.Seq < w.head.Seq:
		w.fail(head.Seq+1, "the chain runs to position %d but its head record says %d: items were added after the head, or the head was moved back",
			w.head.Seq, head.Seq)
	case head.Hash != w.head.Hash:
		w.fail(0, "the head record (%s) does not match the item at its position (hash %s): the head was changed", head, w.head.Hash)
	}
}
