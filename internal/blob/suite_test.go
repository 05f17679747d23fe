package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"testing"
	"testing/iotest"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// backend is one implementation under the shared suite: how to open a
// fresh, empty store, and how to write raw bytes at a key behind the
// store's back (to corrupt a blob, or leave an abandoned upload).
type backend struct {
	name string
	open func(t *testing.T) Store
	raw  func(t *testing.T, s Store, key Key, data []byte)
	// urlOf returns the URL a store was opened with (bucket stores only).
	urlOf func(s Store) string
}

// pattern is an endless, allocation-free source of varied bytes.
type pattern struct{ n uint64 }

func (p *pattern) Read(b []byte) (int, error) {
	for i := range b {
		p.n++
		b[i] = byte(p.n*2654435761>>13) ^ byte(p.n)
	}
	return len(b), nil
}

func sha(b []byte) Key {
	s := sha256.Sum256(b)
	return contentKey(s[:])
}

func readAll(t *testing.T, s Store, k Key) []byte {
	t.Helper()
	rc, err := s.Open(context.Background(), k)
	if err != nil {
		t.Fatalf("open %s: %v", k, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read %s: %v", k, err)
	}
	return b
}

func list(t *testing.T, s Store) map[Key]Info {
	t.Helper()
	out := map[Key]Info{}
	for in, err := range s.List(context.Background()) {
		if err != nil {
			t.Fatalf("list: %v", err)
		}
		out[in.Key] = in
	}
	return out
}

// runSuite is the conformance suite both stores pass.
func runSuite(t *testing.T, b backend) {
	ctx := context.Background()

	t.Run("put, open, exists, list", func(t *testing.T) {
		s := b.open(t)
		data := []byte("ciphertext of a passport scan")
		before := time.Now().Add(-2 * time.Second)
		in, err := s.Put(ctx, bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if in.Key != sha(data) || in.Size != int64(len(data)) || in.ModTime.Before(before) {
			t.Fatalf("got %+v, want key %s, size %d, a current time", in, sha(data), len(data))
		}
		if k, err := ParseKey(string(in.Key)); err != nil || k != in.Key {
			t.Errorf("ParseKey(%s): got %v, %v", in.Key, k, err)
		}
		if got := readAll(t, s, in.Key); !bytes.Equal(got, data) {
			t.Errorf("got %q, want %q", got, data)
		}
		if ok, err := s.Exists(ctx, in.Key); !ok || err != nil {
			t.Errorf("Exists: got %v, %v, want true", ok, err)
		}
		l := list(t, s)
		if len(l) != 1 || l[in.Key].Size != in.Size {
			t.Errorf("List: got %v, want just %s (no temporary upload left)", l, in.Key)
		}
	})

	t.Run("same bytes, same key", func(t *testing.T) {
		s := b.open(t)
		a, err := s.Put(ctx, bytes.NewReader([]byte("x")))
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.Put(ctx, iotest.OneByteReader(bytes.NewReader([]byte("x"))))
		if err != nil || c.Key != a.Key {
			t.Fatalf("got %v, %v, want %s again", c.Key, err, a.Key)
		}
		if l := list(t, s); len(l) != 1 {
			t.Errorf("got %d objects, want 1", len(l))
		}
	})

	t.Run("empty blob", func(t *testing.T) {
		s := b.open(t)
		in, err := s.Put(ctx, bytes.NewReader(nil))
		if err != nil || in.Key != sha(nil) || in.Size != 0 {
			t.Fatalf("got %+v, %v, want the empty blob", in, err)
		}
		if got := readAll(t, s, in.Key); len(got) != 0 {
			t.Errorf("got %d bytes, want 0", len(got))
		}
	})

	t.Run("large streamed blob", func(t *testing.T) {
		s := b.open(t)
		const size = 12 << 20 // more than two upload parts
		h := sha256.New()
		io.Copy(h, io.LimitReader(&pattern{}, size))
		in, err := s.Put(ctx, io.LimitReader(&pattern{}, size))
		if err != nil {
			t.Fatal(err)
		}
		if in.Size != size || in.Key != contentKey(h.Sum(nil)) {
			t.Fatalf("got %+v, want %d bytes under %x", in, size, h.Sum(nil))
		}
		rc, err := s.Open(ctx, in.Key)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		h2 := sha256.New()
		if n, err := io.Copy(h2, rc); err != nil || n != size || !bytes.Equal(h2.Sum(nil), h.Sum(nil)) {
			t.Fatalf("read back %d bytes, %v, want the %d written", n, err, size)
		}
	})

	t.Run("missing blob", func(t *testing.T) {
		s := b.open(t)
		k := sha([]byte("never stored"))
		if _, err := s.Open(ctx, k); !kyc.IsCode(err, kyc.ENotFound) {
			t.Errorf("Open: got %v, want ENotFound", err)
		}
		if ok, err := s.Exists(ctx, k); ok || err != nil {
			t.Errorf("Exists: got %v, %v, want false", ok, err)
		}
		if err := s.Delete(ctx, k); err != nil {
			t.Errorf("Delete: got %v, want nil", err)
		}
	})

	t.Run("delete", func(t *testing.T) {
		s := b.open(t)
		in, err := s.Put(ctx, bytes.NewReader([]byte("to be erased")))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, in.Key); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Open(ctx, in.Key); !kyc.IsCode(err, kyc.ENotFound) {
			t.Errorf("Open after Delete: got %v, want ENotFound", err)
		}
		if l := list(t, s); len(l) != 0 {
			t.Errorf("List after Delete: got %v, want nothing", l)
		}
	})

	t.Run("malformed keys are refused", func(t *testing.T) {
		s := b.open(t)
		for _, k := range []Key{"", "../../etc/passwd", "sha256/zz/00", "sha256/" + Key(hex.EncodeToString(make([]byte, 32))), "tmp/../x"} {
			if _, err := s.Open(ctx, k); !kyc.IsCode(err, kyc.EInvalid) {
				t.Errorf("Open(%q): got %v, want EInvalid", k, err)
			}
			if err := s.Delete(ctx, k); !kyc.IsCode(err, kyc.EInvalid) {
				t.Errorf("Delete(%q): got %v, want EInvalid", k, err)
			}
			if _, err := s.Exists(ctx, k); !kyc.IsCode(err, kyc.EInvalid) {
				t.Errorf("Exists(%q): got %v, want EInvalid", k, err)
			}
		}
	})

	t.Run("corruption is detected on read", func(t *testing.T) {
		s := b.open(t)
		in, err := s.Put(ctx, bytes.NewReader([]byte("original")))
		if err != nil {
			t.Fatal(err)
		}
		b.raw(t, s, in.Key, []byte("substitute"))
		rc, err := s.Open(ctx, in.Key)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		if _, err := io.ReadAll(rc); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("got %v, want ErrCorrupt", err)
		}
	})

	t.Run("failed put leaves nothing", func(t *testing.T) {
		s := b.open(t)
		boom := errors.New("client went away")
		src := io.MultiReader(io.LimitReader(&pattern{}, 100_000), iotest.ErrReader(boom))
		if _, err := s.Put(ctx, src); !errors.Is(err, boom) {
			t.Fatalf("got %v, want the reader's error", err)
		}
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Put(cctx, bytes.NewReader([]byte("late"))); !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled: got %v, want context.Canceled", err)
		}
		if l := list(t, s); len(l) != 0 {
			t.Errorf("got %v left behind, want nothing", l)
		}
	})

	t.Run("sweeper", func(t *testing.T) { sweepSuite(t, b) })
}
