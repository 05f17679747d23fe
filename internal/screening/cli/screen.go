package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gatehouse/gatehouse/internal/screening"
)

// request is one batch input line.
type request struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	DOB     string `json:"dob"`
	Country string `json:"country"`
}

// result is one batch output line.
type result struct {
	Query   screening.Query   `json:"query"`
	Matches []screening.Match `json:"matches"`
	Error   string            `json:"error,omitempty"`
}

func runScreen(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("screen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		lists                    listFlag
		typ, dob, country, batch string
		limit                    int
		threshold                float64
		all                      bool
	)
	fs.Var(&lists, "lists", "list file or directory (repeatable)")
	fs.StringVar(&typ, "type", "", "person or company")
	fs.StringVar(&dob, "dob", "", "date of birth: YYYY, YYYY-MM or YYYY-MM-DD")
	fs.StringVar(&country, "country", "", "country, alpha-2 or alpha-3")
	fs.StringVar(&batch, "batch", "", "NDJSON file of queries, - for stdin")
	fs.IntVar(&limit, "limit", 10, "most results per query")
	fs.Float64Var(&threshold, "threshold", screening.DefaultThreshold, "score from which a result is a match")
	fs.BoolVar(&all, "all", false, "also print candidates below the threshold")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if batch == "" && len(pos) != 1 || batch != "" && len(pos) != 0 {
		return errUsage
	}
	if t := screening.ParseEntityType(typ); typ != "" && t == screening.Unknown {
		return fmt.Errorf("--type %q: want person or company", typ)
	}
	idx, err := loadIndex(ctx, lists)
	if err != nil {
		return err
	}
	base := screening.Query{Limit: limit, Threshold: threshold, MatchesOnly: !all}
	enc := json.NewEncoder(stdout)
	if batch == "" {
		q := base
		q.Name, q.Type, q.DOB, q.Country = pos[0], screening.ParseEntityType(typ), dob, country
		for _, m := range idx.Search(q) {
			if err := enc.Encode(m); err != nil {
				return err
			}
		}
		return nil
	}
	in := stdin
	if batch != "-" {
		f, err := os.Open(batch)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	return screenBatch(ctx, idx, base, in, enc)
}

// screenBatch answers each NDJSON request line with one result line; a bad
// line gets a result carrying its error, so output stays aligned with input.
func screenBatch(ctx context.Context, idx *screening.Index, base screening.Query, in io.Reader, enc *json.Encoder) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return err
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var r request
		res := result{Query: base, Matches: []screening.Match{}}
		switch err := json.Unmarshal([]byte(line), &r); {
		case err != nil:
			res.Error = "bad request line: " + err.Error()
		case strings.TrimSpace(r.Name) == "":
			res.Error = "name is required"
		default:
			res.Query.Name, res.Query.Type, res.Query.DOB, res.Query.Country = r.Name, screening.ParseEntityType(r.Type), r.DOB, r.Country
			res.Matches = idx.Search(res.Query)
		}
		if err := enc.Encode(res); err != nil {
			return err
		}
	}
	return sc.Err()
}
