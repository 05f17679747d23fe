package blob

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"iter"

	gcblob "gocloud.dev/blob"
	_ "gocloud.dev/blob/s3blob" // registers s3:// with gocloud's URL opener
	"gocloud.dev/gcerrors"
)

// partSize is the size of the parts an upload is sent in. S3's multipart
// minimum is 5 MiB; with uploadConcurrency parts in flight, a Put holds
// at most about partSize*uploadConcurrency bytes whatever the object size.
const (
	partSize          = 5 << 20
	uploadConcurrency = 2
)

// Bucket stores blobs in a gocloud.dev bucket: S3 or anything that speaks
// its protocol (MinIO, Ceph, R2, Garage...). Content keys are object keys;
// uploads go to tmp/ first.
type Bucket struct {
	b *gcblob.Bucket
}

// OpenBucket opens the bucket a gocloud URL names, for example
// s3://documents?region=eu-west-1, or for an S3-compatible server
// s3://documents?endpoint=http://127.0.0.1:9000&region=us-east-1&use_path_style=true.
// A prefix=gatehouse/ parameter keeps the blobs under that prefix.
func OpenBucket(ctx context.Context, url string) (*Bucket, error) {
	b, err := gcblob.OpenBucket(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("blob: open bucket: %w", err)
	}
	return &Bucket{b: b}, nil
}

// NewBucket wraps a bucket the caller opened; Close closes it.
func NewBucket(b *gcblob.Bucket) *Bucket { return &Bucket{b: b} }

// Put implements Store. The object is uploaded to a temporary key while
// hashed, then copied server-side to its content key (S3 cannot rename),
// and the temporary object deleted. The copy also refreshes the time of an
// object already stored, which keeps the sweeper off it. S3 copies objects
// up to 5 GB in one request, far above any document Gatehouse accepts.
func (s *Bucket) Put(ctx context.Context, r io.Reader) (Info, error) {
	tmp := tempKey()
	wctx, cancel := context.WithCancel(ctx)
	w, err := s.b.NewWriter(wctx, string(tmp), &gcblob.WriterOptions{
		ContentType:    "application/octet-stream",
		BufferSize:     partSize,
		MaxConcurrency: uploadConcurrency,
	})
	if err != nil {
		cancel()
		return Info{}, fmt.Errorf("blob: put: %w", err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), ctxReader{ctx, r})
	if err != nil {
		cancel() // aborts the upload; Close then reports the cancellation
		w.Close()
		return Info{}, fmt.Errorf("blob: put: %w", err)
	}
	err = w.Close()
	cancel()
	if err != nil {
		return Info{}, fmt.Errorf("blob: put: %w", err)
	}
	defer s.b.Delete(context.WithoutCancel(ctx), string(tmp)) // best effort; the sweeper catches leftovers
	key := contentKey(h.Sum(nil))
	if err := s.b.Copy(ctx, string(key), string(tmp), nil); err != nil {
		return Info{}, fmt.Errorf("blob: put: copy into place: %w", err)
	}
	a, err := s.b.Attributes(ctx, string(key))
	if err != nil {
		return Info{}, fmt.Errorf("blob: put: %w", err)
	}
	if a.Size != n {
		return Info{}, fmt.Errorf("blob: put: stored %d bytes, wrote %d", a.Size, n)
	}
	return Info{Key: key, Size: n, ModTime: a.ModTime}, nil
}

// Open implements Store.
func (s *Bucket) Open(ctx context.Context, key Key) (io.ReadCloser, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	r, err := s.b.NewReader(ctx, string(key), nil)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil, notFound(key)
	}
	if err != nil {
		return nil, fmt.Errorf("blob: open: %w", err)
	}
	return verify(r, key), nil
}

// Exists implements Store.
func (s *Bucket) Exists(ctx context.Context, key Key) (bool, error) {
	if err := checkKey(key); err != nil {
		return false, err
	}
	ok, err := s.b.Exists(ctx, string(key))
	if err != nil {
		return false, fmt.Errorf("blob: exists: %w", err)
	}
	return ok, nil
}

// Delete implements Store.
func (s *Bucket) Delete(ctx context.Context, key Key) error {
	if err := checkKey(key); err != nil {
		return err
	}
	err := s.b.Delete(ctx, string(key))
	if err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		return fmt.Errorf("blob: delete: %w", err)
	}
	return nil
}

// List implements Store, paging through the bucket's listing.
func (s *Bucket) List(ctx context.Context) iter.Seq2[Info, error] {
	return func(yield func(Info, error) bool) {
		for _, prefix := range []string{contentPrefix, tempPrefix} {
			it := s.b.List(&gcblob.ListOptions{Prefix: prefix})
			for {
				obj, err := it.Next(ctx)
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					yield(Info{}, fmt.Errorf("blob: list: %w", err))
					return
				}
				key := Key(obj.Key)
				if obj.IsDir || !key.valid() {
					continue
				}
				if !yield(Info{Key: key, Size: obj.Size, ModTime: obj.ModTime}, nil) {
					return
				}
			}
		}
	}
}

// Close implements Store.
func (s *Bucket) Close() error { return s.b.Close() }
