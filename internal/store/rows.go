package store

import (
	"context"
	"strconv"
	"strings"
)

// maxRowsPerInsert bounds a multi-row INSERT (PostgreSQL takes at most
// 65,535 parameters in a statement).
const maxRowsPerInsert = 500

// batchConn is a transaction's connection on PostgreSQL that defers the
// inserts of a profile's children (applications, tasks, events, checks,
// links, audit items, jobs) and sends each table's rows as one multi-row
// INSERT: a command that saves many profiles (a company linking twenty
// associates) makes a handful of round trips instead of one per row.
//
// Order is kept where it matters: any read, and any other statement, first
// sends what is deferred, so the transaction always reads its own writes
// and statements touching those tables see them. Only the writes of
// profile rows themselves go ahead of deferred inserts, which they cannot
// affect: the deferred rows refer to profiles that already exist. The
// rest is sent when the transaction's function returns, before commit.
type batchConn struct {
	Conn
	db       *DB
	deferred map[string]query // one-row insert text → its query
	exempt   map[string]bool  // statements that need not send the deferred first
	order    []query
	rows     map[query][][]any
}

func newBatchConn(d *DB, c Conn) *batchConn {
	b := &batchConn{Conn: c, db: d, deferred: map[string]query{}, exempt: map[string]bool{}, rows: map[query][][]any{}}
	for _, q := range []query{qInsertApplication, qInsertTask, qInsertEvent, qInsertCheck, qInsertLink, qInsertAudit, qInsertJob, qInsertNameToken, qInsertProfileKey} {
		b.deferred[d.q(q)] = q
	}
	for _, q := range []query{qInsertProfile, qUpdateProfile} {
		b.exempt[d.q(q)] = true
	}
	return b
}

// Exec defers a deferrable insert (reporting one row affected; their
// callers do not read it), and otherwise sends the deferred rows first,
// unless the statement writes a profile row.
func (b *batchConn) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	if name, ok := b.deferred[q]; ok {
		if _, seen := b.rows[name]; !seen {
			b.order = append(b.order, name)
		}
		b.rows[name] = append(b.rows[name], args)
		return 1, nil
	}
	if !b.exempt[q] {
		if err := b.flush(ctx); err != nil {
			return 0, err
		}
	}
	return b.Conn.Exec(ctx, q, args...)
}

// Query sends the deferred rows first.
func (b *batchConn) Query(ctx context.Context, q string, args ...any) (Rows, error) {
	if err := b.flush(ctx); err != nil {
		return nil, err
	}
	return b.Conn.Query(ctx, q, args...)
}

// QueryRow sends the deferred rows first.
func (b *batchConn) QueryRow(ctx context.Context, q string, args ...any) Row {
	if err := b.flush(ctx); err != nil {
		return errRow{err}
	}
	return b.Conn.QueryRow(ctx, q, args...)
}

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// flush sends the deferred rows, table by table in the order first
// deferred, each in multi-row INSERTs, all in one round trip when the
// connection pipelines.
func (b *batchConn) flush(ctx context.Context) error {
	if len(b.order) == 0 {
		return nil
	}
	var stmts []Statement
	var names []query
	for _, name := range b.order {
		rows := b.rows[name]
		for len(rows) > 0 {
			n := min(len(rows), maxRowsPerInsert)
			args := make([]any, 0, n*len(rows[0]))
			for _, r := range rows[:n] {
				args = append(args, r...)
			}
			stmts = append(stmts, Statement{b.db.expandRows(name, n), args})
			names = append(names, name)
			rows = rows[n:]
		}
	}
	b.order = b.order[:0]
	clear(b.rows)
	if p, ok := b.Conn.(Pipeliner); ok && len(stmts) > 1 {
		if err := p.ExecPipeline(ctx, stmts); err != nil {
			return internal("insert deferred rows", err)
		}
		return nil
	}
	for i, s := range stmts {
		if _, err := b.Conn.Exec(ctx, s.SQL, s.Args...); err != nil {
			return internal("insert "+names[i].String(), err)
		}
	}
	return nil
}

// expandRows turns a one-row "INSERT ... VALUES (...)" query into one that
// inserts n rows, repeating its tuple of placeholders (renumbered on
// PostgreSQL); what follows the tuple (ON CONFLICT ...) is kept.
func (d *DB) expandRows(name query, n int) string {
	q := d.q(name)
	at := strings.Index(q, "VALUES (")
	if at < 0 || n <= 1 {
		return q
	}
	open := at + len("VALUES ")
	end := strings.IndexByte(q[open:], ')')
	if end < 0 {
		return q
	}
	end += open + 1
	tuple := q[open:end]
	width := strings.Count(tuple, "$")
	var b strings.Builder
	b.WriteString(q[:open])
	for r := range n {
		if r > 0 {
			b.WriteString(", ")
		}
		if !d.numbered {
			b.WriteString(tuple)
			continue
		}
		// Renumber the tuple's placeholders, keeping its literals.
		for i := 0; i < len(tuple); i++ {
			if tuple[i] != '$' {
				b.WriteByte(tuple[i])
				continue
			}
			j := i + 1
			for j < len(tuple) && tuple[j] >= '0' && tuple[j] <= '9' {
				j++
			}
			k, _ := strconv.Atoi(tuple[i+1 : j])
			b.WriteString("$" + strconv.Itoa(r*width+k))
			i = j - 1
		}
	}
	b.WriteString(q[end:])
	return b.String()
}

// insertRows inserts rows with a one-row INSERT query: on PostgreSQL one
// statement each, which the batch connection gathers into multi-row
// statements sent together; elsewhere (SQLite) in multi-row statements
// straight away, a fraction of a statement's cost per row.
func (t *tx) insertRows(ctx context.Context, q query, op string, rows [][]any) error {
	if t.db.batch || len(rows) == 1 {
		for _, r := range rows {
			if _, err := t.c.Exec(ctx, t.db.q(q), r...); err != nil {
				return internal(op, err)
			}
		}
		return nil
	}
	for len(rows) > 0 {
		n := min(len(rows), maxRowsPerInsert)
		args := make([]any, 0, n*len(rows[0]))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := t.c.Exec(ctx, t.db.expandRows(q, n), args...); err != nil {
			return internal(op, err)
		}
		rows = rows[n:]
	}
	return nil
}
