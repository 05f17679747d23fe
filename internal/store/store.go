package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// DB is the SQL implementation of kyc.Store for one dialect.
type DB struct {
	dialect  Dialect
	numbered bool
	// batch defers a transaction's inserts of a profile's children to
	// multi-row statements (see batchConn): on PostgreSQL, where every
	// statement is a round trip.
	batch bool
	// keys seals personal data (Protect); nil: protection off.
	keys *vault.Keyring
	reader
}

var _ kyc.Store = (*DB)(nil)

// New returns a store over a dialect's connections.
func New(d Dialect) *DB {
	db := &DB{dialect: d, numbered: d.Name == "postgres", batch: d.Name == "postgres"}
	db.reader = reader{db: db, c: d.Read}
	return db
}

// Dialect returns the dialect name: "sqlite" or "postgres".
func (d *DB) Dialect() string { return d.dialect.Name }

// Update runs fn in one write transaction.
func (d *DB) Update(ctx context.Context, fn func(kyc.Tx) error) error {
	return d.dialect.Update(ctx, func(c Conn) error {
		if !d.batch {
			return fn(&tx{reader{db: d, c: c, inTx: true, kc: newKeyCache()}})
		}
		bc := newBatchConn(d, c)
		if err := fn(&tx{reader{db: d, c: bc, inTx: true, kc: newKeyCache()}}); err != nil {
			return err
		}
		return bc.flush(ctx)
	})
}

// Close releases the connections.
func (d *DB) Close() error { return d.dialect.Close() }

// reader implements kyc.Reader over a connection.
type reader struct {
	db   *DB
	c    Conn
	inTx bool
	// kc caches the keys of one operation (session); nil on the shared reader.
	kc *keyCache
}

// tx implements kyc.Tx.
type tx struct{ reader }

// internal wraps a driver error as an EInternal kyc error.
func internal(op string, err error) error {
	var ke *kyc.Error
	if errors.As(err, &ke) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &kyc.Error{Code: kyc.EUnavailable, Message: "the request was cancelled or timed out", Err: err}
	}
	return &kyc.Error{Code: kyc.EInternal, Message: "storage error", Err: fmt.Errorf("%s: %w", op, err)}
}

// HotQueries returns every query text the store runs with arguments,
// including the one-profile forms of the /*ids*/ queries and the multi-row
// forms of the inserts a save sends several rows of at once (insertRows),
// up to hotRows rows, for dialects that prepare statements ahead of time.
func (d *DB) HotQueries() []string {
	var out []string
	for q, sql := range d.dialect.Queries {
		if strings.Contains(sql, "/*ids*/") {
			out = append(out, d.expandIDs(query(q), 1))
			continue
		}
		out = append(out, sql)
	}
	for _, q := range []query{qInsertAudit, qInsertTask, qInsertNameToken, qInsertLink} {
		for n := 2; n <= hotRows; n++ {
			out = append(out, d.expandRows(q, n))
		}
	}
	return out
}

// hotRows is how many rows the prepared multi-row inserts go up to: a
// profile's audit items, tasks and name terms are fewer.
const hotRows = 32

// expandIDs replaces the /*ids*/ marker of a query with n placeholders,
// which take the arguments after the query's own: the marker must follow
// every other placeholder.
func (d *DB) expandIDs(name query, n int) string {
	q := d.q(name)
	at := strings.Index(q, "/*ids*/")
	if at < 0 {
		panic(fmt.Sprintf("store: query %s has no /*ids*/", name))
	}
	first := 1
	if d.numbered {
		first += strings.Count(q[:at], "$")
	}
	ph := make([]string, n)
	for i := range ph {
		if d.numbered {
			ph[i] = "$" + strconv.Itoa(first+i)
		} else {
			ph[i] = "?"
		}
	}
	return strings.Replace(q, "/*ids*/", strings.Join(ph, ", "), 1)
}

// Times are stored as Unix microseconds.

func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

func microsPtr(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	us := t.UnixMicro()
	return &us
}

func fromMicrosPtr(us *int64) *time.Time {
	if us == nil {
		return nil
	}
	t := fromMicros(*us)
	return &t
}

// likePattern returns a LIKE pattern matching s anywhere, with wildcards in s escaped.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}

// anyStrings converts ids to query arguments.
func anyStrings(ids []string) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
