// Package postgres opens Gatehouse's store on PostgreSQL (via pgx), the
// production and scale-out database: any number of processes may share it.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/gatehouse/gatehouse/internal/store"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrations embed.FS

//go:embed queries.sql
var dialectSQL string

// migrationLock serialises migrators of several processes starting at once.
const migrationLock = "SELECT pg_advisory_xact_lock(7362187411)"

// DB is an open PostgreSQL store.
type DB struct {
	*store.DB
	// Pool is the connection pool (the job runner shares it).
	Pool *pgxpool.Pool
}

// Open connects to the database at url (postgres://...) and migrates it.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if !strings.Contains(url, "pool_max_conns") {
		// pgx's default (the CPU count, at least 4) is too few for the API's
		// requests plus the background workers; pool_max_conns in the URL overrides.
		cfg.MaxConns = 32
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	queries, err := QuerySet()
	if err != nil {
		pool.Close()
		return nil, err
	}
	db := &DB{Pool: pool}
	update := func(ctx context.Context, fn func(store.Conn) error) error {
		return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) (err error) {
			defer func() {
				if p := recover(); p != nil {
					err = fmt.Errorf("postgres: panic in transaction: %v", p)
				}
			}()
			return fn(conn{tx})
		})
	}
	db.DB = store.New(store.Dialect{
		Name:              "postgres",
		Queries:           queries,
		Read:              conn{pool},
		Update:            update,
		IsUniqueViolation: isUnique,
		Close:             func() error { pool.Close(); return nil },
	})
	if err := db.Migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// Migrate applies the embedded migrations.
func (db *DB) Migrate(ctx context.Context) error {
	sub, _ := fs.Sub(migrations, "migrations")
	ms, err := store.ReadMigrations(sub)
	if err != nil {
		return err
	}
	m := store.Migrator{
		Update: func(ctx context.Context, fn func(store.Conn) error) error {
			return pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error { return fn(conn{tx}) })
		},
		Lock:     migrationLock,
		Numbered: true,
	}
	_, err = m.Up(ctx, ms)
	return err
}

func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// querier is what pgxpool.Pool and pgx.Tx share.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// conn adapts a pool or transaction to store.Conn.
type conn struct{ q querier }

func (c conn) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	if len(args) == 0 {
		// Statements without arguments (migrations) may hold several statements:
		// the simple protocol runs them all.
		args = []any{pgx.QueryExecModeSimpleProtocol}
	}
	tag, err := c.q.Exec(ctx, q, args...)
	return tag.RowsAffected(), err
}

// ExecPipeline sends the statements in one round trip (a pgx batch: in a
// transaction, the first failure aborts it).
func (c conn) ExecPipeline(ctx context.Context, stmts []store.Statement) error {
	b := &pgx.Batch{}
	for _, s := range stmts {
		b.Queue(s.SQL, s.Args...)
	}
	br := c.q.SendBatch(ctx, b)
	for range stmts {
		if _, err := br.Exec(); err != nil {
			br.Close()
			return err
		}
	}
	return br.Close()
}

func (c conn) Query(ctx context.Context, q string, args ...any) (store.Rows, error) {
	return c.q.Query(ctx, q, args...)
}

func (c conn) QueryRow(ctx context.Context, q string, args ...any) store.Row {
	return row{c.q.QueryRow(ctx, q, args...)}
}

type row struct{ r pgx.Row }

func (r row) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrNoRows
	}
	return err
}

// QuerySet returns PostgreSQL's text of every store query.
func QuerySet() (*store.QuerySet, error) { return store.Queries(dialectSQL, true) }
