package sqlite

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"time"
)

// The write-ahead log is copied into the database file (checkpointed) in
// two ways. A checkpointer copies it in the background, on a connection
// of its own, every checkpointEvery when something was committed: a
// passive checkpoint takes no lock the writer needs and copies what no
// reader still uses, so the writer goes on while it runs and writes
// each page changed meanwhile to the database file once, not once per
// commit. The writer still checkpoints itself when the log reaches
// logPages pages (SQLite's wal_autocheckpoint): that finds little left to
// copy, and lets the next transaction start the log from its beginning,
// which only the writer can do. The log file stays under about
// logPages × 4 KiB.
const (
	checkpointEvery = 250 * time.Millisecond
	logPages        = 10000
)

type checkpointer struct {
	db     *sql.DB
	every  time.Duration
	dirty  atomic.Bool
	copied atomic.Int64 // log pages copied, for tests and curiosity
	stop   chan struct{}
	wg     sync.WaitGroup
}

func newCheckpointer(db *sql.DB, every time.Duration) *checkpointer {
	c := &checkpointer{db: db, every: every, stop: make(chan struct{})}
	c.wg.Add(1)
	go c.loop()
	return c
}

// wrote tells the checkpointer that a transaction committed.
func (c *checkpointer) wrote() { c.dirty.Store(true) }

func (c *checkpointer) loop() {
	defer c.wg.Done()
	t := time.NewTicker(c.every)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
		if !c.dirty.Swap(false) {
			continue
		}
		// An error (the database being closed, say) leaves the work to the
		// writer's own checkpoint; the next commit brings a new attempt.
		var busy, frames, copied int64
		if err := c.db.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied); err == nil {
			c.copied.Store(copied)
		}
	}
}

func (c *checkpointer) close() error {
	close(c.stop)
	c.wg.Wait()
	return c.db.Close()
}
