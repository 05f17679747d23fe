package store

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// Personal data at rest. Once Protect is called, the store seals every
// column that can hold personal data (docs/data-protection.md lists them)
// under the data key of the profile the row belongs to, with the profile
// id, the column and the row as associated data, so a value copied to
// another row, column or profile does not open. A sealed value is text:
// sealedPrefix and the base64 of a vault.Seal ciphertext. Values without
// the prefix are read as they are: the tombstones erasure writes, and
// columns written while protection was off (benchmarks only).
//
// Keys are loaded once per operation (a transaction, or one read call)
// into a keyCache: one query for the wrapped keys of all the profiles a
// page or an aggregate touches, one AES-GCM unwrap each. A profile whose
// key is gone (erased) reads as its tombstone values.

// sealedPrefix starts every sealed column value.
const sealedPrefix = "gh1:"

// errUnprotected is returned when a store without keys meets sealed data.
var errUnprotected = &kyc.Error{Code: kyc.EInternal,
	Message: "the database holds encrypted personal data but this process has no master key"}

// errNoSession is a programming error: a read method that opens sealed
// values did not start a session (the shared reader must not cache keys).
var errNoSession = internal("keys", errors.New("store: read without a key session"))

// Protect turns on sealing of personal data with keys wrapped by the
// master keys m, and returns the keyring, which the content store shares.
// Call it once, before the store is used.
func (d *DB) Protect(m *vault.Masters) *vault.Keyring {
	d.keys = vault.NewKeyring(m, d)
	return d.keys
}

// Keyring returns the keyring Protect made, or nil.
func (d *DB) Keyring() *vault.Keyring { return d.keys }

// keyCache holds the keys one operation has loaded.
type keyCache struct {
	inst map[string]*vault.Key
	// prof maps a profile id to its key; a nil entry means the profile has
	// no key (it was erased), a missing entry that it was not loaded.
	prof map[string]*vault.Key
	// fresh names profiles this transaction creates (no erasure to check).
	fresh map[string]bool
}

func newKeyCache() *keyCache {
	return &keyCache{inst: map[string]*vault.Key{}, prof: map[string]*vault.Key{}, fresh: map[string]bool{}}
}

// session returns a reader with its own key cache for one read call, or r
// itself inside a transaction (whose cache lives as long as it).
func (r *reader) session() *reader {
	if r.kc != nil {
		return r
	}
	rr := *r
	rr.kc = newKeyCache()
	return &rr
}

// instKey returns the institution's key, or nil when protection is off.
// Inside a transaction a missing key is created in it.
func (r *reader) instKey(ctx context.Context, institutionID string) (*vault.Key, error) {
	if r.db.keys == nil {
		return nil, nil
	}
	if r.kc == nil {
		return nil, errNoSession
	}
	if k := r.kc.inst[institutionID]; k != nil {
		return k, nil
	}
	var k *vault.Key
	var err error
	if r.inTx {
		k, err = r.db.keys.InstitutionKeyIn(ctx, txKeys{r}, institutionID)
	} else {
		k, err = r.db.keys.InstitutionKey(ctx, institutionID)
	}
	if err != nil {
		return nil, internal("institution key", err)
	}
	r.kc.inst[institutionID] = k
	return k, nil
}

