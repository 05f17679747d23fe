package blob

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func dirBackend() backend {
	return backend{
		name: "dir",
		open: func(t *testing.T) Store {
			d, err := OpenDir(filepath.Join(t.TempDir(), "blobs"))
			if err != nil {
				t.Fatal(err)
			}
			return d
		},
		raw: func(t *testing.T, s Store, key Key, data []byte) {
			if err := os.WriteFile(s.(*Dir).path(key), data, 0o600); err != nil {
				t.Fatal(err)
			}
		},
	}
}

func TestDir(t *testing.T) {
	t.Parallel()
	runSuite(t, dirBackend())
}

func TestDirLayout(t *testing.T) {
	t.Parallel()
	root := filepath.Join(t.TempDir(), "data", "blobs")
	s, err := Open(context.Background(), "file://"+root)
	if err != nil {
		t.Fatal(err)
	}
	in, err := s.Put(context.Background(), bytes.NewReader([]byte("x")))
	if err != nil {
		t.Fatal(err)
	}
	// sha256("x") = 2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881
	want := filepath.Join(root, "sha256", "2d", "711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881")
	fi, err := os.Stat(want)
	if err != nil {
		t.Fatalf("got %v, want the blob at %s", err, want)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("got mode %v, want 0600", fi.Mode().Perm())
	}
	if tmp, _ := os.ReadDir(filepath.Join(root, "tmp")); len(tmp) != 0 {
		t.Errorf("got %d temporary files left, want none", len(tmp))
	}
	// Files that are not blobs are neither listed nor swept.
	os.WriteFile(filepath.Join(root, "sha256", "README"), []byte("notes"), 0o600)
	os.WriteFile(filepath.Join(root, "tmp", "editor~"), []byte("junk"), 0o600)
	if l := list(t, s); len(l) != 1 || l[in.Key].Size != 1 {
		t.Errorf("got %v, want only %s", l, in.Key)
	}

	plain, err := Open(context.Background(), root) // a plain path opens the same store
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := plain.Exists(context.Background(), in.Key); !ok {
		t.Error("the store opened by path does not see the blob")
	}
	if _, err := Open(context.Background(), "file://elsewhere/x"); err == nil {
		t.Error("got no error for a file URL with a host")
	}
}

// TestDirPutMemoryBounded puts 20 MB from a generator and checks that all
// the allocation on the way (an upper bound on heap growth) stays small:
// Put streams, it does not buffer the object. Not parallel: the allocation
// counter is process-wide.
func TestDirPutMemoryBounded(t *testing.T) {
	s, err := OpenDir(filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	s.Put(context.Background(), bytes.NewReader(nil)) // warm the buffer pool and shard cache
	const size = 20 << 20
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	in, err := s.Put(context.Background(), io.LimitReader(&pattern{}, size))
	runtime.ReadMemStats(&after)
	if err != nil || in.Size != size {
		t.Fatalf("got %+v, %v", in, err)
	}
	if allocated, limit := after.TotalAlloc-before.TotalAlloc, uint64(256<<10); allocated > limit {
		t.Errorf("got %d bytes allocated putting %d bytes, want at most %d", allocated, size, limit)
	} else {
		t.Logf("allocated %d bytes putting %d MB", allocated, size>>20)
	}
}
