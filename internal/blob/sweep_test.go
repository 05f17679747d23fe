package blob

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"
)

func sweepSuite(t *testing.T, b backend) {
	ctx := context.Background()
	s := b.open(t)
	var keys []Key
	for _, d := range []string{"kept", "orphan one", "orphan two"} {
		in, err := s.Put(ctx, bytes.NewReader([]byte(d)))
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, in.Key)
	}
	abandoned := tempKey()
	b.raw(t, s, abandoned, []byte("half an upload"))

	var asked [][]Key
	refs := func(ctx context.Context, ks []Key) (map[Key]bool, error) {
		asked = append(asked, append([]Key(nil), ks...))
		out := map[Key]bool{}
		for _, k := range ks {
			out[k] = k == keys[0]
		}
		return out, nil
	}
	later := func() time.Time { return time.Now().Add(2 * time.Hour) }

	// Young: nothing is touched, not even the abandoned upload.
	sw := &Sweeper{Store: s, ReferencedFunc: refs, Grace: time.Hour}
	res, err := sw.Sweep(ctx)
	if err != nil || res.Young != 4 || res.Deleted+res.TempDeleted != 0 || len(asked) != 0 {
		t.Fatalf("young: got %+v, %v, asked %v, want all four left young", res, err, asked)
	}

	// The references query failing deletes nothing.
	failing := &Sweeper{Store: s, Grace: time.Hour, NowFunc: later,
		ReferencedFunc: func(context.Context, []Key) (map[Key]bool, error) { return nil, errors.New("db down") }}
	if _, err := failing.Sweep(ctx); err == nil {
		t.Fatal("got no error from a failing references query")
	}
	if l := list(t, s); len(l) != 3 { // only the temporary upload went
		t.Fatalf("after failed sweep: got %d objects, want the 3 blobs", len(l))
	}
	b.raw(t, s, abandoned, []byte("half an upload"))

	// Old: the orphans and the abandoned upload go, the referenced blob stays.
	sw = &Sweeper{Store: s, ReferencedFunc: refs, Grace: time.Hour, NowFunc: later, Batch: 2}
	res, err = sw.Sweep(ctx)
	want := SweepResult{Seen: 4, Referenced: 1, Deleted: 2, TempDeleted: 1,
		Bytes: int64(len("orphan one") + len("orphan two") + len("half an upload"))}
	if err != nil || res != want {
		t.Fatalf("got %+v, %v, want %+v", res, err, want)
	}
	if len(asked) != 2 || len(asked[0]) != 2 || len(asked[1]) != 1 {
		t.Errorf("got reference queries %v, want batches of 2 then 1", asked)
	}
	l := list(t, s)
	if _, ok := l[keys[0]]; len(l) != 1 || !ok {
		t.Fatalf("got %v left, want only the referenced %s", l, keys[0])
	}

	if _, err := (&Sweeper{Store: s, ReferencedFunc: refs}).Sweep(ctx); err == nil {
		t.Error("got no error for a zero grace period")
	}
}
