package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SignatureHeader carries the HMAC signature of a delivery.
const SignatureHeader = "Gatehouse-Signature"

// DefaultTolerance is how far a signature's timestamp may be from the
// receiver's clock when Verify is given no tolerance.
const DefaultTolerance = 5 * time.Minute

// Errors from Verify, wrapped with detail; test with errors.Is.
var (
	ErrNoSecret          = errors.New("webhook: no secret to verify with")
	ErrNoSignature       = errors.New("webhook: no Gatehouse-Signature header")
	ErrMalformedHeader   = errors.New("webhook: malformed Gatehouse-Signature header")
	ErrSignatureMismatch = errors.New("webhook: no signature matches")
	ErrStale             = errors.New("webhook: signature timestamp too old")
	ErrFuture            = errors.New("webhook: signature timestamp in the future")
)

// Sign returns the Gatehouse-Signature header value for body sent at t:
// "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<unix seconds>." + body)>".
//
// The bearer secret PassFort receivers check proves only that the sender
// knows it, and anyone who sees one request (a logging proxy, a leaked
// access log) can replay or alter it. The signature binds the exact body
// to a send time, so a receiver can check integrity, and by rejecting old
// timestamps refuse replays, without relying on the secret staying secret
// in transit. The timestamp is the send time, new on every attempt; the
// envelope's own timestamp is the event time and does not change.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac(secret, ts, body))
}

func mac(secret, ts string, body []byte) []byte {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(ts))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}

// signature is a parsed Gatehouse-Signature header.
type signature struct {
	ts  string   // as sent, the signed text
	sec int64    // ts as a number
	v1  [][]byte // decoded HMACs
}

// parseSignature parses "t=…,v1=…[,v1=…]". Items are comma-separated
// key=value pairs with optional spaces around them; exactly one t (decimal
// Unix seconds) and at least one v1 (64 hex digits) are required, and
// unknown keys are ignored so later schemes can be added beside v1.
func parseSignature(header string) (signature, error) {
	var s signature
	seenT := false
	for item := range strings.SplitSeq(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok {
			return s, fmt.Errorf("%w: item %q is not key=value", ErrMalformedHeader, item)
		}
		switch k {
		case "t":
			if seenT {
				return s, fmt.Errorf("%w: more than one t", ErrMalformedHeader)
			}
			seenT = true
			n, err := strconv.ParseUint(v, 10, 63)
			if err != nil {
				return s, fmt.Errorf("%w: t=%q is not Unix seconds", ErrMalformedHeader, v)
			}
			s.ts, s.sec = v, int64(n)
		case "v1":
			b, err := hex.DecodeString(v)
			if err != nil || len(b) != sha256.Size {
				return s, fmt.Errorf("%w: v1 is not 64 hex digits", ErrMalformedHeader)
			}
			s.v1 = append(s.v1, b)
		}
	}
	switch {
	case !seenT:
		return s, fmt.Errorf("%w: no t", ErrMalformedHeader)
	case len(s.v1) == 0:
		return s, fmt.Errorf("%w: no v1", ErrMalformedHeader)
	}
	return s, nil
}

// Verify checks a Gatehouse-Signature header against the raw request body:
// one of its v1 values must be the HMAC of the body under secret (several
// are accepted so a sender can sign with an old and a new secret while
// they are rotated), compared in constant time, and its timestamp must be
// within tolerance of now either way (DefaultTolerance when tolerance is
// not positive). Errors wrap ErrNoSecret, ErrNoSignature,
// ErrMalformedHeader, ErrSignatureMismatch, ErrStale or ErrFuture; the
// timestamp is checked only once the signature matches, so ErrStale means
// an authentic but old request: a replay or a long delay.
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	if secret == "" {
		return ErrNoSecret
	}
	if strings.TrimSpace(header) == "" {
		return ErrNoSignature
	}
	sig, err := parseSignature(header)
	if err != nil {
		return err
	}
	want := mac(secret, sig.ts, body)
	ok := false
	for _, got := range sig.v1 {
		if hmac.Equal(got, want) {
			ok = true
		}
	}
	if !ok {
		return fmt.Errorf("%w (%d v1 values checked)", ErrSignatureMismatch, len(sig.v1))
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	tol := int64(tolerance / time.Second)
	switch age := now.Unix() - sig.sec; {
	case age > tol:
		return fmt.Errorf("%w: signed %d s ago, tolerance %v", ErrStale, age, tolerance)
	case age < -tol:
		return fmt.Errorf("%w: signed %d s ahead, tolerance %v", ErrFuture, -age, tolerance)
	}
	return nil
}
