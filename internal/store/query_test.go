package store

import (
	"os"
	"slices"
	"testing"
)

// TestQueryConstantsUpToDate: the generated constants name exactly the
// queries of the SQL files (run go generate ./internal/store otherwise).
func TestQueryConstantsUpToDate(t *testing.T) {
	var inFiles []string
	for _, f := range []string{"queries.sql", "sqlite/queries.sql", "postgres/queries.sql"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for name := range ParseQueries(string(b)) {
			if !slices.Contains(inFiles, name) {
				inFiles = append(inFiles, name)
			}
		}
	}
	slices.Sort(inFiles)
	generated := queryNames[:]
	if !slices.Equal(inFiles, generated) {
		t.Errorf("the SQL files name %v,\nthe generated constants %v: run go generate ./internal/store", inFiles, generated)
	}
}

// TestQueriesRejectUnknownNames: a dialect file naming a query the
// constants do not know is refused when the store opens, not at the first use.
func TestQueriesRejectUnknownNames(t *testing.T) {
	if _, err := Queries("-- name: NoSuchQuery\nSELECT 1;\n", false); err == nil {
		t.Error("got no error for an unknown query name")
	}
	if _, err := Queries("", false); err == nil {
		t.Error("got no error for queries without their dialect's own text (ClaimJobs)")
	}
}
