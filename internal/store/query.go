package store

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

//go:embed queries.sql
var sharedSQL string

// ParseQueries reads named queries from SQL text: each query follows a line
// "-- name: Name" and runs to the next such line.
func ParseQueries(text string) map[string]string {
	out := map[string]string{}
	var name string
	var b strings.Builder
	flush := func() {
		if name != "" {
			out[name] = strings.TrimSpace(b.String())
		}
		b.Reset()
	}
	for _, line := range strings.Split(text, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "-- name:"); ok {
			flush()
			name = strings.TrimSpace(rest)
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	flush()
	return out
}

// Queries returns the shared queries, overridden by the dialect's own, with
// "?" placeholders rewritten to "$n" when numbered is set (PostgreSQL).
func Queries(dialectSQL string, numbered bool) map[string]string {
	qs := ParseQueries(sharedSQL)
	for k, v := range ParseQueries(dialectSQL) {
		qs[k] = v
	}
	if numbered {
		for k, v := range qs {
			qs[k] = Rebind(v)
		}
	}
	return qs
}

// Rebind rewrites "?" placeholders as "$1", "$2", ... outside string literals.
func Rebind(q string) string {
	var b strings.Builder
	n := 0
	inStr := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inStr = !inStr
		case c == '?' && !inStr:
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// q returns a named query, panicking on a name that does not exist: that is
// a programming error caught by any test touching the query.
func (d *DB) q(name string) string {
	s, ok := d.dialect.Queries[name]
	if !ok {
		panic(fmt.Sprintf("store: no query %q for %s", name, d.dialect.Name))
	}
	return s
}
