// Package content keeps the bytes of uploaded document images and files
// (kyc.ContentStore): it identifies each upload by its bytes, caps its
// size, hashes it, encrypts it under its profile's data key and stores the
// ciphertext in a blob store, all as the bytes stream in, so that memory
// stays at a few 64 KiB segments whatever the upload's size; and it reads
// them back, decrypted and checked against the hash it recorded.
//
// Nothing leaves the process unencrypted: the blob store (a directory or
// an S3 bucket) holds only vault streams, named by the SHA-256 of the
// ciphertext. The stream's associated data binds it to its institution and
// profile, so ciphertext moved to another profile's row does not decrypt;
// within a profile, the plaintext hash kept on the row tells two of its
// documents apart.
package content

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"

	"github.com/gatehouse/gatehouse/internal/blob"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// DefaultMaxBytes is the largest upload accepted when MaxBytes is 0: room
// for a high-resolution scan or a multi-page PDF.
const DefaultMaxBytes = 20 << 20

// Store implements kyc.ContentStore over a blob store and the keyring.
type Store struct {
	Blobs blob.Store
	// Keys hands out profile keys; KeyStore is the store it uses, read
	// directly when opening so that a read never creates a key (an erased
	// profile's documents stay unreadable).
	Keys     *vault.Keyring
	KeyStore vault.KeyStore
	// MaxBytes caps an upload's plaintext size (DefaultMaxBytes when 0).
	MaxBytes int64
}

var _ kyc.ContentStore = (*Store)(nil)

func (s *Store) max() int64 {
	if s.MaxBytes > 0 {
		return s.MaxBytes
	}
	return DefaultMaxBytes
}

// aad binds a stream to its institution and profile.
func aad(institutionID, profileID string) []byte {
	return vault.AAD("gatehouse content v1", institutionID, profileID)
}

type putResult struct {
	info blob.Info
	err  error
}

// Put implements kyc.ContentStore. The bytes go through the sniffer, the
// hash and the encrypter into a pipe that the blob store reads: Put
// returns once the blob store has made the ciphertext durable. Errors from
// r (a malformed body, a body over its limit) are returned as they are.
func (s *Store) Put(ctx context.Context, institutionID, profileID string, r io.Reader) (kyc.Content, error) {
	key, err := s.Keys.ProfileKey(ctx, institutionID, profileID)
	if err != nil {
		return kyc.Content{}, err
	}
	pr, pw := io.Pipe()
	done := make(chan putResult, 1)
	go func() {
		info, err := s.Blobs.Put(ctx, pr)
		pr.CloseWithError(err) // should Put stop early, the writer must not block
		done <- putResult{info, err}
	}()
	src := &sourceReader{r: r}
	c, werr := s.encrypt(pw, key, aad(institutionID, profileID), src)
	if werr != nil {
		pw.CloseWithError(werr)
	} else {
		pw.Close()
	}
	res := <-done
	switch {
	case src.err != nil:
		return kyc.Content{}, src.err
	case werr != nil:
		return kyc.Content{}, werr
	case res.err != nil:
		return kyc.Content{}, fmt.Errorf("content: store: %w", res.err)
	}
	c.BlobKey = string(res.info.Key)
	return c, nil
}

// encrypt sniffs, hashes and encrypts src into dst.
func (s *Store) encrypt(dst io.Writer, key *vault.Key, aad []byte, src *sourceReader) (kyc.Content, error) {
	enc, err := vault.NewEncryptingWriter(dst, key, aad)
	if err != nil {
		return kyc.Content{}, err
	}
	h := sha256.New()
	w := &sink{w: enc, h: h, max: s.max()}
	mediaType, err := sniff(src, w)
	if err != nil {
		return kyc.Content{}, err
	}
	if _, err := io.Copy(w, src); err != nil {
		return kyc.Content{}, err
	}
	if err := finish(mediaType, w); err != nil {
		return kyc.Content{}, err
	}
	if err := enc.Close(); err != nil {
		return kyc.Content{}, err
	}
	return kyc.Content{Size: w.n, SHA256: hex.EncodeToString(h.Sum(nil)), MediaType: mediaType}, nil
}

// sourceReader remembers the first error the upload's reader returned, so
// that a failure while streaming is reported as the caller's (a bad body)
// rather than as whatever it caused downstream.
type sourceReader struct {
	r   io.Reader
	err error
}

