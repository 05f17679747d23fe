// Package storetest opens real databases for tests: a SQLite file in a temp
// directory and a fresh schema on the PostgreSQL server named by
// GATEHOUSE_TEST_POSTGRES (scripts/test starts one). It also holds the store
// conformance suite that both implementations pass.
package storetest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store"
	"github.com/gatehouse/gatehouse/internal/store/postgres"
	"github.com/gatehouse/gatehouse/internal/store/sqlite"
	"github.com/gatehouse/gatehouse/internal/vault"
	"github.com/jackc/pgx/v5"
)

// Opener opens a fresh, empty store for a test and closes it at cleanup.
type Opener struct {
	Name string
	Open func(t testing.TB) kyc.Store
	// URL returns a database address for a fresh empty database, for tests
	// that start the server process themselves.
	URL func(t testing.TB) string
}

// Databases returns the openers of every database under test. PostgreSQL is
// included when GATEHOUSE_TEST_POSTGRES is set; when it is not, the test is
// skipped for PostgreSQL, or fails if GATEHOUSE_TEST_REQUIRE_POSTGRES=1.
func Databases() []Opener {
	return []Opener{
		{Name: "sqlite", Open: func(t testing.TB) kyc.Store { return OpenSQLite(t) }, URL: SQLiteURL},
		{Name: "postgres", Open: func(t testing.TB) kyc.Store { return OpenPostgres(t) }, URL: PostgresURL},
	}
}

// Each runs f as a subtest for every database.
func Each(t *testing.T, f func(t *testing.T, db Opener)) {
	for _, db := range Databases() {
		t.Run(db.Name, func(t *testing.T) { f(t, db) })
	}
}

// SQLiteURL returns a fresh SQLite file path in the test's temp directory.
func SQLiteURL(t testing.TB) string {
	return filepath.Join(t.TempDir(), "gatehouse.db")
}

// OpenSQLite opens a store on a fresh SQLite file, protected with the
// test master key.
func OpenSQLite(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), SQLiteURL(t), sqlite.Options{})
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	db.Protect(Masters())
	t.Cleanup(func() { db.Close() })
	return db
}

// testMasterKey is the master key of every store the tests open, so that
// a store reopened by URL (OpenURL) reads what another wrote. Only tests
// use it.
var testMasterKey = func() *vault.Masters {
	k, err := vault.NewKey("storetest", []byte("gatehouse storetest master key!!"))
	if err != nil {
		panic(err)
	}
	m, err := vault.NewMasters(k)
	if err != nil {
		panic(err)
	}
	return m
}()

// Masters returns the master keys the test stores are protected with.
func Masters() *vault.Masters { return testMasterKey }

// Keyring returns the keyring of a store the tests opened: the content
// store of a test shares it, as the server's does.
func Keyring(s kyc.Store) *vault.Keyring {
	return s.(interface{ Keyring() *vault.Keyring }).Keyring()
}

var schemaSeq atomic.Int64

// PostgresURL creates a fresh schema on the test server and returns a URL
// whose search_path selects it. The schema is dropped at cleanup.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("GATEHOUSE_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("GATEHOUSE_TEST_REQUIRE_POSTGRES") == "1" {
			t.Fatal("GATEHOUSE_TEST_POSTGRES is not set but PostgreSQL is required")
		}
		t.Skip("GATEHOUSE_TEST_POSTGRES is not set; run ./scripts/test to test against PostgreSQL")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	schema := fmt.Sprintf("t_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	c, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to test postgres: %v", err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if c, err := pgx.Connect(ctx, base); err == nil {
			_, _ = c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
			c.Close(ctx)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("GATEHOUSE_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// OpenPostgres opens a store on a fresh schema of the test server.
func OpenPostgres(t testing.TB) *postgres.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := postgres.Open(ctx, PostgresURL(t))
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	db.Protect(Masters())
	t.Cleanup(func() { db.Close() })
	return db
}

// IsPostgresURL reports whether a database address names PostgreSQL.
func IsPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// OpenURL opens another store on the database at url (from Opener.URL), as
// a second process would: tests of what one process sees of another's
// writes use it. The store is closed at cleanup.
func OpenURL(t testing.TB, url string) kyc.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var s kyc.Store
	var err error
	if IsPostgresURL(url) {
		var db *postgres.DB
		if db, err = postgres.Open(ctx, url); err == nil {
			db.Protect(Masters())
			s = db
		}
	} else {
		var db *sqlite.DB
		if db, err = sqlite.Open(ctx, url, sqlite.Options{}); err == nil {
			db.Protect(Masters())
			s = db
		}
	}
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Exec runs a statement with "?" placeholders directly on a store's
// database, bypassing the store: tests use it to tamper with rows as
// someone with database access could.
func Exec(t testing.TB, s kyc.Store, q string, args ...any) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	switch db := s.(type) {
	case *sqlite.DB:
		res, err := db.Writer.ExecContext(ctx, q, args...)
		if err != nil {
			t.Fatalf("exec %q: %v", q, err)
		}
		n, _ := res.RowsAffected()
		return n
	case *postgres.DB:
		tag, err := db.Pool.Exec(ctx, store.Rebind(q), args...)
		if err != nil {
			t.Fatalf("exec %q: %v", q, err)
		}
		return tag.RowsAffected()
	}
	t.Fatalf("exec on a %T store", s)
	return 0
}

// QueryString reads one text value with a "?" query directly from a
// store's database, bypassing the store: tests use it to see a column as
// it is stored.
func QueryString(t testing.TB, s kyc.Store, q string, args ...any) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var v string
	var err error
	switch db := s.(type) {
	case *sqlite.DB:
		err = db.Writer.QueryRowContext(ctx, q, args...).Scan(&v)
	case *postgres.DB:
		err = db.Pool.QueryRow(ctx, store.Rebind(q), args...).Scan(&v)
	default:
		t.Fatalf("query on a %T store", s)
	}
	if err != nil {
		t.Fatalf("query %q: %v", q, err)
	}
	return v
}

// OpenUnprotected opens a store on the database at url without the
// master key: it writes personal data in clear. Only the benchmark that
// measures what encryption costs uses it; a server never runs so.
func OpenUnprotected(t testing.TB, url string) kyc.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var s kyc.Store
	var err error
	if IsPostgresURL(url) {
		s, err = postgres.Open(ctx, url)
	} else {
		s, err = sqlite.Open(ctx, url, sqlite.Options{})
	}
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
