// Package registry finds list files on disk, loads them with the right
// loader, and keeps the last good version of every list across reloads,
// so a broken download never makes a list silently disappear.
package registry

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/gatehouse/gatehouse/internal/screening"
)

// Registry holds the current version of every list found under its paths.
// It is safe for concurrent use.
type Registry struct {
	paths []string
	mu    sync.RWMutex
	lists map[string]*entry
}

type entry struct {
	src      Source
	list     *screening.List
	loadedAt time.Time
	err      error // last reload failure, nil when the current version is fresh
}

// Status describes one list: the version in use and whether the last
// reload of it failed (Stale), in which case Err says why.
type Status struct {
	Source
	Version  string    `json:"version,omitempty"`
	Entities int       `json:"entities"`
	LoadedAt time.Time `json:"loaded_at,omitzero"`
	Stale    bool      `json:"stale"`
	Err      string    `json:"error,omitempty"`
}

// New returns a registry over the given paths (see Discover). Nothing is
// loaded until Reload.
func New(paths ...string) *Registry {
	return &Registry{paths: append([]string(nil), paths...), lists: map[string]*entry{}}
}

// Load is New followed by a first Reload. It fails if any list fails,
// since at start there is no previous version to fall back on.
func Load(ctx context.Context, paths ...string) (*Registry, error) {
	r := New(paths...)
	if _, err := r.Reload(ctx); err != nil {
		return nil, err
	}
	return r, nil
}

// Reload discovers and loads every list again. A list whose load fails
// keeps its previous version and is marked stale; a list that was loaded
// before but can no longer be found is kept and reported the same way.
// The error joins one error per failed list, naming the version kept. The
// deltas describe the lists that changed, for ongoing monitoring.
func (r *Registry) Reload(ctx context.Context) ([]screening.Delta, error) {
	srcs, discErr := Discover(r.paths...)
	var errs []error
	if discErr != nil {
		errs = append(errs, discErr)
	}
	loaded := make([]*screening.List, len(srcs))
	loadErrs := make([]error, len(srcs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, s := range srcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := ctx.Err(); err != nil {
				loadErrs[i] = err
				return
			}
			loaded[i], loadErrs[i] = safeLoad(s)
		}()
	}
	wg.Wait()

	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	seen := map[string]bool{}
	var deltas []screening.Delta
	for i, s := range srcs {
		seen[s.Name] = true
		old := r.lists[s.Name]
		if loadErrs[i] != nil {
			err := fmt.Errorf("list %s (%s): %w", s.Name, s.Path, loadErrs[i])
			if old != nil && old.list != nil {
				err = fmt.Errorf("%w; keeping version %s", err, old.list.Version)
				old.err = err
			} else {
				r.lists[s.Name] = &entry{src: s, err: err}
			}
			errs = append(errs, err)
			continue
		}
		if old == nil || old.list == nil || old.list.Version != loaded[i].Version {
			var prev *screening.List
			if old != nil {
				prev = old.list
			}
			if d := screening.Diff(prev, loaded[i]); !d.Empty() {
				deltas = append(deltas, d)
			}
		}
		r.lists[s.Name] = &entry{src: s, list: loaded[i], loadedAt: now}
	}
	if discErr == nil {
		for name, e := range r.lists {
			if !seen[name] {
				err := fmt.Errorf("list %s (%s) is no longer found", name, e.src.Path)
				if e.list != nil {
					err = fmt.Errorf("%w; keeping version %s", err, e.list.Version)
				}
				e.err = err
				errs = append(errs, err)
			}
		}
	}
	return deltas, errors.Join(errs...)
}

// safeLoad loads one list, turning a loader panic into an error so one bad
// file cannot take the process down.
func safeLoad(s Source) (l *screening.List, err error) {
	defer func() {
		if p := recover(); p != nil {
			l, err = nil, fmt.Errorf("loader panic: %v", p)
		}
	}()
	return loadSource(s)
}

// Lists returns the current version of every successfully loaded list,
// sorted by name.
func (r *Registry) Lists() []*screening.List {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []*screening.List
	for _, e := range r.lists {
		if e.list != nil {
			out = append(out, e.list)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Status reports every list the registry knows, loaded or failed.
func (r *Registry) Status() []Status {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []Status
	for _, e := range r.lists {
		st := Status{Source: e.src, LoadedAt: e.loadedAt, Stale: e.err != nil}
		if e.err != nil {
			st.Err = e.err.Error()
		}
		if e.list != nil {
			st.Version, st.Entities = e.list.Version, len(e.list.Entities)
		}
		out = append(out, st)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Index builds a search index over the current lists.
func (r *Registry) Index() *screening.Index { return screening.NewIndex(r.Lists()...) }
