package screening

// retrieve accumulates, for every name sharing a matched term with the
// query, the rarity-weighted similarity of the shared terms. Only names
// touched here can become candidates, which keeps a search to a small
// fraction of the index.
func (ix *Index) retrieve(p *prepared, s *scratch) {
	add := func(hits map[int32]qhit, w float32, known bool) {
		for id, h := range hits {
			// A query word matching a common listed word (MOHAMMADI ~
			// MOHAMMAD) is weaker evidence than its own rarity suggests.
			wt := ix.voc.idfOf(id)
			if known {
				wt = min(w, wt)
			}
			inc := wt * h.sim
			for _, n := range ix.voc.postings(id) {
				if s.acc[n] == 0 {
					s.touched = append(s.touched, n)
				}
				s.acc[n] += inc
			}
		}
	}
	for i := range p.toks {
		if t := &p.toks[i]; t.hits != nil {
			add(t.hits, t.w, t.known)
		}
	}
	for _, h := range p.pairs {
		if h != nil {
			add(h, 0, false)
		}
	}
}

// topNames returns up to k touched names with the best retrieval score
// relative to the size of the name and of the query. The result lives in
// s until the search ends.
func (ix *Index) topNames(p *prepared, s *scratch, k int) []int32 {
	var qw float32
	for i := range p.toks {
		qw += p.toks[i].w
	}
	h := s.heap[:0]
	for _, n := range s.touched {
		v := s.acc[n] / (qw + ix.names[n].weight)
		if len(h) < k {
			h = append(h, rankedName{n, v})
			h.up(len(h) - 1)
		} else if r := (rankedName{n, v}); h[0].less(r) {
			h[0] = rankedName{n, v}
			h.down(0)
		}
	}
	s.heap = h
	out := s.cands[:0]
	for _, r := range h {
		out = append(out, r.n)
	}
	s.cands = out
	return out
}

type rankedName struct {
	n int32
	v float32
}

// less orders names by retrieval score, and equal scores by name, the
// later name first, so the names kept never depend on the order in which
// retrieval touched them.
func (a rankedName) less(b rankedName) bool { return a.v < b.v || a.v == b.v && a.n > b.n }

// nameHeap is a min-heap on the retrieval score (see less). up and down
// are those of container/heap, without its interface.
type nameHeap []rankedName

func (h nameHeap) up(j int) {
	for {
		i := (j - 1) / 2 // parent
		if i == j || !h[j].less(h[i]) {
			break
		}
		h[i], h[j] = h[j], h[i]
		j = i
	}
}

func (h nameHeap) down(i int) {
	n := len(h)
	for {
		j1 := 2*i + 1
		if j1 >= n || j1 < 0 { // j1 < 0 after int overflow
			break
		}
		j := j1 // left child
		if j2 := j1 + 1; j2 < n && h[j2].less(h[j1]) {
			j = j2 // right child
		}
		if !h[j].less(h[i]) {
			break
		}
		h[i], h[j] = h[j], h[i]
		i = j
	}
}
