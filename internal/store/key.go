package store

import (
	"context"
	"errors"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// The store keeps the vault's wrapped data keys (vault.KeyStore), in the
// same database as the data they protect: they are useless without the
// master key, which is never stored here. Each call is its own
// transaction; the keyring creates keys outside the transactions that use
// them, so that a key survives the rollback of its first use.

var _ vault.KeyStore = (*DB)(nil)

// LoadKey implements vault.KeyStore.
func (d *DB) LoadKey(ctx context.Context, owner string) (vault.Wrapped, error) {
	var w []byte
	err := d.reader.c.QueryRow(ctx, d.q(qLoadKey), owner).Scan(&w)
	if errors.Is(err, ErrNoRows) {
		return nil, kyc.NotFound("key", owner)
	}
	if err != nil {
		return nil, internal("load key", err)
	}
	return vault.Wrapped(w), nil
}

// CreateKey implements vault.KeyStore.
func (d *DB) CreateKey(ctx context.Context, owner string, w vault.Wrapped) error {
	now := micros(time.Now())
	return d.dialect.Update(ctx, func(c Conn) error {
		n, err := c.Exec(ctx, d.q(qCreateKey), owner, []byte(w), now, now)
		if err != nil {
			return internal("create key", err)
		}
		if n == 0 {
			return kyc.Errorf(kyc.EConflict, "%s already has a key", owner)
		}
		return nil
	})
}

// ReplaceKey implements vault.KeyStore.
func (d *DB) ReplaceKey(ctx context.Context, owner string, old, new vault.Wrapped) error {
	return d.dialect.Update(ctx, func(c Conn) error {
		n, err := c.Exec(ctx, d.q(qReplaceKey), []byte(new), micros(time.Now()), owner, []byte(old))
		if err != nil {
			return internal("replace key", err)
		}
		if n > 0 {
			return nil
		}
		var cur []byte
		err = c.QueryRow(ctx, d.q(qLoadKey), owner).Scan(&cur)
		switch {
		case errors.Is(err, ErrNoRows):
			return kyc.NotFound("key", owner)
		case err != nil:
			return internal("replace key", err)
		}
		return kyc.Errorf(kyc.EConflict, "the key of %s changed", owner)
	})
}

// DeleteKey implements vault.KeyStore.
func (d *DB) DeleteKey(ctx context.Context, owner string) error {
	return d.dialect.Update(ctx, func(c Conn) error {
		_, err := c.Exec(ctx, d.q(qDeleteKey), owner)
		return wrap("delete key", err)
	})
}

// ListKeys implements vault.KeyStore.
func (d *DB) ListKeys(ctx context.Context, prefix, after string, limit int) ([]vault.OwnedKey, error) {
	rows, err := d.reader.c.Query(ctx, d.q(qListKeys), len(prefix), prefix, after, limit)
	if err != nil {
		return nil, internal("list keys", err)
	}
	defer rows.Close()
	var out []vault.OwnedKey
	for rows.Next() {
		var k vault.OwnedKey
		var w []byte
		if err := rows.Scan(&k.Owner, &w); err != nil {
			return nil, internal("scan key", err)
		}
		k.Wrapped = w
		out = append(out, k)
	}
	return out, wrap("list keys", rows.Err())
}
