package eval

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Report holds the evaluation figures. Rates are fractions in [0,1];
// latencies are milliseconds.
type Report struct {
	Lists      []string `json:"lists"`
	LabelLists []string `json:"label_lists"`
	Queries    int      `json:"queries"`
	Positives  int      `json:"positives"`
	Negatives  int      `json:"negatives"`

	Recall1 float64 `json:"recall_at_1"` // best label-list result is expected, any score
	Recall5 float64 `json:"recall_at_5"`

	Threshold         float64 `json:"threshold"`
	TP                int     `json:"tp"`
	FPNegative        int     `json:"fp_negative"`  // negative queries with a result ≥ threshold
	FPWrongTop        int     `json:"fp_wrong_top"` // positive queries whose best result ≥ threshold is not expected
	FN                int     `json:"fn"`
	Precision         float64 `json:"precision"`
	Recall            float64 `json:"recall"` // = recall@1 at the threshold
	F1                float64 `json:"f1"`
	FalsePositiveRate float64 `json:"false_positive_rate"` // FPNegative / Negatives

	BestF1          float64 `json:"best_f1"`
	BestF1Threshold float64 `json:"best_f1_threshold"`
	BestF1Recall    float64 `json:"best_f1_recall"`
	BestF1FPR       float64 `json:"best_f1_false_positive_rate"`

	ByKind   []KindFigures   `json:"by_kind"`
	BySubset []SubsetFigures `json:"by_subset,omitempty"`

	LatencyP50 float64 `json:"latency_p50_ms"`
	LatencyP99 float64 `json:"latency_p99_ms"`
	LatencyMax float64 `json:"latency_max_ms"`
	QPS1       float64 `json:"qps_1_goroutine"`
	QPS2       float64 `json:"qps_2_goroutines"`

	BuildMillis float64 `json:"build_ms"`       // load all lists and index them
	HeapInuseMB float64 `json:"heap_inuse_mb"`  // after GC, index and lists alive, minus before loading
	RSSMB       float64 `json:"process_rss_mb"` // VmRSS of the process after building and returning free memory
	Entities    int     `json:"entities"`
	Names       int     `json:"names"`

	Misses []string `json:"misses,omitempty"` // examples of failures, for development
}

// KindFigures are per-kind results: recall for positive kinds, the false
// positive rate for negative ones.
type KindFigures struct {
	Kind     string  `json:"kind"`
	N        int     `json:"n"`
	Positive bool    `json:"positive"`
	Recall1  float64 `json:"recall_at_1,omitempty"`
	RecallAt float64 `json:"recall_at_threshold,omitempty"`
	FPR      float64 `json:"false_positive_rate,omitempty"`
}

// SubsetFigures are the headline figures of one subset of the cases
// (Case.Subset): recall@1 and recall at the threshold over its positives,
// the false-positive rate over its negatives.
type SubsetFigures struct {
	Subset     string  `json:"subset"`
	Positives  int     `json:"positives"`
	Negatives  int     `json:"negatives"`
	Recall1    float64 `json:"recall_at_1"`
	Recall5    float64 `json:"recall_at_5"`
	RecallAt   float64 `json:"recall_at_threshold"`
	FPR        float64 `json:"false_positive_rate"`
	FPNegative int     `json:"fp_negative"`
	FPWrongTop int     `json:"fp_wrong_top"`
}

// bySubset computes SubsetFigures for every subset, or nil when no case
// names one.
func bySubset(outs []outcome, t float64) []SubsetFigures {
	groups := map[string][]outcome{}
	named := false
	for _, o := range outs {
		groups[o.c.Subset] = append(groups[o.c.Subset], o)
		named = named || o.c.Subset != ""
	}
	if !named {
		return nil
	}
	var out []SubsetFigures
	for name, os := range groups {
		c := at(os, t)
		f := SubsetFigures{Subset: name, Positives: c.pos, Negatives: c.neg, RecallAt: c.recall(),
			FPR: ratio(c.fpNeg, c.neg), FPNegative: c.fpNeg, FPWrongTop: c.fpWrong}
		var r1, r5 int
		for _, o := range os {
			if o.c.Positive() && o.topOK {
				r1++
			}
			if o.c.Positive() && o.rank > 0 && o.rank <= 5 {
				r5++
			}
		}
		f.Recall1, f.Recall5 = ratio(r1, c.pos), ratio(r5, c.pos)
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Subset < out[j].Subset })
	return out
}

