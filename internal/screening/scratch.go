package screening

// scratch is per-search working memory, pooled so concurrent searches
// neither allocate much nor share state.
type scratch struct {
	acc         []float32 // per name: retrieval score
	touched     []int32   // names with acc > 0
	gram        []uint8   // per term: shared trigram count
	gramTouched []int32
	edges       []edge
	heap        nameHeap // topNames
	cands       []int32  // topNames' result
}

// getScratch takes working memory sized for this index.
func (ix *Index) getScratch() *scratch {
	s, _ := ix.pool.Get().(*scratch)
	if s == nil {
		s = new(scratch)
	}
	if len(s.acc) < len(ix.names) {
		s.acc = make([]float32, len(ix.names))
	}
	if len(s.gram) < ix.voc.terms() {
		s.gram = make([]uint8, ix.voc.terms())
	}
	return s
}

func (ix *Index) putScratch(s *scratch) {
	for _, n := range s.touched {
		s.acc[n] = 0
	}
	s.touched = s.touched[:0]
	s.edges = s.edges[:0]
	s.heap, s.cands = s.heap[:0], s.cands[:0]
	ix.pool.Put(s)
}
