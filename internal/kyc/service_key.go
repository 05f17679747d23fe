package kyc

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
	"time"
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

// RevokeAPIKey revokes a key given by id or public prefix.
func (s *Service) RevokeAPIKey(ctx context.Context, idOrPrefix string) (*APIKey, error) {
	var k *APIKey
	err := s.Store.Update(ctx, func(tx Tx) error {
		var err error
		k, err = tx.RevokeAPIKey(ctx, strings.TrimSpace(idOrPrefix), s.now())
		return err
	})
	s.keys.forget()
	return k, err
}

// Authenticate returns the actor of an API key: EMissingAPIKey for an empty
// key, EInvalidAPIKey for an unknown, revoked or expired one. Valid keys are
// remembered for KeyCacheTTL, so a key revoked by another process (gatehouse
// keys revoke) stops working within that time; one revoked through this
// service stops at once.
func (s *Service) Authenticate(ctx context.Context, key string) (Actor, error) {
	if key == "" {
		return Actor{}, Errorf(EMissingAPIKey, "an API key is required in the apikey header or query parameter")
	}
	hash := HashKey(key)
	now := s.now()
	if a, ok := s.keys.get(string(hash), now); ok && a.APIKey.Usable(now) {
		return a, nil
	}
	k, inst, err := s.Store.APIKeyByHash(ctx, hash)
	if IsCode(err, ENotFound) || err == nil && !k.Usable(now) {
		return Actor{}, Errorf(EInvalidAPIKey, "the API key is not valid")
	}
	if err != nil {
		return Actor{}, err
	}
	a := Actor{InstitutionID: inst.ID, InstitutionName: inst.Name, APIKey: k}
	s.keys.put(string(hash), a, now)
	return a, nil
}

// KeyCacheTTL is how long a valid API key is remembered without asking the store.
const KeyCacheTTL = 2 * time.Second

// keyCache remembers recently seen valid keys by hash.
type keyCache struct {
	mu sync.Mutex
	m  map[string]cachedKey
}

type cachedKey struct {
	actor Actor
	until time.Time
}

func (c *keyCache) get(hash string, now time.Time) (Actor, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[hash]
	if !ok || now.After(e.until) {
		return Actor{}, false
	}
	return e.actor, true
}

func (c *keyCache) put(hash string, a Actor, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 10000 {
		c.m = map[string]cachedKey{}
	}
	c.m[hash] = cachedKey{actor: a, until: now.Add(KeyCacheTTL)}
}

// forget drops every remembered key (after a revocation).
func (c *keyCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m = nil
}
