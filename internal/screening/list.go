package screening

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// List is one loaded version of a published list.
type List struct {
	// Name identifies the list in a registry and on every match
	// ("ofac-sdn-2024-05", "un"); it is set by whoever loads the list.
	Name string `json:"name"`
	// Format names the loader that read it ("ofac", "un", "dpl", ...).
	Format string `json:"format"`
	// Version is stable across loads of identical bytes: the publication
	// date when the file states one, then a hash of the input files.
	Version string `json:"version"`
	// Published is the date the file says it was generated, if it does.
	Published time.Time `json:"published,omitzero"`
	Entities  []Entity  `json:"entities"`
}

// Version builds a list version from the publication date (zero if the
// file does not say) and the raw bytes of every input file, in a fixed
// order. Identical bytes always give the identical version.
func Version(published time.Time, files ...[]byte) string {
	h := sha256.New()
	for _, f := range files {
		var n [8]byte
		for i, l := 0, uint64(len(f)); i < 8; i++ {
			n[i] = byte(l >> (8 * i))
		}
		h.Write(n[:])
		h.Write(f)
	}
	v := "sha256:" + hex.EncodeToString(h.Sum(nil))[:16]
	if !published.IsZero() {
		v = published.UTC().Format("2006-01-02") + "+" + v
	}
	return v
}

// DecodeText returns b as a string, reading it as UTF-8 when it is valid
// and as Windows-1252 otherwise (older OFAC and BIS files are not UTF-8).
// A leading byte-order mark and a trailing DOS end-of-file (0x1A) go.
func DecodeText(b []byte) string {
	b = trimText(b)
	if utf8.Valid(b) {
		return string(b)
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = cp1252(c)
	}
	return string(r)
}

// TextReader reads b as DecodeText does, without copying it when it is
// UTF-8 already: loaders read files of megabytes through it.
func TextReader(b []byte) io.Reader {
	if t := trimText(b); utf8.Valid(t) {
		return bytes.NewReader(t)
	}
	return strings.NewReader(DecodeText(b))
}

// trimText drops a leading byte-order mark and a trailing DOS end-of-file
// and line ends.
func trimText(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		b = b[3:]
	}
	for len(b) > 0 && (b[len(b)-1] == 0x1A || b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// cp1252 maps one Windows-1252 byte to its rune.
func cp1252(c byte) rune {
	if c < 0x80 || c >= 0xA0 {
		return rune(c)
	}
	const hi = "€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ"
	return []rune(hi)[c-0x80]
}

// ContentID derives a stable identifier from an entry's own fields, for
// lists that publish none (the BIS Denied Persons List): the same row
// gets the same id in every version of the file, so diffs stay meaningful.
func ContentID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// ZeroTime stands for "the file states no publication date" in Version.
var ZeroTime time.Time
