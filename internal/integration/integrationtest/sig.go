package integrationtest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// This file signs and verifies requests as the protocol's Authentication
// section describes them, written from that text and independently of
// Gatehouse's httpsig package, so that each checks the other.
//
// The text: requests are signed per the HTTP signatures draft, version 12,
// with a 32-byte key; the key id is the first 8 characters of the key's
// base64; the algorithm hmac-sha256 and the digest SHA-256; (request-target)
// and Date at least are signed, and requests with a body also sign a
// Digest header; a request with a missing or incorrect signature, a
// missing or wrong Digest, or a Date missing or more than 30 seconds from
// now is rejected.

// keyID is the key id of a key.
func keyID(key []byte) string { return base64.StdEncoding.EncodeToString(key)[:8] }

func digestOf(body []byte) string {
	sum := sha256.Sum256(body)
	return "SHA-256=" + base64.StdEncoding.EncodeToString(sum[:])
}

// sign signs an outgoing request with "(request-target) date digest".
func sign(r *http.Request, body []byte, key []byte, now time.Time) {
	r.Header.Set("Date", now.UTC().Format(http.TimeFormat))
	headers := []string{"(request-target)", "date"}
	if r.Method == http.MethodPost {
		r.Header.Set("Digest", digestOf(body))
		headers = append(headers, "digest")
	}
	lines := make([]string, len(headers))
	for i, h := range headers {
		if h == "(request-target)" {
			lines[i] = h + ": " + strings.ToLower(r.Method) + " " + r.URL.RequestURI()
		} else {
			lines[i] = h + ": " + r.Header.Get(h)
		}
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(strings.Join(lines, "\n")))
	r.Header.Set("Authorization", `Signature keyId="`+keyID(key)+`",algorithm="hmac-sha256",headers="`+
		strings.Join(headers, " ")+`",signature="`+base64.StdEncoding.EncodeToString(m.Sum(nil))+`"`)
}

var param = regexp.MustCompile(`(\w+)="([^"]*)"?`)

// verify checks an incoming request, returning why it is refused.
func verify(r *http.Request, body []byte, key []byte, now time.Time) error {
	auth := r.Header.Get("Authorization")
	if !strings.HasPrefix(auth, "Signature ") {
		return errors.New("no signature")
	}
	ps := map[string]string{}
	for _, m := range param.FindAllStringSubmatch(auth[len("Signature "):], -1) {
		ps[m[1]] = m[2]
	}
	if ps["keyId"] != keyID(key) {
		return errors.New("unknown key id")
	}
	if a := ps["algorithm"]; a != "hmac-sha256" && a != "hs2019" {
		return errors.New("unsupported algorithm")
	}
	headers := strings.Fields(ps["headers"])
	need := []string{"(request-target)", "date"}
	if r.Method == http.MethodPost {
		need = append(need, "digest")
	}
	for _, n := range need {
		found := false
		for _, h := range headers {
			found = found || h == n
		}
		if !found {
			return errors.New(n + " is not signed")
		}
	}
	lines := make([]string, len(headers))
	for i, h := range headers {
		switch h {
		case "(request-target)":
			lines[i] = h + ": " + strings.ToLower(r.Method) + " " + r.URL.RequestURI()
		case "host":
			lines[i] = h + ": " + r.Host
		default:
			lines[i] = h + ": " + r.Header.Get(h)
		}
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(strings.Join(lines, "\n")))
	got, err := base64.StdEncoding.DecodeString(ps["signature"])
	if err != nil || !hmac.Equal(got, m.Sum(nil)) {
		return errors.New("incorrect signature")
	}
	date, err := http.ParseTime(r.Header.Get("Date"))
	if err != nil {
		return errors.New("no date")
	}
	if d := now.Sub(date); d > 30*time.Second || d < -30*time.Second {
		return errors.New("stale date")
	}
	if r.Method == http.MethodPost && r.Header.Get("Digest") != digestOf(body) {
		return errors.New("digest does not match the body")
	}
	return nil
}
