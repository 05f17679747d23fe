package vault

import (
	"context"
	"fmt"
	"sync"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Keyring hands out unwrapped data keys. It caches institution keys in
// memory (there are few, and every request needs one) and unwraps profile
// keys on each call (there are many, and a cache would keep erased ones
// alive). It is safe for concurrent use.
type Keyring struct {
	masters *Masters
	store   KeyStore

	mu   sync.Mutex
	inst map[string]*Key
	// erased, when set, names profiles whose keys must not be handed out
	// even if a (restored) database still holds them: the erasure ledger.
	erased func(profileID string) bool
}

// ErrErased is returned for the key of a profile the erasure ledger lists:
// its data stays unreadable even where a restored backup still holds the
// wrapped key.
var ErrErased = &kyc.Error{Code: kyc.ENotFound, Message: "the profile was erased"}

// SetErasedFunc installs the check of the erasure ledger that ProfileKey,
// UnwrapProfileKey and NewProfileKey consult before handing out a
// profile's key. Call it before the keyring is shared.
func (r *Keyring) SetErasedFunc(f func(profileID string) bool) { r.erased = f }

// Erased reports whether the erasure ledger lists the profile.
func (r *Keyring) Erased(profileID string) bool { return r.erased != nil && r.erased(profileID) }

// NewKeyring returns a keyring over the master keys and the key store.
func NewKeyring(masters *Masters, store KeyStore) *Keyring {
	return &Keyring{masters: masters, store: store, inst: make(map[string]*Key)}
}

// Masters returns the master keys the keyring unwraps with.
func (r *Keyring) Masters() *Masters { return r.masters }

// InstitutionKey returns the institution's data key, creating and storing
// one the first time it is asked for. When two processes create it at
// once, the store keeps one (CreateKey's conflict) and both use that one.
func (r *Keyring) InstitutionKey(ctx context.Context, institutionID string) (*Key, error) {
	r.mu.Lock()
	k, ok := r.inst[institutionID]
	r.mu.Unlock()
	if ok {
		return k, nil
	}
	owner := InstitutionOwner(institutionID)
	k, err := loadOrCreate(ctx, r.store, owner, r.masters.Unwrap, r.masters.Wrap)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if cached, ok := r.inst[institutionID]; ok {
		return cached, nil // another goroutine loaded the same key first
	}
	r.inst[institutionID] = k
	return k, nil
}

// InstitutionKeyIn is InstitutionKey for a caller inside a transaction:
// it loads, and if need be creates, the key through ks, a key store bound
// to that transaction (a separate one would wait on the transaction's own
// write lock). A key it had to create is not cached, since the
// transaction may yet roll back; the next call loads and caches it.
func (r *Keyring) InstitutionKeyIn(ctx context.Context, ks KeyStore, institutionID string) (*Key, error) {
	r.mu.Lock()
	k, ok := r.inst[institutionID]
	r.mu.Unlock()
	if ok {
		return k, nil
	}
	owner := InstitutionOwner(institutionID)
	w, err := ks.LoadKey(ctx, owner)
	if err == nil {
		k, err := r.masters.Unwrap(w, owner)
		if err != nil {
			return nil, fmt.Errorf("vault: key of %s: %w", owner, err)
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		if cached, ok := r.inst[institutionID]; ok {
			return cached, nil
		}
		r.inst[institutionID] = k
		return k, nil
	}
	if !kyc.IsCode(err, kyc.ENotFound) {
		return nil, err
	}
	return loadOrCreate(ctx, ks, owner, r.masters.Unwrap, r.masters.Wrap)
}

// WrapProfileKey wraps a profile key under its institution's key ik, for
// a caller that stores it itself.
func WrapProfileKey(ik, k *Key, profileID string) Wrapped {
	return Wrap(ik, k, ProfileOwner(profileID))
}

// UnwrapProfileKeyWith unwraps a profile key under its institution's key
// ik, which the caller already holds (one unwrap per profile of a page).
func (r *Keyring) UnwrapProfileKeyWith(ik *Key, profileID string, w Wrapped) (*Key, error) {
	if r.Erased(profileID) {
		return nil, ErrErased
	}
	return Unwrap(ik, w, ProfileOwner(profileID))
}

// ProfileKey returns the profile's data key, wrapped under its
// institution's key, creating and storing one the first time.
func (r *Keyring) ProfileKey(ctx context.Context, institutionID, profileID string) (*Key, error) {
	if r.Erased(profileID) {
		return nil, ErrErased
	}
	ik, err := r.InstitutionKey(ctx, institutionID)
	if err != nil {
		return nil, err
	}
	unwrap := func(w Wrapped, owner string) (*Key, error) { return Unwrap(ik, w, owner) }
	wrap := func(dek *Key, owner string) Wrapped { return Wrap(ik, dek, owner) }
	return loadOrCreate(ctx, r.store, ProfileOwner(profileID), unwrap, wrap)
}

// NewProfileKey makes a profile key and returns it with its wrapped form,
// for a caller that stores the wrapped key itself, in the transaction that
// creates the profile.
func (r *Keyring) NewProfileKey(ctx context.Context, institutionID, profileID string) (*Key, Wrapped, error) {
	if r.Erased(profileID) {
		return nil, nil, ErrErased
	}
	ik, err := r.InstitutionKey(ctx, institutionID)
	if err != nil {
		return nil, nil, err
	}
	k := GenerateKey()
	return k, Wrap(ik, k, ProfileOwner(profileID)), nil
}

// UnwrapProfileKey unwraps a profile key the caller loaded itself.
func (r *Keyring) UnwrapProfileKey(ctx context.Context, institutionID, profileID string, w Wrapped) (*Key, error) {
	if r.Erased(profileID) {
		return nil, ErrErased
	}
	ik, err := r.InstitutionKey(ctx, institutionID)
	if err != nil {
		return nil, err
	}
	return Unwrap(ik, w, ProfileOwner(profileID))
}

// EraseProfile destroys the profile's key: every field and document sealed
// under it becomes unreadable, wherever copies of the ciphertext live. A
// later ProfileKey for the same profile makes a new, unrelated key.
func (r *Keyring) EraseProfile(ctx context.Context, profileID string) error {
	return r.store.DeleteKey(ctx, ProfileOwner(profileID))
}

// Forget drops an institution's key from the cache (after the institution
// is deleted, or in tests).
func (r *Keyring) Forget(institutionID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.inst, institutionID)
}

// loadOrCreate loads owner's key and unwraps it, or makes one, wraps it and
// stores it; if another creator wins the race, it unwraps the winner's.
func loadOrCreate(ctx context.Context, store KeyStore, owner string,
	unwrap func(Wrapped, string) (*Key, error), wrap func(*Key, string) Wrapped) (*Key, error) {
	for attempt := 0; attempt < 2; attempt++ {
		w, err := store.LoadKey(ctx, owner)
		if err == nil {
			k, err := unwrap(w, owner)
			if err != nil {
				return nil, fmt.Errorf("vault: key of %s: %w", owner, err)
			}
			return k, nil
		}
		if !kyc.IsCode(err, kyc.ENotFound) {
			return nil, err
		}
		k := GenerateKey()
		err = store.CreateKey(ctx, owner, wrap(k, owner))
		if err == nil {
			return k, nil
		}
		if !kyc.IsCode(err, kyc.EConflict) {
			return nil, err
		}
	}
	return nil, fmt.Errorf("vault: key of %s was created and deleted concurrently", owner)
}
