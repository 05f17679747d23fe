package content_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/blob"
	"github.com/gatehouse/gatehouse/internal/blob/blobtest"
	"github.com/gatehouse/gatehouse/internal/content"
	"github.com/gatehouse/gatehouse/internal/content/contenttest"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/vault"
)

var ctx = context.Background()

const (
	inst    = "0198a000-0000-7000-8000-000000000001"
	profile = "0198a000-0000-7000-8000-000000000002"
	other   = "0198a000-0000-7000-8000-000000000003"
)

func newStore(t *testing.T, bs blobtest.Store) (*content.Store, *vault.MemKeyStore) {
	t.Helper()
	b, err := blob.Open(ctx, bs.Location)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	m, err := vault.NewMasters(vault.GenerateKey())
	if err != nil {
		t.Fatal(err)
	}
	ks := &vault.MemKeyStore{}
	return &content.Store{Blobs: b, Keys: vault.NewKeyring(m, ks), KeyStore: ks, MaxBytes: 1 << 20}, ks
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// TestRoundTrip: each accepted kind is stored encrypted and reads back
// identical, on both blob stores; the bytes at rest are not the plaintext.
func TestRoundTrip(t *testing.T) {
	blobtest.Each(t, func(t *testing.T, bs blobtest.Store) {
		s, _ := newStore(t, bs)
		for _, tc := range []struct {
			name, mediaType string
			data            []byte
		}{
			{"jpeg", content.JPEG, contenttest.JPEG(200_000)},
			{"png", content.PNG, contenttest.PNG(70_000)},
			{"pdf", content.PDF, contenttest.PDF(150_000)},
			{"small pdf", content.PDF, contenttest.PDF(100)},
			{"segment-sized pdf", content.PDF, contenttest.PDF(vault.SegmentSize)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c, err := s.Put(ctx, inst, profile, bytes.NewReader(tc.data))
				if err != nil {
					t.Fatal(err)
				}
				want := kyc.Content{BlobKey: c.BlobKey, Size: int64(len(tc.data)), SHA256: sum(tc.data), MediaType: tc.mediaType}
				if c != want {
					t.Errorf("got %+v, want %+v", c, want)
				}
				rc, err := s.Open(ctx, inst, profile, c)
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(rc)
				rc.Close()
				if err != nil || !bytes.Equal(got, tc.data) {
					t.Fatalf("read back %d bytes, %v; want the %d bytes uploaded", len(got), err, len(tc.data))
				}
				at := blobtest.Objects(t, bs)[c.BlobKey]
				if len(at) == 0 {
					t.Fatalf("no object %s at rest", c.BlobKey)
				}
				if bytes.Contains(at, tc.data[len(tc.data)/2:len(tc.data)/2+64]) || sum(at) == c.SHA256 {
					t.Errorf("the object at rest contains the plaintext")
				}
			})
		}
	})
}

// TestRefused: content that is not an accepted kind, or too large, is
// refused with an error naming the field data, and leaves no blob.
func TestRefused(t *testing.T) {
	blobtest.Each(t, func(t *testing.T, bs blobtest.Store) {
		s, _ := newStore(t, bs)
		jpegHead := contenttest.JPEG(5000)[:3]
		for _, tc := range []struct {
			name string
			data []byte
			code kyc.Code
		}{
			{"empty", nil, kyc.EInvalid},
			{"text renamed .jpg", []byte("Dear Sir, please find my passport attached.\n"), kyc.EInvalid},
			{"html", []byte("<!doctype html><html><body>x</body></html>"), kyc.EInvalid},
			{"jpeg magic, then text", append(jpegHead, "not really a jpeg at all, just text"...), kyc.EInvalid},
			{"png magic, broken header", append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 40)...), kyc.EInvalid},
			{"pdf without a trailer", []byte("%PDF-1.7\n1 0 obj<<>>endobj\n"), kyc.EInvalid},
			{"pdf without a version", []byte("%PDF-x\n%%EOF\n"), kyc.EInvalid},
			{"heic", append([]byte("\x00\x00\x00\x18ftypheic"), make([]byte, 100)...), kyc.EInvalid},
			{"gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), kyc.EInvalid},
			{"too large", contenttest.PDF(1<<20 + 1), kyc.ETooLarge},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := s.Put(ctx, inst, profile, bytes.NewReader(tc.data))
				var ke *kyc.Error
				if !errors.As(err, &ke) || ke.Code != tc.code || ke.Info["field"] != "data" {
					t.Fatalf("got %v, want a %s error naming data", err, tc.code)
				}
			})
		}
		if objs := blobtest.Objects(t, bs); len(objs) != 0 {
			t.Errorf("refused uploads left %d objects", len(objs))
		}
	})
}

// failingReader fails after n bytes, as a body cut off mid-upload.
type failingReader struct {
	r   io.Reader
	n   int
	err error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, f.err
	}
	if len(p) > f.n {
		p = p[:f.n]
	}
	n, err := f.r.Read(p)
	f.n -= n
	return n, err
}

// TestSourceError: an error of the upload's reader is returned as it is,
// and nothing is stored.
func TestSourceError(t *testing.T) {
	blobtest.Each(t, func(t *testing.T, bs blobtest.Store) {
		s, _ := newStore(t, bs)
		cut := errors.New("connection reset")
		for _, at := range []int{100, 300_000} {
			_, err := s.Put(ctx, inst, profile, &failingReader{r: bytes.NewReader(contenttest.JPEG(500_000)), n: at, err: cut})
			if !errors.Is(err, cut) {
				t.Errorf("cut at %d: got %v, want the reader's error", at, err)
			}
		}
		if objs := blobtest.Objects(t, bs); len(objs) != 0 {
			t.Errorf("failed uploads left %d objects", len(objs))
		}
	})
}

// TestOpenRefusals: content opens only for its own profile, only while the
// profile's key exists, and only when it matches its record.
func TestOpenRefusals(t *testing.T) {
	s, ks := newStore(t, blobtest.Store{Name: "dir", Location: t.TempDir()})
	data := contenttest.PNG(5000)
	c, err := s.Put(ctx, inst, profile, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	read := func(pid string, c kyc.Content) error {
		rc, err := s.Open(ctx, inst, pid, c)
		if err != nil {
			return err
		}
		defer rc.Close()
		_, err = io.ReadAll(rc)
		return err
	}
	if _, err := s.Put(ctx, inst, other, strings.NewReader("%PDF-1.1\n%%EOF")); err != nil {
		t.Fatal(err) // gives the other profile a key
	}
	if err := read(other, c); err == nil {
		t.Error("another profile's key opened the content")
	}
	tampered := c
	tampered.SHA256 = sum([]byte("something else"))
	if err := read(profile, tampered); !errors.Is(err, content.ErrMismatch) {
		t.Errorf("record with another hash: got %v, want ErrMismatch", err)
	}
	if err := read(profile, c); err != nil {
		t.Fatalf("the right record: %v", err)
	}
	if err := ks.DeleteKey(ctx, vault.ProfileOwner(profile)); err != nil {
		t.Fatal(err)
	}
	if err := read(profile, c); !kyc.IsCode(err, kyc.ENotFound) {
		t.Errorf("after the profile's key was destroyed: got %v, want ENotFound", err)
	}
	if _, err := ks.LoadKey(ctx, vault.ProfileOwner(profile)); !kyc.IsCode(err, kyc.ENotFound) {
		t.Errorf("opening re-created the destroyed key: %v", err)
	}
}

// TestPutMemory: a 16 MiB upload allocates a small multiple of the
// 64 KiB segment size, whatever the content's size: the content is never
// held whole.
func TestPutMemory(t *testing.T) {
	s, _ := newStore(t, blobtest.Store{Name: "dir", Location: t.TempDir()})
	s.MaxBytes = 32 << 20
	// Warm up: keys and pools.
	if _, err := s.Put(ctx, inst, profile, contenttest.PDFReader(1<<20)); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"pdf", "jpeg"} {
		var r io.Reader = contenttest.PDFReader(16 << 20)
		if kind == "jpeg" {
			r = bytes.NewReader(contenttest.JPEG(16 << 20)) // the test holds it, the store must not
		}
		allocated := allocatedBy(func() {
			if _, err := s.Put(ctx, inst, profile, r); err != nil {
				t.Fatal(err)
			}
		})
		t.Logf("%s: a 16 MiB upload allocated %d bytes", kind, allocated)
		if limit := uint64(16 * vault.SegmentSize); allocated > limit {
			t.Errorf("%s: a 16 MiB upload allocated %d bytes, want at most %d", kind, allocated, limit)
		}
	}
}
