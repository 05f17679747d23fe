package httpsig

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// Algorithms. hmac-sha256 is the only one the protocol uses; hs2019 is
// accepted when verifying because draft 12 lets a signer name it for any
// algorithm the key fixes, and the key here fixes HMAC-SHA256.
const (
	AlgorithmHMACSHA256 = "hmac-sha256"
	AlgorithmHS2019     = "hs2019"
)

// maxHeaderLen bounds the signature header a verifier reads.
const maxHeaderLen = 8 << 10

// Params are the parameters of a signature header.
type Params struct {
	KeyID     string
	Algorithm string // empty when the header does not name one
	// Headers are the signed headers, lower-cased, in order. Nil when the
	// header does not list them (draft 12 then means "date").
	Headers   []string
	Signature []byte
	// Created and Expires are the optional (created) and (expires)
	// timestamps, Unix seconds; zero when absent.
	Created, Expires int64
}

// String formats the parameters as a signature header value (without the
// "Signature " scheme of the Authorization header).
func (p Params) String() string {
	var b strings.Builder
	b.WriteString(`keyId="` + p.KeyID + `"`)
	if p.Algorithm != "" {
		b.WriteString(`,algorithm="` + p.Algorithm + `"`)
	}
	if p.Created != 0 {
		b.WriteString(",created=" + strconv.FormatInt(p.Created, 10))
	}
	if p.Expires != 0 {
		b.WriteString(",expires=" + strconv.FormatInt(p.Expires, 10))
	}
	if p.Headers != nil {
		b.WriteString(`,headers="` + strings.Join(p.Headers, " ") + `"`)
	}
	b.WriteString(`,signature="` + base64.StdEncoding.EncodeToString(p.Signature) + `"`)
	return b.String()
}

// ParseParams parses a signature header value: comma-separated
// name="value" pairs (created and expires may be bare integers).
//
// It tolerates one known defect: PassFort has been seen to send the
// Authorization header without the closing quote of its last value, so a
// quoted value left open at the very end of the header is taken to end
// there. Anything else malformed is an error: an unterminated value before
// the end, a missing or duplicated keyId or signature, a signature that is
// not base64, an empty headers list, a header named twice, control
// characters, or a header longer than 8 KiB.
func ParseParams(v string) (Params, error) {
	if len(v) > maxHeaderLen {
		return Params{}, fmt.Errorf("%w: the signature header is longer than %d bytes", ErrMalformed, maxHeaderLen)
	}
	seen := map[string]bool{}
	var p Params
	var sig string
	rest := v
	for {
		rest = strings.TrimLeft(rest, " \t")
		if rest == "" {
			break
		}
		eq := strings.IndexByte(rest, '=')
		if eq <= 0 {
			return Params{}, fmt.Errorf("%w: expected name=value at %q", ErrMalformed, clip(rest))
		}
		name := strings.TrimRight(rest[:eq], " \t")
		if !isToken(name) {
			return Params{}, fmt.Errorf("%w: %q is not a parameter name", ErrMalformed, clip(name))
		}
		rest = strings.TrimLeft(rest[eq+1:], " \t")
		var value string
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 { // the known missing closing quote: only at the very end
				value, rest = rest[1:], ""
			} else {
				value, rest = rest[1:1+end], rest[2+end:]
			}
			if strings.ContainsRune(value, '\\') {
				return Params{}, fmt.Errorf("%w: parameter %s has an escape, which no parameter needs", ErrMalformed, name)
			}
		} else {
			end := strings.IndexByte(rest, ',')
			if end < 0 {
				end = len(rest)
			}
			value, rest = strings.TrimRight(rest[:end], " \t"), rest[end:]
		}
		for _, c := range value {
			if c < 0x20 || c == 0x7f {
				return Params{}, fmt.Errorf("%w: parameter %s has a control character", ErrMalformed, name)
			}
		}
		rest = strings.TrimLeft(rest, " \t")
		if rest != "" {
			if rest[0] != ',' {
				return Params{}, fmt.Errorf("%w: expected a comma after parameter %s", ErrMalformed, name)
			}
			rest = rest[1:]
		}
		lower := strings.ToLower(name)
		if seen[lower] {
			return Params{}, fmt.Errorf("%w: parameter %s appears twice", ErrMalformed, name)
		}
		seen[lower] = true
		var err error
		switch lower {
		case "keyid":
			p.KeyID = value
		case "algorithm":
			p.Algorithm = strings.ToLower(value)
		case "headers":
			p.Headers, err = parseHeaderList(value)
		case "signature":
			sig = value
		case "created":
			p.Created, err = parseTime(name, value)
		case "expires":
			p.Expires, err = parseTime(name, value)
		}
		if err != nil {
			return Params{}, err
		}
	}
	switch {
	case p.KeyID == "":
		return Params{}, fmt.Errorf("%w: no keyId", ErrMalformed)
	case sig == "":
		return Params{}, fmt.Errorf("%w: no signature", ErrMalformed)
	}
	b, err := base64.StdEncoding.DecodeString(sig)
	if err != nil {
		if b, err = base64.RawStdEncoding.DecodeString(sig); err != nil {
			return Params{}, fmt.Errorf("%w: the signature is not base64", ErrMalformed)
		}
	}
	p.Signature = b
	return p, nil
}

func parseHeaderList(v string) ([]string, error) {
	hs := strings.Fields(strings.ToLower(v))
	if len(hs) == 0 {
		return nil, fmt.Errorf("%w: the headers parameter is empty", ErrMalformed)
	}
	seen := map[string]bool{}
	for _, h := range hs {
		if seen[h] {
			return nil, fmt.Errorf("%w: header %s is listed twice", ErrMalformed, h)
		}
		seen[h] = true
	}
	return hs, nil
}

func parseTime(name, v string) (int64, error) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%w: parameter %s is not a positive integer", ErrMalformed, name)
	}
	return n, nil
}

// isToken reports whether s is a parameter name: letters, digits, '-'
// and '_'.
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return s != ""
}

// clip shortens text quoted in an error.
func clip(s string) string {
	if len(s) > 24 {
		return s[:24] + "…"
	}
	return s
}
