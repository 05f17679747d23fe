package partner

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzFileName: whatever File-Name an integration sends, the name an image
// is kept under is one line of valid UTF-8 of at most 255 bytes, never
// empty, and the name sent when that already holds.
func FuzzFileName(f *testing.F) {
	for _, s := range []string{"", "unknown", "passport.png", "a\nb.jpg", strings.Repeat("é", 200), "\xff\xfe.png", "  ", "\x00"} {
		f.Add(s)
	}
	const id = "0190a0b0-0000-7000-8000-000000000001"
	f.Fuzz(func(t *testing.T, given string) {
		got := fileName(given, id, "image/png")
		if got == "" || len(got) > 255 || !utf8.ValidString(got) || strings.ContainsFunc(got, unicode.IsControl) {
			t.Fatalf("fileName(%q) = %q", given, got)
		}
		clean := utf8.ValidString(given) && given != "unknown" && len(given) <= 255 && strings.TrimSpace(given) != "" &&
			!strings.ContainsFunc(given, unicode.IsControl)
		if clean && got != given {
			t.Fatalf("fileName(%q) = %q, want it kept", given, got)
		}
		if strings.TrimSpace(given) == "" && got != id+".png" {
			t.Fatalf("fileName(%q) = %q, want the id's name", given, got)
		}
	})
}
