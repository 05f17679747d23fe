package blob

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"iter"
	"net/url"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Store is where blobs live. Both implementations, Dir and Bucket, pass the
// same test suite. Errors for a missing blob are kyc ENotFound errors.
type Store interface {
	// Put stores everything r yields and returns its key, size and time.
	// It reads r in small pieces and never holds the whole object in
	// memory, and returns only once the object is durable.
	Put(ctx context.Context, r io.Reader) (Info, error)
	// Open returns a reader of the blob. Reading it to the end checks the
	// bytes against the key and fails with ErrCorrupt on a mismatch.
	Open(ctx context.Context, key Key) (io.ReadCloser, error)
	// Exists reports whether the blob is stored.
	Exists(ctx context.Context, key Key) (bool, error)
	// Delete removes the blob; deleting a missing blob is not an error.
	Delete(ctx context.Context, key Key) error
	// List yields every stored object, including temporary uploads
	// (Key.Temp), in no particular order, for the sweeper.
	List(ctx context.Context) iter.Seq2[Info, error]
	// Close releases the store's resources.
	Close() error
}

// Info describes a stored object.
type Info struct {
	Key     Key
	Size    int64
	ModTime time.Time
}

// DefaultDir is where blobs go when nothing is configured, relative to the
// working directory, beside the default database.
const DefaultDir = "data/blobs"

// Open opens the store a location names: "" for DefaultDir; a path or a
// file:// URL for a directory (Dir); any other URL, such as
// s3://bucket?endpoint=…&region=…&use_path_style=true (add prefix=… to
// share a bucket), for a gocloud.dev bucket (Bucket). S3 credentials come
// from the usual AWS sources (environment, shared config, instance role).
func Open(ctx context.Context, location string) (Store, error) {
	switch {
	case location == "":
		return OpenDir(DefaultDir)
	case strings.HasPrefix(location, "file://"):
		u, err := url.Parse(location)
		if err != nil {
			return nil, fmt.Errorf("blob: location: %w", err)
		}
		if u.Host != "" && u.Host != "localhost" {
			return nil, fmt.Errorf("blob: file URL %q names a host; want file:///path", location)
		}
		return OpenDir(u.Path)
	case strings.Contains(location, "://"):
		return OpenBucket(ctx, location)
	}
	return OpenDir(location)
}

// Key is a blob's name in the store: "sha256/" followed by the hex digest
// split after two characters (which spreads a directory store over 256
// subdirectories), or, for an upload in progress, "tmp/" and a random name.
type Key string

const (
	contentPrefix = "sha256/"
	tempPrefix    = "tmp/"
)

// ParseKey checks that s is a content key, as a row stores it.
func ParseKey(s string) (Key, error) {
	k := Key(s)
	if !k.valid() || k.Temp() {
		return "", kyc.FieldError("blob_key", "must be sha256/ and 64 lower-case hex digits split after two")
	}
	return k, nil
}

func (k Key) valid() bool {
	s := string(k)
	switch {
	case strings.HasPrefix(s, contentPrefix):
		s = s[len(contentPrefix):]
		return len(s) == 65 && s[2] == '/' && isHex(s[:2]) && isHex(s[3:])
	case strings.HasPrefix(s, tempPrefix):
		s = s[len(tempPrefix):]
		return len(s) == 32 && isHex(s)
	}
	return false
}

// Temp reports whether k names an upload in progress (or abandoned).
func (k Key) Temp() bool { return strings.HasPrefix(string(k), tempPrefix) }

// digest returns the hex digest of a content key.
func (k Key) digest() string {
	return strings.Replace(strings.TrimPrefix(string(k), contentPrefix), "/", "", 1)
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func contentKey(sum []byte) Key {
	h := hex.EncodeToString(sum)
	return Key(contentPrefix + h[:2] + "/" + h[2:])
}

func tempKey() Key {
	var b [16]byte
	rand.Read(b[:])
	return Key(tempPrefix + hex.EncodeToString(b[:]))
}

// checkKey refuses malformed keys before they reach a path or a URL.
func checkKey(k Key) error {
	if !k.valid() {
		return kyc.FieldError("blob_key", fmt.Sprintf("%q is not a blob key", string(k)))
	}
	return nil
}

func notFound(k Key) error { return kyc.NotFound("blob", string(k)) }

// ErrCorrupt is returned at the end of reading a blob whose bytes do not
// hash to its key.
var ErrCorrupt = &kyc.Error{Code: kyc.EInternal, Message: "blob content does not match its key"}

// verifier hashes what is read through it and checks the digest at EOF.
type verifier struct {
	rc   io.ReadCloser
	h    hash.Hash
	want string
	err  error
}

func verify(rc io.ReadCloser, k Key) io.ReadCloser {
	if k.Temp() {
		return rc
	}
	return &verifier{rc: rc, h: sha256.New(), want: k.digest()}
}

func (v *verifier) Read(p []byte) (int, error) {
	if v.err != nil {
		return 0, v.err
	}
	n, err := v.rc.Read(p)
	v.h.Write(p[:n])
	if err == io.EOF && hex.EncodeToString(v.h.Sum(nil)) != v.want {
		v.err = ErrCorrupt
		return n, v.err
	}
	return n, err
}

func (v *verifier) Close() error { return v.rc.Close() }

// ctxReader stops a copy when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
