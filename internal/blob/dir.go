package blob

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"sync"
)

// Dir stores blobs as files under a root directory:
// root/sha256/ab/cdef… for content, root/tmp/… for uploads in progress
// (on the same file system, so the final rename is atomic). Files are 0600
// and directories 0700.
type Dir struct {
	root string

	mu      sync.Mutex
	shards  map[string]bool // shard directories known to exist and be synced
	copyBuf sync.Pool
}

// OpenDir opens (creating if needed) a directory store at root.
func OpenDir(root string) (*Dir, error) {
	if root == "" {
		return nil, errors.New("blob: empty directory path")
	}
	d := &Dir{root: root, shards: make(map[string]bool)}
	d.copyBuf.New = func() any { b := make([]byte, 32<<10); return &b }
	for _, sub := range []string{"", "sha256", "tmp"} {
		if err := mkdirSynced(filepath.Join(root, sub)); err != nil {
			return nil, fmt.Errorf("blob: open %s: %w", root, err)
		}
	}
	return d, nil
}

// Root returns the directory the store lives in.
func (d *Dir) Root() string { return d.root }

func (d *Dir) path(k Key) string { return filepath.Join(d.root, filepath.FromSlash(string(k))) }

// Put implements Store: it writes a temporary file while hashing, fsyncs
// it, renames it to its content key and fsyncs the directory holding it.
// Putting bytes that are already stored replaces the file with an identical
// one, which also refreshes its time, so the sweeper will not take it from
// under the row about to refer to it.
func (d *Dir) Put(ctx context.Context, r io.Reader) (Info, error) {
	tmp, err := os.OpenFile(d.path(tempKey()), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return Info{}, fmt.Errorf("blob: put: %w", err)
	}
	tmpName := tmp.Name()
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	h := sha256.New()
	bp := d.copyBuf.Get().(*[]byte)
	n, err := io.CopyBuffer(io.MultiWriter(tmp, h), ctxReader{ctx, r}, *bp)
	d.copyBuf.Put(bp)
	if err != nil {
		return Info{}, fmt.Errorf("blob: put: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return Info{}, fmt.Errorf("blob: put: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return Info{}, fmt.Errorf("blob: put: %w", err)
	}
	key := contentKey(h.Sum(nil))
	final := d.path(key)
	shard := filepath.Dir(final)
	if err := d.ensureShard(shard); err != nil {
		return Info{}, fmt.Errorf("blob: put: %w", err)
	}
	if err := os.Rename(tmpName, final); err != nil {
		return Info{}, fmt.Errorf("blob: put: %w", err)
	}
	done = true
	if err := syncDir(shard); err != nil {
		return Info{}, fmt.Errorf("blob: put: sync directory: %w", err)
	}
	fi, err := os.Stat(final)
	if err != nil {
		return Info{}, fmt.Errorf("blob: put: %w", err)
	}
	return Info{Key: key, Size: n, ModTime: fi.ModTime()}, nil
}

// ensureShard creates a shard directory once, syncing its parent so the new
// entry survives a crash.
func (d *Dir) ensureShard(shard string) error {
	d.mu.Lock()
	known := d.shards[shard]
	d.mu.Unlock()
	if known {
		return nil
	}
	if err := mkdirSynced(shard); err != nil {
		return err
	}
	d.mu.Lock()
	d.shards[shard] = true
	d.mu.Unlock()
	return nil
}

// mkdirSynced creates dir if missing and, if it did, fsyncs its parent.
func mkdirSynced(dir string) error {
	err := os.Mkdir(dir, 0o700)
	switch {
	case errors.Is(err, fs.ErrExist):
		return nil
	case errors.Is(err, fs.ErrNotExist):
		if err := mkdirSynced(filepath.Dir(dir)); err != nil {
			return err
		}
		return mkdirSynced(dir)
	case err != nil:
		return err
	}
	return syncDir(filepath.Dir(dir))
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Open implements Store.
func (d *Dir) Open(ctx context.Context, key Key) (io.ReadCloser, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	f, err := os.Open(d.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, notFound(key)
	}
	if err != nil {
		return nil, fmt.Errorf("blob: open: %w", err)
	}
	return verify(f, key), nil
}

// Exists implements Store.
func (d *Dir) Exists(ctx context.Context, key Key) (bool, error) {
	if err := checkKey(key); err != nil {
		return false, err
	}
	_, err := os.Stat(d.path(key))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	}
	return false, fmt.Errorf("blob: exists: %w", err)
}

// Delete implements Store; the removal is synced like a Put.
func (d *Dir) Delete(ctx context.Context, key Key) error {
	if err := checkKey(key); err != nil {
		return err
	}
	p := d.path(key)
	err := os.Remove(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("blob: delete: %w", err)
	}
	return syncDir(filepath.Dir(p))
}

// List implements Store. Files that are not blobs (an operator's notes,
// editor droppings) are skipped, never reported or deleted.
func (d *Dir) List(ctx context.Context) iter.Seq2[Info, error] {
	return func(yield func(Info, error) bool) {
		for _, sub := range []string{"sha256", "tmp"} {
			base := filepath.Join(d.root, sub)
			stop := false
			err := filepath.WalkDir(base, func(path string, e fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				if e.IsDir() {
					return nil
				}
				rel, err := filepath.Rel(d.root, path)
				if err != nil {
					return err
				}
				key := Key(filepath.ToSlash(rel))
				if !key.valid() {
					return nil
				}
				fi, err := e.Info()
				if errors.Is(err, fs.ErrNotExist) {
					return nil // deleted while listing
				}
				if err != nil {
					return err
				}
				if !yield(Info{Key: key, Size: fi.Size(), ModTime: fi.ModTime()}, nil) {
					stop = true
					return filepath.SkipAll
				}
				return nil
			})
			if stop {
				return
			}
			if err != nil {
				yield(Info{}, fmt.Errorf("blob: list: %w", err))
				return
			}
		}
	}
}

// Close implements Store; a directory holds nothing open.
func (d *Dir) Close() error { return nil }
