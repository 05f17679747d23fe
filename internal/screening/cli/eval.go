package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/eval"
)

func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("screen eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		lists             listFlag
		data, label, part string
		threshold         float64
		asJSON, misses    bool
		passes            int
	)
	fs.Var(&lists, "lists", "list file or directory (repeatable)")
	fs.StringVar(&data, "data", "", "labelled queries, JSON lines (required)")
	fs.StringVar(&label, "label-list", "ofac-sdn-2024-05", "lists whose ids the labels use, comma-separated")
	fs.StringVar(&part, "part", "", "evaluate only part K/N of the queries (a fixed split by query hash)")
	fs.Float64Var(&threshold, "threshold", screening.DefaultThreshold, "operating threshold")
	fs.BoolVar(&asJSON, "json", false, "print the report as JSON")
	fs.BoolVar(&misses, "misses", false, "also list every miss and false positive")
	fs.IntVar(&passes, "passes", 1, "passes over the queries for the throughput figures")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if data == "" || len(pos) != 0 {
		return errUsage
	}
	paths, err := listPaths(lists)
	if err != nil {
		return err
	}
	split, err := eval.ParseSplit(part)
	if err != nil {
		return err
	}
	var labels listFlag
	labels.Set(label)
	rep, err := eval.Run(ctx, data, paths, eval.Options{LabelLists: labels, Threshold: threshold, Passes: passes, Part: split})
	if err != nil {
		return err
	}
	if asJSON {
		rep.Misses = nil
		e := json.NewEncoder(stdout)
		e.SetIndent("", "  ")
		return e.Encode(rep)
	}
	rep.Write(stdout)
	if misses {
		for _, m := range rep.Misses {
			fmt.Fprintln(stdout, m)
		}
	}
	return nil
}
