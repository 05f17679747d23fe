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
func (h refHeap) Less(i, j int) bool { return h[i].v < h[j].v }
func (h refHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *refHeap) Push(x any)        { *h = append(*h, x.(rankedName)) }
func (h *refHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// TestNameHeapMatchesContainerHeap: the top names, and their order (which
// decides between equal scores later), are those container/heap kept.
func TestNameHeapMatchesContainerHeap(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 500; trial++ {
		k := 1 + r.IntN(20)
		var got nameHeap
		var want refHeap
		for n := range int32(r.IntN(200)) {
			v := float32(r.IntN(8)) / 8 // many ties
			if len(got) < k {
				got = append(got, rankedName{n, v})
				got.up(len(got) - 1)
				heap.Push(&want, rankedName{n, v})
			} else if v > got[0].v {
				got[0] = rankedName{n, v}
				got.down(0)
				want[0] = rankedName{n, v}
				heap.Fix(&want, 0)
			}
		}
		if !slices.Equal(got, nameHeap(want)) {
			t.Fatalf("k=%d: heap %v, container/heap %v", k, got, want)
		}
	}
}
