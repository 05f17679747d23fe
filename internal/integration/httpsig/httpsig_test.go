package httpsig_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/integration/httpsig"
)

var (
	now   = time.Unix(1700000000, 0)
	clock = func() time.Time { return now }
	body  = []byte(`{"id":"1"}`)
)

func key(t testing.TB, first byte) httpsig.Key {
	t.Helper()
	b := make([]byte, httpsig.KeySize)
	for i := range b {
		b[i] = first + byte(i)
	}
	k, err := httpsig.NewKey(b)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestKnownAnswer pins the signature of one request to values computed
// independently (Python's hmac and hashlib over the signing string the
// draft defines), so signer and verifier cannot agree on a wrong text.
func TestKnownAnswer(t *testing.T) {
	t.Parallel()
	k := key(t, 0)
	if got, want := k.ID(), "AAECAwQF"; got != want {
		t.Errorf("key id: got %s, want %s", got, want)
	}
	r := httptest.NewRequest(http.MethodPost, "http://example.test/checks", nil)
	r.RequestURI = "" // as a client's request
	if err := (httpsig.Signer{Key: k, Now: clock}).SignRequest(r, body); err != nil {
		t.Fatal(err)
	}
	for h, want := range map[string]string{
		"Date":   "Tue, 14 Nov 2023 22:13:20 GMT",
		"Digest": "SHA-256=WBGWf1QNMA0kmrMK5oE1mngV/bXT3HGpS+HUkQBqayc=",
		"Authorization": `Signature keyId="AAECAwQF",algorithm="hmac-sha256",headers="(request-target) date digest",` +
			`signature="60P07VDJ3ZYM7XAnKt9M/FaJqKh6SBXg2R7eZrVqVNw="`,
	} {
		if got := r.Header.Get(h); got != want {
			t.Errorf("%s: got %q, want %q", h, got, want)
		}
	}
	// With the host signed too.
	r = httptest.NewRequest(http.MethodPost, "http://example.test/checks", nil)
	r.RequestURI = ""
	if err := (httpsig.Signer{Key: k, Now: clock, SignHost: true}).SignRequest(r, body); err != nil {
		t.Fatal(err)
	}
	want := `Signature keyId="AAECAwQF",algorithm="hmac-sha256",headers="(request-target) host date digest",` +
		`signature="AJ+bpEPwAZTas+4W9Ii1PxidkYrdMph2r8Pwt9furdA="`
	if got := r.Header.Get("Authorization"); got != want {
		t.Errorf("with host: got %q, want %q", got, want)
	}
	got, err := io.ReadAll(r.Body)
	if err != nil || !bytes.Equal(got, body) || r.ContentLength != int64(len(body)) {
		t.Errorf("body: got %q (%v), length %d, want %q", got, err, r.ContentLength, body)
	}
}

// signed returns a request as a server receives it, signed by a client
// with key k at time at, after tamper has changed it.
func signed(t *testing.T, k httpsig.Key, method, target string, b []byte, at time.Time, tamper func(*http.Request)) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, "http://gatehouse.test"+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := (httpsig.Signer{Key: k, Now: func() time.Time { return at }, SignHost: true}).SignRequest(r, b); err != nil {
		t.Fatal(err)
	}
	in := httptest.NewRequest(method, target, bytes.NewReader(b))
	in.Host = "gatehouse.test"
	in.Header = r.Header.Clone()
	if tamper != nil {
		tamper(in)
	}
	return in
}

