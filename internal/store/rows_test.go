package store

import (
	"os"
	"strings"
	"testing"
)

// TestExpandRows: a one-row INSERT becomes an n-row one that keeps the
// tuple's literals and what follows it, with PostgreSQL's placeholders
// renumbered row after row.
func TestExpandRows(t *testing.T) {
	for _, tc := range []struct {
		dialect  string
		numbered bool
		want     string
	}{
		{"sqlite", false, "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, NULL, '', '', ?), (?, ?, ?, ?, ?, ?, ?, 0, ?, NULL, '', '', ?)\nON CONFLICT DO NOTHING;"},
		{"postgres", true, "VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, NULL, '', '', $9), ($10, $11, $12, $13, $14, $15, $16, 0, $17, NULL, '', '', $18)\nON CONFLICT DO NOTHING;"},
	} {
		t.Run(tc.dialect, func(t *testing.T) {
			own, err := os.ReadFile(tc.dialect + "/queries.sql")
			if err != nil {
				t.Fatal(err)
			}
			set, err := Queries(string(own), tc.numbered)
			if err != nil {
				t.Fatal(err)
			}
			d := &DB{numbered: tc.numbered, dialect: Dialect{Queries: set}}
			got := d.expandRows(qInsertJob, 2)
			if !strings.HasSuffix(got, tc.want) || !strings.HasPrefix(got, "INSERT INTO jobs") {
				t.Errorf("got %s\nwant it to end %s", got, tc.want)
			}
			if one := d.expandRows(qInsertJob, 1); one != d.q(qInsertJob) {
				t.Errorf("one row: got %s", one)
			}
		})
	}
}
