package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/blob/blobtest"
	"github.com/gatehouse/gatehouse/internal/content/contenttest"
)

// newMasterKey returns a fresh master key as GATEHOUSE_MASTER_KEY takes it.
func newMasterKey(id string) string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return id + ":" + base64.StdEncoding.EncodeToString(b)
}

// server is `gatehouse serve` run in this process.
type server struct {
	base string
	said []string // what it printed up to its banner
	out  *lineWriter
	stop func() error
}

// serveInProcess starts serve with env and waits for its banner; it
// returns the error serve exits with when it fails to start.
func serveInProcess(t *testing.T, env map[string]string) (*server, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &lineWriter{lines: make(chan string, 100)}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"gatehouse", "serve", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, out)
	}()
	var once sync.Once
	var stopErr error
	s := &server{out: out, stop: func() error {
		once.Do(func() { cancel(); stopErr = <-done })
		return stopErr
	}}
	deadline := time.After(30 * time.Second)
	for {
		select {
		case line := <-out.lines:
			s.said = append(s.said, line)
			if m := listenRE.FindStringSubmatch(line); m != nil {
				s.base = m[1]
				t.Cleanup(func() { s.stop() })
				return s, nil
			}
		case err := <-done:
			cancel()
			return nil, err
		case <-deadline:
			cancel()
			t.Fatal("serve did not start within 30s")
		}
	}
}

func mustServe(t *testing.T, env map[string]string) *server {
	t.Helper()
	s, err := serveInProcess(t, env)
	if err != nil {
		t.Fatalf("serve: %v", err)
	}
	return s
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// upload sends an image and returns its id, or "" when it was not
// acknowledged.
func upload(key, base, pid string, data []byte) (string, error) {
	var im struct{ ID string }
	status, err := call(key, "POST", base+"/4.0/profiles/"+pid+"/document_images", contenttest.JSON(`"image_type":"FRONT"`, data), &im)
	if err != nil || status != 200 {
		return "", fmt.Errorf("upload: %d %v", status, err)
	}
	return im.ID, nil
}

// readContent reads an image's bytes through the content path.
func readContent(key, base, pid, image string) ([]byte, int, error) {
	req, _ := http.NewRequest("GET", base+"/gatehouse/v1/profiles/"+pid+"/document_images/"+image+"/content", nil)
	req.Header.Set("apikey", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return b, resp.StatusCode, err
}

func newProfile(t *testing.T, key, base string) string {
	t.Helper()
	var p struct{ ID string }
	body := `{"role":"INDIVIDUAL_CUSTOMER","applications":[],"collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Ada"],"family_name":"Lovelace"}}}}`
	if status, err := call(key, "POST", base+"/4.0/profiles", body, &p); status != 200 || err != nil {
		t.Fatalf("profile: %d %v", status, err)
	}
	return p.ID
}

// TestMasterKeyFile: without a configured key, the first start creates a
// key file beside the database, readable by its owner only, and says so;
// later starts use it silently and read what the first stored.
func TestMasterKeyFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "gatehouse.db")
	env := map[string]string{"GATEHOUSE_DATABASE": db, "GATEHOUSE_LOG_LEVEL": "error"}
	key := newKey(t, db)
	s := mustServe(t, env)
	file := filepath.Join(dir, "master.key")
	if !strings.Contains(strings.Join(s.said, "\n"), "a new one was created in "+file) {
		t.Errorf("the first start did not say it created %s: %q", file, s.said)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v; want mode 0600", fi, err)
	}
	pid := newProfile(t, key, s.base)
	png := contenttest.PNG(3000)
	image, err := upload(key, s.base, pid, png)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "blobs", "sha256")); err != nil {
		t.Errorf("no blob directory beside the database: %v", err)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	s = mustServe(t, env)
	if len(s.said) != 1 {
		t.Errorf("the second start said more than its banner: %q", s.said)
	}
	if got, status, err := readContent(key, s.base, pid, image); status != 200 || err != nil || sum(got) != sum(png) {
		t.Errorf("after a restart: %d %v, %d bytes", status, err, len(got))
	}
}

