package httpsig_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/integration/httpsig"
)

// FuzzParseParams checks that any header either parses or fails with
// ErrMalformed, never panics, and that what parses formats back to a
// header that parses to the same parameters.
func FuzzParseParams(f *testing.F) {
	for _, s := range []string{
		`keyId="AAECAwQF",algorithm="hmac-sha256",headers="(request-target) host date digest",signature="AJ+bpEPwAZTas+4W9Ii1PxidkYrdMph2r8Pwt9furdA="`,
		`keyId="AAECAwQF",algorithm="hmac-sha256",headers="(request-target) date",signature="AJ+bpEPwAZTas+4W9Ii1PxidkYrdMph2r8Pwt9furdA=`,
		`keyId="k",created=1700000000,expires=1700000300,signature="c2ln"`,
		`keyId = "k" , signature = "c2ln" ,`,
		`keyId="k",,signature="c2ln"`,
		`keyId="k\"",signature=""`,
		`"`, `=`, `,`, `a=b`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := httpsig.ParseParams(s)
		if err != nil {
			if !errors.Is(err, httpsig.ErrMalformed) {
				t.Fatalf("ParseParams(%q): error %v is not ErrMalformed", s, err)
			}
			return
		}
		if p.KeyID == "" || len(p.Signature) == 0 {
			t.Fatalf("ParseParams(%q) = %+v without a key id or signature", s, p)
		}
		if strings.Contains(p.KeyID+p.Algorithm+strings.Join(p.Headers, ""), `"`) {
			return // only an unquoted value can hold a quote, and it cannot be written back quoted
		}
		again, err := httpsig.ParseParams(p.String())
		if err != nil {
			t.Fatalf("ParseParams(%q) = %+v, which formats as %q and does not parse again: %v", s, p, p.String(), err)
		}
		if again.KeyID != p.KeyID || again.Algorithm != p.Algorithm || strings.Join(again.Headers, " ") != strings.Join(p.Headers, " ") ||
			string(again.Signature) != string(p.Signature) || again.Created != p.Created || again.Expires != p.Expires {
			t.Fatalf("round trip of %q: got %+v, want %+v", s, again, p)
		}
	})
}
