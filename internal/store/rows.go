package store

import (
	"context"
	"strconv"
	"strings"
)

// maxRowsPerInsert bounds a multi-row INSERT (PostgreSQL takes at most
// 65,535 parameters in a statement).
const maxRowsPerInsert = 500

// expandRows turns a one-row "INSERT ... VALUES (...)" query into one that
// inserts n rows, repeating its tuple of placeholders (renumbered on
// PostgreSQL); what follows the tuple (ON CONFLICT ...) is kept. A profile's
// save inserts its new tasks, links and audit items this way: one round
// trip each, instead of one per row.
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
	width := strings.Count(tuple, "?")
	if d.numbered {
		width = strings.Count(tuple, "$")
	}
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
		b.WriteByte('(')
		for i := range width {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("$" + strconv.Itoa(r*width+i+1))
		}
		b.WriteByte(')')
	}
	b.WriteString(q[end:])
	return b.String()
}

// insertRows inserts rows with a one-row INSERT query expanded to many on
// PostgreSQL, where each statement is a round trip. SQLite runs in process:
// its prepared one-row statement, run once per row, is cheaper than
// preparing a new multi-row text.
func (t *tx) insertRows(ctx context.Context, q query, op string, rows [][]any) error {
	if !t.db.numbered {
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
