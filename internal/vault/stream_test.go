package vault

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// encrypt streams plaintext through an EncryptingWriter in writes of chunk
// bytes.
func encrypt(t testing.TB, key *Key, plaintext, aad []byte, chunk int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewEncryptingWriter(&buf, key, aad)
	if err != nil {
		t.Fatal(err)
	}
	for p := plaintext; len(p) > 0; {
		n := min(chunk, len(p))
		if _, err := w.Write(p[:n]); err != nil {
			t.Fatal(err)
		}
		p = p[n:]
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decrypt(key *Key, ciphertext, aad []byte) ([]byte, error) {
	r, err := NewDecryptingReader(bytes.NewReader(ciphertext), key, aad)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func random(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func TestStreamRoundTrip(t *testing.T) {
	t.Parallel()
	k := GenerateKey()
	aad := AAD("document", "p1", "d1")
	const S = SegmentSize
	for _, size := range []int{0, 1, S - 1, S, S + 1, 3 * S, 3*S + 7} {
		for _, chunk := range []int{1 << 20, S, 1000, 7} {
			if chunk == 7 && size > S+1 {
				continue // byte-sized writes of megabytes add time, not coverage
			}
			plaintext := random(size)
			ct := encrypt(t, k, plaintext, aad, chunk)
			if got, want := int64(len(ct)), CiphertextSize(k, int64(size)); got != want {
				t.Errorf("size %d: got %d bytes of ciphertext, CiphertextSize says %d", size, got, want)
			}
			got, err := decrypt(k, ct, aad)
			if err != nil || !bytes.Equal(got, plaintext) {
				t.Fatalf("size %d chunk %d: got %d bytes, %v, want the %d bytes written", size, chunk, len(got), err, size)
			}
			// Readers that return one byte at a time see the same stream.
			r, err := NewDecryptingReader(iotest.OneByteReader(bytes.NewReader(ct)), k, aad)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := io.ReadAll(iotest.HalfReader(r)); err != nil || !bytes.Equal(got, plaintext) {
				t.Fatalf("size %d, one byte at a time: got %d bytes, %v", size, len(got), err)
			}
		}
	}
}

// TestStreamTamper cuts, reorders, swaps and flips a three-segment stream:
// every variant must fail to decrypt, never return the plaintext whole.
func TestStreamTamper(t *testing.T) {
	t.Parallel()
	k := GenerateKey()
	aad := AAD("document", "p1", "d1")
	plaintext := random(2*SegmentSize + 100)
	ct := encrypt(t, k, plaintext, aad, SegmentSize)
	hdr := 2 + len(k.ID()) + 4 + saltSize + prefixSize
	seg := SegmentSize + tagSize
	s0, s1, s2 := ct[hdr:hdr+seg], ct[hdr+seg:hdr+2*seg], ct[hdr+2*seg:]
	join := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	flip := func(i int) []byte {
		b := bytes.Clone(ct)
		b[i] ^= 0x80
		return b
	}
	other := encrypt(t, k, plaintext, aad, SegmentSize) // same key, same plaintext, another stream
	oh := other[:hdr]

	var mismatch *KeyMismatchError
	tests := []struct {
		name string
		ct   []byte
		key  *Key
		aad  []byte
		want func(error) bool
	}{
		{"last segment dropped", join(ct[:hdr], s0, s1), k, aad, isErr(ErrDecrypt)},
		{"last two dropped", join(ct[:hdr], s0), k, aad, isErr(ErrDecrypt)},
		{"all segments dropped", ct[:hdr], k, aad, isErr(ErrTruncated)},
		{"cut inside the last segment", ct[:len(ct)-1], k, aad, isErr(ErrDecrypt)},
		{"cut inside a middle segment", ct[:hdr+seg+100], k, aad, isErr(ErrDecrypt)},
		{"cut inside the header", ct[:hdr-1], k, aad, isErr(ErrTruncated)},
		{"segments swapped", join(ct[:hdr], s1, s0, s2), k, aad, isErr(ErrDecrypt)},
		{"segment repeated", join(ct[:hdr], s0, s0, s1, s2), k, aad, isErr(ErrDecrypt)},
		{"bytes appended", join(ct, []byte{0}), k, aad, isErr(ErrDecrypt)},
		{"segment appended", join(ct, s2), k, aad, isErr(ErrDecrypt)},
		{"segments from another stream", join(oh, s0, s1, s2), k, aad, isErr(ErrDecrypt)},
		{"header from another stream", join(ct[:hdr], other[hdr:]), k, aad, isErr(ErrDecrypt)},
		{"kind byte", flip(0), k, aad, isErr(ErrFormat)},
		{"key id", flip(2), k, aad, func(err error) bool { return errors.As(err, &mismatch) }},
		{"segment size", flip(2 + len(k.ID()) + 3), k, aad, func(err error) bool {
			return errors.Is(err, ErrFormat) || errors.Is(err, ErrDecrypt)
		}},
		{"salt", flip(hdr - prefixSize - 1), k, aad, isErr(ErrDecrypt)},
		{"nonce prefix", flip(hdr - 1), k, aad, isErr(ErrDecrypt)},
		{"first segment byte", flip(hdr), k, aad, isErr(ErrDecrypt)},
		{"middle segment tag", flip(hdr + 2*seg - 1), k, aad, isErr(ErrDecrypt)},
		{"last byte", flip(len(ct) - 1), k, aad, isErr(ErrDecrypt)},
		{"other associated data", ct, k, AAD("document", "p2", "d1"), isErr(ErrDecrypt)},
		{"other key", ct, GenerateKey(), aad, func(err error) bool { return errors.As(err, &mismatch) }},
		{"empty input", nil, k, aad, isErr(ErrTruncated)},
		{"a sealed field", Seal(k, plaintext[:10], aad), k, aad, isErr(ErrFormat)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := decrypt(tc.key, tc.ct, tc.aad)
			if !tc.want(err) {
				t.Fatalf("got %v, want a refusal", err)
			}
			if bytes.Equal(got, plaintext) {
				t.Fatal("got the whole plaintext from a tampered stream")
			}
		})
	}
}

func TestStreamUnclosedIsTruncated(t *testing.T) {
	t.Parallel()
	k := GenerateKey()
	var buf bytes.Buffer
	w, _ := NewEncryptingWriter(&buf, k, nil)
	w.Write(random(3 * SegmentSize))
	// no Close: the held-back last segment is never written
	if _, err := decrypt(k, buf.Bytes(), nil); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("got %v, want ErrDecrypt", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("x")); err == nil {
		t.Error("got no error writing after Close")
	}
}

// TestStreamReadError passes the source's own errors through.
func TestStreamReadError(t *testing.T) {
	t.Parallel()
	k := GenerateKey()
	ct := encrypt(t, k, random(2*SegmentSize), nil, SegmentSize)
	boom := errors.New("disk on fire")
	src := io.MultiReader(bytes.NewReader(ct[:len(ct)/2]), iotest.ErrReader(boom))
	r, err := NewDecryptingReader(src, k, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(r); !errors.Is(err, boom) {
		t.Fatalf("got %v, want the source's error", err)
	}
}
