package collect

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzCleanName: a browser's file name is kept as one line of valid UTF-8
// of at most 255 bytes, trimmed, and unchanged when it already is one.
func FuzzCleanName(f *testing.F) {
	for _, s := range []string{"", "front.jpg", " back.png ", "a\r\nb.pdf", strings.Repeat("ü", 300), "\xc3\x28.jpg", "\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := cleanName(name)
		if len(got) > maxFileName || !utf8.ValidString(got) || strings.ContainsFunc(got, unicode.IsControl) || got != strings.TrimSpace(got) {
			t.Fatalf("cleanName(%q) = %q", name, got)
		}
		if utf8.ValidString(name) && len(name) <= maxFileName && !strings.ContainsFunc(name, unicode.IsControl) && name == strings.TrimSpace(name) && got != name {
			t.Fatalf("cleanName(%q) = %q, want it kept", name, got)
		}
	})
}