func TestVerify(t *testing.T) {
	t.Parallel()
	good, other := key(t, 0), key(t, 100)
	v := httpsig.Verifier{Keys: httpsig.Keys(good), Now: clock}
	setAuth := func(f func(string) string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", f(r.Header.Get("Authorization"))) }
	}
	for _, tc := range []struct {
		name   string
		method string
		target string
		body   []byte
		signer httpsig.Key
		at     time.Time
		tamper func(*http.Request)
		want   error
	}{
		{name: "post", method: "POST", target: "/checks", body: body, signer: good, at: now},
		{name: "get", method: "GET", target: "/images/abc?x=1", signer: good, at: now},
		{name: "post with empty body", method: "POST", target: "/checks/1/ready", body: []byte{}, signer: good, at: now},
		{name: "missing trailing quote tolerated", method: "POST", target: "/checks", body: body, signer: good, at: now,
			tamper: setAuth(func(a string) string { return strings.TrimSuffix(a, `"`) })},
		{name: "Signature header instead of Authorization", method: "POST", target: "/checks", body: body, signer: good, at: now,
			tamper: func(r *http.Request) {
				r.Header.Set("Signature", strings.TrimPrefix(r.Header.Get("Authorization"), "Signature "))
				r.Header.Del("Authorization")
			}},
		{name: "hs2019 accepted", method: "POST", target: "/checks", body: body, signer: good, at: now,
			tamper: setAuth(func(a string) string { return strings.Replace(a, "hmac-sha256", "hs2019", 1) })},
		{name: "29 s early", method: "POST", target: "/checks", body: body, signer: good, at: now.Add(-29 * time.Second)},
		{name: "30 s late", method: "POST", target: "/checks", body: body, signer: good, at: now.Add(30 * time.Second)},

		{name: "unsigned", method: "POST", target: "/checks", body: body, signer: good, at: now,
			tamper: func(r *http.Request) { r.Header.Del("Authorization") }, want: httpsig.ErrUnsigned},
		{name: "bearer scheme", method: "POST", target: "/checks", body: body, signer: good, at: now,
			tamper: setAuth(func(string) string { return "Bearer abc" }), want: httpsig.ErrUnsigned},
		{name: "wrong key", method: "POST", target: "/checks", body: body, signer: other, at: now, want: httpsig.ErrUnknownKey},
		{name: "right key id, wrong key", method: "POST", target: "/checks", body: body, signer: other, at: now,
			tamper: setAuth(func(a string) string { return strings.Replace(a, other.ID(), good.ID(), 1) }), want: httpsig.ErrSignature},
		{name: "tampered body", method: "POST", target: "/checks", body: body, signer: good, at: now,
			tamper: func(r *http.Request) { r.Body = io.NopCloser(strings.NewReader(`{"id":"2"}`)) }, want: httpsig.ErrDigestMismatch},
		{name: "tampered digest", method: "POST", target: "/checks", body: body, signer: good, at: now,
			tamper: func(r *http.Request) { r.Header.Set("Digest", httpsig.Digest([]byte(`{"id":"2"}`))) }, want: httpsig.ErrSignature},
		{name: "digest removed", method: "POST", target: "/checks", body: body, signer: good, at: now,
			tamper: func(r *http.Request) { r.Header.Del("Digest") }, want: httpsig.ErrHeaderMissing},
		{name: "digest not signed", method: "POST", target: "/checks", body: body, signer: good, at: now,
			tamper: setAuth(func(a string) string { return strings.Replace(a, " digest", "", 1) }), want: httpsig.ErrNotCovered},
		{name: "date not signed", method: "GET", target: "/x", signer: good, at: now,
			tamper: setAuth(func(a string) string { return strings.Replace(a, " date", "", 1) }), want: httpsig.ErrNotCovered},
		{name: "request-target not signed", method: "GET", target: "/x", signer: good, at: now,
			tamper: setAuth(func(a string) string { return strings.Replace(a, "(request-target) ", "", 1) }), want: httpsig.ErrNotCovered},
		{name: "headers absent means date only", method: "GET", target: "/x", signer: good, at: now,
			tamper: setAuth(func(a string) string {
				return strings.Replace(a, `,headers="(request-target) host date"`, "", 1)
			}), want: httpsig.ErrNotCovered},
		{name: "other path", method: "POST", target: "/checks", body: body, signer: good, at: now,
			tamper: func(r *http.Request) { r.RequestURI = "/search" }, want: httpsig.ErrSignature},
		{name: "other method", method: "POST", target: "/checks", body: body, signer: good, at: now,
			tamper: func(r *http.Request) { r.Method = "PUT" }, want: httpsig.ErrSignature},
		{name: "other host", method: "GET", target: "/x", signer: good, at: now,
			tamper: func(r *http.Request) { r.Host = "evil.test" }, want: httpsig.ErrSignature},
		{name: "stale date", method: "POST", target: "/checks", body: body, signer: good, at: now.Add(-31 * time.Second), want: httpsig.ErrDateStale},
		{name: "future date", method: "POST", target: "/checks", body: body, signer: good, at: now.Add(31 * time.Second), want: httpsig.ErrDateStale},
		{name: "date changed", method: "POST", target: "/checks", body: body, signer: good, at: now,
			tamper: func(r *http.Request) { r.Header.Set("Date", now.Add(time.Second).UTC().Format(http.TimeFormat)) }, want: httpsig.ErrSignature},
		{name: "rsa algorithm", method: "POST", target: "/checks", body: body, signer: good, at: now,
			tamper: setAuth(func(a string) string { return strings.Replace(a, "hmac-sha256", "rsa-sha256", 1) }), want: httpsig.ErrAlgorithm},
		{name: "garbage", method: "POST", target: "/checks", body: body, signer: good, at: now,
			tamper: setAuth(func(string) string { return `Signature keyId=` }), want: httpsig.ErrMalformed},
		{name: "signature not base64", method: "GET", target: "/x", signer: good, at: now,
			tamper: setAuth(func(a string) string { return a[:strings.Index(a, "signature=")] + `signature="%%%"` }), want: httpsig.ErrMalformed},
		{name: "short signature", method: "GET", target: "/x", signer: good, at: now,
			tamper: setAuth(func(a string) string { return a[:strings.Index(a, "signature=")] + `signature="AAAA"` }), want: httpsig.ErrSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := signed(t, tc.signer, tc.method, tc.target, tc.body, tc.at, tc.tamper)
			b, _ := io.ReadAll(r.Body)
			k, err := v.Verify(r, b)
			if !errors.Is(err, tc.want) || (tc.want != nil) != (err != nil) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if err == nil && k.ID() != good.ID() {
				t.Errorf("key: got %s, want %s", k.ID(), good.ID())
			}
		})
	}
}

