// Package blobtest gives tests the blob stores an operator would
// configure: a directory, and an S3-compatible bucket served by an S3
// server running in the test process (gofakes3, in memory) over real HTTP
// on loopback, reached through an s3:// URL.
package blobtest

import (
	"context"
	"io"
	"io/fs"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	gcblob "gocloud.dev/blob"
	_ "gocloud.dev/blob/s3blob" // the s3:// scheme
)

// Store names a blob store for a test: a location for blob.Open, and the
// environment a child process needs to reach it.
type Store struct {
	Name     string
	Location string
	Env      []string
}

// Stores returns a fresh directory store and a fresh S3 bucket. The S3
// credentials are set in the test's environment (so callers cannot be
// parallel tests), and listed in Env for child processes.
func Stores(t testing.TB) []Store {
	return []Store{{Name: "dir", Location: filepath.Join(t.TempDir(), "blobs")}, S3(t)}
}

// Each runs f as a subtest for each kind of blob store.
func Each(t *testing.T, f func(t *testing.T, bs Store)) {
	for _, name := range []string{"dir", "s3"} {
		t.Run(name, func(t *testing.T) {
			if name == "dir" {
				f(t, Store{Name: "dir", Location: filepath.Join(t.TempDir(), "blobs")})
				return
			}
			f(t, S3(t))
		})
	}
}

// S3 starts an in-memory S3 server with a bucket and returns its location.
func S3(t testing.TB) Store {
	t.Helper()
	dir := t.TempDir()
	env := []string{
		"AWS_ACCESS_KEY_ID=gatehouse-test",
		"AWS_SECRET_ACCESS_KEY=gatehouse-test-secret",
		"AWS_CONFIG_FILE=" + filepath.Join(dir, "none"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(dir, "none"),
		"AWS_EC2_METADATA_DISABLED=true",
	}
	for _, kv := range env {
		for i := range kv {
			if kv[i] == '=' {
				t.Setenv(kv[:i], kv[i+1:])
				break
			}
		}
	}
	mem := s3mem.New()
	ts := httptest.NewServer(gofakes3.New(mem, gofakes3.WithLogger(gofakes3.DiscardLog())).Server())
	t.Cleanup(ts.Close)
	if err := mem.CreateBucket("documents"); err != nil {
		t.Fatal(err)
	}
	loc := "s3://documents?endpoint=" + url.QueryEscape(ts.URL) + "&region=us-east-1&use_path_style=true&prefix=gatehouse/"
	return Store{Name: "s3", Location: loc, Env: env}
}

// Objects returns every object of a store, by its key under the store's
// root, as it lies at rest.
func Objects(t testing.TB, s Store) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	out := map[string][]byte{}
	if s.Name == "dir" {
		err := filepath.WalkDir(s.Location, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(s.Location, path)
			data, err := os.ReadFile(path)
			out[filepath.ToSlash(rel)] = data
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	b, err := gcblob.OpenBucket(ctx, s.Location)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	it := b.List(nil)
	for {
		obj, err := it.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if obj.IsDir {
			continue
		}
		data, err := b.ReadAll(ctx, obj.Key)
		if err != nil {
			t.Fatal(err)
		}
		out[obj.Key] = data
	}
	return out
}
