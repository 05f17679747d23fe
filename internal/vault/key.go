package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
)

// KeySize is the size of every key in the hierarchy: AES-256.
const KeySize = 32

// maxKeyID bounds explicit key ids so a header's id fits its length byte
// and stays readable in logs and errors.
const maxKeyID = 64

// Key is a 256-bit AES-GCM key with its id. The id is recorded in every
// ciphertext the key makes, so the right key can be found (and a wrong one
// refused with a clear error) when it is opened. A Key is safe for
// concurrent use.
type Key struct {
	id     string
	secret [KeySize]byte
	aead   cipher.AEAD

	indexOnce sync.Once
	index     []byte // HMAC key of BlindIndex, derived on first use
}

// NewKey makes a Key from 32 bytes of key material. An empty id means the
// default id, DefaultKeyID(material); an explicit id is for master keys an
// operator wants to name (1 to 64 characters of A-Z a-z 0-9 . _ -).
func NewKey(id string, material []byte) (*Key, error) {
	if len(material) != KeySize {
		return nil, fmt.Errorf("vault: key material is %d bytes, want %d", len(material), KeySize)
	}
	if id == "" {
		id = DefaultKeyID(material)
	}
	if err := validKeyID(id); err != nil {
		return nil, err
	}
	k := &Key{id: id}
	copy(k.secret[:], material)
	block, err := aes.NewCipher(k.secret[:])
	if err != nil {
		return nil, err
	}
	if k.aead, err = cipher.NewGCM(block); err != nil {
		return nil, err
	}
	return k, nil
}

// GenerateKey returns a fresh random key with its default id.
func GenerateKey() *Key {
	var m [KeySize]byte
	rand.Read(m[:])
	k, err := NewKey("", m[:])
	if err != nil {
		panic(err) // unreachable: the material has the right size and the id is hex
	}
	return k
}

// DefaultKeyID is the id a key gets unless named: the hex of the first 8
// bytes of its SHA-256. It identifies the key without revealing it (SHA-256
// is one-way and the key is 256 random bits) and is the same wherever the
// key is loaded, so no registry of ids is needed.
func DefaultKeyID(material []byte) string {
	sum := sha256.Sum256(material)
	return hex.EncodeToString(sum[:8])
}

func validKeyID(id string) error {
	if len(id) == 0 || len(id) > maxKeyID {
		return fmt.Errorf("vault: key id %q must have 1 to %d characters", id, maxKeyID)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return fmt.Errorf("vault: key id %q may hold only A-Z a-z 0-9 . _ -", id)
		}
	}
	return nil
}

// ID returns the key's id.
func (k *Key) ID() string { return k.id }

// String names the key by id, so printing a Key never prints its secret.
func (k *Key) String() string { return "vault.Key(" + k.id + ")" }

// GoString keeps %#v from printing the secret too.
func (k *Key) GoString() string { return k.String() }

// derive returns a subkey for one purpose, so one key never serves two
// algorithms (AES-GCM sealing and HMAC indexing) directly.
func (k *Key) derive(salt []byte, info string) []byte {
	out, err := hkdf.Key(sha256.New, k.secret[:], salt, info, KeySize)
	if err != nil {
		panic(err) // unreachable: 32 bytes is far below HKDF-SHA256's limit
	}
	return out
}
