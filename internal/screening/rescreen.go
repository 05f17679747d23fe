package screening

import "slices"

// Rescreen screens names against a few entities of an index: the entities
// a list update added or changed. Ongoing monitoring re-screens every
// monitored profile against each update, and most profiles share no term
// with the update at all. Rescreen is retrieval restricted to those
// entities: from the terms a prepared query matches it reaches the
// update's names that carry them, as Search reaches any listed name, and
// ranks only those. A profile that reaches none costs only the query's
// preparation. The scores are Search's; unlike Search it ranks every name
// it reaches, not only the best 96 by retrieval score, so it finds at
// least what Search finds among these entities.
type Rescreen struct {
	ix   *Index
	post map[int32][]int32 // term → the update's names carrying it
	n    int
}

// Rescreen prepares a screen against the entities with the given keys;
// unknown keys are ignored. It is safe for concurrent searches.
func (ix *Index) Rescreen(keys []Key) *Rescreen {
	r := &Rescreen{ix: ix, post: map[int32][]int32{}}
	add := func(term, name int32) {
		if p := r.post[term]; len(p) == 0 || p[len(p)-1] != name {
			r.post[term] = append(p, name)
		}
	}
	for _, k := range keys {
		eid, ok := ix.entityByKey(k)
		if !ok {
			continue
		}
		for n := ix.firstName(eid); n >= 0 && n < int32(len(ix.names)) && ix.names[n].entity == eid; n++ {
			r.n++
			rec := ix.names[n]
			for _, t := range ix.toks[rec.off : rec.off+int32(rec.n)] {
				add(t.term, n)
				if t.pair >= 0 && t.class != classLegal { // a legal form's pair names its surface
					add(t.pair, n)
				}
			}
		}
	}
	return r
}

// Empty reports whether the update holds no entity of the index.
func (r *Rescreen) Empty() bool { return r.n == 0 }

// Search screens one name against the update's entities.
func (r *Rescreen) Search(q Query) []Match {
	if r.n == 0 {
		return nil
	}
	ix := r.ix
	s := ix.getScratch()
	defer ix.putScratch(s)
	p := ix.prepare(q, s)
	var names []int32
	reach := func(hits map[int32]qhit) {
		for id := range hits {
			names = append(names, r.post[id]...)
		}
	}
	for i := range p.toks {
		reach(p.toks[i].hits)
	}
	for _, h := range p.pairs {
		reach(h)
	}
	if len(names) == 0 {
		return nil
	}
	slices.Sort(names)
	return ix.rank(p, s, slices.Compact(names))
}
