package vault

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkStream measures encryption and decryption throughput (MB/s via
// SetBytes) and allocations for 1 MB and 20 MB documents, in memory, so
// the figures are the cipher's and not a disk's.
func BenchmarkStream(b *testing.B) {
	k := GenerateKey()
	aad := AAD("document", "p1", "d1")
	for _, size := range []int{1 << 20, 20 << 20} {
		plaintext := random(size)
		var ct bytes.Buffer
		w, _ := NewEncryptingWriter(&ct, k, aad)
		w.Write(plaintext)
		w.Close()
		name := fmt.Sprintf("%dMB", size>>20)
		b.Run("encrypt/"+name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				w, err := NewEncryptingWriter(io.Discard, k, aad)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := io.Copy(w, bytes.NewReader(plaintext)); err != nil {
					b.Fatal(err)
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("decrypt/"+name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				r, err := NewDecryptingReader(bytes.NewReader(ct.Bytes()), k, aad)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := io.Copy(io.Discard, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStreamPeakHeap streams 20 MB from a generator through
// encryption and decryption and reports the largest growth of live heap
// objects seen while it ran (sampled every 50µs through runtime/metrics,
// which does not stop the world), in bytes and in segments.
func BenchmarkStreamPeakHeap(b *testing.B) {
	const size = 20 << 20
	k := GenerateKey()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	var peak uint64
	b.SetBytes(size)
	for b.Loop() {
		runtime.GC()
		base := read()
		var most atomic.Uint64
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			t := time.NewTicker(50 * time.Microsecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					if v := read(); v > base && v-base > most.Load() {
						most.Store(v - base)
					}
				}
			}
		}()
		pipeStream(b, k, size)
		close(stop)
		<-done
		peak = max(peak, most.Load())
	}
	b.ReportMetric(float64(peak), "peak-heap-B")
	b.ReportMetric(float64(peak)/SegmentSize, "peak-heap-segments")
}
