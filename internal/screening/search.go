package screening

import (
	"cmp"
	"slices"
)

// Key names one entity across lists: the list's name and its own id.
type Key struct {
	List   string `json:"list"`
	ListID string `json:"list_id"`
}

// Query is one name to screen, with the optional facts that move a score.
type Query struct {
	Name    string     `json:"name"`
	Type    EntityType `json:"type,omitempty"`    // Person, Organisation or Unknown
	DOB     string     `json:"dob,omitempty"`     // partial date: 1970, 1970-05, 1970-05-17
	Country string     `json:"country,omitempty"` // alpha-2, alpha-3 or English name
	// Limit caps the number of results; 0 means 10.
	Limit int `json:"limit,omitempty"`
	// Threshold is the score from which a result is a Match; 0 means
	// DefaultThreshold.
	Threshold float64 `json:"threshold,omitempty"`
	// MatchesOnly drops results below the threshold; otherwise the best
	// near misses are returned too, flagged Match=false.
	MatchesOnly bool `json:"matches_only,omitempty"`
	// Lists restricts the search to lists with these names; empty means all.
	Lists []string `json:"lists,omitempty"`
}

// Match is one listed entity found for a query, with the evidence.
type Match struct {
	List        string   `json:"list"`
	ListID      string   `json:"list_id"`
	Entity      *Entity  `json:"entity"`
	Query       string   `json:"query"`
	MatchedName string   `json:"matched_name"`
	NameKind    NameKind `json:"name_kind"`
	Score       float64  `json:"score"`
	Match       bool     `json:"match"`
	// Explanation says why, in pieces a program can read; Pieces and
	// Reasons are the same account as readable lines.
	Explanation Explanation `json:"explanation"`
	Pieces      []Piece     `json:"pieces"`
	Reasons     []string    `json:"reasons"`
}

// candidateNames is how many names, ranked by the cheap retrieval score,
// are aligned and scored in full.
const candidateNames = 96

// Search screens one name against every indexed list and returns the best
// entities, highest score first.
func (ix *Index) Search(q Query) []Match {
	s := ix.getScratch()
	defer ix.putScratch(s)
	p := ix.prepare(q, s)
	ix.retrieve(p, s)
	return ix.rank(p, s, ix.topNames(p, s, candidateNames))
}

// SearchEntities screens one name against the given entities only, with
// the same scores Search would give them. Ongoing monitoring uses it to
// re-screen profiles against the delta of a list update (Delta.Keys).
// Unknown keys are ignored.
func (ix *Index) SearchEntities(q Query, keys []Key) []Match {
	s := ix.getScratch()
	defer ix.putScratch(s)
	p := ix.prepare(q, s)
	var names []int32
	for _, k := range keys {
		eid, ok := ix.entityByKey(k)
		if !ok {
			continue
		}
		// Names of one entity are contiguous; find them from its first.
		for n := ix.firstName(eid); n >= 0 && n < int32(len(ix.names)) && ix.names[n].entity == eid; n++ {
			names = append(names, n)
		}
	}
	return ix.rank(p, s, names)
}

// entityByKey finds an entity by its list and list id.
func (ix *Index) entityByKey(k Key) (int32, bool) {
	i, ok := slices.BinarySearchFunc(ix.byKey, k, func(id int32, k Key) int {
		e := ix.entities[id]
		return cmp.Or(cmp.Compare(e.Source, k.List), cmp.Compare(e.ListID, k.ListID))
	})
	if !ok {
		return -1, false
	}
	return ix.byKey[i], true
}

// firstName returns the first name record of entity eid, or -1.
func (ix *Index) firstName(eid int32) int32 {
	i, ok := slices.BinarySearchFunc(ix.names, eid, func(r nameRec, e int32) int { return cmp.Compare(r.entity, e) })
	if !ok {
		return -1
	}
	return int32(i)
}

// scored is one entity's best name and score during ranking.
type scored struct {
	entity int32
	name   int32
	score  float64
	usedQ  uint32 // query tokens the name explains
	below  int32  // entity this one was lowered below (capSubsets), or -1
}

