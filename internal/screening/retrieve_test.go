package screening

import (
	"container/heap"
	"math/rand/v2"
	"slices"
	"testing"
)

// refHeap is nameHeap through container/heap, which topNames used before.
type refHeap []rankedName

func (h refHeap) Len() int           { return len(h) }
func (h refHeap) Less(i, j int) bool { return h[i].less(h[j]) }
func (h refHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *refHeap) Push(x any)        { *h = append(*h, x.(rankedName)) }
func (h *refHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// TestNameHeapMatchesContainerHeap: the top names, and their order, are
// those container/heap keeps; and which names are kept does not depend on
// the order they come in (retrieval touches names in map order).
func TestNameHeapMatchesContainerHeap(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 500; trial++ {
		k := 1 + r.IntN(20)
		var got nameHeap
		var want refHeap
		all := make([]rankedName, r.IntN(200))
		for n := range all {
			all[n] = rankedName{int32(n), float32(r.IntN(8)) / 8} // many ties
		}
		r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		for _, rn := range all {
			n, v := rn.n, rn.v
			if len(got) < k {
				got = append(got, rankedName{n, v})
				got.up(len(got) - 1)
				heap.Push(&want, rankedName{n, v})
			} else if got[0].less(rankedName{n, v}) {
				got[0] = rankedName{n, v}
				got.down(0)
				want[0] = rankedName{n, v}
				heap.Fix(&want, 0)
			}
		}
		if !slices.Equal(got, nameHeap(want)) {
			t.Fatalf("k=%d: heap %v, container/heap %v", k, got, want)
		}
		// The k best by score, then by name: the same whatever the order.
		slices.SortFunc(all, func(a, b rankedName) int {
			if a.less(b) {
				return 1
			}
			if b.less(a) {
				return -1
			}
			return 0
		})
		best := all[:min(k, len(all))]
		kept := slices.Clone(got)
		slices.SortFunc(kept, func(a, b rankedName) int { return int(a.n - b.n) })
		slices.SortFunc(best, func(a, b rankedName) int { return int(a.n - b.n) })
		if !slices.Equal(kept, nameHeap(best)) {
			t.Fatalf("k=%d: kept %v, want the best %v", k, kept, best)
		}
	}
}
