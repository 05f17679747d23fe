package screening

// scratch is per-search working memory, pooled so concurrent searches
// neither allocate much nor share state.
type scratch struct {
	acc         []float32 // per name: retrieval score
	touched     []int32   // names with acc > 0
	gram        []uint8   // per term: shared trigram count
	gramTouched []int32
	edges       []edge
}

func newScratch(names, terms int) *scratch {
	return &scratch{acc: make([]float32, names), gram: make([]uint8, terms)}
}

func (ix *Index) getScratch() *scratch { return ix.pool.Get().(*scratch) }

func (ix *Index) putScratch(s *scratch) {
	for _, n := range s.touched {
		s.acc[n] = 0
	}
	s.touched = s.touched[:0]
	s.edges = s.edges[:0]
	ix.pool.Put(s)
}
