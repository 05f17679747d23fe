// Package eval measures the screening engine on labelled queries: ranking
// recall, precision and recall at a threshold, the best F1 over thresholds,
// per-kind recall, latency, throughput, index build time and memory.
package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/gatehouse/gatehouse/internal/screening"
)

// Case is one labelled query, as in screening-dev.jsonl: ExpectedIDs are
// the ListIDs (in the label list) of every entity the query should find;
// empty means the name is not listed.
type Case struct {
	Query       string   `json:"query"`
	EntityType  string   `json:"entity_type"`
	ExpectedIDs []string `json:"expected_ids"`
	Kind        string   `json:"kind"`
	SourceName  *string  `json:"source_name"`
	DOB         string   `json:"dob,omitempty"`
	Country     string   `json:"country,omitempty"`
	// Subset groups cases built the same way (the cross-script set's
	// "original-script", "arabic-synthetic", ...); figures are also
	// reported per subset.
	Subset string `json:"subset,omitempty"`
	Script string `json:"script,omitempty"`
}

// Positive reports whether the query names a listed entity.
func (c *Case) Positive() bool { return len(c.ExpectedIDs) > 0 }

// ReadCases reads JSON lines of cases, failing on the first bad line.
func ReadCases(r io.Reader) ([]Case, error) {
	var out []Case
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var c Case
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			return nil, fmt.Errorf("eval: line %d: %w", n, err)
		}
		if c.Query == "" {
			return nil, fmt.Errorf("eval: line %d: empty query", n)
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// Options set what is compared.
type Options struct {
	// LabelLists are the lists the expected ids refer to (the cross-script
	// set labels SDN and UN ids). Results from other lists cannot be
	// judged by the labels: they are ignored for positive queries and
	// count as false positives for negative ones.
	LabelLists []string
	// Threshold is the operating point; 0 means screening.DefaultThreshold.
	Threshold float64
	// Passes is how many times the query set is run for throughput; 0 means 1.
	Passes int
	// Part, when N > 0, keeps only the cases of one part of a fixed split
	// (see Split): tune on one part, check on the other.
	Part Split
}

// query builds the screening query for a case. Candidates below the
// threshold are kept so ranking and threshold sweeps can be measured.
func (c *Case) query() screening.Query {
	return screening.Query{Name: c.Query, Type: screening.ParseEntityType(c.EntityType), DOB: c.DOB,
		Country: c.Country, Limit: 20, Threshold: 1}
}

// outcome is what one query returned, reduced to what the metrics need.
type outcome struct {
	c        *Case
	top      float64 // best label-list score (positives)
	topOK    bool    // an expected entity has that best score
	rank     int     // 1-based rank of the first expected entity among label-list results, 0 if absent
	negMax   float64 // best score from any list (negatives)
	negMaxAt string  // list and name of that result
	gotName  string  // best label-list result's matched name, for failure listings
}

func judge(c *Case, ms []screening.Match, labels map[string]bool) outcome {
	o := outcome{c: c}
	expected := map[string]bool{}
	for _, id := range c.ExpectedIDs {
		expected[id] = true
	}
	r := 0
	for _, m := range ms {
		if m.Score > o.negMax {
			o.negMax, o.negMaxAt = m.Score, m.List+": "+m.MatchedName
		}
		if !labels[m.List] {
			continue
		}
		r++
		if r == 1 {
			o.top, o.gotName = m.Score, m.ListID+" "+m.MatchedName
		}
		if expected[m.ListID] {
			if m.Score == o.top {
				o.topOK = true
			}
			if o.rank == 0 {
				o.rank = r
			}
		}
	}
	return o
}

// Evaluate runs every case against idx and returns the report (without
// the build and memory figures, which only the caller can measure).
func Evaluate(ctx context.Context, idx *screening.Index, cases []Case, opt Options) (*Report, error) {
	if opt.Threshold == 0 {
		opt.Threshold = screening.DefaultThreshold
	}
	cases = opt.Part.Select(cases)
	labels := map[string]bool{}
	for _, l := range opt.LabelLists {
		labels[l] = true
	}
	outs := make([]outcome, len(cases))
	lat := make([]float64, len(cases))
	// Latency is measured in the steady state: after a collection of
	// whatever building the index left behind, and a short warm-up.
	runtime.GC()
	for i := range min(len(cases), 100) {
		idx.Search(cases[i].query())
	}
	for i := range cases {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		q := cases[i].query()
		t := now()
		ms := idx.Search(q)
		lat[i] = since(t)
		outs[i] = judge(&cases[i], ms, labels)
	}
	rep := summarise(outs, opt)
	rep.LatencyP50, rep.LatencyP99, rep.LatencyMax = percentile(lat, 50), percentile(lat, 99), percentile(lat, 100)
	passes := max(opt.Passes, 1)
	rep.QPS1 = throughput(ctx, idx, cases, 1, passes)
	rep.QPS2 = throughput(ctx, idx, cases, 2, passes)
	return rep, ctx.Err()
}
