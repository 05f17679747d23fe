package vault

import (
	"crypto/sha256"
	"io"
	"runtime"
	"testing"
)

// pattern is an endless, allocation-free source of non-constant bytes, so a
// 20 MB stream can be produced without holding 20 MB anywhere.
type pattern struct{ n uint64 }

func (p *pattern) Read(b []byte) (int, error) {
	for i := range b {
		p.n++
		b[i] = byte(p.n*2654435761>>13) ^ byte(p.n)
	}
	return len(b), nil
}

// pipeStream encrypts size bytes of pattern in one goroutine and decrypts
// them in the calling one through an io.Pipe, returning the SHA-256 of the
// plaintext read back. Nothing holds more than a segment or two.
func pipeStream(tb testing.TB, k *Key, size int64) [32]byte {
	pr, pw := io.Pipe()
	go func() {
		w, err := NewEncryptingWriter(pw, k, nil)
		if err == nil {
			_, err = io.CopyBuffer(w, io.LimitReader(&pattern{}, size), make([]byte, 32<<10))
		}
		if err == nil {
			err = w.Close()
		}
		pw.CloseWithError(err)
	}()
	r, err := NewDecryptingReader(pr, k, nil)
	if err != nil {
		tb.Fatal(err)
	}
	h := sha256.New()
	n, err := io.CopyBuffer(h, r, make([]byte, 32<<10))
	if err != nil || n != size {
		tb.Fatalf("got %d bytes, %v, want %d", n, err, size)
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// TestStreamMemoryBounded streams 20 MB through an encrypting writer and a
// decrypting reader and checks that everything allocated on the way (an
// upper bound on how much the heap grew) stays under 8 segments: the
// stream's memory does not grow with the document. Not parallel: the
// allocation counter is process-wide.
func TestStreamMemoryBounded(t *testing.T) {
	const size = 20 << 20
	k := GenerateKey()
	h := sha256.New()
	io.CopyBuffer(h, io.LimitReader(&pattern{}, size), make([]byte, 32<<10))
	var want [32]byte
	h.Sum(want[:0])

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got := pipeStream(t, k, size)
	runtime.ReadMemStats(&after)

	if got != want {
		t.Fatal("got different plaintext back")
	}
	allocated := after.TotalAlloc - before.TotalAlloc
	if limit := uint64(8 * SegmentSize); allocated > limit {
		t.Errorf("got %d bytes allocated streaming %d bytes, want at most %d (8 segments)", allocated, size, limit)
	}
	t.Logf("allocated %d bytes (%.1f segments) for a %d MB stream", allocated, float64(allocated)/SegmentSize, size>>20)
}
