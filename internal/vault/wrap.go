package vault

import (
	"crypto/rand"
)

// Owner strings name whose key a wrapped key is. The owner is the
// associated data of the wrapping, so a wrapped key moved to another
// owner's row fails to unwrap.
const (
	InstitutionPrefix = "institution:"
	ProfilePrefix     = "profile:"
)

// InstitutionOwner is the owner string of an institution's data key.
func InstitutionOwner(institutionID string) string { return InstitutionPrefix + institutionID }

// ProfileOwner is the owner string of a profile's data key.
func ProfileOwner(profileID string) string { return ProfilePrefix + profileID }

// Wrapped is a data key encrypted under a wrapping key (a master key for an
// institution key, an institution key for a profile key): kind byte, the
// wrapping key's id, nonce, encrypted key and tag. It is what the store
// persists; the plain key never leaves the process.
type Wrapped []byte

// KeyID returns the id of the key that wrapped w, or "" if w is malformed.
func (w Wrapped) KeyID() string {
	_, id, _, err := parseHeader(w, kindWrapped)
	if err != nil {
		return ""
	}
	return id
}

// Wrap encrypts dek under kek for owner (InstitutionOwner or ProfileOwner).
func Wrap(kek, dek *Key, owner string) Wrapped {
	hdr := header(kindWrapped, kek.id)
	out := make([]byte, len(hdr)+nonceSize, len(hdr)+nonceSize+KeySize+tagSize)
	copy(out, hdr)
	nonce := out[len(hdr):]
	rand.Read(nonce)
	return kek.aead.Seal(out, nonce, dek.secret[:], joinAAD(hdr, []byte(owner)))
}

// Unwrap decrypts w with kek for owner. It returns ErrFormat for bytes that
// are not a wrapped key, a *KeyMismatchError when w names another wrapping
// key, and ErrDecrypt when w was altered or wrapped for another owner.
func Unwrap(kek *Key, w Wrapped, owner string) (*Key, error) {
	hdr, id, rest, err := parseHeader(w, kindWrapped)
	if err != nil {
		return nil, err
	}
	if id != kek.id {
		return nil, &KeyMismatchError{Want: id, Have: kek.id}
	}
	if len(rest) != nonceSize+KeySize+tagSize {
		return nil, ErrFormat
	}
	var secret [KeySize]byte
	pt, err := kek.aead.Open(secret[:0], rest[:nonceSize], rest[nonceSize:], joinAAD(hdr, []byte(owner)))
	if err != nil {
		return nil, ErrDecrypt
	}
	return NewKey("", pt)
}
