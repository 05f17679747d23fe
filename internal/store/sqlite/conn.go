package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"github.com/gatehouse/gatehouse/internal/store"
)

// conn adapts a *sql.DB, or a *sql.Tx on it, to store.Conn, reusing prepared
// statements.
//
// The write pool has one connection, so nothing may ask that pool for a
// connection while a transaction holds it: statements for transactions are
// prepared once, outside any transaction (prepareAll), and a query that was
// not prepared runs unprepared on the transaction itself.
type conn struct {
	db    *sql.DB
	tx    *sql.Tx
	stmts *stmtCache
	// lazy allows preparing unknown queries on db (the read pool only).
	lazy bool
	// detached runs statements without their caller's context: inside a
	// group transaction (the writer) a cancelled caller must not interrupt a
	// statement, which would roll back the whole transaction, everyone's.
	// It also spares the driver a goroutine per statement watching the context.
	detached bool
}

// ctx returns the context statements run with.
func (c *conn) ctx(ctx context.Context) context.Context {
	if c.detached {
		return context.Background()
	}
	return ctx
}

type stmtCache struct {
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

func newStmtCache() *stmtCache { return &stmtCache{m: map[string]*sql.Stmt{}} }

func (c *stmtCache) get(q string) *sql.Stmt {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[q]
}

// prepareAll prepares queries on db, which must not be inside a transaction.
func (c *stmtCache) prepareAll(ctx context.Context, db *sql.DB, queries []string) error {
	for _, q := range queries {
		s, err := db.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		c.mu.Lock()
		c.m[q] = s
		c.mu.Unlock()
	}
	return nil
}

func (c *conn) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	s := c.stmts.get(q)
	if s == nil && c.lazy {
		var err error
		if s, err = c.db.PrepareContext(ctx, q); err != nil {
			return nil, err
		}
		c.stmts.mu.Lock()
		if prev, ok := c.stmts.m[q]; ok {
			s.Close()
			s = prev
		} else {
			c.stmts.m[q] = s
		}
		c.stmts.mu.Unlock()
	}
	if s != nil && c.tx != nil {
		return c.tx.StmtContext(ctx, s), nil
	}
	return s, nil
}

func (c *conn) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	ctx = c.ctx(ctx)
	var res sql.Result
	s, err := c.stmt(ctx, q)
	switch {
	case err != nil:
		return 0, err
	case s != nil:
		res, err = s.ExecContext(ctx, args...)
	case c.tx != nil:
		res, err = c.tx.ExecContext(ctx, q, args...)
	default:
		res, err = c.db.ExecContext(ctx, q, args...)
	}
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c *conn) Query(ctx context.Context, q string, args ...any) (store.Rows, error) {
	ctx = c.ctx(ctx)
	var r *sql.Rows
	s, err := c.stmt(ctx, q)
	switch {
	case err != nil:
		return nil, err
	case s != nil:
		r, err = s.QueryContext(ctx, args...)
	case c.tx != nil:
		r, err = c.tx.QueryContext(ctx, q, args...)
	default:
		r, err = c.db.QueryContext(ctx, q, args...)
	}
	if err != nil {
		return nil, err
	}
	return rows{r}, nil
}

func (c *conn) QueryRow(ctx context.Context, q string, args ...any) store.Row {
	ctx = c.ctx(ctx)
	s, err := c.stmt(ctx, q)
	switch {
	case err != nil:
		return errRow{err}
	case s != nil:
		return row{s.QueryRowContext(ctx, args...)}
	case c.tx != nil:
		return row{c.tx.QueryRowContext(ctx, q, args...)}
	}
	return row{c.db.QueryRowContext(ctx, q, args...)}
}

type rows struct{ *sql.Rows }

func (r rows) Close() { _ = r.Rows.Close() }

type row struct{ r *sql.Row }

func (r row) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNoRows
	}
	return err
}

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }
