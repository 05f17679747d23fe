package vault

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
)

// Kinds of ciphertext, the first byte of each. The kind is authenticated
// with the rest of the header, so one kind is never opened as another.
const (
	kindSealed  byte = 0x01 // a field sealed with Seal
	kindWrapped byte = 0x02 // a data key wrapped with Wrap
	kindStream  byte = 0x03 // a stream written by EncryptingWriter
)

const (
	nonceSize = 12
	tagSize   = 16
)

// Errors of opening ciphertext. They say what went wrong without saying
// anything about the plaintext.
var (
	// ErrFormat means the bytes are not a ciphertext of the expected kind
	// and version.
	ErrFormat = errors.New("vault: not a ciphertext of this kind or version")
	// ErrDecrypt means authentication failed: the ciphertext was altered,
	// truncated, reordered, or sealed for other associated data (another
	// owner, profile or field).
	ErrDecrypt = errors.New("vault: ciphertext does not authenticate")
)

// KeyMismatchError says a ciphertext names a key other than the one given
// to open it.
type KeyMismatchError struct {
	Want string // the key id the ciphertext names
	Have string // the key id that was offered
}

func (e *KeyMismatchError) Error() string {
	return fmt.Sprintf("vault: ciphertext was made with key %s, not %s", e.Want, e.Have)
}

// header returns kind, id length and id: the prefix of every ciphertext.
func header(kind byte, keyID string) []byte {
	h := make([]byte, 0, 2+len(keyID))
	h = append(h, kind, byte(len(keyID)))
	return append(h, keyID...)
}

// parseHeader splits b into its header (kind, length, id) and the rest.
func parseHeader(b []byte, kind byte) (hdr []byte, keyID string, rest []byte, err error) {
	if len(b) < 2 || b[0] != kind || int(b[1]) == 0 || len(b) < 2+int(b[1]) {
		return nil, "", nil, ErrFormat
	}
	n := 2 + int(b[1])
	return b[:n], string(b[2:n]), b[n:], nil
}

// Seal encrypts plaintext with key under AES-256-GCM with a random 96-bit
// nonce, binding it to aad: Open succeeds only with the same key and aad.
// For personal data fields use FieldAAD, so a sealed value copied to
// another profile or field does not open. The result is kind byte, key id,
// nonce, ciphertext and tag: 2 + len(id) + 28 bytes more than plaintext.
//
// With random nonces a key may seal about 2^32 values before the chance
// of a repeated nonce becomes a concern; per-profile keys stay far below.
func Seal(key *Key, plaintext, aad []byte) []byte {
	hdr := header(kindSealed, key.id)
	out := make([]byte, len(hdr)+nonceSize, len(hdr)+nonceSize+len(plaintext)+tagSize)
	copy(out, hdr)
	nonce := out[len(hdr):]
	rand.Read(nonce)
	return key.aead.Seal(out, nonce, plaintext, joinAAD(hdr, aad))
}

// Open decrypts what Seal made with the same key and aad. It returns
// ErrFormat for bytes that are not a sealed value, a *KeyMismatchError when
// they name another key, and ErrDecrypt when they do not authenticate.
func Open(key *Key, sealed, aad []byte) ([]byte, error) {
	hdr, id, rest, err := parseHeader(sealed, kindSealed)
	if err != nil {
		return nil, err
	}
	if id != key.id {
		return nil, &KeyMismatchError{Want: id, Have: key.id}
	}
	if len(rest) < nonceSize+tagSize {
		return nil, ErrFormat
	}
	pt, err := key.aead.Open(nil, rest[:nonceSize], rest[nonceSize:], joinAAD(hdr, aad))
	if err != nil {
		return nil, ErrDecrypt
	}
	return pt, nil
}

// SealedKeyID returns the id of the key a sealed value names, so a caller
// holding several keys (during a profile key change) can pick the right one.
func SealedKeyID(sealed []byte) (string, error) {
	_, id, _, err := parseHeader(sealed, kindSealed)
	return id, err
}

// joinAAD prefixes the caller's associated data with the header, so the
// kind and key id are authenticated too. The header is self-delimiting,
// so no two (header, aad) pairs give the same bytes.
func joinAAD(hdr, aad []byte) []byte {
	out := make([]byte, 0, len(hdr)+len(aad))
	return append(append(out, hdr...), aad...)
}

// FieldAAD is the associated data for a sealed field of a profile: the
// profile id and the field name, length-prefixed so no two pairs collide.
// A value sealed for one (profile, field) opens for no other.
func FieldAAD(profileID, field string) []byte {
	return AAD("field", profileID, field)
}

// AAD joins parts into associated data, each prefixed with its length, so
// the parts cannot be re-split differently ("ab","c" and "a","bc" differ).
func AAD(parts ...string) []byte {
	n := 0
	for _, p := range parts {
		n += 4 + len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = binary.BigEndian.AppendUint32(out, uint32(len(p)))
		out = append(out, p...)
	}
	return out
}
