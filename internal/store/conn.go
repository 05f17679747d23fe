// Package store implements kyc.Store once, in SQL, for the two databases
// Gatehouse supports; packages sqlite and postgres supply the connections,
// the dialect's queries and the migrations.
package store

import (
	"context"
	"errors"
)

// Conn runs queries: a transaction or a pool. Implementations translate their
// driver's "no rows" error into ErrNoRows.
type Conn interface {
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) Row
}

// Statement is one statement of a pipeline.
type Statement struct {
	SQL  string
	Args []any
}

// Pipeliner is a Conn that can send several statements in one round trip
// (PostgreSQL's pipeline mode), stopping at the first that fails.
type Pipeliner interface {
	ExecPipeline(ctx context.Context, stmts []Statement) error
}

// Rows iterates over a query's result.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Row is a single-row result.
type Row interface {
	Scan(dest ...any) error
}

// ErrNoRows is returned by Row.Scan when the query matched nothing.
var ErrNoRows = errors.New("store: no rows")

// Dialect is what differs between the databases.
type Dialect struct {
	// Name is "sqlite" or "postgres".
	Name string
	// Queries holds the dialect's SQL, by query (see queries.sql).
	Queries *QuerySet
	// Read is the connection for reads outside transactions.
	Read Conn
	// Update runs fn in one write transaction.
	Update func(ctx context.Context, fn func(Conn) error) error
	// SealOnInsert seals audit items into their chain as they are
	// inserted (see insertAudit).
	SealOnInsert bool
	// IsUniqueViolation reports whether err is a unique-constraint violation.
	IsUniqueViolation func(error) bool
	// Close releases the connections.
	Close func() error
}
