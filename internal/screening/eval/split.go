package eval

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// Split selects part K (1-based) of N parts of a case set, by a hash of
// each query, so the same query always falls in the same part.
type Split struct{ K, N int }

// ParseSplit reads "K/N" (1 <= K <= N <= 100); "" is no split.
func ParseSplit(s string) (Split, error) {
	if s == "" {
		return Split{}, nil
	}
	k, n, ok := strings.Cut(s, "/")
	sp := Split{}
	var err1, err2 error
	sp.K, err1 = strconv.Atoi(k)
	sp.N, err2 = strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || sp.N < 1 || sp.N > 100 || sp.K < 1 || sp.K > sp.N {
		return Split{}, fmt.Errorf("eval: part %q: want K/N with 1 <= K <= N <= 100", s)
	}
	return sp, nil
}

// Keep reports whether a case belongs to the selected part.
func (sp Split) Keep(c *Case) bool {
	if sp.N <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(c.Query))
	return int(h.Sum32()%uint32(sp.N)) == sp.K-1
}

// Select returns the cases of the selected part.
func (sp Split) Select(cases []Case) []Case {
	if sp.N <= 1 {
		return cases
	}
	var out []Case
	for i := range cases {
		if sp.Keep(&cases[i]) {
			out = append(out, cases[i])
		}
	}
	return out
}
