package eval

import (
	"context"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/gatehouse/gatehouse/internal/screening"
)

var now = time.Now

func since(t time.Time) float64 { return float64(time.Since(t).Microseconds()) / 1000 }

// counts are the confusion counts at one threshold.
type counts struct {
	tp, fpNeg, fpWrong, fn, pos, neg int
}

// at judges every outcome at threshold t. A positive query is a true
// positive when its best label-list result reaches t and is an expected
// entity; when that best result reaches t but is the wrong entity it is a
// false positive (and a miss). A negative query is a false positive when
// any result from any list reaches t.
func at(outs []outcome, t float64) counts {
	var c counts
	for _, o := range outs {
		if o.c.Positive() {
			c.pos++
			switch {
			case o.top >= t && o.topOK:
				c.tp++
			case o.top >= t:
				c.fpWrong++
				c.fn++
			default:
				c.fn++
			}
			continue
		}
		c.neg++
		if o.negMax >= t {
			c.fpNeg++
		}
	}
	return c
}

func (c counts) precision() float64 { return ratio(c.tp, c.tp+c.fpNeg+c.fpWrong) }
func (c counts) recall() float64    { return ratio(c.tp, c.pos) }
func (c counts) f1() float64 {
	p, r := c.precision(), c.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func percentile(ms []float64, p float64) float64 {
	if len(ms) == 0 {
		return 0
	}
	s := append([]float64(nil), ms...)
	sort.Float64s(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

// throughput runs the query set passes times with the given number of
// goroutines and returns queries per second.
func throughput(ctx context.Context, idx *screening.Index, cases []Case, workers, passes int) float64 {
	qs := make([]screening.Query, len(cases))
	for i := range cases {
		qs[i] = cases[i].query()
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := 0; p < passes; p++ {
				for i := w; i < len(qs); i += workers {
					if ctx.Err() != nil {
						return
					}
					idx.Search(qs[i])
				}
			}
		}()
	}
	wg.Wait()
	return float64(len(qs)*passes) / time.Since(start).Seconds()
}