// TestRotateMaster: keys rotate-master rewraps the data keys under the new
// master key without touching the documents, which then read with the new
// key alone; a server given only the old key refuses to start.
func TestRotateMaster(t *testing.T) {
	forEachDB(t, func(t *testing.T, db string) {
		old, next := newMasterKey("old"), newMasterKey("new")
		blobs := t.TempDir()
		env := map[string]string{"GATEHOUSE_DATABASE": db, "GATEHOUSE_LOG_LEVEL": "error", "GATEHOUSE_MASTER_KEY": old,
			"GATEHOUSE_BLOB_DIR": blobs}
		key := newKey(t, db)
		s := mustServe(t, env)
		pid := newProfile(t, key, s.base)
		pdf := contenttest.PDF(10_000)
		image, err := upload(key, s.base, pid, pdf)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.stop(); err != nil {
			t.Fatal(err)
		}
		before := blobtest.Objects(t, blobtest.Store{Name: "dir", Location: blobs})

		env["GATEHOUSE_MASTER_KEY"] = next + "," + old
		out, err := runCmd(t, env, "keys", "rotate-master")
		if err != nil || !strings.Contains(out, "rewrapped 1 of 1 institution keys under master key new") {
			t.Fatalf("rotate-master: %v\n%s", err, out)
		}
		if out, err = runCmd(t, env, "keys", "rotate-master"); err != nil || !strings.Contains(out, "rewrapped 0 of 1") {
			t.Errorf("a second rotate-master: %v\n%s", err, out)
		}
		after := blobtest.Objects(t, blobtest.Store{Name: "dir", Location: blobs})
		if len(after) != len(before) {
			t.Errorf("the rotation changed the blobs: %d before, %d after", len(before), len(after))
		}
		for k, b := range before {
			if sum(after[k]) != sum(b) {
				t.Errorf("blob %s was re-encrypted", k)
			}
		}

		env["GATEHOUSE_MASTER_KEY"] = next
		s = mustServe(t, env)
		if got, status, err := readContent(key, s.base, pid, image); status != 200 || err != nil || sum(got) != sum(pdf) {
			t.Errorf("with the new key alone: %d %v", status, err)
		}
		if err := s.stop(); err != nil {
			t.Fatal(err)
		}
		env["GATEHOUSE_MASTER_KEY"] = old
		if _, err := serveInProcess(t, env); err == nil || !strings.Contains(err.Error(), "master key new, which is not configured") {
			t.Errorf("with the old key alone: got %v, want a refusal naming the missing master key", err)
		}
	})
}

// TestUploadCrash kills the server (SIGKILL) during a stream of uploads
// from several clients and restarts it: every acknowledged upload reads
// back with its bytes, and every image row has its blob. Both databases,
// both blob stores (the S3 server lives in this process, so it outlives
// the server it serves).
func TestUploadCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	blobtest.Each(t, func(t *testing.T, bs blobtest.Store) {
		forEachDB(t, func(t *testing.T, db string) {
			key := newKey(t, db)
			env := append([]string{"GATEHOUSE_MASTER_KEY=" + newMasterKey("k1")}, bs.Env...)
			if bs.Name == "dir" {
				env = append(env, "GATEHOUSE_BLOB_DIR="+bs.Location)
			} else {
				env = append(env, "GATEHOUSE_BLOB_URL="+bs.Location)
			}
			addr := freePort(t)
			srv := startChild(t, db, addr, env...)
			pid := newProfile(t, key, srv.base)

			var mu sync.Mutex
			acked := map[string]string{} // image id → sha256 of what was sent
			var wg sync.WaitGroup
			stop := make(chan struct{})
			for c := range 6 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; ; i++ {
						select {
						case <-stop:
							return
						default:
						}
						data := contenttest.JPEG(60_000 + 7_000*c + 1_000*i)
						id, err := upload(key, srv.base, pid, data)
						if err != nil {
							continue
						}
						mu.Lock()
						acked[id] = sum(data)
						mu.Unlock()
					}
				}()
			}
			deadline := time.Now().Add(time.Minute)
			for {
				mu.Lock()
				n := len(acked)
				mu.Unlock()
				if n >= 30 || time.Now().After(deadline) {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			srv.kill() // mid-stream: the clients are uploading
			close(stop)
			wg.Wait()

			srv = startChild(t, db, addr, env...)
			for id, want := range acked {
				got, status, err := readContent(key, srv.base, pid, id)
				if status != 200 || err != nil || sum(got) != want {
					t.Errorf("acknowledged upload %s: %d %v, sha256 %s, want %s", id, status, err, sum(got), want)
				}
			}
			var list []struct{ ID string }
			if status, err := call(key, "GET", srv.base+"/4.0/profiles/"+pid+"/document_images", "", &list); status != 200 || err != nil {
				t.Fatalf("list: %d %v", status, err)
			}
			for _, im := range list {
				if _, status, err := readContent(key, srv.base, pid, im.ID); status != 200 || err != nil {
					t.Errorf("image %s has a row but its bytes do not read: %d %v", im.ID, status, err)
				}
			}
			if len(list) < len(acked) {
				t.Errorf("%d image rows for %d acknowledged uploads", len(list), len(acked))
			}
			t.Logf("%s/%s: %d uploads acknowledged before the kill, %d rows after the restart, all readable",
				dbName(db), bs.Name, len(acked), len(list))
		})
	})
}
