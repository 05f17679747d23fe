// Package monitor keeps the screening lists current in a running server
// and re-screens monitored profiles when a list changes.
//
// Lists loads the configured list paths, one registry per path, so that a
// missing or broken path costs only its own lists; a Watcher polls them,
// swaps a rebuilt index into the screening Holder when a version changes,
// and records a durable MonitorRun (with a "monitor" job) per changed
// list; the Worker runs those jobs, re-screening each monitored profile
// against the list's delta only and raising new potential matches through
// the kyc rules.
package monitor

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/registry"
)

// Lists is the set of list paths a server screens against.
type Lists struct {
	mu    sync.Mutex
	paths []*path
}

// path is one configured list file or directory.
type path struct {
	name    string
	watched bool // the lists directory: absent or empty is normal
	reg     *registry.Registry
	stamp   string // files' names, sizes and times at the last clean reload
	err     error  // the last reload's failure
}

// NewLists returns the lists under the given paths (list files, list
// directories, or directories of list directories) and the watched lists
// directory (may be "", absent or empty). Nothing is loaded until Reload.
func NewLists(paths []string, watchedDir string) *Lists {
	l := &Lists{}
	for _, p := range paths {
		if p = strings.TrimSpace(p); p != "" {
			l.paths = append(l.paths, &path{name: p, reg: registry.New(p)})
		}
	}
	if watchedDir != "" {
		l.paths = append(l.paths, &path{name: watchedDir, watched: true, reg: registry.New(watchedDir)})
	}
	return l
}

// Reload loads every path again and returns the lists whose content
// changed (a list seen for the first time is all added). A path that
// fails keeps the last good version of its lists; the error joins one
// error per failure. Paths whose files have not changed since their last
// clean reload are not read again.
func (l *Lists) Reload(ctx context.Context) ([]screening.Delta, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	type change struct {
		from *path
		screening.Delta
	}
	var changes []change
	var errs []error
	for _, p := range l.paths {
		if p.watched && !p.loaded() && isEmptyDir(p.name) {
			p.err = nil
			continue // nothing imported yet
		}
		stamp := stampOf(p.name)
		if stamp != "" && stamp == p.stamp && p.err == nil {
			continue
		}
		ds, err := p.reg.Reload(ctx)
		for _, d := range ds {
			changes = append(changes, change{p, d})
		}
		p.err = err
		if err != nil {
			errs = append(errs, fmt.Errorf("lists %s: %w", p.name, err))
			p.stamp = ""
			continue
		}
		p.stamp = stamp
	}
	// A list name is the list's identity: two paths giving one name would
	// make hits ambiguous. The first path keeps it.
	owner := map[string]*path{}
	for _, p := range l.paths {
		for _, li := range p.reg.Lists() {
			if o, dup := owner[li.Name]; dup {
				errs = append(errs, fmt.Errorf("list %s is found under both %s and %s; using %s's", li.Name, o.name, p.name, o.name))
				continue
			}
			owner[li.Name] = p
		}
	}
	// Only the owning path's changes are served by the index, so only they
	// are changes.
	var kept []screening.Delta
	for _, c := range changes {
		if owner[c.List] == c.from {
			kept = append(kept, c.Delta)
		}
	}
	return kept, errors.Join(errs...)
}

// Lists returns the current version of every loaded list, by name, the
// first path winning a name given twice.
func (l *Lists) Lists() []*screening.List {
	l.mu.Lock()
	defer l.mu.Unlock()
	seen := map[string]bool{}
	var out []*screening.List
	for _, p := range l.paths {
		for _, li := range p.reg.Lists() {
			if !seen[li.Name] {
				seen[li.Name] = true
				out = append(out, li)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Index builds a search index over the current lists.
func (l *Lists) Index() *screening.Index { return screening.NewIndex(l.Lists()...) }

// PathStatus describes one configured path: its lists, and the last
// reload's failure.
type PathStatus struct {
	Path    string            `json:"path"`
	Watched bool              `json:"watched,omitempty"`
	Lists   []registry.Status `json:"lists"`
	Err     string            `json:"error,omitempty"`
}

// Status reports every path and list, loaded or failed.
func (l *Lists) Status() []PathStatus {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]PathStatus, len(l.paths))
	for i, p := range l.paths {
		out[i] = PathStatus{Path: p.name, Watched: p.watched, Lists: p.reg.Status()}
		if out[i].Lists == nil {
			out[i].Lists = []registry.Status{}
		}
		if p.err != nil {
			out[i].Err = p.err.Error()
		}
	}
	return out
}

func (p *path) loaded() bool { return len(p.reg.Status()) > 0 }

// isEmptyDir reports whether dir is absent or holds nothing but hidden
// entries (imports in progress).
func isEmptyDir(dir string) bool {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return errors.Is(err, fs.ErrNotExist)
	}
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), ".") {
			return false
		}
	}
	return true
}

// stampOf summarises the names, sizes and modification times of every file
// under a path, so an unchanged path is not parsed again; "" when the path
// cannot be read (always reload then).
func stampOf(root string) string {
	h := sha256.New()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\x00", p, info.Size(), info.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}
