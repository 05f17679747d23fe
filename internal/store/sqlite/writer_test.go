package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/store"
)

// openWriter opens a WAL database with one table and a writer whose log
// sync is logSync.
func openWriter(t *testing.T, logSync func() error) (*writer, *sql.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "w.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("CREATE TABLE t (v INTEGER)"); err != nil {
		t.Fatal(err)
	}
	w := newWriter(db, 8, logSync, nil)
	t.Cleanup(func() { w.close(); db.Close() })
	return w, db, path
}

func insert(v int) func(store.Conn) error {
	return func(c store.Conn) error {
		_, err := c.Exec(context.Background(), "INSERT INTO t (v) VALUES (?)", v)
		return err
	}
}

func count(t *testing.T, path string) int {
	t.Helper()
	r, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var n int
	if err := r.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// commitDuringSync starts a second write while the first one's sync is
// held, waits until it has committed, and returns its answer to come.
func commitDuringSync(t *testing.T, w *writer, path string) chan error {
	t.Helper()
	second := make(chan error, 1)
	go func() { second <- w.update(context.Background(), insert(2)) }()
	deadline := time.Now().Add(5 * time.Second)
	for count(t, path) != 2 {
		if time.Now().After(deadline) {
			t.Fatal("the second write did not commit while the first was syncing")
		}
		time.Sleep(5 * time.Millisecond)
	}
	return second
}

// A caller is answered only after the log was synced following its commit;
// the writer commits (and goes on) without waiting for the sync.
func TestAnswerWaitsForLogSync(t *testing.T) {
	syncing := make(chan struct{})
	release := make(chan struct{})
	w, _, path := openWriter(t, func() error {
		syncing <- struct{}{}
		<-release
		return nil
	})
	answered := make(chan error, 1)
	go func() { answered <- w.update(context.Background(), insert(1)) }()
	<-syncing // committed, now syncing
	if n := count(t, path); n != 1 {
		t.Fatalf("rows before the sync finished = %d, want 1 (committed)", n)
	}
	select {
	case err := <-answered:
		t.Fatalf("answered before the log was synced (err %v)", err)
	case <-time.After(100 * time.Millisecond):
	}
	// The writer is not held up by the sync: a second write commits meanwhile.
	second := commitDuringSync(t, w, path)
	close(release)
	if err := <-answered; err != nil {
		t.Fatal(err)
	}
	<-syncing // the second write's own sync
	if err := <-second; err != nil {
		t.Fatal(err)
	}
}

// A failed sync fails every batch it covered, and the writer refuses every
// later write: after a failed fsync the log's state on disk is unknown.
func TestLogSyncFailureStopsWrites(t *testing.T) {
	boom := errors.New("disk on fire")
	calls := 0
	w, _, path := openWriter(t, func() error { calls++; return boom })
	if err := w.update(context.Background(), insert(1)); !errors.Is(err, boom) {
		t.Fatalf("write whose sync failed: err = %v, want %v", err, boom)
	}
	if err := w.update(context.Background(), insert(2)); !errors.Is(err, boom) {
		t.Fatalf("write after a failed sync: err = %v, want %v", err, boom)
	}
	if calls != 1 {
		t.Fatalf("log synced %d times, want 1 (the later write must not run)", calls)
	}
	if n := count(t, path); n != 1 {
		t.Fatalf("rows = %d, want 1 (the write after the failure must not commit)", n)
	}
}

// A batch committed while a sync that then fails was in flight is failed
// too, without syncing again: a retried fsync can report success for pages
// the kernel dropped after the first failure.
func TestLogSyncFailureFailsLaterCommits(t *testing.T) {
	boom := errors.New("disk on fire")
	syncing := make(chan struct{})
	release := make(chan struct{})
	var calls atomic.Int32
	w, _, path := openWriter(t, func() error {
		if calls.Add(1) > 1 {
			return nil // a retry would succeed
		}
		syncing <- struct{}{}
		<-release
		return boom
	})
	first := make(chan error, 1)
	go func() { first <- w.update(context.Background(), insert(1)) }()
	<-syncing
	second := commitDuringSync(t, w, path)
	close(release)
	if err := <-first; !errors.Is(err, boom) {
		t.Fatalf("first write: err = %v, want %v", err, boom)
	}
	if err := <-second; !errors.Is(err, boom) {
		t.Fatalf("write committed during the failed sync: err = %v, want %v", err, boom)
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("log synced %d times, want 1", n)
	}
}

// The store's own log sync finds the log, syncs it, and follows it when the
// file is replaced.
func TestLogFileSync(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gatehouse.db")
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	l := &logFile{path: path + "-wal"}
	defer l.close()
	if err := l.sync(); err != nil {
		t.Fatalf("sync the log of an open database: %v", err)
	}
	first := l.f
	if err := l.sync(); err != nil || l.f != first {
		t.Fatalf("second sync: err %v, reopened %v", err, l.f != first)
	}
	// A log deleted and created again (SQLite deletes it when the last
	// connection closes) is reopened, not synced through the old file.
	other := &logFile{path: filepath.Join(t.TempDir(), "other.db-wal")}
	defer other.close()
	if err := os.WriteFile(other.path, []byte("a"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := other.sync(); err != nil {
		t.Fatal(err)
	}
	old := other.f
	if err := os.Remove(other.path); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other.path, []byte("b"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := other.sync(); err != nil {
		t.Fatal(err)
	}
	if cur, _ := os.Stat(other.path); other.f == old || !sameFile(other.f, cur) {
		t.Fatal("the replaced log was not reopened")
	}
	missing := &logFile{path: filepath.Join(t.TempDir(), "none.db-wal")}
	if err := missing.sync(); err == nil {
		t.Fatal("sync of a missing log succeeded")
	}
}

func sameFile(f *os.File, fi os.FileInfo) bool {
	cur, err := f.Stat()
	return err == nil && fi != nil && os.SameFile(cur, fi)
}

// The checkpointer copies committed pages into the database file in the
// background, without the writer reaching its own checkpoint threshold.
func TestBackgroundCheckpoint(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "gatehouse.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.w.update(ctx, func(c store.Conn) error {
		_, err := c.Exec(ctx, "CREATE TABLE cp_t (v TEXT)")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		if err := db.w.update(ctx, insertText(i)); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for db.cp.copied.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("nothing was checkpointed in the background")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func insertText(i int) func(store.Conn) error {
	return func(c store.Conn) error {
		_, err := c.Exec(context.Background(), "INSERT INTO cp_t (v) VALUES (?)", strings.Repeat("x", 1000+i))
		return err
	}
}
