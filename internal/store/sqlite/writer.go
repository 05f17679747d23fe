package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/gatehouse/gatehouse/internal/store"
)

// writer runs every write transaction on the one write connection. Requests
// that arrive while a commit is in progress are run together in the next
// transaction, each inside its own savepoint, and committed at once: one
// fsync serves many requests (group commit). A request whose function fails
// is rolled back to its savepoint without disturbing the others.
type writer struct {
	db    *sql.DB
	max   int
	reqs  chan *writeReq
	stmts *stmtCache // statements prepared on the write connection
	wg    sync.WaitGroup
	close func()
}

type writeReq struct {
	ctx  context.Context
	fn   func(store.Conn) error
	done chan error
}

func newWriter(db *sql.DB, max int) *writer {
	w := &writer{db: db, max: max, reqs: make(chan *writeReq, 4*max), stmts: newStmtCache()}
	stop := make(chan struct{})
	var once sync.Once
	w.close = func() { once.Do(func() { close(stop); w.wg.Wait() }) }
	w.wg.Add(1)
	go w.loop(stop)
	return w
}

// update queues fn and waits for its transaction to commit or fail.
func (w *writer) update(ctx context.Context, fn func(store.Conn) error) error {
	r := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case w.reqs <- r:
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-r.done
}

func (w *writer) loop(stop chan struct{}) {
	defer w.wg.Done()
	batch := make([]*writeReq, 0, w.max)
	for {
		select {
		case <-stop:
			// Fail whatever is still queued rather than leave callers waiting.
			for {
				select {
				case r := <-w.reqs:
					r.done <- fmt.Errorf("sqlite: store closed")
				default:
					return
				}
			}
		case r := <-w.reqs:
			batch = append(batch[:0], r)
		fill:
			for len(batch) < w.max {
				select {
				case r := <-w.reqs:
					batch = append(batch, r)
				default:
					break fill
				}
			}
			w.run(batch)
		}
	}
}

// run executes one batch in one transaction.
func (w *writer) run(batch []*writeReq) {
	errs := make([]error, len(batch))
	ctx := context.Background() // one caller giving up must not abort the others
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		for _, r := range batch {
			r.done <- err
		}
		return
	}
	c := &conn{db: w.db, tx: tx, stmts: w.stmts}
	savepoints := len(batch) > 1
	ok := 0
	for i, r := range batch {
		if errs[i] = r.ctx.Err(); errs[i] != nil {
			continue
		}
		if errs[i] = w.runOne(ctx, tx, c, r.fn, savepoints); errs[i] == nil {
			ok++
		} else if errs[i] == errTxBroken {
			ok = 0
			for j := range errs {
				if errs[j] == nil || j == i {
					errs[j] = errTxBroken
				}
			}
			break
		}
	}
	if ok == 0 {
		_ = tx.Rollback()
	} else if err := tx.Commit(); err != nil {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = fmt.Errorf("sqlite: commit: %w", err)
			}
		}
	}
	for i, r := range batch {
		r.done <- errs[i]
	}
}

var errTxBroken = fmt.Errorf("sqlite: group transaction failed")

// runOne runs one request's function, inside a savepoint when the
// transaction is shared, rolling back to it when the function fails.
func (w *writer) runOne(ctx context.Context, tx *sql.Tx, c store.Conn, fn func(store.Conn) error, savepoint bool) error {
	if !savepoint {
		return call(fn, c)
	}
	if _, err := tx.ExecContext(ctx, "SAVEPOINT gc"); err != nil {
		return errTxBroken
	}
	ferr := call(fn, c)
	if ferr != nil {
		if _, err := tx.ExecContext(ctx, "ROLLBACK TO gc"); err != nil {
			return errTxBroken
		}
	}
	if _, err := tx.ExecContext(ctx, "RELEASE gc"); err != nil {
		return errTxBroken
	}
	return ferr
}

// call runs fn, turning a panic into an error so that one bad request cannot
// take the writer (and every other request) down.
func call(fn func(store.Conn) error, c store.Conn) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("sqlite: panic in transaction: %v", p)
		}
	}()
	return fn(c)
}
