package httpsig

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Signer signs requests with one key.
type Signer struct {
	Key Key
	// Now is the clock that dates requests; nil means time.Now.
	Now func() time.Time
	// SignHost adds the Host header to the signed headers. Off by
	// default: the headers PassFort's reference integration verifies are
	// "(request-target) date digest", and a receiver behind a proxy that
	// rewrites Host would refuse a signature over it.
	SignHost bool
}

// SignRequest sets the request's Date, its Digest when it has a body (or
// is a POST, PUT or PATCH, whose empty body is signed as such), and an
// Authorization header "Signature keyId=…,algorithm="hmac-sha256",
// headers="(request-target) date [digest]",signature=…".
//
// body must be the bytes the request will send; SignRequest sets
// r.Body, r.GetBody and r.ContentLength from it, so a request retried by
// the caller sends the same bytes.
func (s Signer) SignRequest(r *http.Request, body []byte) error {
	if s.Key.IsZero() {
		return errors.New("httpsig: no key to sign with")
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	r.Header.Set("Date", now().UTC().Format(http.TimeFormat))
	headers := []string{"(request-target)", "date"}
	if s.SignHost {
		headers = []string{"(request-target)", "host", "date"}
	}
	if body != nil || hasBody(r.Method) {
		r.Header.Set("Digest", Digest(body))
		headers = append(headers, "digest")
		r.ContentLength = int64(len(body))
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	p := Params{KeyID: s.Key.ID(), Algorithm: AlgorithmHMACSHA256, Headers: headers}
	text, err := signingString(headers, p, requestTarget(r), requestHost(r), r.Header)
	if err != nil {
		return err
	}
	p.Signature = mac(s.Key, text)
	r.Header.Set("Authorization", "Signature "+p.String())
	return nil
}

// Digest is the Digest header value of a body: "SHA-256=" and the base64
// of its SHA-256.
func Digest(body []byte) string {
	sum := sha256.Sum256(body)
	return "SHA-256=" + base64.StdEncoding.EncodeToString(sum[:])
}

func mac(k Key, text string) []byte {
	h := hmac.New(sha256.New, k.b[:])
	h.Write([]byte(text))
	return h.Sum(nil)
}

// hasBody reports whether requests of a method carry a body, and so must
// sign its digest even when it is empty.
func hasBody(method string) bool {
	return method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch
}

// requestTarget is the (request-target) of a request: its method in lower
// case and the path and query it sends. A server sees what the client
// sent in RequestURI (taken from its URL when a proxy sent the absolute
// form); a client's request has it in its URL.
func requestTarget(r *http.Request) string {
	target := r.RequestURI
	if !strings.HasPrefix(target, "/") && r.URL != nil {
		target = r.URL.RequestURI()
	}
	return strings.ToLower(r.Method) + " " + target
}

// requestHost is the Host a request is sent with or arrived with.
func requestHost(r *http.Request) string {
	if r.Host != "" {
		return r.Host
	}
	if r.URL != nil {
		return r.URL.Host
	}
	return ""
}

// signingString is the text signed: one "name: value" line per signed
// header, in the order listed, joined by newlines. A signed header the
// request lacks is an error (ErrHeaderMissing).
func signingString(headers []string, p Params, target, host string, h http.Header) (string, error) {
	var b strings.Builder
	for i, name := range headers {
		if i > 0 {
			b.WriteByte('\n')
		}
		var value string
		switch name {
		case "(request-target)":
			value = target
		case "(created)":
			if p.Created == 0 {
				return "", fmt.Errorf("%w: (created) is signed but the signature has no created parameter", ErrHeaderMissing)
			}
			value = fmt.Sprint(p.Created)
		case "(expires)":
			if p.Expires == 0 {
				return "", fmt.Errorf("%w: (expires) is signed but the signature has no expires parameter", ErrHeaderMissing)
			}
			value = fmt.Sprint(p.Expires)
		case "host":
			value = host
			if value == "" {
				return "", fmt.Errorf("%w: host", ErrHeaderMissing)
			}
		default:
			if strings.HasPrefix(name, "(") {
				return "", fmt.Errorf("%w: unknown pseudo-header %s", ErrMalformed, clip(name))
			}
			vs, ok := h[http.CanonicalHeaderKey(name)]
			if !ok {
				return "", fmt.Errorf("%w: %s", ErrHeaderMissing, clip(name))
			}
			trimmed := make([]string, len(vs))
			for j, v := range vs {
				trimmed[j] = strings.TrimSpace(v)
			}
			value = strings.Join(trimmed, ", ")
		}
		b.WriteString(name)
		b.WriteString(": ")
		b.WriteString(value)
	}
	return b.String(), nil
}
