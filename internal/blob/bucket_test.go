package blob

import (
	"context"
	"io"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	gcblob "gocloud.dev/blob"
)

// s3Backend serves a fresh in-memory S3 (gofakes3) over real HTTP on
// loopback for each store, reached through the s3:// URL an operator
// would configure.
func s3Backend(t *testing.T) backend {
	dir := t.TempDir()
	t.Setenv("AWS_ACCESS_KEY_ID", "gatehouse-test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "gatehouse-test-secret")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	var n atomic.Int64
	urls := map[Store]string{}
	return backend{
		name:  "s3",
		urlOf: func(s Store) string { return urls[s] },
		open: func(t *testing.T) Store {
			mem := s3mem.New()
			ts := httptest.NewServer(gofakes3.New(mem, gofakes3.WithLogger(gofakes3.DiscardLog())).Server())
			t.Cleanup(ts.Close)
			bucket := "docs"
			if err := mem.CreateBucket(bucket); err != nil {
				t.Fatal(err)
			}
			// A prefix, as an operator sharing a bucket would set, with a
			// different one each time to prove it is honoured.
			prefix := "gatehouse" + string(rune('a'+n.Add(1)%26)) + "/"
			u := "s3://" + bucket + "?endpoint=" + url.QueryEscape(ts.URL) +
				"&region=us-east-1&use_path_style=true&prefix=" + url.QueryEscape(prefix)
			s, err := Open(context.Background(), u)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			urls[s] = u
			return s
		},
		raw: func(t *testing.T, s Store, key Key, data []byte) {
			b, err := gcblob.OpenBucket(context.Background(), urls[s])
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			if err := b.WriteAll(context.Background(), string(key), data, nil); err != nil {
				t.Fatal(err)
			}
		},
	}
}

// TestS3 runs the suite against S3. Not parallel: the AWS SDK reads its
// credentials from the environment, which the test sets.
func TestS3(t *testing.T) {
	runSuite(t, s3Backend(t))
}

// TestS3Prefix checks where the objects land in the bucket: under the
// configured prefix, named by content key, with no temporary upload left.
func TestS3Prefix(t *testing.T) {
	b := s3Backend(t)
	s := b.open(t)
	ctx := context.Background()
	in, err := s.Put(ctx, strings.NewReader("ciphertext"))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(b.urlOf(s))
	q := u.Query()
	prefix := q.Get("prefix")
	q.Del("prefix")
	u.RawQuery = q.Encode()
	raw, err := gcblob.OpenBucket(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var got []string
	it := raw.List(nil)
	for {
		obj, err := it.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, obj.Key)
	}
	if want := []string{prefix + string(in.Key)}; !slices.Equal(got, want) {
		t.Errorf("got objects %v, want %v", got, want)
	}
}

func TestOpenUnknownScheme(t *testing.T) {
	t.Parallel()
	if _, err := Open(context.Background(), "ftp://example.invalid/docs"); err == nil {
		t.Error("got no error for a scheme no driver serves")
	}
}
