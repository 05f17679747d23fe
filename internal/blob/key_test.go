package blob

import (
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

func TestParseKey(t *testing.T) {
	t.Parallel()
	good := "sha256/2d/711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
	tests := []struct {
		in string
		ok bool
	}{
		{good, true},
		{strings.ToUpper(good), false},
		{strings.Replace(good, "/", "", 2), false},
		{good[:len(good)-1], false},
		{good + "0", false},
		{"tmp/0123456789abcdef0123456789abcdef", false}, // rows never refer to uploads
		{"sha256/2d/../../../../etc/passwd", false},
		{"", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			k, err := ParseKey(tc.in)
			if tc.ok && (err != nil || string(k) != tc.in) {
				t.Fatalf("got %q, %v, want the key back", k, err)
			}
			if !tc.ok && (!kyc.IsCode(err, kyc.EInvalid) || k != "") {
				t.Fatalf("got %q, %v, want an EInvalid error", k, err)
			}
		})
	}
}

// FuzzParseKey: ParseKey never panics, and what it accepts is a content
// key whose digest round-trips.
func FuzzParseKey(f *testing.F) {
	f.Add("sha256/2d/711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881")
	f.Add("tmp/0123456789abcdef0123456789abcdef")
	f.Add("sha256//")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseKey(s)
		if err != nil {
			return
		}
		if k.Temp() || len(k.digest()) != 64 || !isHex(k.digest()) || string(k) != s {
			t.Fatalf("accepted %q", s)
		}
	})
}
