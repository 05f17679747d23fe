package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/store/postgres"
	"github.com/gatehouse/gatehouse/internal/store/sqlite"
)

// TestMigrationsMakeTheSameSchema: the SQLite and PostgreSQL migration sets
// produce the same tables, columns (by type class, nullability and primary
// key), indexes (by name, table, columns, uniqueness and whether partial)
// and unique constraints, so that one set cannot drift from the other.
func TestMigrationsMakeTheSameSchema(t *testing.T) {
	lite := sqliteSchema(t, OpenSQLite(t))
	pg := postgresSchema(t, OpenPostgres(t))
	for _, line := range lite {
		if !slices.Contains(pg, line) {
			t.Errorf("only in SQLite: %s", line)
		}
	}
	for _, line := range pg {
		if !slices.Contains(lite, line) {
			t.Errorf("only in PostgreSQL: %s", line)
		}
	}
	if len(lite) < 50 {
		t.Errorf("got a schema of %d lines; the introspection read too little:\n%s", len(lite), strings.Join(lite, "\n"))
	}
}

// typeClass maps a column type to what both databases store the same way:
// SQLite keeps booleans as integers, UUIDs and JSON as text.
func typeClass(t string) string {
	switch strings.ToLower(t) {
	case "integer", "bigint", "smallint", "boolean", "int", "int8", "int4", "bool":
		return "int"
	case "text", "uuid", "json", "jsonb", "character varying":
		return "text"
	case "blob", "bytea":
		return "bytes"
	case "real", "double precision", "float8":
		return "real"
	}
	return "other:" + t
}

func sqliteSchema(t *testing.T, db *sqlite.DB) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	tables := queryStrings(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name`)
	for _, table := range tables {
		rows, err := db.Reader.QueryContext(ctx, `SELECT name, type, "notnull", pk FROM pragma_table_info(?)`, table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name, typ string
			var notNull, pk int
			if err := rows.Scan(&name, &typ, &notNull, &pk); err != nil {
				t.Fatal(err)
			}
			// A primary key column is NOT NULL in PostgreSQL whatever it says.
			out = append(out, fmt.Sprintf("column %s.%s %s notnull=%t pk=%t", table, name, typeClass(typ), notNull == 1 || pk > 0, pk > 0))
		}
		rows.Close()
		idx, err := db.Reader.QueryContext(ctx, `SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, table)
		if err != nil {
			t.Fatal(err)
		}
		type index struct {
			name, origin    string
			unique, partial bool
		}
		var indexes []index
		for idx.Next() {
			var ix index
			if err := idx.Scan(&ix.name, &ix.unique, &ix.origin, &ix.partial); err != nil {
				t.Fatal(err)
			}
			indexes = append(indexes, ix)
		}
		idx.Close()
		for _, ix := range indexes {
			cols := queryStrings(t, db, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, ix.name)
			switch ix.origin {
			case "pk":
			case "u":
				out = append(out, fmt.Sprintf("unique %s (%s)", table, strings.Join(cols, ", ")))
			default:
				out = append(out, fmt.Sprintf("index %s on %s (%s) unique=%t partial=%t", ix.name, table, strings.Join(cols, ", "), ix.unique, ix.partial))
			}
		}
	}
	slices.Sort(out)
	return out
}

func queryStrings(t *testing.T, db *sqlite.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Reader.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func postgresSchema(t *testing.T, db *postgres.DB) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	rows, err := db.Pool.Query(ctx, `
		SELECT c.table_name, c.column_name, c.data_type, c.is_nullable = 'NO',
		       EXISTS (SELECT 1 FROM information_schema.table_constraints tc
		               JOIN information_schema.key_column_usage k
		                 ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
		               WHERE tc.table_schema = c.table_schema AND tc.table_name = c.table_name
		                 AND tc.constraint_type = 'PRIMARY KEY' AND k.column_name = c.column_name)
		FROM information_schema.columns c
		WHERE c.table_schema = current_schema() AND c.table_name <> 'schema_migrations'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, name, typ string
		var notNull, pk bool
		if err := rows.Scan(&table, &name, &typ, &notNull, &pk); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("column %s.%s %s notnull=%t pk=%t", table, name, typeClass(typ), notNull, pk))
	}
	rows.Close()
	rows, err = db.Pool.Query(ctx, `
		SELECT i.relname, t.relname, x.indisunique, x.indpred IS NOT NULL,
		       COALESCE((SELECT con.contype::text FROM pg_constraint con
		                 WHERE con.conindid = x.indexrelid AND con.conrelid = t.oid AND con.contype IN ('p', 'u')), ''),
		       ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
		             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n)
		FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		JOIN pg_class t ON t.oid = x.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = current_schema() AND t.relname <> 'schema_migrations'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, table, contype string
		var unique, partial bool
		var cols []string
		if err := rows.Scan(&name, &table, &unique, &partial, &contype, &cols); err != nil {
			t.Fatal(err)
		}
		switch contype {
		case "p":
		case "u":
			out = append(out, fmt.Sprintf("unique %s (%s)", table, strings.Join(cols, ", ")))
		default:
			out = append(out, fmt.Sprintf("index %s on %s (%s) unique=%t partial=%t", name, table, strings.Join(cols, ", "), unique, partial))
		}
	}
	slices.Sort(out)
	return out
}

// TestQueriesPrepare: every query of the store is valid SQL for its
// dialect's database, prepared against the migrated schema (a query with an
// /*ids*/ list is prepared with one id).
func TestQueriesPrepare(t *testing.T) {
	ctx := context.Background()
	t.Run("sqlite", func(t *testing.T) {
		db := OpenSQLite(t)
		for _, q := range db.HotQueries() {
			st, err := db.Writer.PrepareContext(ctx, q)
			if err != nil {
				t.Errorf("prepare %s: %v", firstLine(q), err)
				continue
			}
			st.Close()
		}
	})
	t.Run("postgres", func(t *testing.T) {
		db := OpenPostgres(t)
		c, err := db.Pool.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Release()
		qs := db.HotQueries()
		if len(qs) < 50 {
			t.Fatalf("got %d queries", len(qs))
		}
		for i, q := range qs {
			if _, err := c.Conn().Prepare(ctx, fmt.Sprintf("q%d", i), q); err != nil {
				t.Errorf("prepare %s: %v", firstLine(q), err)
			}
		}
	})
}

func firstLine(q string) string {
	line, _, _ := strings.Cut(q, "\n")
	return line
}
