package vault

import (
	"bytes"
	"context"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// KeyStore persists wrapped data keys by owner (InstitutionOwner,
// ProfileOwner). The store implements it in SQL; vault/vaulttest holds the
// conformance suite every implementation must pass. Implementations never
// see a plain key.
type KeyStore interface {
	// LoadKey returns owner's wrapped key, or a kyc ENotFound error.
	LoadKey(ctx context.Context, owner string) (Wrapped, error)
	// CreateKey stores w as owner's key. If owner already has one it
	// returns a kyc EConflict error and changes nothing: two processes
	// creating the same key at once must agree on one.
	CreateKey(ctx context.Context, owner string, w Wrapped) error
	// ReplaceKey swaps owner's key from old to new atomically (Rewrap). It
	// returns kyc EConflict if the stored key is no longer old, and
	// ENotFound if owner has none.
	ReplaceKey(ctx context.Context, owner string, old, new Wrapped) error
	// DeleteKey destroys owner's key, and with it every ciphertext made
	// under it. Deleting a missing key is not an error.
	DeleteKey(ctx context.Context, owner string) error
	// ListKeys returns up to limit keys whose owner starts with prefix and
	// sorts after after, in ascending owner order (keyset pagination).
	ListKeys(ctx context.Context, prefix, after string, limit int) ([]OwnedKey, error)
}

// OwnedKey is a wrapped key with its owner, as ListKeys returns it.
type OwnedKey struct {
	Owner   string
	Wrapped Wrapped
}

// MemKeyStore is a KeyStore in memory: for tests of code above the vault
// and for tools that need no persistence. It passes the same conformance
// suite as the SQL stores. The zero value is ready to use.
type MemKeyStore struct {
	mu   sync.Mutex
	keys map[string]Wrapped
}

// LoadKey implements KeyStore.
func (s *MemKeyStore) LoadKey(ctx context.Context, owner string) (Wrapped, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, ok := s.keys[owner]
	if !ok {
		return nil, kyc.NotFound("key", owner)
	}
	return slices.Clone(w), nil
}

// CreateKey implements KeyStore.
func (s *MemKeyStore) CreateKey(ctx context.Context, owner string, w Wrapped) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.keys[owner]; ok {
		return kyc.Errorf(kyc.EConflict, "%s already has a key", owner)
	}
	if s.keys == nil {
		s.keys = make(map[string]Wrapped)
	}
	s.keys[owner] = slices.Clone(w)
	return nil
}

// ReplaceKey implements KeyStore.
func (s *MemKeyStore) ReplaceKey(ctx context.Context, owner string, old, new Wrapped) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.keys[owner]
	switch {
	case !ok:
		return kyc.NotFound("key", owner)
	case !bytes.Equal(cur, old):
		return kyc.Errorf(kyc.EConflict, "the key of %s changed", owner)
	}
	s.keys[owner] = slices.Clone(new)
	return nil
}

// DeleteKey implements KeyStore.
func (s *MemKeyStore) DeleteKey(ctx context.Context, owner string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.keys, owner)
	return nil
}

// ListKeys implements KeyStore.
func (s *MemKeyStore) ListKeys(ctx context.Context, prefix, after string, limit int) ([]OwnedKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []OwnedKey
	for owner, w := range s.keys {
		if strings.HasPrefix(owner, prefix) && owner > after {
			out = append(out, OwnedKey{Owner: owner, Wrapped: slices.Clone(w)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Owner < out[j].Owner })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
