// Package sqlite opens Gatehouse's store on an embedded SQLite file (pure Go,
// no cgo). One writer connection, shared by every write, commits concurrent
// requests' transactions together (group commit); reads use a separate pool.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gatehouse/gatehouse/internal/store"
	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

//go:embed queries.sql
var dialectSQL string

// DB is an open SQLite store.
type DB struct {
	*store.DB
	// Writer is the one write connection (the job runner's claims go through it too).
	Writer *sql.DB
	// Reader is the read-only pool.
	Reader *sql.DB
	w      *writer
	cp     *checkpointer
}

// Options tune the store.
type Options struct {
	// MaxBatch caps how many transactions one group commit holds (default 64).
	MaxBatch int
	// ReadConns is the size of the read pool (default 4).
	ReadConns int
}

// Open opens (creating if needed) the database file at path and migrates it.
func Open(ctx context.Context, path string, opt Options) (*DB, error) {
	if opt.MaxBatch <= 0 {
		opt.MaxBatch = 64
	}
	if opt.ReadConns <= 0 {
		opt.ReadConns = 4
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("sqlite: create directory: %w", err)
		}
	}
	u := "file:" + (&url.URL{Path: path}).EscapedPath()
	// Commits do not wait for the disk (synchronous=NORMAL): the writer's
	// syncer makes each batch durable before answering its callers (logFile).
	// The log is checkpointed in the background, and by the writer only at
	// logPages (checkpointer).
	wdb, err := sql.Open("sqlite", u+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_pragma=temp_store(MEMORY)&_pragma=wal_autocheckpoint("+strconv.Itoa(logPages)+")&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxLifetime(0)
	if err := wdb.PingContext(ctx); err != nil {
		wdb.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	rdb, err := sql.Open("sqlite", u+"?mode=ro&_pragma=busy_timeout(5000)&_pragma=query_only(1)")
	if err != nil {
		wdb.Close()
		return nil, err
	}
	rdb.SetMaxOpenConns(opt.ReadConns)
	rdb.SetMaxIdleConns(opt.ReadConns)
	cdb, err := sql.Open("sqlite", u+"?_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, errors.Join(err, rdb.Close(), wdb.Close())
	}
	cdb.SetMaxOpenConns(1)
	cdb.SetMaxIdleConns(1)
	cp := newCheckpointer(cdb, checkpointEvery)
	log := &logFile{path: path + "-wal"}
	w := newWriter(wdb, opt.MaxBatch, log.sync, cp.wrote)
	db := &DB{Writer: wdb, Reader: rdb, w: w, cp: cp}
	queries, err := QuerySet()
	if err != nil {
		w.close()
		return nil, errors.Join(err, cp.close(), rdb.Close(), wdb.Close(), log.close())
	}
	db.DB = store.New(store.Dialect{
		Name:              "sqlite",
		SealOnInsert:      true,
		Queries:           queries,
		Read:              &conn{db: rdb, stmts: newStmtCache(), lazy: true},
		Update:            w.update,
		IsUniqueViolation: isUnique,
		Close: func() error {
			w.close()
			return errors.Join(cp.close(), rdb.Close(), wdb.Close(), log.close())
		},
	})
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	hot := append(db.DB.HotQueries(), savepoint, rollbackTo, release)
	if err := w.stmts.prepareAll(ctx, wdb, hot); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: prepare: %w", err)
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
	_, err = store.Migrator{Update: db.w.update}.Up(ctx, ms)
	return err
}

func isUnique(err error) bool {
	var e *sqlite.Error
	if errors.As(err, &e) {
		c := e.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// QuerySet returns SQLite's text of every store query.
func QuerySet() (*store.QuerySet, error) { return store.Queries(dialectSQL, false) }
