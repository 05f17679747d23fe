package webhook_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/webhook"
)

const sigS3cret = "97926816e98fbb41ccb1673225ff29a2f35369099990e1b1561651e7bd097ebf"

func TestSignFormat(t *testing.T) {
	t.Parallel()
	// HMAC-SHA256("s3cret", "1700000000.{}"), computed independently:
	// printf '1700000000.{}' | openssl dgst -sha256 -hmac s3cret
	got := webhook.Sign("s3cret", time.Unix(1700000000, 0), []byte("{}"))
	want := "t=1700000000,v1=" + sigS3cret
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if !regexp.MustCompile(`^t=\d+,v1=[0-9a-f]{64}$`).MatchString(got) {
		t.Errorf("got %s, want t=<digits>,v1=<64 hex>", got)
	}
}

func TestVerify(t *testing.T) {
	t.Parallel()
	const secret = "s3cret"
	now := time.Unix(1700000000, 0)
	body := []byte(`{"id":"m1"}`)
	good := webhook.Sign(secret, now, body)
	v1 := func(h string) string { return h[strings.Index(h, "v1="):] }
	other := webhook.Sign("old-secret", now, body)

	for _, tc := range []struct {
		name   string
		secret string
		header string
		body   string
		now    time.Time
		tol    time.Duration
		want   error
	}{
		{"good", secret, good, string(body), now, 0, nil},
		{"good with spaces", secret, strings.ReplaceAll(good, ",", " , "), string(body), now, 0, nil},
		{"good, unknown key ignored", secret, good + ",v2=whatever", string(body), now, 0, nil},
		{"uppercase hex", secret, "t=1700000000,v1=" + strings.ToUpper(v1(good)[3:]), string(body), now, 0, nil},
		{"two v1, second matches", secret, good[:strings.Index(good, ",")] + "," + v1(other) + "," + v1(good), string(body), now, 0, nil},
		{"two v1, first matches", secret, good + "," + v1(other), string(body), now, 0, nil},
		{"two v1, none matches", secret, good + "," + v1(other), string(body) + " ", now, 0, webhook.ErrSignatureMismatch},
		{"tampered body", secret, good, `{"id":"m2"}`, now, 0, webhook.ErrSignatureMismatch},
		{"wrong secret", "other", good, string(body), now, 0, webhook.ErrSignatureMismatch},
		{"timestamp changed", secret, strings.Replace(good, "t=1700000000", "t=1700000001", 1), string(body), now, 0, webhook.ErrSignatureMismatch},
		{"at the tolerance", secret, good, string(body), now.Add(5 * time.Minute), 0, nil},
		{"stale", secret, good, string(body), now.Add(5*time.Minute + time.Second), 0, webhook.ErrStale},
		{"stale, custom tolerance", secret, good, string(body), now.Add(31 * time.Second), 30 * time.Second, webhook.ErrStale},
		{"future", secret, good, string(body), now.Add(-6 * time.Minute), 0, webhook.ErrFuture},
		{"no secret", "", good, string(body), now, 0, webhook.ErrNoSecret},
		{"no header", secret, "", string(body), now, 0, webhook.ErrNoSignature},
		{"blank header", secret, "  ", string(body), now, 0, webhook.ErrNoSignature},
		{"no t", secret, v1(good), string(body), now, 0, webhook.ErrMalformedHeader},
		{"no v1", secret, "t=1700000000", string(body), now, 0, webhook.ErrMalformedHeader},
		{"two t", secret, "t=1700000000," + good, string(body), now, 0, webhook.ErrMalformedHeader},
		{"signed t", secret, "t=+1700000000," + v1(good), string(body), now, 0, webhook.ErrMalformedHeader},
		{"negative t", secret, "t=-1," + v1(good), string(body), now, 0, webhook.ErrMalformedHeader},
		{"huge t", secret, "t=99999999999999999999," + v1(good), string(body), now, 0, webhook.ErrMalformedHeader},
		{"short v1", secret, good[:len(good)-2], string(body), now, 0, webhook.ErrMalformedHeader},
		{"non-hex v1", secret, good[:len(good)-1] + "g", string(body), now, 0, webhook.ErrMalformedHeader},
		{"item without =", secret, good + ",junk", string(body), now, 0, webhook.ErrMalformedHeader},
		{"empty item", secret, good + ",", string(body), now, 0, webhook.ErrMalformedHeader},
		{"other scheme only", secret, "t=1700000000,v0=abc", string(body), now, 0, webhook.ErrMalformedHeader},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := webhook.Verify(tc.secret, tc.header, []byte(tc.body), tc.now, tc.tol)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
			// The receiver snippet in docs/webhooks.md must agree (it
			// knows only the default tolerance).
			if tc.secret != "" && tc.tol == 0 {
				serr := verifySignature(tc.secret, tc.header, []byte(tc.body), tc.now)
				if (serr == nil) != (err == nil) {
					t.Errorf("docs snippet: got %v, Verify got %v", serr, err)
				}
			}
		})
	}
}

// FuzzVerify feeds arbitrary headers and bodies to Verify: it must not
// panic, must agree with the documented receiver snippet, and may accept
// only a header carrying the real signature.
func FuzzVerify(f *testing.F) {
	const secret = "fuzz-secret"
	now := time.Unix(1700000000, 0)
	body := []byte(`{"id":"m1"}`)
	good := webhook.Sign(secret, now, body)
	for _, h := range []string{good, good + "," + good[len("t=1700000000,"):], "", "t=", "v1=", ",", "t=1,v1=00", good + ",x", "t=1700000000 ,v1=" + strings.Repeat("0", 64)} {
		f.Add(h, body)
	}
	f.Add(good, []byte(`{"id":"m2"}`))
	f.Fuzz(func(t *testing.T, header string, body []byte) {
		err := webhook.Verify(secret, header, body, now, 0)
		serr := verifySignature(secret, header, body, now)
		if (err == nil) != (serr == nil) {
			t.Fatalf("Verify: %v; docs snippet: %v", err, serr)
		}
		if err != nil {
			return
		}
		var ts string
		for item := range strings.SplitSeq(header, ",") {
			if k, v, _ := strings.Cut(strings.TrimSpace(item), "="); k == "t" {
				ts = v
			}
		}
		h := hmac.New(sha256.New, []byte(secret))
		h.Write([]byte(ts + "."))
		h.Write(body)
		want := "v1=" + hex.EncodeToString(h.Sum(nil))
		if !strings.Contains(strings.ToLower(header), want) {
			t.Fatalf("accepted %q without the signature %s", header, want)
		}
	})
}
