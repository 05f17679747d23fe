// Package httpsig signs and verifies HTTP requests as the PassFort partner
// protocol requires: HTTP Signatures (draft-cavage-http-signatures-12) with
// an HMAC-SHA256 over a 32-byte key both sides share, a SHA-256 Digest of
// every body, and a Date no more than 30 seconds from the receiver's clock.
//
// The key id sent with each signature is the first 8 characters of the
// key's standard base64 encoding, so a receiver that shares keys with
// several peers can tell which key to verify with. Signing covers
// "(request-target) date", "digest" when there is a body, and "host" if
// asked; verification requires at least "(request-target)" and "date",
// and "digest" whenever the request has or may have a body.
//
// Only requests are signed: the protocol says nothing of signing
// responses, and the integrations PassFort publishes do not sign theirs,
// so a client that insisted would refuse every real provider.
package httpsig

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
)

// KeySize is the length of a shared key in bytes.
const KeySize = 32

// Key is a shared secret. Its String and GoString show only the key id,
// so a Key printed or logged by mistake does not leak.
type Key struct {
	b  [KeySize]byte
	ok bool
}

// NewKey returns the key of exactly KeySize bytes.
func NewKey(b []byte) (Key, error) {
	if len(b) != KeySize {
		return Key{}, errors.New("httpsig: a key must be 32 bytes")
	}
	var k Key
	copy(k.b[:], b)
	k.ok = true
	return k, nil
}

// ParseKey reads a key written as text: standard or URL-safe base64, with
// or without padding (how PassFort shows its keys), or 64 hexadecimal
// digits. Surrounding white space is ignored, so a key read from a file
// may end with a newline. The error never contains the text.
func ParseKey(s string) (Key, error) {
	s = strings.TrimSpace(s)
	if len(s) == 2*KeySize {
		if b, err := hex.DecodeString(s); err == nil {
			return NewKey(b)
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != KeySize {
				return Key{}, errors.New("httpsig: the key decodes to " + strconv.Itoa(len(b)) + " bytes, want 32")
			}
			return NewKey(b)
		}
	}
	return Key{}, errors.New("httpsig: the key is neither base64 nor 64 hexadecimal digits")
}

// IsZero reports whether k was never set.
func (k Key) IsZero() bool { return !k.ok }

// ID is the key id sent with signatures: the first 8 characters of the
// key's standard base64 encoding.
func (k Key) ID() string {
	if !k.ok {
		return ""
	}
	return base64.StdEncoding.EncodeToString(k.b[:])[:8]
}

// Fingerprint names the key without revealing any of it (the key id
// shows 48 of its bits): 16 hexadecimal digits of a SHA-256 of a fixed
// label and the key, "" for the zero key. Gatehouse records it to tell
// which peer a stored record belongs to.
func (k Key) Fingerprint() string {
	if !k.ok {
		return ""
	}
	h := sha256.New()
	h.Write([]byte("gatehouse httpsig key fingerprint\x00"))
	h.Write(k.b[:])
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// String shows the key id only.
func (k Key) String() string { return "httpsig.Key(" + k.ID() + ")" }

// GoString shows the key id only, also under %#v.
func (k Key) GoString() string { return k.String() }

// KeyFunc finds the key a key id names; ok is false for an unknown id.
type KeyFunc func(keyID string) (key Key, ok bool)

// Keys returns a KeyFunc over a fixed set of keys.
func Keys(keys ...Key) KeyFunc {
	m := make(map[string]Key, len(keys))
	for _, k := range keys {
		if k.ok {
			m[k.ID()] = k
		}
	}
	return func(id string) (Key, bool) {
		k, ok := m[id]
		return k, ok
	}
}
