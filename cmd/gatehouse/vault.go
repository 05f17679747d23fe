package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/gatehouse/gatehouse/internal/blob"
	"github.com/gatehouse/gatehouse/internal/config"
	"github.com/gatehouse/gatehouse/internal/content"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// masterKeys loads the master keys the configuration names. Without a
// configured key, serve creates a key file beside the database on first
// start (create) and says so; other commands never create one.
func masterKeys(cfg *config.Config, create bool, stdout io.Writer) (*vault.Masters, error) {
	mc := vault.MasterConfig{Key: cfg.MasterKey, File: cfg.MasterKeyFile}
	if mc.Key == "" && mc.File == "" {
		if create {
			mc.DefaultFile = cfg.DefaultMasterKeyFile()
		} else {
			mc.File = cfg.DefaultMasterKeyFile()
		}
	}
	m, created, err := vault.LoadOrCreate(mc)
	if err != nil {
		return nil, fmt.Errorf("master key: %w", err)
	}
	if created {
		fmt.Fprintf(stdout, "Master key: none was configured, so a new one was created in %s.\n"+
			"Back it up apart from the database: without it no document or personal data can be read.\nEvery server "+
			"sharing this database needs the same key (GATEHOUSE_MASTER_KEY or --master-key-file).\n", mc.DefaultFile)
	}
	return m, nil
}

// checkMasters refuses master keys that cannot open the keys the database
// already holds, naming the master key they were wrapped with: a wrong key
// must stop the server at start, not fail every upload.
func checkMasters(ctx context.Context, m *vault.Masters, ks vault.KeyStore) error {
	page, err := ks.ListKeys(ctx, vault.InstitutionPrefix, "", 1)
	if err != nil || len(page) == 0 {
		return err
	}
	if _, err := m.Unwrap(page[0].Wrapped, page[0].Owner); err != nil {
		return fmt.Errorf("master key: the configured master key does not open this database's data keys: %w", err)
	}
	return nil
}

// openContent opens the blob store and returns the content store over it
// and the store's keyring (protect made it).
func openContent(ctx context.Context, cfg *config.Config, s database) (*content.Store, error) {
	b, err := blob.Open(ctx, cfg.BlobLocation())
	if err != nil {
		return nil, fmt.Errorf("blob store: %w", err)
	}
	return &content.Store{Blobs: b, Keys: s.Keyring(), KeyStore: s, MaxBytes: cfg.MaxDocumentBytes}, nil
}

// Sweeping: blobs no row refers to are removed once older than sweepGrace,
// which comfortably exceeds the time between an upload's blob and the
// commit of its row (a request's lifetime).
const (
	sweepGrace = 24 * time.Hour
	sweepEvery = time.Hour
)

// sweepBlobs removes unreferenced blobs now and every sweepEvery until ctx
// ends.
func sweepBlobs(ctx context.Context, cs *content.Store, refs content.RefsFunc, log *slog.Logger) {
	sw := &blob.Sweeper{Store: cs.Blobs, ReferencedFunc: content.Referenced(refs), Grace: sweepGrace}
	pass := func(ctx context.Context) (int, error) {
		res, err := sw.Sweep(ctx)
		if res.Deleted+res.TempDeleted > 0 {
			log.Info("blob sweep", "deleted", res.Deleted, "abandoned_uploads", res.TempDeleted, "bytes", res.Bytes)
		}
		return 0, err // one pass takes everything due
	}
	if _, err := pass(ctx); err != nil && ctx.Err() == nil {
		log.Error("background work failed", "loop", "blob sweep", "error", err.Error())
	}
	loop{"blob sweep", sweepEvery, nil, pass}.start(ctx, log)
}

// keysRotateMaster rewraps every institution key under the current (first)
// master key: gatehouse keys rotate-master. Documents are not re-encrypted.
func keysRotateMaster(ctx context.Context, cfg *config.Config, ks vault.KeyStore, stdout io.Writer) error {
	m, err := masterKeys(cfg, false, stdout)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%w (configure the master keys: the new one first, then the old ones)", err)
	}
	if err != nil {
		return err
	}
	res, err := vault.Rewrap(ctx, ks, m)
	fmt.Fprintf(stdout, "rewrapped %d of %d institution keys under master key %s (configured: %v)\n",
		res.Rewrapped, res.Checked, m.Current().ID(), m.IDs())
	if err != nil {
		return err
	}
	if len(m.IDs()) > 1 {
		fmt.Fprintln(stdout, "every data key is now wrapped by the current master key; the others can be removed from the configuration")
	}
	return nil
}
