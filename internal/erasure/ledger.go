// Package erasure keeps the erasure ledger: the list of erased profiles,
// held outside the SQL database, beside the documents' blobs (a directory
// or an S3 bucket).
//
// Erasure destroys a profile's data key in the database. A backup of the
// database taken before the erasure still holds that key, wrapped: with
// the master key, restoring the backup would make the profile readable
// again. The ledger is what a restore does not roll back. The keyring
// refuses the key of every profile the ledger lists, so a restored
// database reveals nothing of them through Gatehouse, and a server
// starting on a database that still holds such a profile erases it again
// (kyc.Service.ReconcileErasures). See docs/data-protection.md for what
// this does not cover: someone who holds both the backup and the master
// key and decrypts without Gatehouse.
package erasure

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	gcblob "gocloud.dev/blob"
)

// prefix names the ledger's entries among the blob store's objects: the
// blob store lists only its own prefixes (sha256/, tmp/), so its sweeper
// never sees them.
const prefix = "erasures/"

// Entry is one erased profile.
type Entry struct {
	InstitutionID string
	ProfileID     string
	ErasedAt      time.Time
}

// Ledger is the erasure ledger: one small object per erased profile,
// named by its id, written once. Several servers may share it (they share
// the blob store); each knows the entries it loaded or wrote.
type Ledger struct {
	objects objects
	mu      sync.RWMutex
	erased  map[string]bool
}

// objects is where the entries live: a directory or a bucket.
type objects interface {
	put(ctx context.Context, name string, data []byte) error
	get(ctx context.Context, name string) ([]byte, error)
	list(ctx context.Context) ([]string, error)
	close() error
}

// Open opens the ledger at a blob location (blob.Open's forms: a path, a
// file:// URL or a bucket URL) and loads the ids it lists.
func Open(ctx context.Context, location string) (*Ledger, error) {
	var o objects
	switch {
	case location == "":
		return nil, errors.New("erasure: no ledger location")
	case strings.HasPrefix(location, "file://"):
		o = dirObjects{root: filepath.Join(strings.TrimPrefix(location, "file://"), prefix)}
	case strings.Contains(location, "://"):
		b, err := gcblob.OpenBucket(ctx, location)
		if err != nil {
			return nil, fmt.Errorf("erasure: open ledger: %w", err)
		}
		o = bucketObjects{b: gcblob.PrefixedBucket(b, prefix)}
	default:
		o = dirObjects{root: filepath.Join(location, prefix)}
	}
	l := &Ledger{objects: o, erased: map[string]bool{}}
	if err := l.Reload(ctx); err != nil {
		o.close()
		return nil, err
	}
	return l, nil
}

// Close releases the ledger's bucket.
func (l *Ledger) Close() error { return l.objects.close() }

// Reload reads the list of erased profiles again (other servers append to it).
func (l *Ledger) Reload(ctx context.Context) error {
	names, err := l.objects.list(ctx)
	if err != nil {
		return fmt.Errorf("erasure: read ledger: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, n := range names {
		if kyc.ValidID(n) {
			l.erased[n] = true
		}
	}
	return nil
}

// Erased reports whether the ledger lists the profile: the keyring's check.
func (l *Ledger) Erased(profileID string) bool {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.erased[strings.ToLower(profileID)]
}

// Record adds an erased profile (kyc.ErasureLedger). Recording one twice
// rewrites the same entry.
func (l *Ledger) Record(ctx context.Context, institutionID, profileID string, at time.Time) error {
	if !kyc.ValidID(profileID) {
		return fmt.Errorf("erasure: %q is not a profile id", profileID)
	}
	id := strings.ToLower(profileID)
	data := fmt.Sprintf("%s %s %s\n", institutionID, id, at.UTC().Format(time.RFC3339Nano))
	if err := l.objects.put(ctx, id, []byte(data)); err != nil {
		return fmt.Errorf("erasure: record %s: %w", id, err)
	}
	l.mu.Lock()
	l.erased[id] = true
	l.mu.Unlock()
	return nil
}

// Entries returns every entry of the ledger, read from its objects.
func (l *Ledger) Entries(ctx context.Context) ([]Entry, error) {
	names, err := l.objects.list(ctx)
	if err != nil {
		return nil, fmt.Errorf("erasure: read ledger: %w", err)
	}
	var out []Entry
	for _, n := range names {
		if !kyc.ValidID(n) {
			continue
		}
		b, err := l.objects.get(ctx, n)
		if err != nil {
			return nil, fmt.Errorf("erasure: read ledger entry %s: %w", n, err)
		}
		var e Entry
		var at string
		if _, err := fmt.Sscanf(string(b), "%s %s %s", &e.InstitutionID, &e.ProfileID, &at); err != nil || e.ProfileID != n {
			return nil, fmt.Errorf("erasure: ledger entry %s is malformed", n)
		}
		if e.ErasedAt, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, fmt.Errorf("erasure: ledger entry %s: %w", n, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// dirObjects keeps entries as files of a directory, each written to a
// temporary file, synced and renamed into place.
type dirObjects struct{ root string }

func (d dirObjects) put(ctx context.Context, name string, data []byte) error {
	if err := os.MkdirAll(d.root, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(d.root, ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), filepath.Join(d.root, name)); err != nil {
		return err
	}
	dir, err := os.Open(d.root)
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.Sync()
}

func (d dirObjects) get(ctx context.Context, name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(d.root, name))
}

func (d dirObjects) list(ctx context.Context) ([]string, error) {
	es, err := os.ReadDir(d.root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range es {
		if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

func (d dirObjects) close() error { return nil }

// bucketObjects keeps entries as objects under the ledger's prefix.
type bucketObjects struct{ b *gcblob.Bucket }

func (o bucketObjects) put(ctx context.Context, name string, data []byte) error {
	return o.b.WriteAll(ctx, name, data, &gcblob.WriterOptions{ContentType: "text/plain"})
}

func (o bucketObjects) get(ctx context.Context, name string) ([]byte, error) {
	return o.b.ReadAll(ctx, name)
}

func (o bucketObjects) list(ctx context.Context) ([]string, error) {
	var out []string
	it := o.b.List(nil)
	for {
		obj, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, obj.Key)
	}
}

func (o bucketObjects) close() error { return o.b.Close() }