func TestParseParams(t *testing.T) {
	t.Parallel()
	sig := `c2lnbmF0dXJl` // "signature"
	for _, tc := range []struct {
		in      string
		want    httpsig.Params
		wantErr bool
	}{
		{in: `keyId="k",algorithm="hmac-sha256",headers="(request-target) Date",signature="` + sig + `"`,
			want: httpsig.Params{KeyID: "k", Algorithm: "hmac-sha256", Headers: []string{"(request-target)", "date"}}},
		{in: ` keyId = "k" , signature="` + sig + `" `, want: httpsig.Params{KeyID: "k"}},
		{in: `keyId="k",signature="` + sig, want: httpsig.Params{KeyID: "k"}},
		{in: `signature="` + sig + `",keyId="k`, want: httpsig.Params{KeyID: "k"}},
		{in: `keyId="k",created=1700000000,expires=1700000300,signature="` + sig + `"`,
			want: httpsig.Params{KeyID: "k", Created: 1700000000, Expires: 1700000300}},
		{in: `keyId="k",unknown="x",signature="` + sig + `"`, want: httpsig.Params{KeyID: "k"}},
		{in: `keyId="k",signature="c2lnbmF0dXJl"`, want: httpsig.Params{KeyID: "k"}},
		{in: ``, wantErr: true},
		{in: `keyId="k"`, wantErr: true},
		{in: `signature="` + sig + `"`, wantErr: true},
		{in: `keyId="k",keyid="j",signature="` + sig + `"`, wantErr: true},
		{in: `keyId="k",headers="",signature="` + sig + `"`, wantErr: true},
		{in: `keyId="k",headers="date date",signature="` + sig + `"`, wantErr: true},
		{in: `keyId="k" signature="` + sig + `"`, wantErr: true},
		{in: `keyId="k,signature="` + sig + `"`, wantErr: true},
		{in: `keyId="k\"",signature="` + sig + `"`, wantErr: true},
		{in: `keyId="k",created=-1,signature="` + sig + `"`, wantErr: true},
		{in: `keyId="k",signature="!!"`, wantErr: true},
		{in: "keyId=\"k\x00\",signature=\"" + sig + `"`, wantErr: true},
		{in: `=x,keyId="k",signature="` + sig + `"`, wantErr: true},
		{in: `keyId="k",signature="` + sig + `",` + strings.Repeat("a", 9000), wantErr: true},
	} {
		t.Run(tc.in[:min(len(tc.in), 40)], func(t *testing.T) {
			t.Parallel()
			got, err := httpsig.ParseParams(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("got error %v, want error %v", err, tc.wantErr)
			}
			if err != nil {
				if !errors.Is(err, httpsig.ErrMalformed) {
					t.Errorf("got %v, want ErrMalformed", err)
				}
				return
			}
			if got.KeyID != tc.want.KeyID || got.Algorithm != tc.want.Algorithm || strings.Join(got.Headers, "|") != strings.Join(tc.want.Headers, "|") ||
				string(got.Signature) != "signature" || got.Created != tc.want.Created || got.Expires != tc.want.Expires {
				t.Errorf("got %+v, want %+v with signature \"signature\"", got, tc.want)
			}
		})
	}
}

