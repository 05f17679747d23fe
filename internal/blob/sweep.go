package blob

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ReferencedFunc reports which of keys some row still refers to. The store
// implements it as one query (WHERE blob_key IN …) per batch.
type ReferencedFunc func(ctx context.Context, keys []Key) (map[Key]bool, error)

// Sweeper deletes blobs no row refers to, and abandoned temporary uploads,
// once they are older than Grace. Grace must exceed the longest time
// between a Put and the commit of the row that refers to its blob (a day
// is generous): a younger blob may belong to a transaction still running.
//
// The check and the delete are not atomic. That is safe because a blob
// only becomes referenced through a Put shortly before, which makes (or
// refreshes) it young; the one remaining window, a Put of bytes identical
// to an old orphan landing between the check and the delete, cannot occur
// when blobs are ciphertext under fresh randomness, as this package
// requires.
type Sweeper struct {
	Store          Store
	ReferencedFunc ReferencedFunc
	Grace          time.Duration
	// NowFunc returns the current time; nil means time.Now.
	NowFunc func() time.Time
	// Batch is how many keys go to ReferencedFunc at once; 0 means 500.
	Batch int
}

// SweepResult counts what a sweep saw and did.
type SweepResult struct {
	Seen        int   // objects listed
	Young       int   // left alone, younger than the grace period
	Referenced  int   // left alone, a row refers to them
	Deleted     int   // unreferenced blobs deleted
	TempDeleted int   // abandoned uploads deleted
	Bytes       int64 // bytes freed
}

// Sweep runs one pass. It deletes only what is both old and unreferenced;
// if ReferencedFunc fails, the batch is left alone and the error returned.
func (s *Sweeper) Sweep(ctx context.Context) (SweepResult, error) {
	if s.Store == nil || s.ReferencedFunc == nil {
		return SweepResult{}, errors.New("blob: sweeper needs a Store and a ReferencedFunc")
	}
	if s.Grace <= 0 {
		return SweepResult{}, errors.New("blob: sweeper needs a positive grace period")
	}
	now := time.Now
	if s.NowFunc != nil {
		now = s.NowFunc
	}
	batch := s.Batch
	if batch <= 0 {
		batch = 500
	}
	cutoff := now().Add(-s.Grace)
	var res SweepResult
	var pending []Info
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		keys := make([]Key, len(pending))
		for i, in := range pending {
			keys[i] = in.Key
		}
		refs, err := s.ReferencedFunc(ctx, keys)
		if err != nil {
			return fmt.Errorf("blob: sweep: references: %w", err)
		}
		for _, in := range pending {
			if refs[in.Key] {
				res.Referenced++
				continue
			}
			if err := s.Store.Delete(ctx, in.Key); err != nil {
				return err
			}
			res.Deleted++
			res.Bytes += in.Size
		}
		pending = pending[:0]
		return nil
	}
	for in, err := range s.Store.List(ctx) {
		if err != nil {
			return res, err
		}
		res.Seen++
		if !in.ModTime.Before(cutoff) {
			res.Young++
			continue
		}
		if in.Key.Temp() {
			if err := s.Store.Delete(ctx, in.Key); err != nil {
				return res, err
			}
			res.TempDeleted++
			res.Bytes += in.Size
			continue
		}
		pending = append(pending, in)
		if len(pending) == batch {
			if err := flush(); err != nil {
				return res, err
			}
		}
	}
	return res, flush()
}
