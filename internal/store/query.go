package store

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

//go:generate go run ./internal/genqueries

//go:embed queries.sql
var sharedSQL string

// query names one of the store's SQL queries. The constants (q<Name>) are
// generated from the "-- name:" lines of the SQL files, so a query the code
// names must exist in the files (the build fails otherwise), and
// TestQueriesPrepare checks that each one exists for both dialects and is
// valid SQL on both databases.
type query int

// String returns the query's name in the SQL files.
func (q query) String() string {
	if q < 0 || q >= numQueries {
		return "query(" + strconv.Itoa(int(q)) + ")"
	}
	return queryNames[q]
}

// QuerySet is a dialect's SQL text for every query, by constant.
type QuerySet [numQueries]string

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
// "?" placeholders rewritten to "$n" when numbered is set (PostgreSQL). It
// fails when a file names a query the generated constants do not know
// (run go generate ./internal/store) or when a query has no text for this
// dialect.
func Queries(dialectSQL string, numbered bool) (*QuerySet, error) {
	byName := map[string]query{}
	for q, n := range queryNames {
		byName[n] = query(q)
	}
	var set QuerySet
	for _, text := range []string{sharedSQL, dialectSQL} {
		for name, sql := range ParseQueries(text) {
			q, ok := byName[name]
			if !ok {
				return nil, fmt.Errorf("store: query %q is not among the generated constants (run go generate ./internal/store)", name)
			}
			if numbered {
				sql = Rebind(sql)
			}
			set[q] = sql
		}
	}
	for q, sql := range set {
		if sql == "" {
			return nil, fmt.Errorf("store: query %s has no SQL for this dialect", query(q))
		}
	}
	return &set, nil
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

// q returns a query's SQL for this store's dialect.
func (d *DB) q(q query) string { return d.dialect.Queries[q] }

// Named returns a query's SQL by its name in the SQL files, for tests and
// tools that inspect queries (query plans, preparation).
func (s *QuerySet) Named(name string) (string, bool) {
	for q, n := range queryNames {
		if n == name {
			return s[q], true
		}
	}
	return "", false
}

// Each calls fn with every query's name and SQL.
func (s *QuerySet) Each(fn func(name, sql string)) {
	for q, sql := range s {
		fn(queryNames[q], sql)
	}
}