// loadProfileKeys loads the keys of profiles of one institution not yet
// in the cache, in as few queries as the ids allow.
func (r *reader) loadProfileKeys(ctx context.Context, institutionID string, ids []string) error {
	if r.db.keys == nil {
		return nil
	}
	if r.kc == nil {
		return errNoSession
	}
	var missing []string
	seen := map[string]bool{}
	for _, id := range ids {
		if _, ok := r.kc.prof[id]; !ok && !seen[id] {
			seen[id] = true
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	ik, err := r.instKey(ctx, institutionID)
	if err != nil {
		return err
	}
	for len(missing) > 0 {
		n := min(len(missing), maxRowsPerInsert)
		owners := make([]any, n)
		for i, id := range missing[:n] {
			owners[i] = vault.ProfileOwner(id)
			r.kc.prof[id] = nil
		}
		rows, err := r.c.Query(ctx, r.db.expandIDs(qProfileKeys, n), owners...)
		if err != nil {
			return internal("profile keys", err)
		}
		for rows.Next() {
			var owner string
			var w []byte
			if err := rows.Scan(&owner, &w); err != nil {
				rows.Close()
				return internal("scan profile key", err)
			}
			id := strings.TrimPrefix(owner, vault.ProfilePrefix)
			k, err := r.db.keys.UnwrapProfileKeyWith(ik, id, w)
			var mismatch *vault.KeyMismatchError
			switch {
			case errors.Is(err, vault.ErrErased):
				k = nil // a restored backup's key of an erased profile
			case errors.As(err, &mismatch):
				k = nil // another institution's profile: nothing of it is read here
			case err != nil:
				rows.Close()
				return internal("unwrap profile key", err)
			}
			r.kc.prof[id] = k
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal("profile keys", err)
		}
		missing = missing[n:]
	}
	return nil
}

// profileKey returns a profile's key for reading: nil when protection is
// off or the profile has none (erased).
func (r *reader) profileKey(ctx context.Context, institutionID, profileID string) (*vault.Key, error) {
	if r.db.keys == nil {
		return nil, nil
	}
	if err := r.loadProfileKeys(ctx, institutionID, []string{profileID}); err != nil {
		return nil, err
	}
	return r.kc.prof[profileID], nil
}

// writeKey returns the key to seal a profile's data with, creating the
// profile's key in the transaction when it has none: nil only when
// protection is off. It refuses a profile the erasure ledger lists.
func (t *tx) writeKey(ctx context.Context, institutionID, profileID string) (*vault.Key, error) {
	if t.db.keys == nil {
		return nil, nil
	}
	if k := t.kc.prof[profileID]; k != nil {
		return k, nil
	}
	if !t.kc.fresh[profileID] { // a new profile has no key to load
		k, err := t.profileKey(ctx, institutionID, profileID)
		if err != nil || k != nil {
			return k, err
		}
	}
	erased := t.db.keys.Erased(profileID)
	if !erased && !t.kc.fresh[profileID] && kyc.ValidID(profileID) {
		// No key: a profile from before keys were made with the profile,
		// or an erased one, which must not get a new key.
		var at *int64
		err := t.c.QueryRow(ctx, t.db.q(qProfileErased), profileID).Scan(&at)
		if err != nil && !errors.Is(err, ErrNoRows) {
			return nil, internal("profile erased", err)
		}
		erased = at != nil
	}
	if erased {
		return nil, &kyc.Error{Code: kyc.EConflict, Message: "the profile was erased",
			Info: map[string]any{"profile_id": profileID}}
	}
	ik, err := t.instKey(ctx, institutionID)
	if err != nil {
		return nil, err
	}
	k := vault.GenerateKey()
	now := micros(time.Now())
	if t.kc.fresh[profileID] {
		// Deferred with the profile's other rows on PostgreSQL.
		row := []any{vault.ProfileOwner(profileID), []byte(vault.WrapProfileKey(ik, k, profileID)), now, now}
		if err := t.insertRows(ctx, qInsertProfileKey, "create profile key", [][]any{row}); err != nil {
			return nil, err
		}
		t.kc.prof[profileID] = k
		return k, nil
	}
	n, err := t.c.Exec(ctx, t.db.q(qCreateKey), vault.ProfileOwner(profileID), []byte(vault.WrapProfileKey(ik, k, profileID)), now, now)
	if err != nil {
		return nil, internal("create profile key", err)
	}
	if n == 0 { // created meanwhile (a document upload's keyring call)
		delete(t.kc.prof, profileID)
		if k, err = t.profileKey(ctx, institutionID, profileID); err != nil || k == nil {
			return nil, errors.Join(internal("profile key", errors.New("created and deleted concurrently")), err)
		}
		return k, nil
	}
	t.kc.prof[profileID] = k
	return k, nil
}

// fieldAAD names a sealed value's place: its profile, and its column and
// row (row "" for a profile's own columns).
func fieldAAD(profileID, column, row string) []byte {
	if row != "" {
		column += "/" + row
	}
	return vault.FieldAAD(profileID, column)
}

// seal returns the value to store for plaintext: sealed under k, or the
// plaintext itself when k is nil (protection off).
func seal(k *vault.Key, profileID, column, row string, plaintext []byte) string {
	if k == nil {
		return string(plaintext)
	}
	ct := vault.Seal(k, plaintext, fieldAAD(profileID, column, row))
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(ct)
}

// sealString is seal for text.
func sealString(k *vault.Key, profileID, column, row, plaintext string) string {
	return seal(k, profileID, column, row, []byte(plaintext))
}

// isSealed reports whether a stored value is sealed.
func isSealed(stored string) bool { return strings.HasPrefix(stored, sealedPrefix) }

// open returns the plaintext of a stored value: the value itself when it
// is not sealed, tomb when the profile's key is gone (erased, or replaced
// after an erasure), and an error when it was altered or moved.
func (r *reader) open(k *vault.Key, profileID, column, row, stored, tomb string) (string, error) {
	if !isSealed(stored) {
		return stored, nil
	}
	if r.db.keys == nil {
		return "", errUnprotected
	}
	if k == nil {
		return tomb, nil
	}
	ct, err := base64.RawStdEncoding.DecodeString(stored[len(sealedPrefix):])
	if err != nil {
		return "", internal("open "+column, err)
	}
	pt, err := vault.Open(k, ct, fieldAAD(profileID, column, row))
	var mismatch *vault.KeyMismatchError
	if errors.As(err, &mismatch) {
		return tomb, nil
	}
	if err != nil {
		return "", internal("open "+column+" of profile "+profileID, err)
	}
	return string(pt), nil
}

// txKeys is a vault.KeyStore inside a transaction, for the institution
// key the transaction may have to create.
type txKeys struct{ r *reader }

func (s txKeys) LoadKey(ctx context.Context, owner string) (vault.Wrapped, error) {
	var w []byte
	err := s.r.c.QueryRow(ctx, s.r.db.q(qLoadKey), owner).Scan(&w)
	if errors.Is(err, ErrNoRows) {
		return nil, kyc.NotFound("key", owner)
	}
	return w, wrap("load key", err)
}

func (s txKeys) CreateKey(ctx context.Context, owner string, w vault.Wrapped) error {
	now := micros(time.Now())
	n, err := s.r.c.Exec(ctx, s.r.db.q(qCreateKey), owner, []byte(w), now, now)
	if err != nil {
		return internal("create key", err)
	}
	if n == 0 {
		return kyc.Errorf(kyc.EConflict, "%s already has a key", owner)
	}
	return nil
}

var errTxKeys = errors.New("store: not available inside a transaction")

func (s txKeys) ReplaceKey(context.Context, string, vault.Wrapped, vault.Wrapped) error {
	return errTxKeys
}
func (s txKeys) DeleteKey(context.Context, string) error { return errTxKeys }
func (s txKeys) ListKeys(context.Context, string, string, int) ([]vault.OwnedKey, error) {
	return nil, errTxKeys
}

// nameRef points at a display name read from a profile row.
type nameRef struct {
	profileID string
	name      *string
}

// openNames opens display names of profiles of one institution in place,
// loading their keys in one query.
func (r *reader) openNames(ctx context.Context, institutionID string, names []nameRef) error {
	if len(names) == 0 {
		return nil
	}
	ids := make([]string, len(names))
	for i, n := range names {
		ids[i] = n.profileID
	}
	if err := r.loadProfileKeys(ctx, institutionID, ids); err != nil {
		return err
	}
	for _, n := range names {
		v, err := r.open(r.cachedKey(n.profileID), n.profileID, "profiles.display_name", "", *n.name, "")
		if err != nil {
			return err
		}
		*n.name = v
	}
	return nil
}

// loadKeysOf loads the keys of the profiles of byID (a no-op for those
// already cached).
func (r *reader) loadKeysOf(ctx context.Context, byID map[string]*kyc.Profile) error {
	if r.db.keys == nil {
		return nil
	}
	byInst := map[string][]string{}
	for id, p := range byID {
		byInst[p.InstitutionID] = append(byInst[p.InstitutionID], id)
	}
	for inst, ids := range byInst {
		if err := r.loadProfileKeys(ctx, inst, ids); err != nil {
			return err
		}
	}
	return nil
}