func TestExpires(t *testing.T) {
	t.Parallel()
	k := key(t, 0)
	r := signed(t, k, "GET", "/x", nil, now, nil)
	p, err := httpsig.ParseParams(strings.TrimPrefix(r.Header.Get("Authorization"), "Signature "))
	if err != nil {
		t.Fatal(err)
	}
	p.Expires = now.Unix() - 1
	r.Header.Set("Authorization", "Signature "+p.String()) // the signature does not cover (expires)
	if _, err := (httpsig.Verifier{Keys: httpsig.Keys(k), Now: clock}).Verify(r, nil); !errors.Is(err, httpsig.ErrExpired) {
		t.Errorf("got %v, want ErrExpired", err)
	}
}

func TestParseKey(t *testing.T) {
	t.Parallel()
	k := key(t, 0)
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", true},
		{"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n", true},
		{"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", true},
		{"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxw=", false}, // 28 bytes
		{"not a key", false},
		{"", false},
	} {
		got, err := httpsig.ParseKey(tc.in)
		if (err == nil) != tc.ok || tc.ok && got.ID() != k.ID() {
			t.Errorf("ParseKey(%q): got %v, %v; want ok %v", tc.in, got, err, tc.ok)
		}
		if err != nil && strings.Contains(err.Error(), strings.TrimSpace(tc.in)) && tc.in != "" {
			t.Errorf("ParseKey(%q): the error %q repeats the key", tc.in, err)
		}
	}
	if s := k.String() + " " + k.GoString(); strings.Contains(s, "AAECAwQFBgcI") {
		t.Errorf("String shows more than the key id: %s", s)
	}
	if _, err := httpsig.NewKey(make([]byte, 31)); err == nil {
		t.Error("NewKey accepted 31 bytes")
	}
}

// TestFingerprint: the fingerprint is the same for every spelling of a key,
// differs between keys, and shows none of the key's text.
func TestFingerprint(t *testing.T) {
	t.Parallel()
	a, b := key(t, 0), key(t, 1)
	hexA, err := httpsig.ParseKey("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
	if err != nil {
		t.Fatal(err)
	}
	switch fa := a.Fingerprint(); {
	case len(fa) != 16:
		t.Errorf("got fingerprint %q, want 16 hex digits", fa)
	case fa != hexA.Fingerprint():
		t.Errorf("got %q for the hex spelling, want %q", hexA.Fingerprint(), fa)
	case fa == b.Fingerprint():
		t.Errorf("two keys share the fingerprint %q", fa)
	case strings.Contains(fa, "000102") || strings.Contains(fa, a.ID()):
		t.Errorf("the fingerprint %q shows the key", fa)
	}
	if fp := (httpsig.Key{}).Fingerprint(); fp != "" {
		t.Errorf("zero key: got %q, want \"\"", fp)
	}
}
