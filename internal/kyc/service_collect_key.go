package kyc

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// collectKeyTTL is the lifetime of the collect keys the service issues.
func (s *Service) collectKeyTTL() time.Duration {
	if s.CollectKeyTTL > 0 {
		return s.CollectKeyTTL
	}
	return DefaultCollectKeyTTL
}

// CreateCollectKey issues a collect key for profiles of the actor's
// institution and returns its secret, which is not stored and cannot be
// shown again. field names the ids in errors: "profile_ids" for a list
// (errors then name profile_ids[i]), or "" for the one profile of a path,
// whose absence is a plain ENotFound. Each profile records the issue as a
// requested-data audit item, in the transaction that stores the key. A
// collect key cannot issue keys (EForbidden).
func (s *Service) CreateCollectKey(ctx context.Context, actor Actor, profileIDs []string, field string) (string, *CollectKey, error) {
	if err := actor.institutionWide("issue collect keys"); err != nil {
		return "", nil, err
	}
	ids, err := collectKeyProfiles(profileIDs, field)
	if err != nil {
		return "", nil, err
	}
	secret, prefix := newCollectKeySecret()
	now := s.now()
	k := &CollectKey{ID: NewID(), InstitutionID: actor.InstitutionID, Prefix: prefix, Hash: HashKey(secret),
		ProfileIDs: ids, CreatedAt: now, Expiry: now.Add(s.collectKeyTTL()).Truncate(time.Second)}
	k.Name = collectKeyName(actor, len(ids))
	_, err = s.update(ctx, actor.InstitutionID, func(tx Tx) (any, error) {
		for _, id := range ids {
			p, err := tx.Profile(ctx, actor.InstitutionID, id)
			if IsCode(err, ENotFound) && field != "" {
				at := fmt.Sprintf("%s[%d]", field, indexOf(profileIDs, id))
				return nil, &Error{Code: ENotFound, Message: at + ": no such profile",
					Info: map[string]any{"field": at, "id": id}}
			}
			if err != nil {
				return nil, err
			}
			p.Record(NewAudit(actor, AuditRequestedData, now,
				"Collect key "+prefix+" issued, valid until "+k.Expiry.Format(time.DateTime)+" UTC",
				map[string]any{"collect_key": prefix, "expiry": k.Expiry.Format(time.DateTime), "profiles": len(ids)}))
			if err := s.save(ctx, tx, p); err != nil {
				return nil, err
			}
		}
		return k, tx.CreateCollectKey(ctx, k)
	})
	if err != nil {
		return "", nil, err
	}
	return secret, k, nil
}

// newCollectKeySecret returns a new random collect key (256 bits, hex, so
// it sits in a URL as it is) and its public prefix.
func newCollectKeySecret() (key, prefix string) {
	var b [32]byte
	_, _ = rand.Read(b[:])
	key = CollectKeyPrefix + hex.EncodeToString(b[:])
	return key, key[:len(CollectKeyPrefix)+8]
}

// collectKeyProfiles checks the requested profile ids and returns them in
// lower case, without repeats.
func collectKeyProfiles(in []string, field string) ([]string, error) {
	name := field
	if name == "" {
		name = "profile_id"
	}
	if len(in) == 0 {
		return nil, FieldError(name, "must list at least one profile id")
	}
	if len(in) > MaxCollectKeyProfiles {
		return nil, FieldError(name, fmt.Sprintf("must list at most %d profile ids", MaxCollectKeyProfiles))
	}
	out := make([]string, 0, len(in))
	for i, id := range in {
		if !ValidID(id) {
			if field == "" {
				return nil, NotFound("profile", id)
			}
			return nil, FieldError(fmt.Sprintf("%s[%d]", field, i), "is not a profile id (a UUID)")
		}
		id = strings.ToLower(id)
		if indexOf(out, id) < 0 {
			out = append(out, id)
		}
	}
	return out, nil
}

func indexOf(list []string, id string) int {
	for i, x := range list {
		if strings.EqualFold(x, id) {
			return i
		}
	}
	return -1
}

// collectKeyName describes a key for listings and audit items: how many
// profiles it covers and who issued it.
func collectKeyName(actor Actor, n int) string {
	what := "Collect key"
	if n > 1 {
		what = fmt.Sprintf("Collect key for %d profiles", n)
	}
	if actor.APIKey != nil || actor.User != nil {
		what += " (issued by " + actor.Name() + ")"
	}
	return what
}

// authenticateCollect is Authenticate for a collect key.
func (s *Service) authenticateCollect(ctx context.Context, key string) (Actor, error) {
	k, inst, err := s.Store.CollectKeyByHash(ctx, HashKey(key))
	if IsCode(err, ENotFound) {
		return Actor{}, Errorf(EInvalidAPIKey, "the API key is not valid")
	}
	if err != nil {
		return Actor{}, err
	}
	if !k.Usable(s.now()) {
		return Actor{}, &Error{Code: EInvalidAPIKey, Message: "the collect key has expired",
			Info: map[string]any{"reason": "expired"}}
	}
	exp := k.Expiry
	return Actor{InstitutionID: inst.ID, InstitutionName: inst.Name, Collect: k,
		APIKey: &APIKey{ID: k.ID, InstitutionID: k.InstitutionID, Name: k.Name, Prefix: k.Prefix, Hash: k.Hash,
			CreatedAt: k.CreatedAt, Expiry: &exp}}, nil
}

// DeleteExpiredCollectKeys removes collect keys that expired more than
// grace ago; they can never authenticate again, and audit items keep the
// name and expiry of the key that acted.
func (s *Service) DeleteExpiredCollectKeys(ctx context.Context, grace time.Duration) (int64, error) {
	var n int64
	err := s.Store.Update(Background(ctx), func(tx Tx) error {
		var err error
		n, err = tx.DeleteCollectKeysExpiredBefore(ctx, s.now().Add(-grace))
		return err
	})
	return n, err
}
