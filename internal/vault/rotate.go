package vault

import (
	"context"
	"fmt"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// RewrapResult counts what Rewrap did.
type RewrapResult struct {
	Checked   int // institution keys looked at
	Rewrapped int // of which were moved to the current master key
}

// rewrapPage is how many keys Rewrap reads at a time.
const rewrapPage = 200

// Rewrap moves every institution key not yet wrapped by the current master
// key to it (gatehouse keys rotate-master). Data is not re-encrypted: the
// institution keys themselves do not change, only their wrapping, so the
// keyring's cache stays valid. It is resumable and idempotent (a key
// already under the current master is skipped) and safe beside running
// servers: each swap is a compare-and-swap, and a key changed under it is
// re-read. It stops at the first key whose master is not configured,
// naming it, having rewrapped those before.
func Rewrap(ctx context.Context, store KeyStore, masters *Masters) (RewrapResult, error) {
	var res RewrapResult
	current := masters.Current()
	after := ""
	for {
		page, err := store.ListKeys(ctx, InstitutionPrefix, after, rewrapPage)
		if err != nil {
			return res, err
		}
		for _, ok := range page {
			res.Checked++
			moved, err := rewrapOne(ctx, store, masters, current, ok)
			if err != nil {
				return res, err
			}
			if moved {
				res.Rewrapped++
			}
		}
		if len(page) < rewrapPage {
			return res, nil
		}
		after = page[len(page)-1].Owner
	}
}

func rewrapOne(ctx context.Context, store KeyStore, masters *Masters, current *Key, ok OwnedKey) (bool, error) {
	w := ok.Wrapped
	for attempt := 0; attempt < 3; attempt++ {
		if w.KeyID() == current.id {
			return false, nil
		}
		dek, err := masters.Unwrap(w, ok.Owner)
		if err != nil {
			return false, err
		}
		err = store.ReplaceKey(ctx, ok.Owner, w, Wrap(current, dek, ok.Owner))
		switch {
		case err == nil:
			return true, nil
		case kyc.IsCode(err, kyc.ENotFound):
			return false, nil // deleted meanwhile: nothing to rewrap
		case !kyc.IsCode(err, kyc.EConflict):
			return false, err
		}
		if w, err = store.LoadKey(ctx, ok.Owner); err != nil {
			if kyc.IsCode(err, kyc.ENotFound) {
				return false, nil
			}
			return false, err
		}
	}
	return false, fmt.Errorf("vault: key of %s keeps changing during rewrap", ok.Owner)
}
