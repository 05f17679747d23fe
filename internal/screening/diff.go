package screening

import (
	"bytes"
	"encoding/json"
	"sort"
)

// Delta is what changed between two versions of a list, keyed by ListID.
// Ongoing monitoring re-screens profiles against Added and Changed only
// (see Index.SearchEntities) and closes hits on Removed. The entities are
// those of the lists compared, not copies (a first load adds every
// entity of the list): treat them as read-only.
type Delta struct {
	List    string    `json:"list"`
	From    string    `json:"from"`
	To      string    `json:"to"`
	Added   []*Entity `json:"added"`
	Changed []*Entity `json:"changed"`
	Removed []*Entity `json:"removed"`
}

// Keys returns the entities a re-screen must look at: added and changed.
func (d *Delta) Keys() []Key {
	out := make([]Key, 0, len(d.Added)+len(d.Changed))
	for _, set := range [][]*Entity{d.Added, d.Changed} {
		for i := range set {
			out = append(out, Key{List: d.List, ListID: set[i].ListID})
		}
	}
	return out
}

// Empty reports whether nothing changed.
func (d *Delta) Empty() bool { return len(d.Added)+len(d.Changed)+len(d.Removed) == 0 }

// Diff compares two versions of a list entity by entity. An entity is
// changed when anything about it (names, dates, identifiers, remarks, ...)
// differs. Either list may be nil, standing for an empty list. Results
// are sorted by ListID.
func Diff(old, new *List) Delta {
	var d Delta
	prev := map[string]*Entity{}
	if old != nil {
		d.List, d.From = old.Name, old.Version
		for i := range old.Entities {
			prev[old.Entities[i].ListID] = &old.Entities[i]
		}
	}
	seen := map[string]bool{}
	if new != nil {
		d.List, d.To = new.Name, new.Version
		for i := range new.Entities {
			e := &new.Entities[i]
			seen[e.ListID] = true
			switch p, ok := prev[e.ListID]; {
			case !ok:
				d.Added = append(d.Added, e)
			case !sameEntity(p, e):
				d.Changed = append(d.Changed, e)
			}
		}
	}
	for id, e := range prev {
		if !seen[id] {
			d.Removed = append(d.Removed, e)
		}
	}
	for _, set := range [][]*Entity{d.Added, d.Changed, d.Removed} {
		sort.Slice(set, func(i, j int) bool { return set[i].ListID < set[j].ListID })
	}
	return d
}

// sameEntity compares content, ignoring which list version carried it.
func sameEntity(a, b *Entity) bool {
	x, y := *a, *b
	x.Source, y.Source = "", ""
	ja, errA := json.Marshal(x)
	jb, errB := json.Marshal(y)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}