// coverMargin is how far below a candidate another may score and still
// outrank it by explaining more of the query (see capSubsets).
const coverMargin = 0.15

// rank aligns each candidate name, keeps the best name per entity, adds
// the entity evidence, sorts, and explains the results it returns.
func (ix *Index) rank(p *prepared, s *scratch, names []int32) []Match {
	best := map[int32]int{}
	var res []scored
	for _, n := range names {
		r := &ix.names[n]
		e := ix.entities[r.entity]
		if p.lists != nil && !p.lists[e.Source] {
			continue
		}
		al := ix.align(p, r, s, false)
		sc := nameScore(al)
		if sc <= 0 {
			continue
		}
		if r.weak {
			sc += adjWeakName
		}
		if i, ok := best[r.entity]; ok {
			if sc > res[i].score || sc == res[i].score && n < res[i].name {
				res[i].name, res[i].score, res[i].usedQ = n, sc, al.usedQ
			}
			continue
		}
		best[r.entity] = len(res)
		res = append(res, scored{entity: r.entity, name: n, score: sc, usedQ: al.usedQ, below: -1})
	}
	for i := range res {
		d, _ := adjust(p, ix.entities[res[i].entity], false)
		res[i].score += d // ranked unclamped: 1.02 beats 1.00
	}
	capSubsets(res)
	slices.SortFunc(res, func(a, b scored) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		ea, eb := ix.entities[a.entity], ix.entities[b.entity]
		return cmp.Or(cmp.Compare(ea.Source, eb.Source), cmp.Compare(len(ea.ListID), len(eb.ListID)), cmp.Compare(ea.ListID, eb.ListID))
	})
	threshold := p.q.Threshold
	if threshold == 0 {
		threshold = DefaultThreshold
	}
	limit := p.q.Limit
	if limit <= 0 {
		limit = 10
	}
	var out []Match
	for _, c := range res {
		c.score = clamp01(c.score)
		if len(out) == limit || p.q.MatchesOnly && c.score < threshold {
			break
		}
		out = append(out, ix.explain(p, s, c, threshold))
	}
	return out
}

// explain builds the Match for a ranked candidate, re-running its
// alignment with explanations on.
func (ix *Index) explain(p *prepared, s *scratch, c scored, threshold float64) Match {
	r := &ix.names[c.name]
	e := ix.entities[c.entity]
	al := ix.align(p, r, s, true)
	x := ix.explanation(p, r, al, nameScore(al))
	if r.weak {
		x.WeakAlias = adjWeakName
	}
	_, f := adjust(p, e, true)
	x.Type, x.DOB, x.Country = f.typ, f.dob, f.country
	if c.below >= 0 {
		b := ix.entities[c.below]
		x.RankedBelow = &Key{List: b.Source, ListID: b.ListID}
	}
	pieces := x.pieces()
	m := Match{
		List: e.Source, ListID: e.ListID, Entity: e, Query: p.q.Name,
		MatchedName: e.Names[r.name].Full, NameKind: e.Names[r.name].Kind,
		Score: c.score, Match: c.score >= threshold, Explanation: x, Pieces: pieces,
	}
	m.Reasons = make([]string, len(pieces))
	for i, pc := range pieces {
		m.Reasons[i] = pc.String()
	}
	return m
}

// capSubsets keeps an entity whose name explains only part of what
// another's explains from outranking it: a listed father whose name is
// part of his son's must not score above the son when the son's name
// explains the whole query. A candidate whose explained query words are
// a strict subset of another's, scoring less than coverMargin below it,
// is lowered just under it.
func capSubsets(res []scored) {
	for i := range res {
		for j := range res {
			a, b := &res[i], &res[j]
			if i == j || a.usedQ&b.usedQ != a.usedQ || a.usedQ == b.usedQ || b.score < a.score-coverMargin {
				continue
			}
			if b.score <= a.score {
				a.score, a.below = b.score-0.001, b.entity
			}
		}
	}
}

func clamp01(x float64) float64 {
	switch {
	case x < 0 || x != x:
		return 0
	case x > 1:
		return 1
	}
	return x
}
