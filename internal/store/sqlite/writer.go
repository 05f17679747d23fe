package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store"
)

// writer runs every write transaction on the one write connection. Requests
// that arrive while a commit is in progress are run together in the next
// transaction, each inside its own savepoint, and committed at once: one
// fsync serves many requests (group commit). A request whose function fails
// is rolled back to its savepoint without disturbing the others.
//
// With a log syncer (logSync), the connection commits without waiting for
// the disk (synchronous=NORMAL) and hands the batch to the syncer, which
// makes the log durable with one fdatasync for every batch committed
// meanwhile and only then answers their callers: the writer runs the next
// batch while the disk works. A caller is answered after its transaction is
// on disk, as with synchronous=FULL.
type writer struct {
	db    *sql.DB
	max   int
	reqs  chan *writeReq // requests on behalf of API callers
	bg    chan *writeReq // background work (kyc.Background)
	stmts *stmtCache     // statements prepared on the write connection
	wg    sync.WaitGroup
	close func()

	// logSync, if set, makes what was committed durable.
	logSync func() error
	// afterCommit, if set, is called after each commit (the checkpointer's
	// cue that there is something to copy).
	afterCommit func()
	// committed carries committed batches to the syncer.
	committed chan settled
	// failed is set once a sync fails: the log's state on disk is then
	// unknown, and every later write is refused rather than acknowledged
	// without durability.
	failed atomic.Pointer[error]
}

// settled is a committed batch and its requests' outcomes.
type settled struct {
	batch []*writeReq
	errs  []error
}

type writeReq struct {
	ctx  context.Context
	fn   func(store.Conn) error
	done chan error
}

func newWriter(db *sql.DB, max int, logSync func() error, afterCommit func()) *writer {
	w := &writer{db: db, max: max, reqs: make(chan *writeReq, 4*max), bg: make(chan *writeReq, 4*max), stmts: newStmtCache(),
		logSync: logSync, afterCommit: afterCommit}
	stop := make(chan struct{})
	var once sync.Once
	w.close = func() { once.Do(func() { close(stop); w.wg.Wait() }) }
	w.wg.Add(1)
	if logSync != nil {
		w.committed = make(chan settled, 64)
		w.wg.Add(1)
		go w.syncLoop()
	}
	go w.loop(stop)
	return w
}

// syncLoop makes committed batches durable and answers their callers, in
// commit order: one sync covers every batch committed before it started.
func (w *writer) syncLoop() {
	defer w.wg.Done()
	var group []settled
	for s := range w.committed {
		group = append(group[:0], s)
	more:
		for {
			select {
			case s, ok := <-w.committed:
				if !ok {
					break more
				}
				group = append(group, s)
			default:
				break more
			}
		}
		// After a failed sync nothing is synced again: a later fsync can
		// succeed with the failed pages dropped from the page cache, so a
		// batch committed since cannot be known to be on disk either.
		var err error
		if failed := w.failed.Load(); failed != nil {
			err = *failed
		} else if err = w.logSync(); err != nil {
			err = fmt.Errorf("sqlite: sync the log: %w", err)
			w.failed.CompareAndSwap(nil, &err)
		}
		for _, s := range group {
			for i, r := range s.batch {
				if err != nil && s.errs[i] == nil {
					s.errs[i] = err
				}
				r.done <- s.errs[i]
			}
		}
	}
}

// update queues fn and waits for its transaction to commit or fail.
func (w *writer) update(ctx context.Context, fn func(store.Conn) error) error {
	r := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	q := w.reqs
	if kyc.IsBackground(ctx) {
		q = w.bg
	}
	select {
	case q <- r:
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-r.done
}

func (w *writer) loop(stop chan struct{}) {
	defer w.wg.Done()
	if w.committed != nil {
		defer close(w.committed) // after the last batch: the syncer drains and stops
	}
	for {
		select {
		case <-stop:
			// Fail whatever is still queued rather than leave callers waiting.
			for {
				select {
				case r := <-w.reqs:
					r.done <- fmt.Errorf("sqlite: store closed")
				case r := <-w.bg:
					r.done <- fmt.Errorf("sqlite: store closed")
				default:
					return
				}
			}
		case r := <-w.reqs:
			w.run(w.fill([]*writeReq{r})) // a new slice: the syncer may still hold the last one
		case r := <-w.bg:
			w.run(w.fill([]*writeReq{r})) // a new slice: the syncer may still hold the last one
		}
	}
}

// bgPerBatch caps the background requests in a batch that has requests.
const bgPerBatch = 2

// fill adds what is waiting to a batch: every queued request (up to max),
// then background work: at most bgPerBatch when requests are waiting, as
// much as fits when none is.
func (w *writer) fill(batch []*writeReq) []*writeReq {
	hasReq := false
	for _, r := range batch {
		hasReq = hasReq || !kyc.IsBackground(r.ctx)
	}
reqs:
	for len(batch) < w.max {
		select {
		case r := <-w.reqs:
			batch, hasReq = append(batch, r), true
		default:
			break reqs
		}
	}
	bg := 0
	for len(batch) < w.max && (!hasReq || bg < bgPerBatch) {
		select {
		case r := <-w.bg:
			batch = append(batch, r)
			bg++
		default:
			return batch
		}
	}
	return batch
}

// run executes one batch in one transaction.
func (w *writer) run(batch []*writeReq) {
	errs := make([]error, len(batch))
	if failed := w.failed.Load(); failed != nil {
		for _, r := range batch {
			r.done <- *failed
		}
		return
	}
	ctx := context.Background() // one caller giving up must not abort the others
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		for _, r := range batch {
			r.done <- err
		}
		return
	}
	c := &conn{db: w.db, tx: tx, stmts: w.stmts, detached: true}
	savepoints := len(batch) > 1
	ok := 0
	for i, r := range batch {
		if errs[i] = r.ctx.Err(); errs[i] != nil {
			continue
		}
		if errs[i] = w.runOne(ctx, c, r.fn, savepoints); errs[i] == nil {
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
	} else {
		if w.afterCommit != nil {
			w.afterCommit()
		}
		if w.committed != nil {
			w.committed <- settled{batch: batch, errs: errs}
			return
		}
	}
	for i, r := range batch {
		r.done <- errs[i]
	}
}

var errTxBroken = fmt.Errorf("sqlite: group transaction failed")

// The statements that delimit each request inside a group transaction.
const (
	savepoint  = "SAVEPOINT gc"
	rollbackTo = "ROLLBACK TO gc"
	release    = "RELEASE gc"
)

// runOne runs one request's function, inside a savepoint when the
// transaction is shared, rolling back to it when the function fails.
func (w *writer) runOne(ctx context.Context, c *conn, fn func(store.Conn) error, shared bool) error {
	if !shared {
		return call(fn, c)
	}
	if _, err := c.Exec(ctx, savepoint); err != nil {
		return errTxBroken
	}
	ferr := call(fn, c)
	if ferr != nil {
		if _, err := c.Exec(ctx, rollbackTo); err != nil {
			return errTxBroken
		}
	}
	if _, err := c.Exec(ctx, release); err != nil {
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