func (s *sourceReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF && s.err == nil {
		s.err = err
	}
	return n, err
}

// sink counts, caps and hashes the plaintext on its way to the encrypter,
// and keeps its last bytes for the checks made at the end (a PDF's
// trailer).
type sink struct {
	w    io.Writer
	h    hash.Hash
	n    int64
	max  int64
	tail []byte
}

const tailSize = 1024

func (s *sink) Write(p []byte) (int, error) {
	if s.n+int64(len(p)) > s.max {
		return 0, &kyc.Error{Code: kyc.ETooLarge, Message: fmt.Sprintf("data: larger than %d bytes", s.max),
			Info: map[string]any{"field": "data", "reason": "is too large", "limit_bytes": s.max}}
	}
	s.n += int64(len(p))
	s.h.Write(p)
	if len(p) >= tailSize {
		s.tail = append(s.tail[:0], p[len(p)-tailSize:]...)
	} else {
		s.tail = append(s.tail, p...)
		if len(s.tail) > tailSize {
			s.tail = append(s.tail[:0], s.tail[len(s.tail)-tailSize:]...)
		}
	}
	return s.w.Write(p)
}

// ErrMismatch is returned at the end of reading content whose plaintext
// does not match the size or hash its row recorded.
var ErrMismatch = errors.New("content: the stored bytes do not match their record")

// Open implements kyc.ContentStore. The profile's key is loaded, never
// created: content of a profile whose key was destroyed stays unreadable.
func (s *Store) Open(ctx context.Context, institutionID, profileID string, c kyc.Content) (io.ReadCloser, error) {
	w, err := s.KeyStore.LoadKey(ctx, vault.ProfileOwner(profileID))
	if kyc.IsCode(err, kyc.ENotFound) {
		return nil, &kyc.Error{Code: kyc.ENotFound, Message: "the content's key no longer exists (the profile was erased)"}
	}
	if err != nil {
		return nil, err
	}
	key, err := s.Keys.UnwrapProfileKey(ctx, institutionID, profileID, w)
	if err != nil {
		return nil, err
	}
	k, err := blob.ParseKey(c.BlobKey)
	if err != nil {
		return nil, err
	}
	rc, err := s.Blobs.Open(ctx, k)
	if err != nil {
		return nil, err
	}
	dr, err := vault.NewDecryptingReader(rc, key, aad(institutionID, profileID))
	if err != nil {
		rc.Close()
		return nil, fmt.Errorf("content: open %s: %w", c.BlobKey, err)
	}
	return &checkedReader{r: dr, c: rc, h: sha256.New(), want: c}, nil
}

// checkedReader hashes the plaintext and compares it with the record at
// the end.
type checkedReader struct {
	r    io.Reader
	c    io.Closer
	h    hash.Hash
	n    int64
	want kyc.Content
	err  error
}

func (r *checkedReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	n, err := r.r.Read(p)
	r.h.Write(p[:n])
	r.n += int64(n)
	if err == io.EOF && (r.n != r.want.Size || hex.EncodeToString(r.h.Sum(nil)) != r.want.SHA256) {
		r.err = ErrMismatch
		return n, r.err
	}
	return n, err
}

func (r *checkedReader) Close() error { return r.c.Close() }

// RefsFunc reports which blob keys a row refers to
// (kyc.DocumentReader.ReferencedBlobs).
type RefsFunc func(ctx context.Context, keys []string) (map[string]bool, error)

// Referenced adapts the store's ReferencedBlobs to the blob sweeper.
func Referenced(refs RefsFunc) blob.ReferencedFunc {
	return func(ctx context.Context, keys []blob.Key) (map[blob.Key]bool, error) {
		ss := make([]string, len(keys))
		for i, k := range keys {
			ss[i] = string(k)
		}
		m, err := refs(ctx, ss)
		if err != nil {
			return nil, err
		}
		out := make(map[blob.Key]bool, len(m))
		for k, v := range m {
			out[blob.Key(k)] = v
		}
		return out, nil
	}
}

// DeleteContent deletes a document's encrypted bytes (kyc.BlobEraser),
// after the erasure of its profile committed. Blobs are content-addressed
// ciphertext under one profile's key, so no other profile shares them.
func (s *Store) DeleteContent(ctx context.Context, blobKey string) error {
	k, err := blob.ParseKey(blobKey)
	if err != nil {
		return err
	}
	return s.Blobs.Delete(ctx, k)
}
