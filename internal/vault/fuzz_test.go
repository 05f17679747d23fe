package vault

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// fuzzKey is fixed so the seeds made in one run stay meaningful in the
// corpus of the next.
var fuzzKey, _ = NewKey("", bytes.Repeat([]byte{7}, KeySize))

// FuzzDecryptingReader feeds arbitrary bytes to the stream decoder. It must
// never panic, and must accept nothing but a stream the writer made: any
// input it reads to the end without error has to decrypt to one of the
// seeds' plaintexts and be exactly as long as the writer makes it (forging
// a segment means forging AES-GCM; trailing or missing bytes must not pass).
// The seeds are real streams of several sizes, including multi-segment
// ones, so the fuzzer mutates headers, boundaries and tags. (The seeds
// cannot be compared byte for byte: each fuzzing process makes its own,
// with its own random salt.)
func FuzzDecryptingReader(f *testing.F) {
	plaintexts := map[string]bool{}
	for _, size := range []int{0, 1, 100, SegmentSize, SegmentSize + 1, 2*SegmentSize + 3} {
		pt := bytes.Repeat([]byte{byte(size)}, size)
		plaintexts[string(pt)] = true
		f.Add(encrypt(f, fuzzKey, pt, []byte("aad"), 4096))
	}
	f.Add([]byte{kindStream, 16})
	f.Add([]byte{kindStream, 255, 0, 0})
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := NewDecryptingReader(bytes.NewReader(in), fuzzKey, []byte("aad"))
		if err != nil {
			checkRefusal(t, err)
			return
		}
		got, err := io.ReadAll(r)
		if err != nil {
			checkRefusal(t, err)
			return
		}
		if !plaintexts[string(got)] || int64(len(in)) != CiphertextSize(fuzzKey, int64(len(got))) {
			t.Fatalf("accepted %d bytes decrypting to %d bytes that the writer did not make", len(in), len(got))
		}
	})
}

// checkRefusal requires one of the decoder's documented errors.
func checkRefusal(t *testing.T, err error) {
	var mismatch *KeyMismatchError
	if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrDecrypt) && !errors.Is(err, ErrTruncated) && !errors.As(err, &mismatch) {
		t.Fatalf("got undocumented error %v", err)
	}
}

// FuzzOpen does the same for sealed fields and wrapped keys: never panic,
// never accept what Seal or Wrap did not make (anything accepted opens to
// the seed's plaintext and has the seed's length).
func FuzzOpen(f *testing.F) {
	sealed := Seal(fuzzKey, []byte("Eriksson"), []byte("aad"))
	wrapped := Wrap(fuzzKey, fuzzKey, "profile:p1")
	f.Add(sealed)
	f.Add([]byte(wrapped))
	f.Add([]byte{kindSealed, 1, 'x'})
	f.Fuzz(func(t *testing.T, in []byte) {
		if got, err := Open(fuzzKey, in, []byte("aad")); err == nil {
			if len(in) != len(sealed) || string(got) != "Eriksson" {
				t.Fatalf("opened %x that Seal did not make", in)
			}
		} else {
			checkRefusal(t, err)
		}
		if k, err := Unwrap(fuzzKey, in, "profile:p1"); err == nil {
			if len(in) != len(wrapped) || k.ID() != fuzzKey.ID() {
				t.Fatalf("unwrapped %x that Wrap did not make", in)
			}
		} else {
			checkRefusal(t, err)
		}
		_ = Wrapped(in).KeyID()
		_, _ = SealedKeyID(in)
	})
}
