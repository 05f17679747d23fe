package screening

import (
	"sync"
	"sync/atomic"
)

// Holder holds the screening index in service. The server builds a new
// index when a list changes and swaps it in; checks, the screen endpoint
// and monitoring read whichever index is current, without locks. A nil
// Holder, or one never given an index, holds none.
type Holder struct {
	idx atomic.Pointer[Index]

	mu   sync.Mutex
	seen map[Key]bool // (list, version) pairs ever indexed here
}

// Index returns the current index, or nil when no list is loaded.
func (h *Holder) Index() *Index {
	if h == nil {
		return nil
	}
	return h.idx.Load()
}

// Swap makes idx the current index and remembers the list versions it
// holds (Seen). An index of no list leaves the holder empty.
func (h *Holder) Swap(idx *Index) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.seen == nil {
		h.seen = map[Key]bool{}
	}
	if idx != nil && len(idx.Lists()) == 0 {
		idx = nil
	}
	if idx != nil {
		for _, l := range idx.Lists() {
			h.seen[Key{List: l.Name, ListID: l.Version}] = true
		}
	}
	h.idx.Store(idx)
}

// Seen reports whether this holder has ever served the given version of a
// list. Monitoring uses it to tell a process that has not yet caught up
// with a list version (wait) from one that has moved past it (go on with
// the newer one).
func (h *Holder) Seen(list, version string) bool {
	if h == nil {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.seen[Key{List: list, ListID: version}]
}

// Version returns the version of a list in the current index, or "".
func (h *Holder) Version(list string) string {
	idx := h.Index()
	if idx == nil {
		return ""
	}
	for _, l := range idx.Lists() {
		if l.Name == list {
			return l.Version
		}
	}
	return ""
}
