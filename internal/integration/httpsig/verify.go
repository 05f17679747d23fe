package httpsig

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// MaxSkew is how far a request's Date may be from the receiver's clock.
const MaxSkew = 30 * time.Second

// Errors from Verify, wrapped with detail; test with errors.Is. Each names
// one reason a request is refused, so that a refusal can be told apart in
// logs and tests; none carries a secret.
var (
	ErrUnsigned       = errors.New("httpsig: the request is not signed")
	ErrMalformed      = errors.New("httpsig: malformed signature")
	ErrAlgorithm      = errors.New("httpsig: unsupported algorithm")
	ErrUnknownKey     = errors.New("httpsig: unknown key id")
	ErrNotCovered     = errors.New("httpsig: a required header is not signed")
	ErrHeaderMissing  = errors.New("httpsig: a signed header is missing")
	ErrSignature      = errors.New("httpsig: the signature does not match")
	ErrDateMissing    = errors.New("httpsig: no valid Date header")
	ErrDateStale      = errors.New("httpsig: the Date is more than 30 seconds from now")
	ErrExpired        = errors.New("httpsig: the signature has expired")
	ErrDigestMissing  = errors.New("httpsig: no SHA-256 Digest header")
	ErrDigestMismatch = errors.New("httpsig: the Digest does not match the body")
)

// Verifier verifies signed requests.
type Verifier struct {
	// Keys finds the key a signature's key id names.
	Keys KeyFunc
	// Now is the receiver's clock; nil means time.Now.
	Now func() time.Time
	// MaxSkew is how far Date may be from Now; zero means MaxSkew.
	MaxSkew time.Duration
}

// Verify checks a request's signature against the body it arrived with
// and returns the key that signed it. The checks, in order: a signature
// is present (Authorization: Signature … or a Signature header) and well
// formed; its algorithm is hmac-sha256 or hs2019 (or unnamed); the key id
// is known; (request-target) and date are signed, and digest too when the
// request has a body or is a POST, PUT or PATCH; the HMAC matches, compared
// in constant time; Date is within MaxSkew of now and an expires parameter
// has not passed; the SHA-256 Digest matches the body.
func (v Verifier) Verify(r *http.Request, body []byte) (Key, error) {
	raw := signatureHeader(r.Header)
	if raw == "" {
		return Key{}, ErrUnsigned
	}
	p, err := ParseParams(raw)
	if err != nil {
		return Key{}, err
	}
	switch p.Algorithm {
	case "", AlgorithmHMACSHA256, AlgorithmHS2019:
	default:
		return Key{}, fmt.Errorf("%w: %s", ErrAlgorithm, clip(p.Algorithm))
	}
	if v.Keys == nil {
		return Key{}, fmt.Errorf("%w: no keys configured", ErrUnknownKey)
	}
	key, ok := v.Keys(p.KeyID)
	if !ok || key.IsZero() {
		return Key{}, fmt.Errorf("%w: %s", ErrUnknownKey, clip(p.KeyID))
	}
	headers := p.Headers
	if headers == nil {
		headers = []string{"date"}
	}
	needDigest := len(body) > 0 || hasBody(r.Method)
	for _, need := range []string{"(request-target)", "date", "digest"} {
		if need == "digest" && !needDigest {
			continue
		}
		if !contains(headers, need) {
			return Key{}, fmt.Errorf("%w: %s", ErrNotCovered, need)
		}
	}
	text, err := signingString(headers, p, requestTarget(r), requestHost(r), r.Header)
	if err != nil {
		return Key{}, err
	}
	if !hmac.Equal(mac(key, text), p.Signature) {
		return Key{}, ErrSignature
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	skew := v.MaxSkew
	if skew <= 0 {
		skew = MaxSkew
	}
	if err := checkDate(r.Header.Get("Date"), now(), skew); err != nil {
		return Key{}, err
	}
	if p.Expires != 0 && now().Unix() > p.Expires {
		return Key{}, ErrExpired
	}
	if contains(headers, "digest") || r.Header.Get("Digest") != "" {
		if err := checkDigest(r.Header.Values("Digest"), body); err != nil {
			return Key{}, err
		}
	}
	return key, nil
}

// signatureHeader is the signature a request carries: the parameters of
// "Authorization: Signature …", or else of a Signature header.
func signatureHeader(h http.Header) string {
	if a := h.Get("Authorization"); len(a) > len("Signature ") && strings.EqualFold(a[:len("Signature ")], "Signature ") {
		return strings.TrimSpace(a[len("Signature "):])
	}
	return strings.TrimSpace(h.Get("Signature"))
}

func checkDate(v string, now time.Time, skew time.Duration) error {
	if v == "" {
		return ErrDateMissing
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return fmt.Errorf("%w: %q is not an HTTP date", ErrDateMissing, clip(v))
	}
	if d := now.Sub(t); d > skew || d < -skew {
		return fmt.Errorf("%w: it is %s away", ErrDateStale, d.Round(time.Second))
	}
	return nil
}

// checkDigest finds the SHA-256 value among the Digest header's
// comma-separated algorithm=value pairs and compares it with the body's.
func checkDigest(values []string, body []byte) error {
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			alg, val, ok := strings.Cut(strings.TrimSpace(part), "=")
			if !ok || !strings.EqualFold(alg, "SHA-256") {
				continue
			}
			got, err := base64.StdEncoding.DecodeString(val)
			if err != nil {
				return fmt.Errorf("%w: the SHA-256 digest is not base64", ErrDigestMismatch)
			}
			want := sha256.Sum256(body)
			if subtle.ConstantTimeCompare(got, want[:]) != 1 {
				return ErrDigestMismatch
			}
			return nil
		}
	}
	return ErrDigestMissing
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}
