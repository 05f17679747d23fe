package screening

import "container/heap"

// retrieve accumulates, for every name sharing a matched term with the
// query, the rarity-weighted similarity of the shared terms. Only names
// touched here can become candidates, which keeps a search to a small
// fraction of the index.
func (ix *Index) retrieve(p *prepared, s *scratch) {
	add := func(hits map[int32]qhit, w float32, known bool) {
		for id, h := range hits {
			// A query word matching a common listed word (MOHAMMADI ~
			// MOHAMMAD) is weaker evidence than its own rarity suggests.
			wt := ix.voc.terms[id].idf
			if known {
				wt = min(w, wt)
			}
			inc := wt * h.sim
			for _, n := range ix.voc.post[id] {
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
// relative to the size of the name and of the query.
func (ix *Index) topNames(p *prepared, s *scratch, k int) []int32 {
	var qw float32
	for i := range p.toks {
		qw += p.toks[i].w
	}
	h := make(nameHeap, 0, k+1)
	for _, n := range s.touched {
		v := s.acc[n] / (qw + ix.names[n].weight)
		if len(h) < k {
			heap.Push(&h, rankedName{n, v})
		} else if v > h[0].v {
			h[0] = rankedName{n, v}
			heap.Fix(&h, 0)
		}
	}
	out := make([]int32, len(h))
	for i, r := range h {
		out[i] = r.n
	}
	return out
}

type rankedName struct {
	n int32
	v float32
}

// nameHeap is a min-heap on the retrieval score.
type nameHeap []rankedName

func (h nameHeap) Len() int           { return len(h) }
func (h nameHeap) Less(i, j int) bool { return h[i].v < h[j].v }
func (h nameHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *nameHeap) Push(x any)        { *h = append(*h, x.(rankedName)) }
func (h *nameHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
