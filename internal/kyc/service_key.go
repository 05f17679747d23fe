package kyc

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// KeyPrefix starts every Gatehouse API key, so that leaked keys are easy to
// recognise by secret scanners.
const KeyPrefix = "gh_"

// HashKey returns the stored hash of an API key. Keys carry 256 random bits,
// so a plain SHA-256 is as strong as a slow password hash here.
func HashKey(key string) []byte {
	h := sha256.Sum256([]byte(key))
	return h[:]
}

// newKeySecret returns a new random API key and its public prefix.
func newKeySecret() (key, prefix string) {
	var b [32]byte
	_, _ = rand.Read(b[:])
	key = KeyPrefix + hex.EncodeToString(b[:])
	return key, key[:len(KeyPrefix)+8]
}

// CreateAPIKey creates a key named name for the institution named
// institution (created when absent) and returns the key's secret, which is
// not stored and cannot be shown again.
func (s *Service) CreateAPIKey(ctx context.Context, institution, name string) (string, *APIKey, *Institution, error) {
	institution, name = strings.TrimSpace(institution), strings.TrimSpace(name)
	if name == "" {
		return "", nil, nil, MissingField("name")
	}
	if institution == "" {
		return "", nil, nil, MissingField("institution")
	}
	secret, prefix := newKeySecret()
	now := s.now()
	k := &APIKey{ID: NewID(), Name: name, Prefix: prefix, Hash: HashKey(secret), CreatedAt: now}
	var inst *Institution
	err := s.Store.Update(ctx, func(tx Tx) error {
		all, err := tx.Institutions(ctx)
		if err != nil {
			return err
		}
		for i := range all {
			if all[i].Name == institution {
				inst = &all[i]
			}
		}
		if inst == nil {
			inst = &Institution{ID: NewID(), Name: institution, CreatedAt: now}
			if err := tx.CreateInstitution(ctx, inst); err != nil {
				return err
			}
		}
		k.InstitutionID = inst.ID
		return tx.CreateAPIKey(ctx, k)
	})
	if err != nil {
		return "", nil, nil, err
	}
	return secret, k, inst, nil
}

// RevokeAPIKey revokes a key given by id or public prefix. Every process
// serving the database refuses the key from its next request on, since
// Authenticate reads the key's row for each request.
func (s *Service) RevokeAPIKey(ctx context.Context, idOrPrefix string) (*APIKey, error) {
	var k *APIKey
	err := s.Store.Update(ctx, func(tx Tx) error {
		var err error
		k, err = tx.RevokeAPIKey(ctx, strings.TrimSpace(idOrPrefix), s.now())
		return err
	})
	return k, err
}

// Authenticate returns the actor of an API key: EMissingAPIKey for an empty
// key, EInvalidAPIKey for an unknown, revoked or expired one.
//
// The key's row is read on every request, not remembered: revocation is
// often done by another process (gatehouse keys revoke), and a key must stop
// working at once, not after some cache's lifetime. The read is one lookup
// by a unique index, small beside the request that follows it
// (BenchmarkAuthenticate; docs/benchmarks.md has the figures). A request
// authenticated before the revocation committed may still finish.
func (s *Service) Authenticate(ctx context.Context, key string) (Actor, error) {
	if key == "" {
		return Actor{}, Errorf(EMissingAPIKey, "an API key is required in the apikey header or query parameter")
	}
	k, inst, err := s.Store.APIKeyByHash(ctx, HashKey(key))
	if IsCode(err, ENotFound) || err == nil && !k.Usable(s.now()) {
		return Actor{}, Errorf(EInvalidAPIKey, "the API key is not valid")
	}
	if err != nil {
		return Actor{}, err
	}
	return Actor{InstitutionID: inst.ID, InstitutionName: inst.Name, APIKey: k}, nil
}
