package store

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migration is one numbered schema change.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// ReadMigrations reads files named NNNN_name.sql from fsys, in version order.
func ReadMigrations(fsys fs.FS) ([]Migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, n := range names {
		num, rest, ok := strings.Cut(n, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", n)
		}
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: strings.TrimSuffix(rest, ".sql"), SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("migrations %d: version used twice", out[i].Version)
		}
	}
	return out, nil
}

// Migrator applies migrations, each in its own transaction, recording them
// in schema_migrations. Lock, when set, is run first in each transaction to
// serialise concurrent migrators (PostgreSQL advisory lock).
type Migrator struct {
	Update   func(ctx context.Context, fn func(Conn) error) error
	Lock     string
	Numbered bool
}

// Up applies the migrations not yet applied and returns how many it applied.
func (m Migrator) Up(ctx context.Context, ms []Migration) (int, error) {
	create := "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"
	if err := m.Update(ctx, func(c Conn) error { _, err := c.Exec(ctx, create); return err }); err != nil {
		return 0, fmt.Errorf("create schema_migrations: %w", err)
	}
	sel, ins := "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"
	if m.Numbered {
		sel, ins = Rebind(sel), Rebind(ins)
	}
	applied := 0
	for _, mg := range ms {
		err := m.Update(ctx, func(c Conn) error {
			if m.Lock != "" {
				if _, err := c.Exec(ctx, m.Lock); err != nil {
					return err
				}
			}
			var n int
			if err := c.QueryRow(ctx, sel, mg.Version).Scan(&n); err != nil || n > 0 {
				return err
			}
			if _, err := c.Exec(ctx, mg.SQL); err != nil {
				return err
			}
			applied++
			_, err := c.Exec(ctx, ins, mg.Version, mg.Name, time.Now().UnixMicro())
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("migration %04d_%s: %w", mg.Version, mg.Name, err)
		}
	}
	return applied, nil
}