// summarise computes every figure that depends only on the outcomes.
func summarise(outs []outcome, opt Options) *Report {
	r := &Report{LabelLists: opt.LabelLists, Queries: len(outs), Threshold: opt.Threshold}
	var r1, r5 int
	kinds := map[string][]outcome{}
	for _, o := range outs {
		kinds[o.c.Kind] = append(kinds[o.c.Kind], o)
		if o.c.Positive() {
			r.Positives++
			if o.topOK {
				r1++
			}
			if o.rank > 0 && o.rank <= 5 {
				r5++
			}
		} else {
			r.Negatives++
		}
	}
	r.Recall1, r.Recall5 = ratio(r1, r.Positives), ratio(r5, r.Positives)
	c := at(outs, opt.Threshold)
	r.TP, r.FPNegative, r.FPWrongTop, r.FN = c.tp, c.fpNeg, c.fpWrong, c.fn
	r.Precision, r.Recall, r.F1 = c.precision(), c.recall(), c.f1()
	r.FalsePositiveRate = ratio(c.fpNeg, c.neg)
	for t := 0.50; t <= 1.0001; t += 0.005 {
		if c := at(outs, t); c.f1() > r.BestF1 {
			r.BestF1, r.BestF1Threshold, r.BestF1Recall, r.BestF1FPR = c.f1(), t, c.recall(), ratio(c.fpNeg, c.neg)
		}
	}
	for k, os := range kinds {
		kf := KindFigures{Kind: k, N: len(os)}
		c := at(os, opt.Threshold)
		if kf.Positive = c.pos > 0; kf.Positive {
			n1 := 0
			for _, o := range os {
				if o.topOK {
					n1++
				}
			}
			kf.Recall1, kf.RecallAt = ratio(n1, c.pos), c.recall()
		} else {
			kf.FPR = ratio(c.fpNeg, c.neg)
		}
		r.ByKind = append(r.ByKind, kf)
	}
	sort.Slice(r.ByKind, func(i, j int) bool { return r.ByKind[i].Kind < r.ByKind[j].Kind })
	r.BySubset = bySubset(outs, opt.Threshold)
	for _, o := range outs {
		switch {
		case o.c.Positive() && !(o.top >= opt.Threshold && o.topOK):
			r.Misses = append(r.Misses, fmt.Sprintf("miss  %-16s %q (%s) → %.3f %s", o.c.Kind, o.c.Query, strings.Join(o.c.ExpectedIDs, ","), o.top, o.gotName))
		case !o.c.Positive() && o.negMax >= opt.Threshold:
			r.Misses = append(r.Misses, fmt.Sprintf("fp    %-16s %q → %.3f %s", o.c.Kind, o.c.Query, o.negMax, o.negMaxAt))
		}
	}
	return r
}

// Write prints the report as an aligned text table.
func (r *Report) Write(w io.Writer) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }
	p("lists                 %s", strings.Join(r.Lists, ", "))
	p("label lists           %s", strings.Join(r.LabelLists, ", "))
	p("queries               %d (%d positive, %d negative)", r.Queries, r.Positives, r.Negatives)
	p("recall@1 / @5         %.4f / %.4f   (ranking among label-list results, any score)", r.Recall1, r.Recall5)
	p("threshold             %.3f", r.Threshold)
	p("  recall (TP/pos)     %.4f", r.Recall)
	p("  false-positive rate %.4f   (%d of %d negatives with a result ≥ threshold)", r.FalsePositiveRate, r.FPNegative, r.Negatives)
	p("  wrong top hits      %d   (positives whose best result ≥ threshold is another entity)", r.FPWrongTop)
	p("  precision / F1      %.4f / %.4f", r.Precision, r.F1)
	p("best F1               %.4f at threshold %.3f (recall %.4f, false-positive rate %.4f)", r.BestF1, r.BestF1Threshold, r.BestF1Recall, r.BestF1FPR)
	p("latency p50 / p99     %.3f / %.3f ms (max %.3f)", r.LatencyP50, r.LatencyP99, r.LatencyMax)
	p("queries/second        %.0f (1 goroutine), %.0f (2 goroutines)", r.QPS1, r.QPS2)
	if r.BuildMillis > 0 {
		p("build (load+index)    %.0f ms, %d entities, %d names", r.BuildMillis, r.Entities, r.Names)
		p("memory                %.1f MB heap in use (lists + index), %.1f MB process RSS", r.HeapInuseMB, r.RSSMB)
	}
	if len(r.BySubset) > 0 {
		p("per subset            pos    recall@1  recall@5  recall@t  neg    fp-rate  (flagged)  wrong top")
		for _, f := range r.BySubset {
			p("  %-18s %5d  %.4f    %.4f    %.4f    %5d  %.4f   (%d)       %d", f.Subset, f.Positives, f.Recall1, f.Recall5, f.RecallAt,
				f.Negatives, f.FPR, f.FPNegative, f.FPWrongTop)
		}
	}
	width := 18
	for _, k := range r.ByKind {
		width = max(width, len(k.Kind))
	}
	p("per kind%s n      recall@1  recall@t  fp-rate", strings.Repeat(" ", width-4))
	for _, k := range r.ByKind {
		if k.Positive {
			p("  %-*s %5d  %.4f    %.4f", width, k.Kind, k.N, k.Recall1, k.RecallAt)
		} else {
			p("  %-*s %5d                       %.4f", width, k.Kind, k.N, k.FPR)
		}
	}
}
