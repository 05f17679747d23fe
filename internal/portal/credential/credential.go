// Package credential hashes portal passwords with argon2id and checks
// RFC 6238 time-based one-time codes (TOTP), the portal's second factor.
// It implements kyc.Credentials.
package credential

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"fmt"
	"image/png"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"golang.org/x/crypto/argon2"
)

// Credentials hashes passwords with argon2id at the configured cost and
// checks TOTP codes of 6 digits over 30-second steps (SHA-1, as every
// authenticator app reads them).
type Credentials struct {
	// Time, MemoryKiB and Threads are argon2id's cost parameters for new
	// hashes; a hash is always checked with the parameters it records.
	Time      uint32
	MemoryKiB uint32
	Threads   uint8
}

var _ kyc.Credentials = (*Credentials)(nil)

// New returns credentials with OWASP's recommended argon2id cost (19 MiB,
// two passes, one thread): about 30 ms a hash on a current core.
func New() *Credentials { return &Credentials{Time: 2, MemoryKiB: 19 * 1024, Threads: 1} }

const (
	saltLen = 16
	keyLen  = 32
	// maxMemoryKiB and maxTime bound what a stored hash may ask for, so a
	// tampered row cannot make a sign-in allocate without limit.
	maxMemoryKiB = 1 << 20
	maxTime      = 16
)

var b64 = base64.RawStdEncoding

// HashPassword returns the password's argon2id hash as a PHC string:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func (c *Credentials) HashPassword(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, c.Time, c.MemoryKiB, c.Threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, c.MemoryKiB, c.Time, c.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// phc is a parsed argon2id hash.
type phc struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

// parsePHC reads an argon2id PHC string, refusing anything else.
func parsePHC(s string) (phc, error) {
	var h phc
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return h, errors.New("not an argon2id hash")
	}
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(v, 10, 32)
		if !ok || err != nil {
			return h, errors.New("bad argon2id parameters")
		}
		switch k {
		case "m":
			h.memory = uint32(n)
		case "t":
			h.time = uint32(n)
		case "p":
			if n > 255 {
				return h, errors.New("bad argon2id parameters")
			}
			h.threads = uint8(n)
		default:
			return h, errors.New("bad argon2id parameters")
		}
	}
	if h.memory < 8 || h.memory > maxMemoryKiB || h.time < 1 || h.time > maxTime || h.threads < 1 {
		return h, errors.New("argon2id parameters out of range")
	}
	var err error
	if h.salt, err = b64.DecodeString(parts[4]); err != nil || len(h.salt) < 8 {
		return h, errors.New("bad argon2id salt")
	}
	if h.key, err = b64.DecodeString(parts[5]); err != nil || len(h.key) < 16 || len(h.key) > 64 {
		return h, errors.New("bad argon2id key")
	}
	return h, nil
}

// CheckPassword reports whether password matches an argon2id hash, with a
// constant-time comparison. A malformed hash matches nothing.
func (c *Credentials) CheckPassword(hash, password string) bool {
	h, err := parsePHC(hash)
	if err != nil {
		return false
	}
	key := argon2.IDKey([]byte(password), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(key, h.key) == 1
}

// TOTP parameters: what authenticator apps assume when an otpauth URL
// names none.
const (
	Period = 30 * time.Second
	digits = otp.DigitsSix
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns 160 random bits, base32-encoded (RFC 4226's
// recommended secret length).
func (c *Credentials) NewTOTPSecret() (string, error) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return b32.EncodeToString(b), nil
}

// CheckTOTP reports whether code is the secret's code for the time step
// of now, or the step before or after (clocks drift), and which step it
// matched, so the caller can refuse a code used before.
func (c *Credentials) CheckTOTP(secret, code string, now time.Time) (int64, bool) {
	if len(code) != digits.Length() || strings.Trim(code, "0123456789") != "" {
		return 0, false
	}
	opts := totp.ValidateOpts{Period: uint(Period / time.Second), Digits: digits, Algorithm: otp.AlgorithmSHA1}
	step := now.Unix() / int64(Period/time.Second)
	for _, d := range []int64{0, -1, 1} {
		at := time.Unix((step+d)*int64(Period/time.Second), 0)
		want, err := totp.GenerateCodeCustom(secret, at, opts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step + d, true
		}
	}
	return 0, false
}

// Code returns the current code of a secret (for tests and tools).
func Code(secret string, at time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: uint(Period / time.Second), Digits: digits,
		Algorithm: otp.AlgorithmSHA1})
}

// KeyURL returns the otpauth:// URL of a secret, which authenticator apps
// read from a QR code.
func KeyURL(issuer, account, secret string) string {
	v := url.Values{}
	v.Set("secret", secret)
	v.Set("issuer", issuer)
	v.Set("period", "30")
	v.Set("digits", "6")
	v.Set("algorithm", "SHA1")
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + issuer + ":" + account, RawQuery: v.Encode()}
	return u.String()
}

// QRCode returns a PNG QR code of an otpauth URL.
func QRCode(keyURL string, size int) ([]byte, error) {
	k, err := otp.NewKeyFromURL(keyURL)
	if err != nil {
		return nil, err
	}
	img, err := k.Image(size, size)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
