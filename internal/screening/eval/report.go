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
	Lists     []string `json:"lists"`
	LabelList string   `json:"label_list"`
	Queries   int      `json:"queries"`
	Positives int      `json:"positives"`
	Negatives int      `json:"negatives"`

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

	ByKind []KindFigures `json:"by_kind"`

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
	Recall1  float64 `json:"recall_at_1,omitempty"`
	RecallAt float64 `json:"recall_at_threshold,omitempty"`
	FPR      float64 `json:"false_positive_rate,omitempty"`
}

// summarise computes every figure that depends only on the outcomes.
func summarise(outs []outcome, opt Options) *Report {
	r := &Report{LabelList: opt.LabelList, Queries: len(outs), Threshold: opt.Threshold}
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
		if c.pos > 0 {
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
	p("label list            %s", r.LabelList)
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
	p("per kind              n      recall@1  recall@t  fp-rate")
	for _, k := range r.ByKind {
		if k.FPR > 0 || k.Recall1 == 0 && k.RecallAt == 0 {
			p("  %-18s %5d                       %.4f", k.Kind, k.N, k.FPR)
		} else {
			p("  %-18s %5d  %.4f    %.4f", k.Kind, k.N, k.Recall1, k.RecallAt)
		}
	}
}
