package main

import (
	"context"
	"time"

	"github.com/gatehouse/gatehouse/internal/config"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/postgres"
	"github.com/gatehouse/gatehouse/internal/store/sqlite"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// database is what openStore opens: the store, which also keeps the
// vault's wrapped data keys.
type database interface {
	kyc.Store
	vault.KeyStore
	// Protect turns on the sealing of personal data (store.DB.Protect).
	Protect(m *vault.Masters) *vault.Keyring
	// Keyring is the keyring Protect made.
	Keyring() *vault.Keyring
	// UnsealedProfiles counts profiles whose data is in clear.
	UnsealedProfiles(ctx context.Context) (int, error)
}

// openStore opens (and migrates) the configured database. ping checks the
// database answers, for /readyz.
func openStore(ctx context.Context, cfg *config.Config) (s database, ping func() error, err error) {
	if err := cfg.Validate(); err != nil {
		return nil, nil, err
	}
	if cfg.IsPostgres() {
		db, err := postgres.Open(ctx, cfg.Database)
		if err != nil {
			return nil, nil, err
		}
		return db, func() error {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			return db.Pool.Ping(ctx)
		}, nil
	}
	db, err := sqlite.Open(ctx, cfg.SQLitePath(), sqlite.Options{})
	if err != nil {
		return nil, nil, err
	}
	return db, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		return db.Reader.PingContext(ctx)
	}, nil
}
