package portal

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store"
	"github.com/gatehouse/gatehouse/internal/store/postgres"
	"github.com/gatehouse/gatehouse/internal/store/sqlite"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// Seeding many profiles quickly for the benchmarks: a few template
// profiles are made through the real service, then copied in SQL, every
// row of every table that hangs off a profile, with new ids, new names and
// staggered times. Triggers and the store's columns stay as the code left
// them, so the copies are what the service would have written.

// seedTemplate is a profile to copy, and how many copies of every 100.
type seedTemplate struct {
	id     string
	weight int
}

// sqlExec runs a statement on a store's database.
type sqlExec struct {
	dialect string
	exec    func(q string, args ...any) error
	columns func(table string) []string
}

func execOf(tb testing.TB, s kyc.Store) sqlExec {
	ctx := context.Background()
	switch db := s.(type) {
	case *sqlite.DB:
		return sqlExec{dialect: "sqlite",
			exec: func(q string, args ...any) error { _, err := db.Writer.ExecContext(ctx, q, args...); return err },
			columns: func(table string) []string {
				return queryColumn(tb, func() ([]string, error) {
					rows, err := db.Writer.QueryContext(ctx, "SELECT name FROM pragma_table_info(?)", table)
					if err != nil {
						return nil, err
					}
					defer rows.Close()
					var out []string
					for rows.Next() {
						var n string
						rows.Scan(&n)
						out = append(out, n)
					}
					return out, rows.Err()
				})
			}}
	case *postgres.DB:
		return sqlExec{dialect: "postgres",
			exec: func(q string, args ...any) error { _, err := db.Pool.Exec(ctx, q, args...); return err },
			columns: func(table string) []string {
				return queryColumn(tb, func() ([]string, error) {
					rows, err := db.Pool.Query(ctx, "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position", table)
					if err != nil {
						return nil, err
					}
					defer rows.Close()
					var out []string
					for rows.Next() {
						var n string
						rows.Scan(&n)
						out = append(out, n)
					}
					return out, rows.Err()
				})
			}}
	}
	tb.Fatalf("seed: unknown store %T", s)
	return sqlExec{}
}

func queryColumn(tb testing.TB, f func() ([]string, error)) []string {
	out, err := f()
	if err != nil || len(out) == 0 {
		tb.Fatalf("seed: columns: %v", err)
	}
	return out
}

var (
	givenNames  = strings.Fields("Olivia Noah Amelia Oliver Isla George Ava Arthur Mia Muhammad Ivy Leo Freya Harry Lily Oscar Florence Archie Emily Henry Sophia Theodore Grace Jack Willow Charlie Rosie Thomas Ella Finley Evie Lucas Elsie Alfie Sienna Freddie Ada Theo Hallie Isaac Maya Mohammed Daisy Teddy Luna Arlo Poppy Joshua Aria Jude")
	familyNames = strings.Fields("Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey")
)

// seedCopies writes n copies of the templates, in proportion to their
// weights, each a minute older than the one before.
func seedCopies(tb testing.TB, s kyc.Store, institutionID string, templates []seedTemplate, n int) {
	tb.Helper()
	x := execOf(tb, s)
	uuid := "gen_random_uuid()"
	idType := "UUID"
	if x.dialect == "sqlite" {
		uuid = "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-7' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))"
		idType = "TEXT"
	}
	must := func(q string, args ...any) {
		tb.Helper()
		if err := x.exec(q, args...); err != nil {
			tb.Fatalf("seed: %v\n%s", err, q)
		}
	}
	must(fmt.Sprintf(`CREATE TABLE bench_seedmap (n BIGINT PRIMARY KEY, template_id %s NOT NULL, new_id %s NOT NULL, name TEXT NOT NULL)`, idType, idType))
	// Each copy gets a key of its own, its name sealed under it and its
	// blind name-index terms, as the store writes them: the queue opens
	// fifty names a page, and search goes through the index.
	sealer := s.(interface {
		SealName(ctx context.Context, institutionID, profileID, name string) (store.SealedName, error)
	})
	var wheel []string
	for _, t := range templates {
		for range t.weight {
			wheel = append(wheel, t.id)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	const batch = 500
	type nameRows struct {
		vals []string
		args []any
	}
	var names []nameRows
	for start := 0; start < n; start += batch {
		var vals, kvals, nvals []string
		var args, kargs, nargs []any
		ph := func(args []any, n int) string {
			if x.dialect == "sqlite" {
				return "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
			}
			var b []string
			for j := range n {
				b = append(b, fmt.Sprintf("$%d", len(args)+j+1))
			}
			return "(" + strings.Join(b, ", ") + ")"
		}
		for i := start; i < min(start+batch, n); i++ {
			id := kyc.NewID()
			sn, err := sealer.SealName(context.Background(), institutionID, id,
				givenNames[r.IntN(len(givenNames))]+" "+familyNames[r.IntN(len(familyNames))])
			if err != nil {
				tb.Fatal(err)
			}
			vals = append(vals, ph(args, 4))
			args = append(args, i+1, wheel[r.IntN(len(wheel))], id, sn.DisplayName)
			kvals = append(kvals, ph(kargs, 4))
			kargs = append(kargs, vault.ProfileOwner(id), sn.WrappedKey, 0, 0)
			for _, term := range sn.Terms {
				nvals = append(nvals, ph(nargs, 3))
				nargs = append(nargs, institutionID, term, id)
			}
		}
		must("INSERT INTO bench_seedmap (n, template_id, new_id, name) VALUES "+strings.Join(vals, ", "), args...)
		must("INSERT INTO wrapped_keys (owner, wrapped, created_at, updated_at) VALUES "+strings.Join(kvals, ", "), kargs...)
		names = append(names, nameRows{nvals, nargs})
	}
	const minute = "60000000"
	for _, table := range []string{"profiles", "applications", "tasks", "checks", "events", "audit_items"} {
		var cols, exprs []string
		for _, c := range x.columns(table) {
			e := "x." + c
			switch {
			case table == "profiles" && c == "id":
				e = "m.new_id"
			case table == "profiles" && c == "display_name":
				e = "m.name"
			case table == "profiles" && c == "version":
				e = "0"
			case c == "id":
				e = uuid
			case c == "profile_id":
				e = "m.new_id"
			case c == "created_at" || c == "updated_at" || c == "waiting_since" || c == "ts":
				e = "x." + c + " - m.n * " + minute
			case table == "audit_items" && (c == "seq" || c == "hash"):
				e = "NULL"
			}
			cols, exprs = append(cols, c), append(exprs, e)
		}
		key := "x.profile_id"
		if table == "profiles" {
			key = "x.id"
		}
		must(fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM bench_seedmap m JOIN %s x ON %s = m.template_id",
			table, strings.Join(cols, ", "), strings.Join(exprs, ", "), table, key))
	}
	must("DROP TABLE bench_seedmap")
	for _, nr := range names { // after the profiles they name
		must("INSERT INTO profile_names (institution_id, token, profile_id) VALUES "+strings.Join(nr.vals, ", ")+" ON CONFLICT DO NOTHING", nr.args...)
	}
	if x.dialect == "postgres" {
		// Vacuumed as autovacuum would soon do: the visibility map lets the
		// queue's index-only scans skip the heap, and no vacuum of a million
		// fresh rows competes with the measurements.
		must("VACUUM ANALYZE")
	} else {
		// Checkpointed, so that the first write after the seeding does not
		// copy a million rows' worth of WAL into the database file.
		must("ANALYZE")
		must("PRAGMA wal_checkpoint(TRUNCATE)")
	}
}
